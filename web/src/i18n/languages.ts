/**
 * The console's languages. Each is named in its own language (an endonym), as language menus do,
 * so a reader finds theirs whatever language is showing.
 */
export const LANGUAGES = [
  { code: 'en', endonym: 'English' },
  { code: 'zh-CN', endonym: '简体中文' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: LanguageCode = 'en';

export function isLanguageCode(value: unknown): value is LanguageCode {
  return LANGUAGES.some((language) => language.code === value);
}

/** The best of our languages for a browser's preference list (navigator.languages). */
export function matchLanguage(preferred: readonly string[]): LanguageCode {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return DEFAULT_LANGUAGE;
}
