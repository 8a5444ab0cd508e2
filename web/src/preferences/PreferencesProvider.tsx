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
import { showLanguage } from '../i18n';
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
  // Not state: knowing who is logged in changes nothing on screen, and a new state would render the
  // whole console again (every consumer of the preferences, antd's theme) just after its first page.
  const userName = useRef<string | undefined>(undefined);

  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = preferences.theme;
    root.style.colorScheme = preferences.theme;
  }, [preferences.theme]);

  useEffect(() => {
    // A language not loaded yet shows once its texts are here; one that fails to load is not shown.
    showLanguage(preferences.language).catch((error: unknown) => console.error(error));
  }, [preferences.language]);

  // The callbacks must stay the same functions while preferences change, or effects calling them would loop.
  const latest = useRef(preferences);
  latest.current = preferences;
  const update = useCallback((change: Partial<Preferences>) => {
    const next = { ...latest.current, ...change };
    setPreferences(next);
    savePreferences(next, userName.current);
  }, []);

  const adoptUser = useCallback((name: string) => {
    userName.current = name;
    // A user new to this browser keeps what the login page showed, and it becomes theirs.
    if (!hasOwnPreferences(name)) {
      savePreferences(latest.current, name);
      return;
    }
    const own = loadPreferences(name);
    if (own.theme !== latest.current.theme || own.language !== latest.current.language) setPreferences(own);
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
