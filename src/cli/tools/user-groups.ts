import { CliError } from '../manage/errors.js';
import { findExact, fuzzy } from '../manage/filters.js';
import {
  type AccessRule,
  accessRuleFlag,
  formatAccessRules,
  type GroupRow,
  groupByName,
  groupCommands,
} from '../manage/groups.js';
import { printList, printOutcome } from '../manage/output.js';
import type { ToolSpec } from '../manage/tool.js';
import { USER_COLUMNS, type UserRow } from './users.js';

const PATH = '/api/user-groups';

interface UserGroupRow extends GroupRow {
  allowed_outgoings: AccessRule[];
  user_count: number;
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
    ...groupCommands<UserGroupRow>({
      tool: 'user-groups',
      noun: 'user group',
      example: 'Engineering',
      path: PATH,
      columns: [
        { key: 'user_count', title: 'USERS' },
        { key: 'allowed_incomings', title: 'ACCESSED FROM', format: formatAccessRules },
        { key: 'allowed_outgoings', title: 'ACCESS TO', format: formatAccessRules },
      ],
      rules: [
        accessRuleFlag(
          'accessed-from',
          'allowed_incomings',
          [0, 2],
          'who may reach the users of this group: type 0 = user group, 2 = user',
          '[{"type":2,"name":"mike"}]',
        ),
        accessRuleFlag(
          'access-to',
          'allowed_outgoings',
          [0, 1],
          'what the users of this group may reach: type 0 = user group, 1 = device group',
          '[{"type":1,"name":"DevServers"}]',
        ),
      ],
      summaries: {
        view: 'List user groups with their access rules',
        add: 'Create a user group',
        update: 'Rename a user group, change its note, or replace its access rules',
        delete: 'Delete user groups (the server refuses groups that still have users)',
      },
      updateDescription: "A given rule list replaces the rules of that direction; '[]' removes them all.",
      examples: {
        add: [
          'rdconsole user-groups add --name Engineering --access-to \'[{"type":1,"name":"DevServers"}]\'',
          'rdconsole user-groups add --name Support --note "first line" --accessed-from \'[{"type":0,"name":"Engineering"}]\'',
        ],
        update: [
          'rdconsole user-groups update --name Engineering --new-name R&D',
          'rdconsole user-groups update --name Engineering --access-to \'[{"type":1,"name":"DevServers"},{"type":0,"name":"Support"}]\'',
        ],
      },
    }),
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
        const wanted = context.flags.requireList('users', 'user names');
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
