/**
 * The tokens of this browser's trusted logins ("Remember this browser" at the second login step), per
 * user name: sent with the password so that the server may skip the code. Kept in localStorage, like a
 * remembered session.
 */
const KEY = 'rdconsole.trustedDevices';

function read(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export const trustedDevice = {
  tokenOf(username: string): string | undefined {
    const token = read()[username];
    return typeof token === 'string' ? token : undefined;
  },

  remember(username: string, token: string): void {
    localStorage.setItem(KEY, JSON.stringify({ ...read(), [username]: token }));
  },
};
