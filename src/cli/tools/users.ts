import { confirmedMatches, perMatchCommand } from '../manage/bulk.js';
import { fuzzy } from '../manage/filters.js';
import {
  type Column,
  codeFormat,
  formatCell,
  printList,
  printOutcome,
  timeFormat,
} from '../manage/output.js';
import type { CommandContext, CommandSpec, FlagSpec, ToolSpec } from '../manage/tool.js';

/** A user as GET /api/users lists it (the fields the CLI shows; --json prints them all). */
export interface UserRow extends Record<string, unknown> {
  guid: string;
  name: string;
  email: string;
  group_name: string;
  status: number;
  is_admin: boolean;
}

const USER_STATUS_NAMES: Record<number, string> = { 1: 'normal', 0: 'disabled', [-1]: 'unverified' };

/**
 * How the user signs in, from `auth_source`: `password` for a local account, else the single sign-on
 * source as the server names it (`ldap`, `oidc/<provider>`).
 */
function signsIn(authSource: unknown): string {
  if (authSource === '') return 'password';
  return typeof authSource === 'string' ? authSource : formatCell(authSource);
}

export const USER_COLUMNS: Column<UserRow>[] = [
  { key: 'name', title: 'NAME' },
  { key: 'email', title: 'EMAIL' },
  { key: 'group_name', title: 'GROUP' },
  { key: 'status', title: 'STATUS', format: codeFormat(USER_STATUS_NAMES) },
  { key: 'is_admin', title: 'ADMIN' },
  { key: 'auth_source', title: 'SIGNS IN', format: signsIn },
  { key: 'tfa_enabled', title: '2FA' },
  { key: 'tfa_enforced', title: '2FA REQUIRED' },
  { key: 'strategy_name', title: 'STRATEGY' },
  { key: 'created_at', title: 'CREATED', format: timeFormat },
  { key: 'note', title: 'NOTE' },
];

const NAME_FILTER: FlagSpec = {
  name: 'name',
  description: 'user name; matches names containing it (% is a wildcard, "-" matches empty)',
};
const GROUP_FILTER: FlagSpec = {
  name: 'group_name',
  description: 'user group; matches groups whose name contains it (% is a wildcard)',
};
const FILTERS = [NAME_FILTER, GROUP_FILTER];

/** Every user matching --name / --group_name (all users when neither is given), page after page. */
function listMatching(context: CommandContext): Promise<UserRow[]> {
  return context.api.listAll<UserRow>('/api/users', {
    name: fuzzy(context.flags.string('name')),
    group_name: fuzzy(context.flags.string('group_name')),
  });
}

/** disable, enable and delete: one request per user. */
function perUserCommand(spec: {
  name: 'disable' | 'enable' | 'delete';
  summary: string;
  description: string;
  label: string;
  done: string;
  send: (context: CommandContext, user: UserRow) => Promise<unknown>;
}): CommandSpec {
  return perMatchCommand({
    ...spec,
    flags: FILTERS,
    examples: [
      `rdconsole users ${spec.name} --name mike`,
      `rdconsole users ${spec.name} --group_name Contractors --yes`,
    ],
    noun: 'user',
    list: listMatching,
    nameOf: (user) => user.name,
  });
}

/** The 2FA, verification and logout commands: one request for all matched users. */
function allUsersCommand(spec: {
  name: string;
  summary: string;
  description: string;
  flags?: FlagSpec[];
  examples: string[];
  send: (context: CommandContext, userGuids: string[]) => Promise<unknown>;
  done: string;
}): CommandSpec {
  return {
    name: spec.name,
    summary: spec.summary,
    description: spec.description,
    flags: [...FILTERS, ...(spec.flags ?? [])],
    examples: spec.examples,
    async run(context) {
      const users = await confirmedMatches(context, await listMatching(context), 'user', spec.name);
      if (!users) return 0;
      await spec.send(
        context,
        users.map((u) => u.guid),
      );
      printOutcome(context.io, context.json, `Success: ${spec.done} for ${users.length} user(s)`, {
        users: users.map((u) => u.name),
      });
      return 0;
    },
  };
}

const WEB_CONSOLE_URL: FlagSpec = {
  name: 'web-console-url',
  description: 'address of the web console, for the notification to the users',
  valueName: 'URL',
};

export const usersTool: ToolSpec = {
  name: 'users',
  summary: 'Manage users (like users.py)',
  description: [
    'Commands other than new and invite act on every user matching --name and --group_name (every user',
    'when neither is given) and ask "Type \'Y\' to confirm" when several match (--yes skips the question).',
    'The API token needs the User permission: read for view, read-write for the rest. A token changes',
    'only non-administrators and cannot make one an administrator; do that in the web console.',
  ].join('\n'),
  commands: [
    {
      name: 'view',
      summary: 'List users',
      flags: FILTERS,
      examples: ['rdconsole users view --name mike', 'rdconsole users view --group_name Default --json'],
      async run(context) {
        printList(context.io, context.json, await listMatching(context), USER_COLUMNS, 'Found 0 users');
        return 0;
      },
    },
    {
      name: 'new',
      summary: 'Create a user',
      flags: [
        { name: 'name', description: 'user name (log-in name)', required: true },
        { name: 'password', description: 'initial password', required: true },
        { name: 'group_name', description: 'name of an existing user group', required: true },
        { name: 'email', description: 'e-mail address' },
        { name: 'note', description: 'a note about the user' },
      ],
      examples: [
        "rdconsole users new --name mike --password 'p@ss-word' --group_name Default --email mike@example.com",
      ],
      async run(context) {
        const { flags } = context;
        const email = flags.string('email');
        const note = flags.string('note');
        const created = await context.api.request<UserRow>('POST', '/api/users', {
          body: {
            name: flags.requireString('name'),
            password: flags.requireString('password'),
            group_name: flags.requireString('group_name'),
            ...(email ? { email } : {}),
            ...(note ? { note } : {}),
          },
        });
        printOutcome(
          context.io,
          context.json,
          `Success: User created (${created.name}, group ${created.group_name})`,
          created,
        );
        return 0;
      },
    },
    {
      name: 'invite',
      summary: 'Invite a user by e-mail',
      description:
        'Creates the user unverified and mails them a one-time link to set their password; the server must have SMTP set up.',
      flags: [
        { name: 'email', description: 'where the invitation goes', required: true },
        { name: 'name', description: 'user name of the new user', required: true },
        { name: 'group_name', description: 'name of an existing user group', required: true },
        { name: 'note', description: 'a note about the user' },
      ],
      examples: ['rdconsole users invite --email mike@example.com --name mike --group_name Default'],
      async run(context) {
        const { flags } = context;
        const note = flags.string('note');
        await context.api.request('POST', '/api/users/invite', {
          body: {
            email: flags.requireString('email'),
            name: flags.requireString('name'),
            group_name: flags.requireString('group_name'),
            ...(note ? { note } : {}),
          },
        });
        printOutcome(context.io, context.json, 'Success: Invitation sent', {
          invited: flags.string('email'),
        });
        return 0;
      },
    },
    perUserCommand({
      name: 'disable',
      summary: 'Disable users: they can no longer log in, and their sessions end',
      description: 'POST /api/users/{guid}/disable for each matched user.',
      label: 'Disabling',
      done: 'Disabled',
      send: (context, user) => context.api.request('POST', `/api/users/${user.guid}/disable`),
    }),
    perUserCommand({
      name: 'enable',
      summary: 'Enable users',
      description: 'POST /api/users/{guid}/enable for each matched user.',
      label: 'Enabling',
      done: 'Enabled',
      send: (context, user) => context.api.request('POST', `/api/users/${user.guid}/enable`),
    }),
    perUserCommand({
      name: 'delete',
      summary: 'Delete users (the server deletes only disabled users)',
      description:
        'DELETE /api/users/{guid} for each matched user. Disable them first; their devices become unassigned.',
      label: 'Deleting',
      done: 'Deleted',
      send: (context, user) => context.api.request('DELETE', `/api/users/${user.guid}`),
    }),
    allUsersCommand({
      name: 'enable-2fa-enforce',
      summary: 'Require two-factor authentication of users',
      description: 'PUT /api/users/tfa/totp/enforce with enforce=true.',
      flags: [{ ...WEB_CONSOLE_URL, required: true }],
      examples: [
        'rdconsole users enable-2fa-enforce --group_name Default --web-console-url https://console.example.com',
      ],
      send: (context, userGuids) =>
        context.api.request('PUT', '/api/users/tfa/totp/enforce', {
          body: { user_guids: userGuids, enforce: true, url: context.flags.requireString('web-console-url') },
        }),
      done: 'Enabled 2FA enforcement',
    }),
    allUsersCommand({
      name: 'disable-2fa-enforce',
      summary: 'Stop requiring two-factor authentication of users',
      description: 'PUT /api/users/tfa/totp/enforce with enforce=false.',
      flags: [WEB_CONSOLE_URL],
      examples: ['rdconsole users disable-2fa-enforce --name mike'],
      send: (context, userGuids) =>
        context.api.request('PUT', '/api/users/tfa/totp/enforce', {
          body: { user_guids: userGuids, enforce: false, url: context.flags.string('web-console-url') ?? '' },
        }),
      done: 'Disabled 2FA enforcement',
    }),
    allUsersCommand({
      name: 'disable-email-verification',
      summary: 'Turn off e-mail login verification of users',
      description: 'PUT /api/users/disable_login_verification with type "email".',
      examples: ['rdconsole users disable-email-verification --name mike'],
      send: (context, userGuids) =>
        context.api.request('PUT', '/api/users/disable_login_verification', {
          body: { user_guids: userGuids, type: 'email' },
        }),
      done: 'Disabled email verification',
    }),
    allUsersCommand({
      name: 'reset-2fa',
      summary: 'Reset (turn off) the two-factor authentication of users',
      description: 'PUT /api/users/disable_login_verification with type "2fa".',
      examples: ['rdconsole users reset-2fa --name mike'],
      send: (context, userGuids) =>
        context.api.request('PUT', '/api/users/disable_login_verification', {
          body: { user_guids: userGuids, type: '2fa' },
        }),
      done: 'Reset 2FA',
    }),
    allUsersCommand({
      name: 'force-logout',
      summary: 'End every session of users, on every client and the console',
      description: 'POST /api/users/force-logout.',
      examples: [
        'rdconsole users force-logout --name mike',
        'rdconsole users force-logout --group_name Contractors --yes',
      ],
      send: (context, userGuids) =>
        context.api.request('POST', '/api/users/force-logout', { body: { user_guids: userGuids } }),
      done: 'Force logout',
    }),
  ],
};
