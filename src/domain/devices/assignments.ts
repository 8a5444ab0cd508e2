import type { Db, DeviceRow } from '../../db/schema.js';
import { NotFound } from '../../http/errors.js';
import { findDeviceGroupByName } from '../device-groups/repository.js';
import { findStrategyByName } from '../strategies/repository.js';
import { findUserByName } from '../users/repository.js';
import { updateDevice } from './repository.js';

/** Assignments by name, as `preset-*` options, `rustdesk --assign` and devices.py send them. */
export interface NamedAssignments {
  userName?: string;
  strategyName?: string;
  deviceGroupName?: string;
  note?: string;
  deviceName?: string;
  deviceUsername?: string;
}

/**
 * Resolves the names and writes them to the device. With `fillEmptyOnly` (presets, applied at every
 * sysinfo) a field the console already set is left alone, so a device moved by an administrator stays
 * moved. Returns a NotFound for every name that does not exist; nothing is changed for those.
 */
export async function applyNamedAssignments(
  db: Db,
  device: DeviceRow,
  names: NamedAssignments,
  options: { fillEmptyOnly: boolean; now: number },
): Promise<NotFound[]> {
  const unknown: NotFound[] = [];
  const changes: Parameters<typeof updateDevice>[2] = {};
  const may = (current: unknown) => !options.fillEmptyOnly || current === null || current === '';

  if (names.userName && may(device.user_id)) {
    const user = await findUserByName(db, names.userName);
    if (user) changes.user_id = user.id;
    else unknown.push(new NotFound('user_not_found', { name: names.userName }));
  }
  if (names.strategyName && may(device.strategy_id)) {
    const strategy = await findStrategyByName(db, names.strategyName);
    if (strategy) changes.strategy_id = strategy.id;
    else unknown.push(new NotFound('strategy_not_found', { name: names.strategyName }));
  }
  if (names.deviceGroupName && may(device.device_group_id)) {
    const group = await findDeviceGroupByName(db, names.deviceGroupName);
    if (group) changes.device_group_id = group.id;
    else unknown.push(new NotFound('device_group_not_found', { name: names.deviceGroupName }));
  }
  if (names.note !== undefined && may(device.note)) changes.note = names.note;
  if (names.deviceName !== undefined && may(device.device_name)) changes.device_name = names.deviceName;
  if (names.deviceUsername !== undefined && may(device.device_username))
    changes.device_username = names.deviceUsername;

  if (Object.keys(changes).length > 0)
    await updateDevice(db, device.id, { ...changes, updated_at: options.now });
  return unknown;
}
