import { type Expression, type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * A text filter as the official scripts send it (admin-api.md §0.4): `%` is the wildcard, `_` is literal,
 * and "-" means "empty" (also a missing joined row). A value without `%` matches exactly, which the
 * scripts' name→guid lookups rely on. Case is ignored on both databases by lowering both sides, since
 * LIKE is case-sensitive on PostgreSQL and not on SQLite.
 */
export function matchesPattern(column: string, pattern: string) {
  if (pattern === '-') return sql<boolean>`coalesce(${sql.ref(column)}, '') = ''`;
  const escaped = pattern.replace(/[\\_]/g, (c) => `\\${c}`);
  return sql<boolean>`lower(${sql.ref(column)}) like lower(${escaped}) escape '\\'`;
}

/**
 * The elements of a JSON array of strings as a one-column subquery (`tag`), for membership tests.
 * Both sides of a comparison must come from `JSON.stringify`: SQLite yields the decoded strings,
 * PostgreSQL each element's JSON text, which for two `JSON.stringify` outputs is equal exactly when
 * the strings are. (Decoding there, with `jsonb` or `json_array_elements_text`, fails on a string
 * holding a lone UTF-16 surrogate, which a client can store: one such row would fail the whole query.)
 */
export function jsonStringElements(db: Pick<Kysely<unknown>, 'getExecutor'>, json: Expression<string>) {
  // Kysely has no public way to ask a handle (or a transaction) for its dialect; its adapter tells.
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql`select element.value::text as tag from json_array_elements(${json}::json) as element`
    : sql`select element.value as tag from json_each(${json}) as element`;
}
