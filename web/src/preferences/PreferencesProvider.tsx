import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { i18n } from '../i18n';
import type { LanguageCode } from '../i18n/languages';
import {
  hasOwnPreferences,
  loadPreferences,
  type Preferences,
  savePreferences,
  type ThemeMode,
} from './storage';

interface PreferencesContextValue extends Preferences {
  setTheme(theme: ThemeMode): void;
  setLanguage(language: LanguageCode): void;
  /** The user who has logged in: their saved preferences replace the current ones. */
  adoptUser(userName: string): void;
}

const PreferencesContext = createContext<PreferencesContextValue | null>(null);

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [preferences, setPreferences] = useState<Preferences>(() => loadPreferences());
  const [userName, setUserName] = useState<string | undefined>(undefined);

  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = preferences.theme;
    root.style.colorScheme = preferences.theme;
  }, [preferences.theme]);

  useEffect(() => {
    document.documentElement.lang = preferences.language;
    if (i18n.language !== preferences.language) void i18n.changeLanguage(preferences.language);
  }, [preferences.language]);

  const update = useCallback(
    (change: Partial<Preferences>) => {
      const next = { ...preferences, ...change };
      setPreferences(next);
      savePreferences(next, userName);
    },
    [preferences, userName],
  );

  // adoptUser must stay the same function while preferences change, or effects calling it would loop.
  const latest = useRef(preferences);
  latest.current = preferences;
  const adoptUser = useCallback((name: string) => {
    setUserName(name);
    // A user new to this browser keeps what the login page showed, and it becomes theirs.
    if (hasOwnPreferences(name)) setPreferences(loadPreferences(name));
    else savePreferences(latest.current, name);
  }, []);

  const value = useMemo<PreferencesContextValue>(
    () => ({
      ...preferences,
      setTheme: (theme) => update({ theme }),
      setLanguage: (language) => update({ language }),
      adoptUser,
    }),
    [preferences, update, adoptUser],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesContextValue {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}
