import { actOnEach } from './bulk.js';
import { CliError, UsageError } from './errors.js';
import { findExact, parseJsonFlag } from './filters.js';
import { type Column, printList, printOutcome, timeFormat } from './output.js';
import type { CommandContext, CommandSpec, FlagSpec } from './tool.js';

/**
 * What user-groups and device-groups share: rows with a name and guid, exact-name lookups, the
 * access-rule JSON flags and how rules are shown.
 */

export interface AccessRule {
  type: number;
  name: string;
}

export interface GroupRow extends Record<string, unknown> {
  guid: string;
  name: string;
  note: string;
  allowed_incomings: AccessRule[];
}

/** Access rule target types (admin-api.md §4.2). */
const ACCESS_RULE_TYPE_NAMES: Record<number, string> = {
  0: 'user group',
  1: 'device group',
  2: 'user',
};

/** `[{"type":0,"name":"Sales"}]` → `user group Sales`. */
export function formatAccessRules(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .filter((item: unknown): item is AccessRule => typeof item === 'object' && item !== null)
    .map((rule) => `${ACCESS_RULE_TYPE_NAMES[rule.type] ?? `type ${rule.type}`} ${rule.name}`)
    .join(', ');
}

/** The table of a group list: name, note, the kind's own columns, then when it was created. */
function groupColumns<T extends GroupRow>(own: Column<T>[]): Column<T>[] {
  return [
    { key: 'name', title: 'NAME' },
    { key: 'note', title: 'NOTE' },
    ...own,
    { key: 'created_at', title: 'CREATED', format: timeFormat },
  ];
}

/**
 * The access rules of `--accessed-from` / `--access-to`: a JSON list of {"type": n, "name": "..."},
 * with `allowed` the type codes that direction accepts. Unlike the scripts, which drop a value they
 * cannot read, a wrong value is a usage error.
 */
export function parseAccessRules(flag: string, text: string, allowed: readonly number[]): AccessRule[] {
  const example = `e.g. --${flag} '[{"type":${allowed[0]},"name":"Sales"}]'`;
  const value = parseJsonFlag(flag, text);
  if (!Array.isArray(value)) throw new UsageError(`--${flag} must be a JSON list of rules, ${example}`);
  return value.map((item: unknown, index) => {
    const rule = item as Partial<AccessRule> | null;
    if (
      typeof rule !== 'object' ||
      rule === null ||
      typeof rule.name !== 'string' ||
      rule.name === '' ||
      typeof rule.type !== 'number' ||
      !allowed.includes(rule.type)
    ) {
      const types = allowed.map((t) => `${t} (${ACCESS_RULE_TYPE_NAMES[t]})`).join(' or ');
      throw new UsageError(
        `--${flag} rule ${index + 1} must be {"type": ${types}, "name": "<name>"}, ${example}`,
      );
    }
    return { type: rule.type, name: rule.name };
  });
}

/** An access-rule flag of a group command and the field of the group it sets. */
export interface AccessRuleFlag {
  flag: FlagSpec;
  field: 'allowed_incomings' | 'allowed_outgoings';
  /** The rule types this direction accepts. */
  allowed: readonly number[];
}

export function accessRuleFlag(
  name: string,
  field: AccessRuleFlag['field'],
  allowed: readonly number[],
  description: string,
  example: string,
): AccessRuleFlag {
  const flag = { name, description: `${description}, a JSON list, e.g. '${example}'`, valueName: 'JSON' };
  return { flag, field, allowed };
}

/** Finds a group by its exact name, or fails with the scripts' `Group '<name>' not found`. */
export async function groupByName<T extends GroupRow>(
  context: CommandContext,
  path: string,
  name: string,
): Promise<T> {
  const group = await findExact<T>(context.api, path, 'name', name);
  if (!group) throw new CliError(`Group '${name}' not found`);
  return group;
}

/** The groups named in a comma-separated --name, all found before anything is changed. */
async function groupsByNames<T extends GroupRow>(context: CommandContext, path: string): Promise<T[]> {
  const groups: T[] = [];
  for (const name of context.flags.requireList('name', 'group names')) {
    groups.push(await groupByName<T>(context, path, name));
  }
  return groups;
}

/** What view, add, update and delete need to know about one kind of group. */
export interface GroupKind<T extends GroupRow> {
  /** The tool's name, for the examples. */
  tool: string;
  /** e.g. `user group`, for messages. */
  noun: string;
  /** A group name for the examples. */
  example: string;
  path: string;
  /** The columns of view between the note and the creation time. */
  columns: Column<T>[];
  rules: AccessRuleFlag[];
  summaries: Record<'view' | 'add' | 'update' | 'delete', string>;
  /** What update does with a rule list. */
  updateDescription: string;
  /** The examples of add and update, which show the access rules. */
  examples: Record<'add' | 'update', string[]>;
}

/** The note and access rules of the flags that were given. */
function groupFields<T extends GroupRow>(
  kind: GroupKind<T>,
  context: CommandContext,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const note = context.flags.string('note');
  if (note !== undefined) fields.note = note;
  for (const { flag, field, allowed } of kind.rules) {
    const text = context.flags.string(flag.name);
    if (text !== undefined) fields[field] = parseAccessRules(flag.name, text, allowed);
  }
  return fields;
}

/** `a`, `a or b`, `a, b or c`. */
function oneOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** view, add, update and delete of user-groups and device-groups. */
export function groupCommands<T extends GroupRow>(kind: GroupKind<T>): CommandSpec[] {
  const { noun, path, tool, example } = kind;
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  const ruleFlags = kind.rules.map((rule) => rule.flag);
  const columns = groupColumns(kind.columns);
  return [
    {
      name: 'view',
      summary: kind.summaries.view,
      flags: [{ name: 'name', description: 'group name, exact (or a pattern with % wildcards)' }],
      examples: [`rdconsole ${tool} view`, `rdconsole ${tool} view --name '${example.slice(0, 3)}%' --json`],
      async run(context) {
        const name = context.flags.string('name');
        const groups = await context.api.listAll<T>(path, { name: name || undefined });
        printList(context.io, context.json, groups, columns, `Found 0 ${noun}s`);
        return 0;
      },
    },
    {
      name: 'add',
      summary: kind.summaries.add,
      flags: [
        { name: 'name', description: 'name of the new group', required: true },
        { name: 'note', description: 'a note about the group' },
        ...ruleFlags,
      ],
      examples: kind.examples.add,
      async run(context) {
        const fields = groupFields(kind, context);
        const created = await context.api.request<T>('POST', path, {
          body: { name: context.flags.requireString('name'), ...fields },
        });
        printOutcome(context.io, context.json, `Success: ${Noun} '${created.name}' created`, created);
        return 0;
      },
    },
    {
      name: 'update',
      summary: kind.summaries.update,
      description: kind.updateDescription,
      flags: [
        { name: 'name', description: 'the group to change (exact name)', required: true },
        { name: 'new-name', description: 'its new name' },
        { name: 'note', description: 'its new note' },
        ...ruleFlags,
      ],
      examples: kind.examples.update,
      async run(context) {
        const newName = context.flags.string('new-name');
        const body = { ...(newName !== undefined ? { name: newName } : {}), ...groupFields(kind, context) };
        if (Object.keys(body).length === 0) {
          const flags = ['new-name', 'note', ...ruleFlags.map((flag) => flag.name)].map((f) => `--${f}`);
          throw new UsageError(`nothing to change: give ${oneOf(flags)}`);
        }
        const group = await groupByName<T>(context, path, context.flags.requireString('name'));
        const updated = await context.api.request<T>('PATCH', `${path}/${group.guid}`, { body });
        printOutcome(context.io, context.json, `Success: ${Noun} '${updated.name}' updated`, updated);
        return 0;
      },
    },
    {
      name: 'delete',
      summary: kind.summaries.delete,
      flags: [
        { name: 'name', description: 'group name, exact; several separated by commas', required: true },
      ],
      examples: [
        `rdconsole ${tool} delete --name ${example}`,
        `rdconsole ${tool} delete --name "Old 1,Old 2"`,
      ],
      async run(context) {
        const groups = await groupsByNames<T>(context, path);
        await actOnEach(context, groups, {
          label: 'Deleting',
          nameOf: (group) => group.name,
          act: (group) => context.api.request('DELETE', `${path}/${group.guid}`),
        });
        const names = groups.map((g) => g.name);
        printOutcome(context.io, context.json, `Success: Deleted ${noun}(s) ${names.join(', ')}`, {
          deleted: names,
        });
        return 0;
      },
    },
  ];
}
