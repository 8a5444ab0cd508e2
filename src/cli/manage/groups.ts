import { CliError, UsageError } from './errors.js';
import { findExact, parseJsonFlag, splitList } from './filters.js';
import { type Column, timeFormat } from './output.js';
import type { CommandContext, FlagSpec } from './tool.js';

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
export const ACCESS_RULE_TYPE_NAMES: Record<number, string> = {
  0: 'user group',
  1: 'device group',
  2: 'user',
};

/** `[{"type":0,"name":"Sales"}]` → `user group Sales`. */
export function formatAccessRules(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((rule: AccessRule) => `${ACCESS_RULE_TYPE_NAMES[rule.type] ?? `type ${rule.type}`} ${rule.name}`)
    .join(', ');
}

/** The table of a group list: name, note, the kind's own columns, then when it was created. */
export function groupColumns<T extends GroupRow>(own: Column<T>[]): Column<T>[] {
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

/** An access-rule flag of a group command. */
export function accessRuleFlag(name: string, description: string, example: string): FlagSpec {
  return { name, description: `${description}, a JSON list, e.g. '${example}'`, valueName: 'JSON' };
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
export async function groupsByNames<T extends GroupRow>(
  context: CommandContext,
  path: string,
  names: string,
): Promise<T[]> {
  const list = splitList(names);
  if (list.length === 0)
    throw new UsageError('--name is required (several names may be separated by commas)');
  const groups: T[] = [];
  for (const name of list) groups.push(await groupByName<T>(context, path, name));
  return groups;
}
