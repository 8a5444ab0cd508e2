/**
 * RustDesk's numeric version (hbb_common get_version_number): "a.b.c[-n]" → a·1000² + b·1000 + c·10 + n.
 * The heartbeat sends this number as `ver`; sysinfo sends the string.
 */
export function versionNumber(version: string): number {
  const [main = '', suffix] = version.split('-');
  const parts = main.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const [a = 0, b = 0, c = 0] = parts;
  const extra = suffix === undefined ? 0 : Number.parseInt(suffix, 10) || 0;
  return a * 1_000_000 + b * 1000 + c * 10 + extra;
}
