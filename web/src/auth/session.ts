/**
 * The console's access token. "Remember me" keeps it in localStorage (it survives closing the
 * browser); otherwise it lives in sessionStorage, for this tab only.
 */
const TOKEN_KEY = 'rdconsole.accessToken';

type Listener = () => void;
const expiredListeners = new Set<Listener>();
/** Whether the last session ended because the server refused it (the login page then says so). */
let expired = false;

function read(storage: Storage): string | null {
  try {
    return storage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export const session = {
  token(): string | null {
    return read(sessionStorage) ?? read(localStorage);
  },

  start(token: string, remember: boolean): void {
    session.clear();
    expired = false;
    (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
  },

  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
  },

  /** The server refused the token (expired, revoked, user disabled): forget it and tell the app. */
  expire(): void {
    if (session.token() === null) return;
    session.clear();
    expired = true;
    for (const listener of expiredListeners) listener();
  },

  wasExpired(): boolean {
    return expired;
  },

  onExpired(listener: Listener): () => void {
    expiredListeners.add(listener);
    return () => expiredListeners.delete(listener);
  },
};
