/**
 * Every error the API answers, by its stable code, with the English message template it is written
 * from. A `{name}` in a template is a parameter: the error's body carries it beside the message
 * (`{"error": "User 'alice' already exists", "code": "user_exists", "name": "alice"}`), and the console
 * translates the code with the same parameters. A code, once published, keeps its meaning; a new
 * message gets a new code. docs/error-codes.md lists them all (a test keeps it up to date).
 *
 * A parameter is a string, a number, a list of strings (written "a, b and 3 more" past 20), or a list
 * of other errors (`{code, ...params}`, written one after another, separated by "; ").
 *
 * This file imports nothing: the console bundles it to know every code it must translate.
 */
export const ERROR_MESSAGES = {
  // The request itself.
  internal_error: 'Internal error',
  database_unreachable: 'The database does not answer',
  no_such_endpoint: 'No such endpoint: {method} {path}',
  not_supported: 'Not supported',
  bad_request: '{detail}',
  invalid_url: 'the URL is not valid',
  invalid_json: 'request body is not valid JSON',
  empty_body: 'request body is empty',
  unsupported_media_type: 'unsupported Content-Type',
  content_length_mismatch: 'Content-Length does not match the body',
  body_too_large: 'request body is too large',
  json_too_deep: '{field} is nested more than {depth} levels deep',
  created_concurrently: 'this already exists (it was created at the same moment)',
  value_out_of_range: 'a value in the request is out of range or not valid text',
  several_errors: '{errors}',

  // A field of the request (schema validation, and the same checks made by hand).
  request_invalid: 'invalid request',
  field_required: '{field} is required',
  field_not_allowed: '{field} is not allowed',
  field_type: '{field} must be {type}',
  field_min_length: '{field} must NOT have fewer than {limit} characters',
  field_max_length: '{field} must NOT have more than {limit} characters',
  field_limit: '{field} must be {comparison} {limit}',
  field_min_items: '{field} must NOT have fewer than {limit} items',
  field_max_items: '{field} must NOT have more than {limit} items',
  field_pattern: '{field} must match pattern "{pattern}"',
  field_format: '{field} must match format "{format}"',
  field_enum: '{field} must be equal to one of the allowed values',
  field_invalid: '{field} {detail}',
  field_empty: '{field} must not be empty',
  field_too_long: '{field} must be at most {max} characters',
  field_control_characters: '{field} must not contain control characters',
  field_not_string: '{field} must be a string',
  field_not_nonempty_string: '{field} must be a non-empty string',
  field_not_boolean: '{field} must be true or false',
  field_not_object: '{field} must be an object',
  field_not_array: '{field} must be an array',
  field_not_json: '{field} is not valid JSON',
  field_not_json_text: '{field} must be a string containing JSON',
  field_not_json_object_text: '{field} must be a string containing a JSON object',
  field_not_whole_number: '{field} must be a whole number from {min} to {max}',
  field_not_unsigned_64: '{field} must be an unsigned 64-bit integer',
  field_not_email: '{field} is not a valid e-mail address',
  field_must_be_email: '{field} must be an e-mail address',
  field_one_of: '{field} must be one of {values}',
  field_not_future: '{field} must be in the future',
  field_not_utc_time: '{field} must be a UTC time like 2025-09-09 06:15:57.000',
  time_range_reversed: 'from must not be after to',

  // Credentials and permissions.
  invalid_credentials: 'Invalid or expired credentials',
  permission_denied: 'Permission denied',
  missing_token: 'Missing access token (Authorization: Bearer <token>)',
  token_invalid: 'Invalid or expired token',
  token_not_allowed: 'API tokens cannot be used for this endpoint',
  token_lacks_permission: 'This API token lacks the {scope} permission',
  admin_required: 'Administrator required',
  api_token_not_found: 'API token not found',
  api_token_invalid: 'Invalid or expired API token',
  api_token_orphaned:
    'This API token no longer works: the administrator who created it is disabled, deleted or no longer an administrator',

  // Logging in.
  login_failed: 'Incorrect username or password',
  login_throttled: 'Too many wrong passwords, try again later',
  login_type_unsupported: 'login type "{type}" is not supported',
  login_code_required: 'secret and tfaCode (or verificationCode) are required',
  login_expired: 'This login has expired; enter the user name and password again',
  account_disabled: 'This account is disabled',
  account_not_activated: 'This account has not been activated yet',
  email_code_unavailable:
    'E-mail login verification is on, but no code can be sent (no e-mail address or no SMTP): ask an administrator to turn it off',

  // OIDC (Settings → OIDC, and logins through a provider).
  oidc_provider_unknown: "No enabled OIDC provider is named '{name}'",
  oidc_provider_not_found: 'OIDC provider not found',
  oidc_provider_exists: "OIDC provider '{name}' already exists",
  oidc_provider_name_invalid:
    'name must be 1 to 40 letters, digits, spaces, dots or dashes, starting with a letter or digit',
  oidc_issuer_invalid:
    'issuer must be the https:// address of the identity provider (http:// only for one on this machine)',
  oidc_tenant_invalid:
    'tenant must be the directory (tenant) ID of Microsoft Entra ID, like 72f988bf-86f1-41af-91ab-2d7cd011db47',
  oidc_scopes_openid: 'scopes must include openid',
  oidc_group_value_twice: "The group mapping lists '{value}' twice",
  oidc_client_secret_required: 'The issuer or tenant changed: type the client secret again',
  oidc_provider_unreachable: "The identity provider of '{name}' could not be reached",
  oidc_not_authed: 'No authed oidc is found',
  oidc_login_expired: 'This login has expired or was not started here; start it again',
  oidc_login_failed: 'The identity provider did not confirm the login',
  oidc_other_browser:
    'This login was started in another browser, or at another address of the console than its console URL; start it again here',
  oidc_login_declined: 'The login was cancelled in the browser',
  oidc_too_many_logins: 'Too many logins started from this address; wait a minute',

  // Two-factor authentication.
  tfa_setup_first: 'Two-factor authentication must be set up first',
  tfa_setup_in_console:
    'Two-factor authentication is required for this account: set it up in the web console (Account page) first',
  tfa_code_wrong: 'The 2FA code is wrong',
  tfa_not_started: 'Start setting up 2FA first',
  tfa_not_enabled: '2FA is not enabled',
  tfa_required_by_admin: 'An administrator requires 2FA of you: it cannot be turned off, only renewed',
  tfa_key_mismatch:
    'The 2FA secret cannot be decrypted with this server’s secret key (was secret.key replaced?): an administrator can reset 2FA (rdconsole reset-2fa)',
  unknown_user: 'Unknown user',
  trusted_device_not_found: 'No such trusted device',

  // Invitations and password reset links.
  username_or_email_required: 'username or email is required',
  reset_requests_throttled: 'Too many password reset requests; try again later',
  link_invalid: 'This link is not valid: open the latest link you received',
  link_used: 'This link was already used: log in, or ask for a new one',
  invitation_expired: 'This invitation has expired: ask your administrator to send it again',
  link_expired: 'This link has expired: ask for a new one on the login page',
  invitations_need_smtp:
    'Invitations are sent by e-mail: configure Settings → SMTP (or --smtp-url) first, or create the user with a password',
  invitation_already_accepted:
    '{name} has already accepted the invitation; only unverified users are invited',
  user_has_no_email: '{name} has no e-mail address',

  // Single sign-on (LDAP, OIDC).
  sso_local_password_not_allowed:
    '{name} signs in through {source}: an administrator has not allowed such users a local password',
  sso_local_account_exists:
    "A local user '{name}' already exists: a {source} user cannot take over a local account (ask an administrator)",
  sso_name_taken: "The user name '{name}' is already used by another account (ask an administrator)",
  sso_auto_create_off:
    'There is no account for this {source} user and accounts are not created automatically: ask an administrator',
  sso_user_cap_reached: 'The maximum number of {source} users ({max}) is reached: ask an administrator',
  ldap_host_invalid: 'ldap.host must be a DNS name or IP address, or an ldap:// or ldaps:// URL',
  ldap_required: '{field} is required while LDAP is enabled',
  ldap_filter_invalid: '{field} must be an LDAP filter in parentheses, e.g. (objectClass=person)',
  ldap_attribute_invalid: '{field} must be an attribute name, e.g. uid or sAMAccountName',
  ldap_unreachable: 'The LDAP server cannot be reached: {reason}',
  ldap_bind_failed: 'The LDAP server refused the bind DN and password',
  ldap_base_dn_not_found: 'The base DN does not exist on the LDAP server',
  ldap_search_failed: 'The LDAP search failed: {reason}',
  ldap_bind_password_required: 'The server, bind DN or TLS settings changed: type the bind password again',
  ldap_bind_password_unreadable:
    'The stored bind password was sealed with another secret key: type the bind password again',
  ldap_login_unavailable:
    'LDAP login is unavailable at the moment; try again later or ask your administrator',

  // Users.
  user_exists: "User '{name}' already exists",
  user_not_found: "User '{name}' not found",
  user_guid_not_found: 'User {guid} not found',
  users_not_found: 'Users not found: {guids}',
  own_account_only: 'You may only see and change your own account',
  own_account_fields_only:
    'You may change only your display name, e-mail, password and e-mail login verification, not {fields}',
  current_password_wrong: 'current password is wrong',
  password_too_short: 'password must be at least {min} characters',
  last_admin: '{name} is the last enabled administrator; make another user an administrator first',
  last_admins:
    'Keep one of the last enabled administrators enabled, or make another user an administrator first: {names}',
  token_cannot_change_admins:
    "An API token cannot change administrators; use an administrator's console session: {names}",
  token_cannot_make_admin:
    "An API token cannot make a user an administrator; use an administrator's console session",
  delete_disabled_user_only: 'Only a disabled user can be deleted: disable {name} first',
  delete_disabled_users_only: 'Only disabled users can be deleted; disable them first: {names}',
  email_verification_needs_address: 'E-mail login verification needs an e-mail address on the account',
  email_verification_needs_smtp:
    'E-mail login verification needs e-mail: configure Settings → SMTP (or --smtp-url) first',

  // User groups and access rules.
  user_group_exists: "User group '{name}' already exists",
  user_group_not_found: "User group '{name}' not found",
  user_group_guid_not_found: 'User group {guid} not found',
  default_group_rename: 'The built-in {name} group cannot be renamed',
  default_group_delete: 'The built-in {name} group cannot be deleted',
  user_group_has_a_member: "User group '{name}' still has 1 user; move them to another group first",
  user_group_has_members: "User group '{name}' still has {count} users; move them to another group first",
  outgoing_rule_type: '{field}.type must be 0 (user group) or 1 (device group)',
  incoming_rule_type: '{field}.type must be 0 (user group) or 2 (user)',
  incoming_rule_device_group:
    '{field}.type 1 (device group) cannot access a device group; use 0 (user group) or 2 (user)',

  // Device groups.
  device_group_exists: "Device group '{name}' already exists",
  device_group_not_found: "Device group '{name}' not found",
  device_group_guid_not_found: 'Device group not found',

  // Devices.
  device_guid_not_found: 'Device not found',
  devices_not_found: 'Devices not found: {ids}',
  device_not_yours: 'This device is not assigned to you',
  own_device_fields_only: 'You may change only note, device_name and device_username of your devices',
  device_disable_first: 'disable the device first',
  devices_disable_first: 'disable the device first (enabled: {ids}), or send "force": true',
  assign_nothing: 'assign needs user_name, device_group_name or strategy_name',
  assign_type_invalid: 'type must be one of: {values}',
  assign_value_needs_book: 'value must start with an address book name (name,tag,alias,password,note)',
  nothing_to_assign: 'Nothing to assign',
  device_id_taken: 'This ID is registered to another machine',
  new_devices_disabled: 'New devices are disabled on this server',
  deployment_required: 'This server accepts only deployed devices (rustdesk --deploy --token <token>)',
  new_devices_throttled: 'Too many new devices from this address; try again later',
  device_has_no_key: "Device '{id}' has no registered public key",
  signature_invalid: 'Invalid signature',
  accessible_disabled: 'Retrieving accessible devices is disabled.',

  // Strategies.
  strategy_exists: "Strategy '{name}' already exists",
  strategy_name_taken: 'A strategy with this name already exists',
  strategy_not_found: "Strategy '{name}' not found",
  strategy_id_not_found: 'Strategy not found',
  strategy_guid_not_found: 'Strategy not found: {guid}',
  strategy_targets_missing: 'No such {missing}',
  strategy_targets_not_found: 'Not found: {missing}',
  missing_devices: 'devices: {ids}',
  missing_users: 'users: {ids}',
  missing_device_groups: 'device groups: {ids}',
  options_not_object: 'options must be an object of option keys to string values',
  option_unknown: '{field} is not a known client option',
  option_not_yes_no: '{field} must be "Y", "N" or "" (got {got})',
  option_not_listed: '{field} must be one of {values} or "" (got {got})',
  option_out_of_range: '{field} must be a whole number from {min} to {max} (got {got})',

  // Custom clients (deployment packages).
  custom_client_exists: "Custom client '{name}' already exists",
  custom_client_not_found: 'Custom client not found',
  custom_client_host_invalid: '{field} must be a host name or address, with an optional port',
  custom_client_api_invalid:
    'api must be an http:// or https:// address, like http://rustdesk.example.net:21114',
  custom_client_key_invalid: 'key must be the base64 of a 32-byte public key (id_ed25519.pub), or empty',
  custom_client_book_fields_need_book: '{field} goes only with assignments.address_book_name',
  custom_client_platform_not_included:
    'This package has no {platform} script: add {platform} to its platforms',
  custom_client_token_needed:
    'This package makes assignments but has no valid assignment token: make one (POST /api/custom-clients/{guid}/token)',
  custom_client_no_assignments: 'This package assigns nothing, so it needs no assignment token',
  custom_client_secret_unreadable:
    "This package's password or token was sealed with another secret key: set the password again and make a new token",

  // Address books.
  address_book_not_found: "Address book '{name}' not found",
  address_book_guid_not_found: 'Address book not found',
  address_book_full: "Address book '{name}' is full",
  address_book_limit: 'An address book may hold at most {max} peers (max_peer_one_ab)',
  address_book_read_only: 'You have read-only access to this address book',
  address_book_needs_full_control: 'Managing this address book needs full control of it',
  personal_book_fixed: 'A personal address book cannot be renamed, shared or deleted',
  personal_book_missing:
    'No personal address book yet: it is created by its owner or an address_book:rw token',
  personal_book_name: '"{name}" is the name of every personal address book',
  shared_book_exists: 'A shared address book named "{name}" already exists',
  book_nothing_to_change: 'Nothing to change: give name, note, owner or info.password',
  share_user_not_found: 'User "{name}" not found',
  share_user_group_not_found: 'User group "{name}" not found',
  share_target_both: 'Give user or group, not both (neither means everyone)',
  share_rule_exists_user: 'This address book already has a rule for user {name}',
  share_rule_exists_group: 'This address book already has a rule for group {name}',
  share_rule_exists_everyone: 'This address book already has a rule for everyone',
  share_rule_not_found: 'Rule {guid} not found',
  sharing_owner_only: 'Only the owner of an address book or an administrator may change its owner',
  sharing_create_admin_only: 'Only administrators may create shared address books',
  sharing_admin_only: 'Only administrators may share address books (or change their rules or owner)',
  peer_exists: 'Peer {id} is already in this address book',
  peer_not_in_book: 'Peer {id} is not in this address book',
  tag_exists: 'Tag "{name}" already exists in this address book',
  tag_not_in_book: 'Tag "{name}" is not in this address book',
  tags_not_json: 'tags is not valid JSON: send a JSON array of tag names, e.g. ["web","a,b"]',
  tags_not_names: 'tags must be a JSON array of non-empty tag names, e.g. ["web","a,b"]',
  tags_not_array: '{field} must be an array of tag names',
  too_many_tags: '{field} must have at most {max} tags',
  data_not_object: 'data must encode a JSON object',
  tag_colors_not_object: 'data.tag_colors must be a JSON object of tag name to colour',
  tag_color_invalid: '{field} must be a 32-bit integer colour',

  // Logs.
  logs_admin_only: 'Only administrators can access the logs on this server',
  audits_throttled: 'Too many audit records from this address; try again later',
  connection_not_found: 'Connection record not found',
  connection_session_not_found: 'No connection of this device has this session_id',
  connection_not_yours: 'This connection is not to one of your devices',
  connection_note_controller_only: 'Only the controlling side of this connection may set its note',
  connection_ended: 'This connection has already ended',
  connection_not_live: 'This connection is not live: its device does not report it open',

  // Settings.
  setting_unknown: '{field} is not a setting',
  relay_servers_not_list: 'relay_servers must be a list of host[:port]',
  relay_servers_too_many: 'relay_servers must list at most {max} servers',
  relay_server_invalid: '{field} must be host[:port] (a DNS name or IP address)',
  relay_server_twice: 'relay_servers lists {server} twice',
  server_key_invalid: 'server_public_key must be the base64 of a 32-byte public key, or empty',
  server_key_from_file:
    "the server key is read from hbbs's key file (--hbbs-key-file, RDCONSOLE_HBBS_KEY_FILE); it changes with that file",
  relay_servers_from_environment:
    'the relay servers are set by --relay-servers (RDCONSOLE_RELAY_SERVERS); change them there',
  console_url_invalid:
    'console_url must be the http(s) address of the console, like https://rustdesk.example.com',

  // Mail.
  smtp_not_configured: 'e-mail is not set up: configure Settings → SMTP (or --smtp-url) first',
  smtp_from_environment: 'SMTP is configured by --smtp-url (RDCONSOLE_SMTP_URL); change it there',
  smtp_from_environment_test:
    'SMTP is configured by --smtp-url (RDCONSOLE_SMTP_URL); test it without changes',
  smtp_send_failed: 'sending failed: {reason}',
  not_an_email: '{address} is not an e-mail address',
  smtp_not_object: 'smtp must be an object of SMTP settings',
  smtp_setting_unknown: '{field} is not an SMTP setting',
  smtp_host_invalid: 'smtp.host must be a DNS name or IP address',
  smtp_from_invalid: 'smtp.from must be an e-mail address, or "Name <address>"',
  smtp_required_to_send: '{field} is required to send mail',
  smtp_required_with_auth: '{field} is required when smtp.auth is on',
  smtp_password_again: 'smtp.password must be given again when the host, port, security or username changes',
  smtp_ca_file_not_absolute: 'smtp.ca_file must be an absolute path on the server',
  smtp_ca_file_unreadable: 'smtp.ca_file {file} cannot be read ({reason})',
  smtp_ca_file_not_pem: 'smtp.ca_file {file} holds no PEM certificate',
  smtp_url_invalid: 'it is not a valid URL',
  smtp_url_scheme: 'it must start with smtp:// or smtps://',
  smtp_url_parameter: 'unknown parameter {name} (known: {known})',
  smtp_url_timeout: 'timeout must be a whole number of seconds',
  smtp_url_tls_and_starttls: 'smtps:// is implicit TLS; starttls=true does not apply',
  smtp_url_encoding: 'the user or password is not correctly percent-encoded',
  smtp_url_no_host: 'it names no host',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** The `{name}`s of a template. */
export type PlaceholdersOf<Template extends string> = Template extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;

/** Another error within an error's parameters (several names not found at once, for one). */
export type ErrorDetail = { readonly code: ErrorCode } & { readonly [param: string]: ErrorParamValue };

export type ErrorParamValue = string | number | readonly string[] | readonly ErrorDetail[];

export type ErrorParams<Code extends ErrorCode> = {
  readonly [Name in PlaceholdersOf<(typeof ERROR_MESSAGES)[Code]>]: ErrorParamValue;
};

/** A code and, when its template has placeholders, exactly those parameters. */
export type ErrorArguments =
  | {
      [Code in ErrorCode]: [PlaceholdersOf<(typeof ERROR_MESSAGES)[Code]>] extends [never]
        ? never
        : [code: Code, params: ErrorParams<Code>];
    }[ErrorCode]
  | [code: PlainErrorCode];

/** The codes whose message has no parameters. */
export type PlainErrorCode = {
  [Code in ErrorCode]: [PlaceholdersOf<(typeof ERROR_MESSAGES)[Code]>] extends [never] ? Code : never;
}[ErrorCode];

/** How many names of a list a message shows; the rest are counted. */
export const LISTED_NAMES = 20;

/** The placeholders of a template, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
}

function isErrorDetail(value: unknown): value is ErrorDetail {
  return (
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string'
  );
}

function writeValue(value: ErrorParamValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const items: readonly unknown[] = value;
  if (items.every(isErrorDetail)) return items.map((detail) => englishMessage(detail)).join('; ');
  const names = items.map(String);
  const more = names.length > LISTED_NAMES ? ` and ${names.length - LISTED_NAMES} more` : '';
  return `${names.slice(0, LISTED_NAMES).join(', ')}${more}`;
}

/** The English message of an error: its template with the parameters written in. */
export function englishMessage(detail: ErrorDetail): string {
  const template: string = ERROR_MESSAGES[detail.code] ?? detail.code;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => writeValue(detail[name]));
}
