import { BadRequest } from '../../http/errors.js';
import { ASSIGN_TYPES, type AssignType } from './assign-types.js';

/**
 * What the management API may change on a device, by name. For the user, strategy and device group,
 * null (or "") takes the assignment away; names are resolved by the service.
 */
export interface DeviceChanges {
  userName?: string | null;
  strategyName?: string | null;
  deviceGroupName?: string | null;
  note?: string;
  deviceName?: string;
  deviceUsername?: string;
}

/** The fields a user may change on the devices assigned to them; the rest is for administrators. */
export const OWNER_EDITABLE: ReadonlyArray<keyof DeviceChanges> = ['note', 'deviceName', 'deviceUsername'];

/** `ab=name[,tag[,alias[,password[,note]]]]`, as devices.py and `rustdesk --assign` put a device in a book. */
export interface AddressBookPlacement {
  name: string;
  tag?: string;
  alias?: string;
  password?: string;
  note?: string;
}

export type Assignment =
  | { kind: 'address-book'; placement: AddressBookPlacement }
  | { kind: 'device'; changes: DeviceChanges };

const FIELD_OF: Record<Exclude<AssignType, 'ab'>, keyof DeviceChanges> = {
  strategy_name: 'strategyName',
  user_name: 'userName',
  device_group_name: 'deviceGroupName',
  note: 'note',
  device_username: 'deviceUsername',
  device_name: 'deviceName',
};

export function parseAssignment(type: string, value: string): Assignment {
  if (!(ASSIGN_TYPES as readonly string[]).includes(type)) {
    throw new BadRequest('assign_type_invalid', { values: ASSIGN_TYPES });
  }
  if (type === 'ab') return { kind: 'address-book', placement: parsePlacement(value) };
  return { kind: 'device', changes: { [FIELD_OF[type as Exclude<AssignType, 'ab'>]]: value } };
}

function parsePlacement(value: string): AddressBookPlacement {
  const [first = '', rawTag = '', alias, password, ...noteParts] = value.split(',');
  // Names are trimmed; an alias, a password and a note are kept exactly as given.
  const name = first.trim();
  const tag = rawTag.trim();
  if (name === '') throw new BadRequest('assign_value_needs_book');
  const placement: AddressBookPlacement = { name };
  // An empty part leaves that field as it is, so "ab1,,alias1" sets only the alias.
  if (tag) placement.tag = tag;
  if (alias) placement.alias = alias;
  if (password) placement.password = password;
  // A note may itself contain commas.
  const note = noteParts.join(',');
  if (note) placement.note = note;
  return placement;
}

const LABELS: Record<keyof DeviceChanges, string> = {
  userName: 'user_name',
  strategyName: 'strategy_name',
  deviceGroupName: 'device_group_name',
  note: 'note',
  deviceName: 'device_name',
  deviceUsername: 'device_username',
};

/** "user_name: mike, strategy_name: (none)", for the console audit. */
export function describeChanges(changes: DeviceChanges): string {
  return (Object.keys(LABELS) as Array<keyof DeviceChanges>)
    .filter((key) => changes[key] !== undefined)
    .map((key) => {
      const value = changes[key];
      return `${LABELS[key]}: ${value === null || value === '' ? '(none)' : value}`;
    })
    .join(', ');
}

/** "address book ab1 (tag tag1, alias alias1)"; the password is never written to the log. */
export function describePlacement(placement: AddressBookPlacement): string {
  const parts = [
    placement.tag && `tag ${placement.tag}`,
    placement.alias && `alias ${placement.alias}`,
    placement.password && 'password set',
    placement.note && `note ${placement.note}`,
  ].filter(Boolean);
  return `address book ${placement.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
