import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { LanguageCode } from './languages';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

export const resources = {
  en: { translation: en },
  'zh-CN': { translation: zhCN },
} as const;

/** Starts i18next with every language bundled: nothing is fetched at run time. */
export function initI18n(language: LanguageCode): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18n;
}

export { i18n };
