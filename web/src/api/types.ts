/** Shapes of the API's answers that the console reads (see /api/openapi.json). */

/** The logged-in user (POST /api/currentUser, and the `user` of POST /api/login). */
export interface CurrentUser {
  guid: string;
  name: string;
  display_name: string;
  email: string;
  note: string;
  status: number;
  is_admin: boolean;
  group_name: string;
  /** True while the account still has the password it was created with. */
  default_password: boolean;
  /** An administrator requires 2FA and it is not set up: only the Account page works until it is. */
  tfa_setup_required: boolean;
  /** Where the account signs in: '' local, 'ldap', 'oidc/<provider>'. */
  auth_source: string;
  /** The account has a password of its own; a single sign-on user has none until they set one. */
  local_password: boolean;
  info: {
    /** Login needs a code mailed to `email`. */
    email_verification?: boolean;
    /** Alarm-log events are mailed to the user. */
    email_alarm_notification?: boolean;
  };
}

/** POST /api/login: a session, or (2FA on) the request for a code with the `secret` to send back. */
export type LoginResponse =
  | { type: 'access_token'; access_token: string; user: CurrentUser; trusted_device?: string }
  | { type: 'email_check'; tfa_type: 'tfa_check' | 'email_check'; secret: string; user: CurrentUser };

/** GET /api/tfa/totp: the state of the logged-in user's 2FA. */
export interface TfaStatus {
  state: 'disabled' | 'enabled' | 'expired';
  /** Epoch seconds. */
  enrolled_at: number | null;
  backup_codes_left: number;
  enforced: boolean;
}

/** GET /api/dashboard: server-wide for an administrator, the caller's own devices for anyone else. */
export interface Dashboard {
  version: string;
  users: number;
  devices: number;
  devices_online: number;
  devices_seen_7_days: number;
  devices_seen_30_days: number;
  /** null: only administrators may read the logs. */
  connections_24_hours: number | null;
  alarms_24_hours: number | null;
  server_public_key: string;
  relay_servers: string[];
  api_server_hint: string;
}

/** Every paged list of the management API: `?current=1&pageSize=20` → `{total, data}`. */
export interface Page<T> {
  total: number;
  data: T[];
}
