import { isLanguageCode, type LanguageCode, matchLanguage } from '../i18n/languages';

export type ThemeMode = 'light' | 'dark';

export interface Preferences {
  theme: ThemeMode;
  language: LanguageCode;
}

/** The last choice made in this browser: what the login page shows before anyone logs in. */
const LAST_KEY = 'rdconsole.preferences';
const userKey = (userName: string) => `rdconsole.preferences.user.${userName}`;

function systemDefaults(): Preferences {
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return { theme: dark ? 'dark' : 'light', language: matchLanguage(navigator.languages ?? []) };
}

function read(key: string): Partial<Preferences> | null {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const stored = value as Record<string, unknown>;
    const result: Partial<Preferences> = {};
    if (stored.theme === 'light' || stored.theme === 'dark') result.theme = stored.theme;
    if (isLanguageCode(stored.language)) result.language = stored.language;
    return result;
  } catch {
    return null;
  }
}

/** A user's saved preferences, else the last ones used in this browser, else the system's. */
export function loadPreferences(userName?: string): Preferences {
  const own = userName === undefined ? null : read(userKey(userName));
  return { ...systemDefaults(), ...read(LAST_KEY), ...own };
}

/** Whether this user has saved preferences of their own in this browser. */
export function hasOwnPreferences(userName: string): boolean {
  return read(userKey(userName)) !== null;
}

export function savePreferences(preferences: Preferences, userName?: string): void {
  try {
    const json = JSON.stringify(preferences);
    localStorage.setItem(LAST_KEY, json);
    if (userName !== undefined) localStorage.setItem(userKey(userName), json);
  } catch {
    // Storage full or disabled (private mode): the choice lasts until the page is closed.
  }
}
