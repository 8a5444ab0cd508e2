/**
 * Tag colours come from the API as 32-bit ARGB integers, unsigned (0xFFFF0000 is red), as the
 * RustDesk client and ab.py write them. An older client may send a signed value or leave the alpha
 * byte at 0 (a bare 0xRRGGBB): both show as the opaque colour rather than as nothing.
 */
export function tagColorCss(argb: number): string {
  const value = argb >>> 0;
  const alpha = value >>> 24;
  const red = (value >>> 16) & 0xff;
  const green = (value >>> 8) & 0xff;
  const blue = value & 0xff;
  if (alpha === 0 || alpha === 0xff) return `rgb(${red}, ${green}, ${blue})`;
  return `rgba(${red}, ${green}, ${blue}, ${Number((alpha / 255).toFixed(3))})`;
}
