/** A browser and its operating system, read from a User-Agent header for a person to recognise. */
export function browserLabel(userAgent: string): { name: string; os: string } {
  return { name: firstMatch(userAgent, BROWSERS), os: firstMatch(userAgent, SYSTEMS) };
}

/** Checked in order: Edge and Opera say "Chrome" too, Chrome says "Safari". */
const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
/** Android says "Linux" and iOS "Mac OS X" too. */
const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

function firstMatch(text: string, table: ReadonlyArray<readonly [RegExp, string]>): string {
  return table.find(([pattern]) => pattern.test(text))?.[1] ?? 'unknown';
}
