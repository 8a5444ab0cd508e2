import { sql } from 'kysely';

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
