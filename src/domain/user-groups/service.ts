import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';

/** User groups and their cross-group access rules. */
export class UserGroupsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}
}
