/**
 * Deepest nesting of arrays and objects accepted in JSON from a client. RustDesk's own documents nest
 * three or four levels; a body nested thousands of levels deep only costs the server time to parse,
 * validate and refuse.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether `text` nests arrays and objects more than `maxDepth` levels deep, found by one linear scan
 * that skips strings; it stops at the first level too deep. Text that is not JSON is left for
 * JSON.parse to refuse. Text with at most `maxDepth` brackets in all, inside strings too, cannot nest
 * deeper: counting them with indexOf (which skips the rest of the text in bulk) settles most bodies,
 * a heartbeat's among them, without the scan.
 */
export function isNestedDeeperThan(text: string, maxDepth: number): boolean {
  return hasMoreOpeningsThan(text, maxDepth) && deepestNestingExceeds(text, maxDepth);
}

/** Whether `text` holds more than `limit` of the characters `[` and `{`, wherever they are. */
function hasMoreOpeningsThan(text: string, limit: number): boolean {
  let count = 0;
  for (const opening of ['[', '{']) {
    for (let i = text.indexOf(opening); i !== -1; i = text.indexOf(opening, i + 1)) {
      if (++count > limit) return true;
    }
  }
  return false;
}

function deepestNestingExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}
