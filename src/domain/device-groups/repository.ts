import type { Selectable } from 'kysely';
import type { Db, DeviceGroupTable } from '../../db/schema.js';

export function findDeviceGroupByName(
  db: Db,
  name: string,
): Promise<Selectable<DeviceGroupTable> | undefined> {
  return db.selectFrom('device_groups').selectAll().where('name', '=', name).executeTakeFirst();
}
