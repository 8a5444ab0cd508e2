import { actOnEach } from '../manage/bulk.js';
import { CliError, UsageError } from '../manage/errors.js';
import { findExact, fuzzy, splitList } from '../manage/filters.js';
import {
  type AccessRule,
  accessRuleFlag,
  formatAccessRules,
  type GroupRow,
  groupByName,
  groupColumns,
  groupsByNames,
  parseAccessRules,
} from '../manage/groups.js';
import { printList, printOutcome } from '../manage/output.js';
import type { CommandContext, ToolSpec } from '../manage/tool.js';
import { USER_COLUMNS, type UserRow } from './users.js';

const PATH = '/api/user-groups';

interface UserGroupRow extends GroupRow {
  allowed_outgoings: AccessRule[];
  user_count: number;
}

const COLUMNS = groupColumns<UserGroupRow>([
  { key: 'user_count', title: 'USERS' },
  { key: 'allowed_incomings', title: 'ACCESSED FROM', format: formatAccessRules },
  { key: 'allowed_outgoings', title: 'ACCESS TO', format: formatAccessRules },
]);

const ACCESSED_FROM = accessRuleFlag(
  'accessed-from',
  'who may reach the users of this group: type 0 = user group, 2 = user',
  '[{"type":2,"name":"mike"}]',
);
const ACCESS_TO = accessRuleFlag(
  'access-to',
  'what the users of this group may reach: type 0 = user group, 1 = device group',
  '[{"type":1,"name":"DevServers"}]',
);

/** note / allowed_incomings / allowed_outgoings from the flags that were given. */
function groupFields(context: CommandContext): Record<string, unknown> {
  const { flags } = context;
  const note = flags.string('note');
  const from = flags.string('accessed-from');
  const to = flags.string('access-to');
  return {
    ...(note !== undefined ? { note } : {}),
    ...(from !== undefined ? { allowed_incomings: parseAccessRules('accessed-from', from, [0, 2]) } : {}),
    ...(to !== undefined ? { allowed_outgoings: parseAccessRules('access-to', to, [0, 1]) } : {}),
  };
}

export const userGroupsTool: ToolSpec = {
  name: 'user-groups',
  aliases: ['user_group', 'user-group'],
  summary: 'Manage user groups and their access rules (like user_group.py)',
  description: [
    '--name is a group name, matched exactly (% is a wildcard in view). Access rules name their targets;',
    'the server resolves the names. The API token needs the User Group permission (view-users: User).',
  ].join('\n'),
  commands: [
    {
      name: 'view',
      summary: 'List user groups with their access rules',
      flags: [{ name: 'name', description: 'group name, exact (or a pattern with % wildcards)' }],
      examples: ['rdconsole user-groups view', "rdconsole user-groups view --name 'Eng%' --json"],
      async run(context) {
        const name = context.flags.string('name');
        const groups = await context.api.listAll<UserGroupRow>(PATH, { name: name || undefined });
        printList(context.io, context.json, groups, COLUMNS, 'Found 0 user groups');
        return 0;
      },
    },
    {
      name: 'add',
      summary: 'Create a user group',
      flags: [
        { name: 'name', description: 'name of the new group', required: true },
        { name: 'note', description: 'a note about the group' },
        ACCESSED_FROM,
        ACCESS_TO,
      ],
      examples: [
        'rdconsole user-groups add --name Engineering --access-to \'[{"type":1,"name":"DevServers"}]\'',
        'rdconsole user-groups add --name Support --note "first line" --accessed-from \'[{"type":0,"name":"Engineering"}]\'',
      ],
      async run(context) {
        const fields = groupFields(context);
        const created = await context.api.request<UserGroupRow>('POST', PATH, {
          body: { name: context.flags.requireString('name'), ...fields },
        });
        printOutcome(context.io, context.json, `Success: User group '${created.name}' created`, created);
        return 0;
      },
    },
    {
      name: 'update',
      summary: 'Rename a user group, change its note, or replace its access rules',
      description: "A given rule list replaces the rules of that direction; '[]' removes them all.",
      flags: [
        { name: 'name', description: 'the group to change (exact name)', required: true },
        { name: 'new-name', description: 'its new name' },
        { name: 'note', description: 'its new note' },
        ACCESSED_FROM,
        ACCESS_TO,
      ],
      examples: [
        'rdconsole user-groups update --name Engineering --new-name R&D',
        'rdconsole user-groups update --name Engineering --access-to \'[{"type":1,"name":"DevServers"},{"type":0,"name":"Support"}]\'',
      ],
      async run(context) {
        const newName = context.flags.string('new-name');
        const body = { ...(newName !== undefined ? { name: newName } : {}), ...groupFields(context) };
        if (Object.keys(body).length === 0) {
          throw new UsageError('nothing to change: give --new-name, --note, --accessed-from or --access-to');
        }
        const group = await groupByName<UserGroupRow>(context, PATH, context.flags.requireString('name'));
        const updated = await context.api.request<UserGroupRow>('PATCH', `${PATH}/${group.guid}`, { body });
        printOutcome(context.io, context.json, `Success: User group '${updated.name}' updated`, updated);
        return 0;
      },
    },
    {
      name: 'delete',
      summary: 'Delete user groups (the server refuses groups that still have users)',
      flags: [
        { name: 'name', description: 'group name, exact; several separated by commas', required: true },
      ],
      examples: [
        'rdconsole user-groups delete --name Engineering',
        'rdconsole user-groups delete --name "Temp 1,Temp 2"',
      ],
      async run(context) {
        const groups = await groupsByNames<UserGroupRow>(context, PATH, context.flags.requireString('name'));
        await actOnEach(context, groups, {
          label: 'Deleting',
          nameOf: (group) => group.name,
          act: (group) => context.api.request('DELETE', `${PATH}/${group.guid}`),
        });
        const names = groups.map((g) => g.name);
        printOutcome(context.io, context.json, `Success: Deleted user group(s) ${names.join(', ')}`, {
          deleted: names,
        });
        return 0;
      },
    },
    {
      name: 'view-users',
      summary: 'List the users of a user group',
      flags: [
        { name: 'name', description: 'group name, exact (all groups when left out)' },
        { name: 'user-name', description: 'only users whose name contains this (% is a wildcard)' },
      ],
      examples: [
        'rdconsole user-groups view-users --name Engineering',
        'rdconsole user-groups view-users --name Default --user-name mi',
      ],
      async run(context) {
        const users = await context.api.listAll<UserRow>('/api/users', {
          group_name: context.flags.string('name') || undefined,
          name: fuzzy(context.flags.string('user-name')),
        });
        printList(context.io, context.json, users, USER_COLUMNS, 'Found 0 users');
        return 0;
      },
    },
    {
      name: 'add-users',
      summary: 'Move users into a user group (a user belongs to one group)',
      flags: [
        { name: 'name', description: 'group name, exact', required: true },
        { name: 'users', description: 'user names, exact, separated by commas', required: true },
      ],
      examples: ['rdconsole user-groups add-users --name Engineering --users mike,anna'],
      async run(context) {
        const wanted = splitList(context.flags.requireString('users'));
        if (wanted.length === 0) throw new UsageError('--users is required (user names separated by commas)');
        const group = await groupByName<UserGroupRow>(context, PATH, context.flags.requireString('name'));
        const found: UserRow[] = [];
        const errors: string[] = [];
        for (const name of wanted) {
          const user = await findExact<UserRow>(context.api, '/api/users', 'name', name);
          if (user) found.push(user);
          else errors.push(`${name}: User not found`);
        }
        if (found.length === 0) throw new CliError(`No valid users found. ${errors.join('; ')}`);
        await context.api.request('POST', `${PATH}/${group.guid}`, { body: found.map((u) => u.guid) });
        const withErrors = errors.length > 0 ? ` (with errors: ${errors.join('; ')})` : '';
        printOutcome(
          context.io,
          context.json,
          `Success: Added ${found.length} user(s) to group '${group.name}'${withErrors}`,
          { group: group.name, added: found.map((u) => u.name), errors },
        );
        return 0;
      },
    },
  ],
};
