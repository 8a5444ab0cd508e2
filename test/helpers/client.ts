/** What a stock RustDesk 1.4.9 client sends, for tests (client-api.md §4). */
export const CLIENT_VERSION = '1.4.9';
export const CLIENT_VER = 1004090;

export function sysinfoBody(id: string, extra: Record<string, string> = {}) {
  return {
    cpu: 'Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz, 3.19GHz, 12/6 cores',
    memory: '15.55GB',
    os: 'windows / Windows 11 Pro - 11 (22631)',
    hostname: `pc-${id}`,
    username: 'alice',
    version: CLIENT_VERSION,
    id,
    uuid: `uuid-${id}`,
    ...extra,
  };
}

export function heartbeatBody(id: string, extra: { conns?: number[]; modified_at?: number } = {}) {
  return { id, uuid: `uuid-${id}`, ver: CLIENT_VER, modified_at: 0, ...extra };
}

/** A RustDesk client that logs in: its ID, uuid and what the Flutter client says of itself. */
export interface LoginDevice {
  id: string;
  uuid: string;
  deviceInfo: { os: string; type: string; name: string };
}

export const LOGIN_DEVICE: LoginDevice = {
  id: '1849118658',
  uuid: 'dXVpZC1hbGljZQ==',
  deviceInfo: { os: 'windows', type: 'client', name: 'alice-pc' },
};

/** The first login request exactly as the Flutter client sends it (client-api.md §5.3). */
export function clientLoginBody(username: string, password: string, device = LOGIN_DEVICE) {
  return { username, password, ...device, autoLogin: true, type: 'account' };
}

/**
 * The Flutter client's second login request: a TOTP code goes in both fields, a mailed code only in
 * verificationCode.
 */
export function clientSecondStepBody(
  username: string,
  secret: string,
  code: string,
  factor: 'tfa_check' | 'email_check',
  device = LOGIN_DEVICE,
) {
  return {
    username,
    ...device,
    autoLogin: true,
    type: 'email_code',
    verificationCode: code,
    ...(factor === 'tfa_check' ? { tfaCode: code } : {}),
    secret,
  };
}
