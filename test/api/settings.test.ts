import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../../src/domain/console-audit/codes.js';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { DEFAULT_SMTP, presentSmtp } from '../../src/domain/mail/smtp-settings.js';
import { isHostAndPort } from '../../src/domain/settings/host.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings/service.js';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const PUBLIC_KEY = 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=';
/** The defaults as the API shows them (SMTP without its password; mail.test.ts covers SMTP). */
const SHOWN_DEFAULTS = {
  ...DEFAULT_SETTINGS,
  smtp: presentSmtp(DEFAULT_SMTP, 'settings'),
  server_public_key_source: 'settings',
  relay_servers_source: 'settings',
};

describe('settings (Settings → Others, Relay, Key)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterAll(() => t.close());

  const settingsAudits = () =>
    t.db
      .selectFrom('console_audits')
      .select(['operator', 'typ', 'iop', 'detail'])
      .where('typ', '=', CONSOLE_AREA.settings)
      .orderBy('id')
      .execute();

  it('GET /api/settings answers every setting with its default on a new server', async () => {
    const response = await t.call('GET', '/api/settings', {
      token: admin,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(SHOWN_DEFAULTS);
  });

  it('PATCH /api/settings changes what it is given, answers them all, and the server uses them', async () => {
    const response = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: {
        relay_servers: [' relay.example.com ', '10.0.0.5:21117', '[2001:db8::1]:21117'],
        server_public_key: PUBLIC_KEY,
        log_retention_days: 90,
        require_deployment: true,
        max_peer_one_ab: 500,
      },
    });
    expect(response.statusCode).toBe(200);
    const expected = {
      ...SHOWN_DEFAULTS,
      relay_servers: ['relay.example.com', '10.0.0.5:21117', '[2001:db8::1]:21117'],
      server_public_key: PUBLIC_KEY,
      log_retention_days: 90,
      require_deployment: true,
      max_peer_one_ab: 500,
    };
    expect(response.json()).toEqual(expected);
    expect((await t.call('GET', '/api/settings', { token: admin })).json()).toEqual(expected);
    const { server_public_key_source: _, relay_servers_source: __, ...inForce } = expected;
    expect(await t.app.services.settings.get()).toEqual({ ...inForce, smtp: DEFAULT_SMTP });

    const stored = await t.db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute();
    expect(Object.fromEntries(stored.map((row) => [row.key, JSON.parse(row.value)]))).toEqual({
      relay_servers: expected.relay_servers,
      server_public_key: PUBLIC_KEY,
      log_retention_days: 90,
      require_deployment: true,
      max_peer_one_ab: 500,
    });

    // The cache was refreshed, so the setting takes effect at once: --deploy is enabled now.
    const deploy = await t.call('POST', '/api/devices/deploy', {
      token: await t.apiToken({ device: 'rw' }),
      body: { id: '700000001', uuid: 'dXVpZA==', pk: PUBLIC_KEY },
    });
    expect(deploy.json()).toEqual({ result: 'OK' });
  });

  it('records one console audit naming the changed keys, and nothing for an unchanged PATCH', async () => {
    const audits = await settingsAudits();
    expect(audits).toEqual([
      {
        operator: 'admin',
        typ: CONSOLE_AREA.settings,
        iop: CONSOLE_OPERATION.updateSettings,
        detail:
          'settings: relay_servers = ["relay.example.com","10.0.0.5:21117","[2001:db8::1]:21117"], ' +
          `server_public_key = "${PUBLIC_KEY}", log_retention_days = 90, require_deployment = true, ` +
          'max_peer_one_ab = 500',
      },
    ]);
    const same = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { log_retention_days: 90, require_deployment: true },
    });
    expect(same.statusCode).toBe(200);
    const empty = await t.call('PATCH', '/api/settings', { token: admin });
    expect(empty.statusCode).toBe(200);
    expect(await settingsAudits()).toHaveLength(1);

    await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { log_retention_days: 30, disable_new_devices: false, only_admin_can_access_logs: true },
    });
    expect((await settingsAudits()).at(-1)?.detail).toBe(
      'settings: log_retention_days = 30, only_admin_can_access_logs = true',
    );
  });

  it('clears the key and the relay list with empty values', async () => {
    const response = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { server_public_key: '', relay_servers: [] },
    });
    expect(response.json()).toMatchObject({ server_public_key: '', relay_servers: [] });
  });

  it.each([
    [{ colour: 'blue' }, 'colour is not allowed'],
    [{ require_deployment: 'yes' }, 'require_deployment must be boolean'],
    [{ only_admin_can_access_logs: 1 }, 'only_admin_can_access_logs must be boolean'],
    [{ log_retention_days: -1 }, 'log_retention_days must be >= 0'],
    [{ log_retention_days: 3651 }, 'log_retention_days must be <= 3650'],
    [{ log_retention_days: 1.5 }, 'log_retention_days must be integer'],
    [{ log_retention_days: '30' }, 'log_retention_days must be integer'],
    [{ max_peer_one_ab: 100_001 }, 'max_peer_one_ab must be <= 100000'],
    [{ relay_servers: 'relay.example.com' }, 'relay_servers must be array'],
    [{ relay_servers: [5] }, 'relay_servers[0] must be string'],
    [{ relay_servers: ['relay.example.com', 'bad host'] }, 'relay_servers[1] must be host[:port]'],
    [{ relay_servers: ['relay.example.com:0'] }, 'relay_servers[0] must be host[:port]'],
    [{ relay_servers: ['relay.example.com:70000'] }, 'relay_servers[0] must be host[:port]'],
    [{ relay_servers: ['http://relay.example.com'] }, 'relay_servers[0] must be host[:port]'],
    [{ relay_servers: ['300.1.1.1'] }, 'relay_servers[0] must be host[:port]'],
    [{ relay_servers: [''] }, 'relay_servers[0] must be host[:port]'],
    [{ relay_servers: ['a.example', 'a.example'] }, 'relay_servers lists a.example twice'],
    [
      { relay_servers: Array.from({ length: 51 }, (_, i) => `r${i}.example`) },
      /^relay_servers must NOT have more/,
    ],
    [
      { server_public_key: 'not a key' },
      'server_public_key must be the base64 of a 32-byte public key, or empty',
    ],
    [{ server_public_key: 'AAAA' }, 'server_public_key must be the base64 of a 32-byte public key, or empty'],
    [{ server_public_key: 42 }, 'server_public_key must be string'],
  ])('PATCH refuses %j with 400', async (body, message) => {
    const before = await t.app.services.settings.get();
    const response = await t.call('PATCH', '/api/settings', { token: admin, body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(message);
    expect(await t.app.services.settings.get()).toEqual(before);
  });

  it('PATCH refuses a body that is not an object', async () => {
    for (const payload of ['[]', 'true', '"x"', '{']) {
      const response = await t.call('PATCH', '/api/settings', { token: admin, payload });
      expect(response.statusCode, payload).toBe(400);
      expect(response.json()).toHaveProperty('error');
    }
  });

  it('the service refuses bad values from any caller, not only the route', async () => {
    const { settings } = t.app.services;
    await expect(settings.update({ nonsense: true } as never, SYSTEM_ACTOR)).rejects.toMatchObject({
      status: 400,
      message: 'nonsense is not a setting',
    });
    await expect(settings.update({ max_peer_one_ab: -3 }, SYSTEM_ACTOR)).rejects.toMatchObject({
      message: 'max_peer_one_ab must be a whole number from 0 to 100000',
    });
    await expect(settings.update({ require_deployment: 'Y' as never }, SYSTEM_ACTOR)).rejects.toMatchObject({
      message: 'require_deployment must be true or false',
    });
  });

  it('administrators only: API tokens and other users are refused', async () => {
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    const alice = await t.login('alice', 'alice-pass');
    const token = await t.apiToken({ device: 'rw', strategy: 'rw', user: 'rw' });
    for (const credential of [alice, token]) {
      expect((await t.call('GET', '/api/settings', { token: credential })).statusCode).toBe(403);
      const patch = await t.call('PATCH', '/api/settings', {
        token: credential,
        body: { require_deployment: false },
      });
      expect(patch.statusCode).toBe(403);
    }
    expect((await t.call('GET', '/api/settings')).statusCode).toBe(401);
    expect((await t.app.services.settings.get()).require_deployment).toBe(true);
  });
});

describe('isHostAndPort', () => {
  it.each([
    ['relay.example.com', true],
    ['relay.example.com:21117', true],
    ['RELAY-1.Example.com', true],
    ['localhost', true],
    ['10.0.0.5', true],
    ['10.0.0.5:21117', true],
    ['2001:db8::1', true],
    ['[2001:db8::1]:21117', true],
    ['[2001:db8::1]', true],
    ['[10.0.0.5]:21117', false],
    ['10.0.0', false],
    ['-relay.example.com', false],
    ['relay..example.com', false],
    ['relay.example.com:', false],
    ['relay.example.com:abc', false],
    ['relay_1.example.com', false],
    [`${'a'.repeat(64)}.example.com`, false],
  ])('%s → %s', (value, expected) => {
    expect(isHostAndPort(value)).toBe(expected);
  });
});
