import type { Db } from '../../db/schema.js';
import { countRows } from '../paging.js';

/** Every registered device, enabled or not: the figure an administrator compares with the license. */
export function countAllDevices(db: Db): Promise<number> {
  return countRows(db.selectFrom('devices'));
}
