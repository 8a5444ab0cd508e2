import { UsageError } from './errors.js';
import type { ApiClient } from './http.js';
import type { Flags } from './tool.js';

/**
 * The scripts' "fuzzy" filter (admin-api.md §0.4): `v` becomes `%v%` (SQL LIKE), unless it is `-`
 * (the "not set" filter) or already holds a `%`, which the user then placed on purpose.
 */
export function fuzzy(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === '-' || value.includes('%') ? value : `%${value}%`;
}

/** `a, b,,c` → `['a', 'b', 'c']`: a comma-separated flag value, trimmed, without empty items. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The row whose `field` equals `value` exactly, found by asking the server to filter on the raw value
 * (which it matches exactly when it holds no `%`), as the scripts' name → guid lookups do.
 */
export async function findExact<T extends Record<string, unknown>>(
  api: ApiClient,
  path: string,
  field: string,
  value: string,
): Promise<T | undefined> {
  const rows = await api.listAll<T>(path, { [field]: value });
  return rows.find((row) => String(row[field]) === value);
}

/** Parses a flag holding JSON, with a usage error naming the flag when it is not valid JSON. */
export function parseJsonFlag(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${flag} is not valid JSON: ${(error as Error).message}`);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a pair of flags names, as the scripts read `--ab-name`/`--ab-guid` or `--name`/`--guid`: one
 * of them (both is a usage error, a malformed GUID too), or undefined when neither is given.
 */
export function nameOrGuid(
  flags: Flags,
  nameFlag: string,
  guidFlag: string,
): { name: string; guid?: undefined } | { guid: string; name?: undefined } | undefined {
  const name = flags.string(nameFlag);
  const guid = flags.string(guidFlag);
  if (name !== undefined && guid !== undefined) {
    throw new UsageError(`Cannot specify both --${nameFlag} and --${guidFlag}`);
  }
  if (guid !== undefined) {
    if (!GUID.test(guid)) throw new UsageError(`--${guidFlag} must be a 36-character GUID, got "${guid}"`);
    return { guid };
  }
  return name === undefined ? undefined : { name };
}
