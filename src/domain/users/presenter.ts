import type { UserWithGroup } from './repository.js';

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
    info: {},
  };
}

export type UserPayload = ReturnType<typeof presentUserPayload>;
