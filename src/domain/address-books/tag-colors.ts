/**
 * Tag colours are 32-bit ARGB values, unsigned (0xFFFF0000 = 4294901760), as the RustDesk client and
 * ab.py read them. A tag created without a colour gets the one ab.py would have picked (admin-api.md §3.4),
 * so that the console, the client and the scripts agree.
 */
const NAMED_COLORS: Record<string, number> = {
  red: 0xffff0000,
  green: 0xff008000,
  blue: 0xff0000ff,
  orange: 0xffff9800,
  purple: 0xff9c27b0,
  grey: 0xff9e9e9e,
  cyan: 0xff00bcd4,
  lime: 0xffcddc39,
  teal: 0xff009688,
  pink: 0xfff48fb1,
  indigo: 0xff3f51b5,
  brown: 0xff795548,
};
const YELLOW = 0xffffff00;
const PALETTE = Object.values(NAMED_COLORS);

export function defaultTagColor(name: string): number {
  const lower = name.toLowerCase();
  if (lower === 'yellow') return YELLOW;
  const named = NAMED_COLORS[lower];
  if (named !== undefined) return named;
  let sum = 0;
  for (const char of name) sum += char.codePointAt(0) ?? 0;
  return PALETTE[sum % PALETTE.length] ?? YELLOW;
}

export const MIN_COLOR = -0x80000000;
export const MAX_COLOR = 0xffffffff;

/** Accepts a colour written as a signed 32-bit integer too (older clients), and stores it unsigned. */
export function normalizeColor(color: number): number {
  return color >>> 0;
}

export function isColor(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_COLOR && value <= MAX_COLOR;
}
