import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA } from '../../src/domain/console-audit/codes.js';
import { HbbsKeyFile } from '../../src/domain/settings/hbbs-key-file.js';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const HBBS_KEY = 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=';
const NEW_HBBS_KEY = 'z0Jp7E7m0wYwqB2o5bqk0d8nJ5uJqX1a0xSg3pQw3lE=';
const STORED_KEY = `${'A'.repeat(43)}=`;
const RELAYS = ['rustdesk.example.com:21117'];

describe('the server key from --hbbs-key-file and the relays from --relay-servers', () => {
  let t: TestApp;
  let admin: string;
  let folder: string;
  let keyFile: string;
  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-hbbs-'));
    keyFile = path.join(folder, 'id_ed25519.pub');
    // hbbs writes the key without a newline; an editor adds one.
    fs.writeFileSync(keyFile, `${HBBS_KEY}\n`);
    t = await startTestApp({ hbbsKey: new HbbsKeyFile(keyFile), relayServers: RELAYS });
    admin = await t.adminSession();
    // What was stored before the configuration took over stays stored, and is not shown.
    await t.db
      .insertInto('settings')
      .values([
        { key: 'server_public_key', value: JSON.stringify(STORED_KEY), updated_at: 0 },
        { key: 'relay_servers', value: JSON.stringify(['old.example.com']), updated_at: 0 },
      ])
      .execute();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const settingsAudits = () =>
    t.db.selectFrom('console_audits').select('detail').where('typ', '=', CONSOLE_AREA.settings).execute();

  it('GET /api/settings shows the file key and the configured relays, and says where they come from', async () => {
    const response = await t.call('GET', '/api/settings', { token: admin });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      server_public_key: HBBS_KEY,
      server_public_key_source: 'environment',
      relay_servers: RELAYS,
      relay_servers_source: 'environment',
    });
  });

  it('the Welcome page (administrators and others) gives them for client configs', async () => {
    await createUser(t.db, { name: 'carol', password: 'carol-pass' });
    for (const token of [admin, await t.login('carol', 'carol-pass')]) {
      const response = await t.call('GET', '/api/dashboard', { token });
      expect(response.json()).toMatchObject({ server_public_key: HBBS_KEY, relay_servers: RELAYS });
    }
  });

  it('PATCH with another key or relay list answers 409 with a code and changes nothing', async () => {
    const key = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { server_public_key: NEW_HBBS_KEY, require_deployment: true },
    });
    expect(key.statusCode).toBe(409);
    expect(key.json()).toEqual({
      error:
        "the server key is read from hbbs's key file (--hbbs-key-file, RDCONSOLE_HBBS_KEY_FILE); it changes with that file",
      code: 'server_key_from_file',
    });
    const cleared = await t.call('PATCH', '/api/settings', { token: admin, body: { server_public_key: '' } });
    expect(cleared.json().code).toBe('server_key_from_file');
    const relays = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { relay_servers: ['other.example.com'] },
    });
    expect(relays.statusCode).toBe(409);
    expect(relays.json()).toEqual({
      error: 'the relay servers are set by --relay-servers (RDCONSOLE_RELAY_SERVERS); change them there',
      code: 'relay_servers_from_environment',
    });

    const settings = await t.app.services.settings.get();
    expect(settings).toMatchObject({
      server_public_key: HBBS_KEY,
      relay_servers: RELAYS,
      require_deployment: false,
    });
    const stored = await t.db.selectFrom('settings').select(['key', 'value']).execute();
    expect(Object.fromEntries(stored.map((row) => [row.key, JSON.parse(row.value)]))).toEqual({
      server_public_key: STORED_KEY,
      relay_servers: ['old.example.com'],
    });
    expect(await settingsAudits()).toEqual([]);
  });

  it('sending the values in force back is no change, so a whole-settings PATCH still works', async () => {
    const current = (await t.call('GET', '/api/settings', { token: admin })).json();
    const response = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: {
        server_public_key: current.server_public_key,
        relay_servers: current.relay_servers,
        log_retention_days: 30,
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ server_public_key: HBBS_KEY, log_retention_days: 30 });
    const details = (await settingsAudits()).map((row) => row.detail);
    expect(details).toHaveLength(1);
    expect(details[0]).toContain('log_retention_days = 30');
    expect(details[0]).not.toMatch(/server_public_key|relay_servers/);
  });

  it('a new key in the file (hbbs made a new pair) shows at the next read; a broken file keeps the last one', async () => {
    fs.writeFileSync(keyFile, NEW_HBBS_KEY);
    // A modification time that surely differs, whatever the file system's resolution.
    fs.utimesSync(keyFile, new Date(), new Date(Date.now() + 5_000));
    expect((await t.call('GET', '/api/dashboard', { token: admin })).json().server_public_key).toBe(
      NEW_HBBS_KEY,
    );

    fs.writeFileSync(keyFile, 'not a key');
    fs.utimesSync(keyFile, new Date(), new Date(Date.now() + 10_000));
    expect((await t.call('GET', '/api/settings', { token: admin })).json().server_public_key).toBe(
      NEW_HBBS_KEY,
    );
    fs.rmSync(keyFile);
    expect((await t.app.services.settings.get()).server_public_key).toBe(NEW_HBBS_KEY);
  });
});
