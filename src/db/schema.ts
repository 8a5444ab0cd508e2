import type { ColumnType, Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';

/**
 * Table types. Times are integers: milliseconds since the Unix epoch, UTC.
 * Flags are integers 0/1 so that SQLite and PostgreSQL read back the same values.
 */
export interface Database {
  user_groups: UserGroupTable;
  device_groups: DeviceGroupTable;
  users: UserTable;
  devices: DeviceTable;
  login_sessions: LoginSessionTable;
  api_tokens: ApiTokenTable;
}

export type Db = Kysely<Database>;

type Id = Generated<number>;
type Flag = ColumnType<number, number | undefined, number>;

export interface UserGroupTable {
  id: Id;
  guid: string;
  name: string;
  note: string;
  created_at: number;
  updated_at: number;
}

export interface DeviceGroupTable {
  id: Id;
  guid: string;
  name: string;
  note: string;
  created_at: number;
  updated_at: number;
}

export interface UserTable {
  id: Id;
  guid: string;
  name: string;
  display_name: string;
  email: string;
  note: string;
  password_hash: string;
  /** 1 while the password is the one rdconsole created the account with. */
  password_is_default: Flag;
  is_admin: Flag;
  /** 1 normal, 0 disabled, -1 unverified (invited). */
  status: number;
  group_id: number;
  created_at: number;
  updated_at: number;
}

export interface DeviceTable {
  id: Id;
  guid: string;
  /** The RustDesk ID, e.g. "1849118658". */
  peer_id: string;
  uuid: string;
  /** 1 enabled, 0 disabled. */
  status: number;
  user_id: number | null;
  device_group_id: number | null;
  note: string;
  hostname: string;
  username: string;
  os: string;
  cpu: string;
  memory: string;
  version: string;
  created_at: number;
  updated_at: number;
  last_online: number | null;
}

export interface LoginSessionTable {
  id: Id;
  user_id: number;
  /** sha256 of the access token; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  last_used_at: number;
  /** What the RustDesk client said about itself at login (empty for the console). */
  client_id: string;
  client_uuid: string;
  device_os: string;
  device_type: string;
  device_name: string;
  ip: string;
}

export interface ApiTokenTable {
  id: Id;
  guid: string;
  name: string;
  token_hash: string;
  /** JSON object area → "none" | "r" | "rw". */
  permissions: string;
  created_by: number | null;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type UserGroupRow = Selectable<UserGroupTable>;
export type LoginSessionRow = Selectable<LoginSessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
