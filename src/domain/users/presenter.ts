import { NO_PASSWORD } from '../../lib/passwords.js';
import { thirdAuthType } from '../sso/policy.js';
import { mustSetUpTfa } from '../tfa/service.js';
import type { ManagedUserRow, UserWithGroup } from './repository.js';

/**
 * The user as the RustDesk client reads it (client-api.md §5.5), plus what the console needs.
 * Fields are listed one by one: a row never goes to the wire as it is.
 */
export function presentUserPayload(user: UserWithGroup) {
  return {
    guid: user.guid,
    name: user.name,
    display_name: user.display_name,
    email: user.email,
    note: user.note,
    avatar: '',
    status: user.status,
    is_admin: user.is_admin === 1,
    group_name: user.group_name,
    /** The console shows a banner while this is true. */
    default_password: user.password_is_default === 1,
    /** The account has a password of its own; a single sign-on user has none until they set one. */
    local_password: user.password_hash !== NO_PASSWORD,
    /** An administrator requires 2FA and it is not set up: the console offers only that. */
    tfa_setup_required: mustSetUpTfa(user),
    /** 'ldap' or the OIDC provider's name for a single sign-on user; null for a local account. */
    third_auth_type: thirdAuthType(user.auth_source),
    /** Where the account signs in: '' local, 'ldap', 'oidc/<provider>'. */
    auth_source: user.auth_source,
    info: {
      email_verification: user.email_verification === 1,
      email_alarm_notification: user.email_alarm_notification === 1,
    },
  };
}

export type UserPayload = ReturnType<typeof presentUserPayload>;

/**
 * Another user as a non-administrator's RustDesk client lists them in the Accessible devices tab
 * (client-api.md §9): what the client shows and keys on. Members do not learn each other's e-mails and
 * notes, nor who is an administrator or still has the initial password; administrators get the full
 * UserPayload.
 */
export function presentAccessibleUser(user: UserWithGroup) {
  return {
    name: user.name,
    display_name: user.display_name,
    avatar: '',
    status: user.status,
    group_name: user.group_name,
  };
}

/**
 * A user as the management list and the console read them (users.py prints every field). Times are
 * epoch seconds; secrets (password hash, TOTP secret) never leave, only whether 2FA is on.
 */
export function presentManagedUser(user: ManagedUserRow) {
  return {
    guid: user.guid,
    name: user.name,
    display_name: user.display_name,
    email: user.email,
    note: user.note,
    status: user.status,
    is_admin: user.is_admin === 1,
    group_name: user.group_name,
    strategy_name: user.strategy_name ?? '',
    tfa_enforced: user.tfa_enforced === 1,
    tfa_enabled: user.tfa_secret !== '',
    email_verification: user.email_verification === 1,
    email_alarm_notification: user.email_alarm_notification === 1,
    default_password: user.password_is_default === 1,
    local_password: user.password_hash !== NO_PASSWORD,
    auth_source: user.auth_source,
    created_at: Math.floor(user.created_at / 1000),
  };
}

export type ManagedUser = ReturnType<typeof presentManagedUser>;
