/**
 * True for a unique-constraint violation on either database: two requests that create the same name at
 * the same moment both pass the service's "already exists" check, and the second insert fails here.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
