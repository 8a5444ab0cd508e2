import { UsageError } from '../manage/errors.js';
import { type Column, codeFormat, printList, printOutcome, timeFormat } from '../manage/output.js';
import type { CommandContext, CommandSpec, FlagSpec } from '../manage/tool.js';
import { BOOK_FLAGS, resolveBook, resolveOptionalBook } from './address-book-shared.js';

/** `rdconsole ab` sharing rules (admin-api.md §3.5, §3.6): who may use a shared book, and how much. */

interface Rule extends Record<string, unknown> {
  guid: string;
  user: string | null;
  group: string | null;
  rule: number;
}

/** Address book permission codes (admin-api.md §3.6). */
const PERMISSION_CODES: Record<string, 1 | 2 | 3> = { ro: 1, rw: 2, full: 3 };
const PERMISSION_NAMES: Record<number, string> = {
  1: 'ro (read)',
  2: 'rw (read/write)',
  3: 'full (full control)',
};

export const permissionFormat = codeFormat(PERMISSION_NAMES);

/** ro / rw / full (any case) or 1 / 2 / 3, as ab.py reads --rule-permission. */
function parsePermission(text: string): 1 | 2 | 3 {
  const lower = text.trim().toLowerCase();
  const code =
    PERMISSION_CODES[lower] ?? (['1', '2', '3'].includes(lower) ? (Number(lower) as 1 | 2 | 3) : undefined);
  if (code === undefined) {
    throw new UsageError(`Invalid permission value: ${text}. Must be one of: ro, rw, full, 1, 2, 3`);
  }
  return code;
}

const RULE_PERMISSION: FlagSpec = {
  name: 'rule-permission',
  description: 'ro (read), rw (read/write), full (full control), or 1, 2, 3',
  required: true,
  valueName: 'PERMISSION',
};
const RULE_GUID: FlagSpec = {
  name: 'rule-guid',
  description: 'GUID of the rule (see view-rule)',
  required: true,
};

/** Who a rule is for, in words. */
function ruleTarget(rule: Pick<Rule, 'user' | 'group'>): string {
  if (rule.user) return `user '${rule.user}'`;
  if (rule.group) return `group '${rule.group}'`;
  return 'everyone';
}

/** ab.py's --rule-type / --rule-user / --rule-group resolution (admin-api.md §3.5), with its messages. */
function ruleTargetOf(context: CommandContext): { user?: string; group?: string } {
  const type = context.flags.string('rule-type');
  const user = context.flags.string('rule-user');
  const group = context.flags.string('rule-group');
  if (type === undefined) {
    if (user !== undefined && group !== undefined)
      throw new UsageError('Cannot specify both --rule-user and --rule-group');
    if (user !== undefined) return { user };
    if (group !== undefined) return { group };
    throw new UsageError('Must specify --rule-type=everyone, --rule-user, or --rule-group');
  }
  if (type === 'user') {
    if (user === undefined) throw new UsageError('--rule-user is required when rule-type=user');
    if (group !== undefined) throw new UsageError('Cannot specify --rule-group when rule-type=user');
    return { user };
  }
  if (type === 'group') {
    if (group === undefined) throw new UsageError('--rule-group is required when rule-type=group');
    if (user !== undefined) throw new UsageError('Cannot specify --rule-user when rule-type=group');
    return { group };
  }
  if (user !== undefined || group !== undefined) {
    throw new UsageError('Cannot specify --rule-user or --rule-group when rule-type=everyone');
  }
  return {};
}

const RULE_BOOK_NOTE =
  'The book flags are optional here (the rule GUID names the rule); when given, the book must exist.';

export const ruleCommands: CommandSpec[] = [
  {
    name: 'view-rule',
    summary: 'List the sharing rules of a book (needs full control of it)',
    flags: BOOK_FLAGS,
    examples: ['rdconsole ab view-rule --ab-name Sales'],
    async run(context) {
      const book = await resolveBook(context);
      const rules = await context.api.listAll<Rule>('/api/ab/rules', { ab: book.guid });
      const columns: Column<Rule>[] = [
        { key: 'guid', title: 'GUID' },
        { key: 'user', title: 'SHARED WITH', format: (_value, rule) => ruleTarget(rule) },
        { key: 'rule', title: 'PERMISSION', format: permissionFormat },
        { key: 'created_at', title: 'CREATED', format: timeFormat },
      ];
      printList(context.io, context.json, rules, columns, `No sharing rules on address book ${book.label}.`);
      return 0;
    },
  },
  {
    name: 'add-rule',
    summary: 'Share a book with a user, a user group or everyone',
    flags: [
      ...BOOK_FLAGS,
      {
        name: 'rule-type',
        description: 'who the rule is for',
        choices: ['user', 'group', 'everyone'],
        valueName: 'TYPE',
      },
      { name: 'rule-user', description: 'user name (rule type user)', valueName: 'USER' },
      { name: 'rule-group', description: 'user group name (rule type group)', valueName: 'GROUP' },
      RULE_PERMISSION,
    ],
    examples: [
      'rdconsole ab add-rule --ab-name Sales --rule-user mike --rule-permission ro',
      'rdconsole ab add-rule --ab-name Sales --rule-type everyone --rule-permission rw',
    ],
    async run(context) {
      const permission = parsePermission(context.flags.requireString('rule-permission'));
      const target = ruleTargetOf(context);
      const book = await resolveBook(context);
      const created = await context.api.request<{ guid: string }>('POST', '/api/ab/rule', {
        body: { guid: book.guid, rule: permission, ...target },
      });
      printOutcome(
        context.io,
        context.json,
        `Shared address book ${book.label} with ${ruleTarget({ user: target.user ?? null, group: target.group ?? null })}: ` +
          `${PERMISSION_NAMES[permission]} (rule GUID: ${created.guid})`,
        created,
      );
      return 0;
    },
  },
  {
    name: 'update-rule',
    summary: 'Change the permission of a sharing rule',
    description: RULE_BOOK_NOTE,
    flags: [...BOOK_FLAGS, RULE_GUID, RULE_PERMISSION],
    examples: [
      'rdconsole ab update-rule --rule-guid 01983006-fcca-7c12-9a91-b1df483c6073 --rule-permission rw',
    ],
    async run(context) {
      const guid = context.flags.requireString('rule-guid');
      const permission = parsePermission(context.flags.requireString('rule-permission'));
      await resolveOptionalBook(context);
      await context.api.request('PATCH', '/api/ab/rule', { body: { guid, rule: permission } });
      printOutcome(context.io, context.json, `Updated rule ${guid}: ${PERMISSION_NAMES[permission]}`, {
        guid,
        rule: permission,
      });
      return 0;
    },
  },
  {
    name: 'delete-rule',
    summary: 'Delete a sharing rule',
    description: RULE_BOOK_NOTE,
    flags: [...BOOK_FLAGS, RULE_GUID],
    examples: ['rdconsole ab delete-rule --rule-guid 01983006-fcca-7c12-9a91-b1df483c6073'],
    async run(context) {
      const guid = context.flags.requireString('rule-guid');
      await resolveOptionalBook(context);
      await context.api.request('DELETE', '/api/ab/rules', { body: [guid] });
      printOutcome(context.io, context.json, `Deleted rule ${guid}`, { guid });
      return 0;
    },
  },
];
