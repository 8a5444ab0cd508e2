import type { ManagedUser, NewUser, UserChanges } from './users-api';

/** The Create user form. */
export interface CreateUserValues {
  name: string;
  display_name: string;
  email: string;
  note: string;
  password: string;
  confirm: string;
  group_name: string;
  is_admin: boolean;
}

/** The Edit user form; the passwords are empty unless a new one is to be set. */
export interface EditUserValues {
  display_name: string;
  email: string;
  note: string;
  group_name: string;
  is_admin: boolean;
  password: string;
  confirm: string;
  current_password: string;
}

/** The group a new user starts in, as in Server Pro. */
export const DEFAULT_GROUP = 'Default';

export const EMPTY_CREATE_VALUES: CreateUserValues = {
  name: '',
  display_name: '',
  email: '',
  note: '',
  password: '',
  confirm: '',
  group_name: DEFAULT_GROUP,
  is_admin: false,
};

/** POST /api/users from the form: names and e-mail trimmed, empty optional fields left out. */
export function newUserBody(values: CreateUserValues): NewUser {
  const body: NewUser = {
    name: values.name.trim(),
    password: values.password,
    group_name: values.group_name,
  };
  const displayName = values.display_name.trim();
  const email = values.email.trim();
  const note = values.note.trim();
  if (displayName !== '') body.display_name = displayName;
  if (email !== '') body.email = email;
  if (note !== '') body.note = note;
  if (values.is_admin) body.is_admin = true;
  return body;
}

export function editValuesOf(user: ManagedUser): EditUserValues {
  return {
    display_name: user.display_name,
    email: user.email,
    note: user.note,
    group_name: user.group_name,
    is_admin: user.is_admin,
    password: '',
    confirm: '',
    current_password: '',
  };
}

/**
 * PATCH /api/users/{guid} from the Edit form: only what differs from the user as listed, so that
 * the audit log names what really changed. Administrators changing their own password also send
 * their current one (the server asks for it).
 */
export function userChanges(user: ManagedUser, values: EditUserValues, isSelf: boolean): UserChanges {
  const changes: UserChanges = {};
  const displayName = values.display_name.trim();
  const email = values.email.trim();
  const note = values.note.trim();
  if (displayName !== user.display_name) changes.display_name = displayName;
  if (email !== user.email) changes.email = email;
  if (note !== user.note) changes.note = note;
  if (values.group_name !== user.group_name) changes.group_name = values.group_name;
  if (values.is_admin !== user.is_admin) changes.is_admin = values.is_admin;
  if (values.password !== '') {
    changes.password = values.password;
    if (isSelf) changes.current_password = values.current_password;
  }
  return changes;
}
