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
  strategies: StrategyTable;
  settings: SettingTable;
  group_access: GroupAccessTable;
  address_books: AddressBookTable;
  ab_rules: AbRuleTable;
  ab_tags: AbTagTable;
  ab_peers: AbPeerTable;
  conn_audits: ConnAuditTable;
  file_audits: FileAuditTable;
  alarm_audits: AlarmAuditTable;
  audit_nonces: AuditNonceTable;
  console_audits: ConsoleAuditTable;
  mail_outbox: MailOutboxTable;
  account_tokens: AccountTokenTable;
  trusted_devices: TrustedDeviceTable;
  custom_clients: CustomClientTable;
  oidc_providers: OidcProviderTable;
}

export type Db = Kysely<Database>;

type Id = Generated<number>;
type Flag = ColumnType<number, number | undefined, number>;
/** A text column with a default. */
type Text = ColumnType<string, string | undefined, string>;
type NullableNumber = ColumnType<number | null, number | null | undefined, number | null>;

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
  strategy_id: NullableNumber;
  created_at: number;
  updated_at: number;
}

export interface UserTable {
  id: Id;
  guid: string;
  name: string;
  display_name: string;
  email: string;
  /**
   * 1 when the account's own user typed `email`, 0 when an administrator, an API token or a single
   * sign-on source set it: only an address nobody typed for themselves links an SSO identity.
   */
  email_self_set: Flag;
  note: string;
  password_hash: string;
  /** 1 while the password is the one rdconsole created the account with. */
  password_is_default: Flag;
  is_admin: Flag;
  /** 1 normal, 0 disabled, -1 unverified (invited). */
  status: number;
  group_id: number;
  strategy_id: NullableNumber;
  /** An administrator requires this user to use 2FA. */
  tfa_enforced: Flag;
  /** Login needs a code sent by e-mail. */
  email_verification: Flag;
  /** The active TOTP secret, sealed with the server's secret key (lib/secret-box); empty while 2FA is off. */
  tfa_secret: Text;
  /** A sealed TOTP secret being enrolled, active once a code from it is confirmed; empty otherwise. */
  tfa_pending_secret: Text;
  /** When the active secret was confirmed; null while 2FA is off. */
  tfa_enrolled_at: NullableNumber;
  /** The last TOTP time step accepted, so that a code works once. */
  tfa_last_step: ColumnType<number, number | undefined, number>;
  /** JSON array of the sha256 hashes of the unused backup codes. */
  tfa_backup_codes: Text;
  /** The user gets alarm-log events of their devices by e-mail. */
  email_alarm_notification: Flag;
  /** The last alarm record mailed to the user, or already there when they switched the mail on. */
  alarm_notified_id: ColumnType<number, number | undefined, number>;
  /** When the last alarm mail was queued: at most one a minute. */
  alarm_mailed_at: NullableNumber;
  /** Where the identity comes from: '' a local account, 'ldap', or 'oidc/<provider name>' (src/domain/sso). */
  auth_source: Text;
  /** The external identity's stable id: the LDAP entry's DN or the OIDC `sub`; '' for a local account. */
  auth_subject: Text;
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
  /** Set by the console or `--assign`; shown instead of the reported hostname/username when not empty. */
  device_name: Text;
  device_username: Text;
  /** Address the last heartbeat came from. */
  ip: Text;
  /** Base64 ed25519 public key registered by `--deploy`. */
  pk: Text;
  strategy_id: NullableNumber;
  /** JSON of what the last strategy push told the device: {stamp, keys, previous}. */
  strategy_push: Text;
  deployed_at: NullableNumber;
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

export interface StrategyTable {
  id: Id;
  guid: string;
  name: string;
  enabled: Flag;
  /** JSON object of client option key → string value. */
  options: Text;
  note: Text;
  created_at: number;
  updated_at: number;
}

export interface SettingTable {
  key: string;
  /** JSON value. */
  value: string;
  updated_at: number;
}

/** "from" (a user group or a user) may reach the devices of "to" (a user group's users, or a device group). */
export interface GroupAccessTable {
  id: Id;
  from_user_group_id: NullableNumber;
  from_user_id: NullableNumber;
  to_user_group_id: NullableNumber;
  to_device_group_id: NullableNumber;
  created_at: number;
}

export interface AddressBookTable {
  id: Id;
  guid: string;
  name: string;
  note: Text;
  owner_id: number;
  /** 1 for a user's personal book ("My address book"), 0 for shared books. */
  personal: Flag;
  /** Shared books: the default password suggested for their peers. */
  password: Text;
  created_at: number;
  updated_at: number;
}

export interface AbRuleTable {
  id: Id;
  guid: string;
  ab_id: number;
  /** Neither user nor user group: the rule is for everyone. */
  user_id: NullableNumber;
  user_group_id: NullableNumber;
  /** 1 read, 2 read/write, 3 full control. */
  rule: number;
  created_at: number;
}

export interface AbTagTable {
  id: Id;
  ab_id: number;
  name: string;
  /** 32-bit ARGB, unsigned. */
  color: number;
  created_at: number;
}

export interface AbPeerTable {
  id: Id;
  ab_id: number;
  peer_id: string;
  alias: Text;
  /** JSON array of tag names. */
  tags: Text;
  note: Text;
  /** Shared books: the peer's password in plain text, as the client expects. */
  password: Text;
  /** Personal book: the client's hash of the peer password, for auto-login. */
  hash: Text;
  username: Text;
  hostname: Text;
  platform: Text;
  force_always_relay: Text;
  rdp_port: Text;
  rdp_username: Text;
  login_name: Text;
  created_at: number;
  updated_at: number;
  /** Set while the peer is in the recycle bin. */
  deleted_at: NullableNumber;
}

/** One connection to a device: the "new", "authorised" and "close" events merged. */
export interface ConnAuditTable {
  id: Id;
  guid: string;
  /** RustDesk ID of the controlled device that reported it. */
  device_peer_id: string;
  conn_id: number;
  /** Unsigned 64-bit, kept as decimal text. */
  session_id: Text;
  ip: Text;
  conn_audit_ref: Text;
  /** The controlling side: its RustDesk ID and name. */
  remote_id: Text;
  remote_name: Text;
  /** Absent until the connection was authorised ("Not Logged In"). */
  conn_type: NullableNumber;
  primary_auth: NullableNumber;
  two_factor: NullableNumber;
  note: Text;
  created_at: number;
  authorized_at: NullableNumber;
  end_time: NullableNumber;
}

export interface FileAuditTable {
  id: Id;
  guid: string;
  device_peer_id: string;
  remote_id: Text;
  remote_name: Text;
  conn_id: number;
  /** 0 the device sent files, 1 the device received files. */
  type: number;
  path: Text;
  is_file: Flag;
  ip: Text;
  num: number;
  /** The decoded `info` JSON object. */
  info: Text;
  created_at: number;
}

export interface AlarmAuditTable {
  id: Id;
  guid: string;
  device_peer_id: string;
  typ: number;
  conn_id: number;
  conn_audit_ref: Text;
  ip: Text;
  /** The decoded `info` JSON object. */
  info: Text;
  created_at: number;
}

/** One change made through the management API, or a login (admin-api.md §7.3). */
export interface ConsoleAuditTable {
  id: Id;
  guid: string;
  operator_id: NullableNumber;
  /** The user's name, or "token:<name>" for an API token. */
  operator: string;
  /** Area: 0 groups, 1 users, 2 devices, 3 address books, and rdconsole's own 4+ (see console-audit/codes). */
  typ: number;
  /** Operation code. */
  iop: number;
  /** What changed, for people: "users: alice, bob". */
  detail: Text;
  ip: Text;
  created_at: number;
}

export interface AuditNonceTable {
  nonce: string;
  created_at: number;
}

export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type UserGroupRow = Selectable<UserGroupTable>;
export type LoginSessionRow = Selectable<LoginSessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type DeviceRow = Selectable<DeviceTable>;
export type StrategyRow = Selectable<StrategyTable>;
export type AddressBookRow = Selectable<AddressBookTable>;
export type AbPeerRow = Selectable<AbPeerTable>;
export type ConnAuditRow = Selectable<ConnAuditTable>;

export type MailStatus = 'queued' | 'sent' | 'failed';

export interface MailOutboxTable {
  id: Id;
  recipient: string;
  subject: string;
  /** Emptied once the mail is sent or given up: bodies may hold one-time links. */
  body_text: string;
  body_html: string | null;
  status: MailStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: number;
  last_error: Text;
  created_at: number;
  sent_at: NullableNumber;
}
export type MailOutboxRow = Selectable<MailOutboxTable>;

export type AccountTokenPurpose = 'invite' | 'password_reset';

/** A one-time link mailed to a user: only the sha256 of its token is kept. */
export interface AccountTokenTable {
  id: Id;
  user_id: number;
  purpose: AccountTokenPurpose;
  token_hash: string;
  expires_at: number;
  used_at: NullableNumber;
  created_at: number;
}
export type AccountTokenRow = Selectable<AccountTokenTable>;

/** A browser (console) or a RustDesk client that may skip the second login step until it expires. */
export type TrustedDeviceKind = 'console' | 'client';

export interface TrustedDeviceTable {
  id: Id;
  guid: string;
  user_id: number;
  /** sha256 of what the device presents: the console's random token, or the client's ID and uuid. */
  key_hash: string;
  kind: TrustedDeviceKind;
  /** The RustDesk ID of a client; empty for a browser. */
  client_id: Text;
  /** The client's device name, or the browser and its OS read from the User-Agent. */
  name: Text;
  os: Text;
  ip: Text;
  created_at: number;
  expires_at: number;
  last_used_at: number;
}
export type TrustedDeviceRow = Selectable<TrustedDeviceTable>;

export interface CustomClientTable {
  id: Id;
  guid: string;
  name: string;
  note: Text;
  /** The ID (rendezvous) server, host[:port]. */
  host: string;
  /** The rendezvous server's public key (base64). */
  server_key: Text;
  /** The API server address, http(s)://host[:port]. */
  api: string;
  relay: Text;
  /** The preset permanent password, sealed (lib/secret-box); null: none. */
  password_sealed: string | null;
  /** JSON objects option key → value, from the strategy catalogue. */
  default_options: Text;
  override_options: Text;
  /** JSON object of what `rustdesk --assign` sets (CustomClientAssignments). */
  assignments: Text;
  /** JSON array of "windows" | "linux" | "macos". */
  platforms: string;
  /** The package's assignment token; null: none, or revoked from Settings → Tokens. */
  api_token_id: number | null;
  /** That token's secret, sealed, for the scripts. */
  token_sealed: string | null;
  created_at: number;
  updated_at: number;
}

export type CustomClientRow = Selectable<CustomClientTable>;

/** How a provider's groups claim becomes user groups: not at all, by group name, or through `group_table`. */
export type OidcGroupMapping = 'off' | 'name' | 'table';

/** An OIDC (or, for GitHub, plain OAuth2) identity provider users may log in with. */
export interface OidcProviderTable {
  id: Id;
  /** Unique and fixed: clients send it as `op`, accounts it created have auth_source `oidc/<name>`. */
  name: string;
  /** The preset (google, azure, okta, auth0, gitlab, keycloak, github) or generic. */
  kind: string;
  /** The issuer discovery starts from; empty for GitHub (fixed endpoints). */
  issuer: Text;
  client_id: string;
  /** Sealed with the server's secret key (lib/secret-box); empty when none was given. */
  client_secret: Text;
  /** Space-separated, as sent in the authorization request. */
  scopes: string;
  enabled: Flag;
  /** A first login creates the account; off, only existing accounts (linked by verified e-mail) may log in. */
  auto_create: Flag;
  /** Most accounts this provider may create; 0 = unlimited. */
  max_users: ColumnType<number, number | undefined, number>;
  groups_claim: Text;
  group_mapping: ColumnType<OidcGroupMapping, OidcGroupMapping | undefined, OidcGroupMapping>;
  /** JSON array of {"value": claim value, "group": user group name}, for group_mapping 'table'. */
  group_table: Text;
  created_at: number;
  updated_at: number;
}
export type OidcProviderRow = Selectable<OidcProviderTable>;
