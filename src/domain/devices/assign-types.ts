// Plain data, shared by the server and the management CLI (which loads none of the server's modules).

/** The `type` values of `POST /api/devices/{guid}/assign`, as devices.py lists them (admin-api.md §2.3). */
export const ASSIGN_TYPES = [
  'ab',
  'strategy_name',
  'user_name',
  'device_group_name',
  'note',
  'device_username',
  'device_name',
] as const;
export type AssignType = (typeof ASSIGN_TYPES)[number];
