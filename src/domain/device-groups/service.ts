import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { DeviceDirectory } from '../devices/directory.js';

/** Device groups, their members and who may reach them. */
export class DeviceGroupsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
  ) {}
}
