import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { LanguageCode } from './languages';
import { en, type Messages } from './locales/en';

/** One language's texts: the console's own and antd's (its controls' names, its date pickers). */
interface LanguagePack {
  messages: Messages;
  antd: Locale;
}

/**
 * English is bundled with the console: it is the default and every language's fallback. Another
 * language is a chunk of its own, fetched when it is first shown, so that a page in English does not
 * compile every translation first.
 */
const PACKS: Record<Exclude<LanguageCode, 'en'>, () => Promise<LanguagePack>> = {
  'zh-CN': async () => {
    const [messages, antd] = await Promise.all([import('./locales/zh-CN'), import('antd/locale/zh_CN')]);
    return { messages: messages.zhCN, antd: antd.default };
  },
};

/** The other languages whose texts are here or on their way, each as its antd texts. */
const loaded = new Map<LanguageCode, Promise<Locale>>();

function loadLanguage(language: LanguageCode): Promise<Locale> {
  if (language === 'en') return Promise.resolve(enUS);
  const known = loaded.get(language);
  if (known) return known;
  const pack = PACKS[language]().then(({ messages, antd }) => {
    i18n.addResourceBundle(language, 'translation', messages);
    return antd;
  });
  // A failed fetch (the network, a console upgraded under the tab) is tried again the next time.
  pack.catch(() => loaded.delete(language));
  loaded.set(language, pack);
  return pack;
}

const antdLocales = new Map<string, Locale>([['en', enUS]]);
/** The language asked for last: a slower language loading meanwhile must not replace it. */
let wanted: LanguageCode = 'en';

/**
 * Shows the console in `language` once its texts are here: until then the page stays in the language
 * it shows, so that no text appears untranslated.
 */
export async function showLanguage(language: LanguageCode): Promise<void> {
  wanted = language;
  // Changing to the language shown would still render every translated component again.
  if (i18n.language === language) return;
  const antd = await loadLanguage(language);
  if (wanted !== language) return;
  antdLocales.set(language, antd);
  await i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

/** antd's texts for the language i18next shows (English until another one is loaded). */
export function antdLocaleOf(language: string): Locale {
  return antdLocales.get(language) ?? enUS;
}

/** Starts i18next in English, then shows `language`; resolves once the console can render in it. */
export async function initI18n(language: LanguageCode): Promise<void> {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (language === 'en') return;
  // A language that fails to load leaves the console in English rather than not starting it.
  await showLanguage(language).catch((error: unknown) => console.error(error));
}

export { i18n };
