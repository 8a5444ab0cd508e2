import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { DAY_MS } from '../../src/lib/clock.js';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const U64_MAX = '18446744073709551615';
const UUID = 'MTIzNDU2Nzg5MDEyMzQ1Ng==';
/** The RustDesk ID of the controlling side in these tests' connections. */
const CONTROLLER = '987654321';

let t: TestApp;
/** alice, logged in on the controlling side's client. */
let session: string;
let nextDevice = 100_000_000;

/** Logs in as the RustDesk client on the device `clientId` does (client-api.md §5.3). */
async function clientLogin(username: string, password: string, clientId: string): Promise<string> {
  const response = await t.call('POST', '/api/login', {
    body: { username, password, id: clientId, uuid: UUID, type: 'account' },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().access_token;
}

beforeAll(async () => {
  t = await startTestApp();
  await createUser(t.db, { name: 'alice', password: 'alice-pass' });
  await createUser(t.db, { name: 'bob', password: 'bob-pass' });
  session = await clientLogin('alice', 'alice-pass', CONTROLLER);
});
afterAll(() => t.close());

/** Each test reports as its own device, so that records of other tests never match. */
function newDeviceId(): string {
  nextDevice += 1;
  return String(nextDevice);
}

/** The three events a controlled device posts for one connection (client-api.md §4.4). */
const events = {
  new: (id: string, connId: number, extra: Record<string, unknown> = {}) => ({
    id,
    uuid: UUID,
    conn_id: connId,
    session_id: 0,
    nonce: randomUUID(),
    ip: '192.0.2.7',
    action: 'new',
    ...extra,
  }),
  authorised: (
    id: string,
    connId: number,
    sessionId: number | string,
    extra: Record<string, unknown> = {},
  ) => ({
    id,
    uuid: UUID,
    conn_id: connId,
    session_id: sessionId,
    nonce: randomUUID(),
    peer: [CONTROLLER, 'controller-box'],
    type: 0,
    ...extra,
  }),
  close: (id: string, connId: number, sessionId: number | string, extra: Record<string, unknown> = {}) => ({
    id,
    uuid: UUID,
    conn_id: connId,
    session_id: sessionId,
    nonce: randomUUID(),
    action: 'close',
    ...extra,
  }),
};

async function post(url: string, body: unknown) {
  const response = await t.call('POST', url, { body });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.body).toBe('');
  return response;
}

function connRecords(deviceId: string) {
  return t.db
    .selectFrom('conn_audits')
    .selectAll()
    .where('device_peer_id', '=', deviceId)
    .orderBy('id')
    .execute();
}

function active(query: Record<string, string>, token: string | null = session) {
  return t.call('GET', '/api/audit/conn/active', {
    query,
    ...(token ? { token } : {}),
    headers: { 'content-type': 'application/json' },
  });
}

describe('POST /api/audit/conn: connection records from the controlled device', () => {
  it('merges new → authorised → close into one record, answering each with 200 and an empty body', async () => {
    const id = newDeviceId();
    const opened = t.clock.now;
    await post('/api/audit/conn', events.new(id, 3, { conn_audit_ref: 'ref-1' }));
    t.clock.advance(2_000);
    await post(
      '/api/audit/conn',
      events.authorised(id, 3, 5_550_001, { type: 1, primary_auth: 3, two_factor: 1 }),
    );
    t.clock.advance(60_000);
    await post('/api/audit/conn', events.close(id, 3, 5_550_001));

    const records = await connRecords(id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      guid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      device_peer_id: id,
      conn_id: 3,
      session_id: '5550001',
      ip: '192.0.2.7',
      conn_audit_ref: 'ref-1',
      remote_id: '987654321',
      remote_name: 'controller-box',
      conn_type: 1,
      primary_auth: 3,
      two_factor: 1,
      note: '',
      created_at: opened,
      authorized_at: opened + 2_000,
      end_time: opened + 62_000,
    });
  });

  it('leaves conn_type, primary_auth and two_factor empty for a connection that never authorised', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.new(id, 1));
    t.clock.advance(5_000);
    await post('/api/audit/conn', events.close(id, 1, 0));

    const [record, ...others] = await connRecords(id);
    expect(others).toHaveLength(0);
    expect(record).toMatchObject({ conn_type: null, primary_auth: null, two_factor: null, remote_id: '' });
    expect(record?.end_time).toBe(t.clock.now);
  });

  it('stores a close whose earlier events were lost as a record with only its end', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.close(id, 9, 77));
    const records = await connRecords(id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      conn_id: 9,
      session_id: '77',
      conn_type: null,
      end_time: t.clock.now,
    });
  });

  it('stores an "authorised" without a "new" as a record of its own, which a close then ends', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.authorised(id, 4, 12));
    await post('/api/audit/conn', events.close(id, 4, 12));
    const records = await connRecords(id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ conn_type: 0, remote_id: '987654321', end_time: t.clock.now });
    expect(records[0]?.authorized_at).toBe(t.clock.now);
  });

  it('stores 0 for primary_auth/two_factor the way the client means it: none', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.authorised(id, 1, 5, { primary_auth: 0, two_factor: 0 }));
    expect((await connRecords(id))[0]).toMatchObject({ primary_auth: null, two_factor: null });
  });

  it('opens a new record when the device restarts and reuses a conn_id', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.new(id, 1));
    await post('/api/audit/conn', events.authorised(id, 1, 100));
    // The device restarts without ever sending "close"; its connection counter starts again.
    t.clock.advance(1_000);
    await post('/api/audit/conn', events.new(id, 1));
    await post('/api/audit/conn', events.authorised(id, 1, 200, { type: 4 }));
    await post('/api/audit/conn', events.close(id, 1, 200));

    const [before, after] = await connRecords(id);
    expect(before).toMatchObject({ session_id: '100', conn_type: 0, end_time: null });
    expect(after).toMatchObject({ session_id: '200', conn_type: 4, end_time: t.clock.now });
  });

  it('stores a retried event once, and a late retry changes nothing', async () => {
    const id = newDeviceId();
    const opened = events.new(id, 2);
    await post('/api/audit/conn', opened);
    await post('/api/audit/conn', opened);
    const authorised = events.authorised(id, 2, 31);
    await post('/api/audit/conn', authorised);
    t.clock.advance(10_000);
    await post('/api/audit/conn', authorised);
    const closed = events.close(id, 2, 31);
    await post('/api/audit/conn', closed);
    const endTime = t.clock.now;
    t.clock.advance(30_000);
    await post('/api/audit/conn', closed);
    await post('/api/audit/conn', authorised);

    const records = await connRecords(id);
    expect(records).toHaveLength(1);
    expect(records[0]?.authorized_at).toBe(endTime - 10_000);
    expect(records[0]?.end_time).toBe(endTime);
  });

  it('keeps a u64 session_id sent as a raw JSON number exact, and finds the record by it', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.new(id, 8));
    const response = await t.call('POST', '/api/audit/conn', {
      payload: `{"id":"${id}","uuid":"${UUID}","conn_id":8,"session_id":${U64_MAX},"nonce":"${randomUUID()}","peer":["${CONTROLLER}","ctl"],"type":2}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    const [record] = await connRecords(id);
    expect(record?.session_id).toBe(U64_MAX);

    const found = await active({ id, session_id: U64_MAX, conn_type: '2' });
    expect(found.json()).toBe(record?.guid);
    // One less differs only in the last digits a double would drop.
    const near = await active({ id, session_id: '18446744073709551614', conn_type: '2' });
    expect(near.json()).toBe('');
  });

  it('accepts session_id as a decimal string, and stores it without leading zeros', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.authorised(id, 1, '000123'));
    expect((await connRecords(id))[0]?.session_id).toBe('123');
  });

  it('records audits of devices the server does not know, and ignores fields it does not know', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.new(id, 1, { somethingNew: { nested: [1] }, extra: 'x' }));
    expect(await connRecords(id)).toHaveLength(1);
    const device = await t.db.selectFrom('devices').select('id').where('peer_id', '=', id).executeTakeFirst();
    expect(device).toBeUndefined();
  });
});

describe('the controller’s notes (client-api.md §10)', () => {
  it('POST /api/audit/conn with {id, session_id, note} sets the note of that session’s record', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.new(id, 1));
    await post('/api/audit/conn', events.authorised(id, 1, 4242));
    await post('/api/audit/conn', events.new(id, 2));
    await post('/api/audit/conn', events.authorised(id, 2, 4343));

    await post('/api/audit/conn', { id, session_id: 4242, note: 'fixed the printer' });
    const [first, second] = await connRecords(id);
    expect(first?.note).toBe('fixed the printer');
    expect(second?.note).toBe('');
  });

  it('a note with the u64 maximum as a raw number finds its record', async () => {
    const id = newDeviceId();
    await t.call('POST', '/api/audit/conn', {
      payload: `{"id":"${id}","conn_id":1,"session_id":${U64_MAX},"nonce":"${randomUUID()}","peer":["5","c"],"type":0}`,
    });
    const response = await t.call('POST', '/api/audit/conn', {
      payload: `{"id":"${id}","session_id":${U64_MAX},"note":"big"}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect((await connRecords(id))[0]?.note).toBe('big');
  });

  it('a note for a session nobody reported answers 404', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.new(id, 1));
    for (const sessionId of [999, 0]) {
      const response = await t.call('POST', '/api/audit/conn', {
        body: { id, session_id: sessionId, note: 'x' },
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatch(/session_id/);
    }
    expect((await connRecords(id))[0]?.note).toBe('');
  });

  it('GET /api/audit/conn/active answers the guid of the open record as a JSON string', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.new(id, 1));
    await post('/api/audit/conn', events.authorised(id, 1, 808, { type: 1 }));
    const [record] = await connRecords(id);

    const response = await active({ id, session_id: '808', conn_type: '1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toBe(JSON.stringify(record?.guid));
  });

  it('GET /api/audit/conn/active answers "" while nothing matches, so that the client asks again', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.new(id, 1));
    await post('/api/audit/conn', events.authorised(id, 1, 909, { type: 0 }));

    for (const query of [
      { id, session_id: '909', conn_type: '1' },
      { id, session_id: '910', conn_type: '0' },
      { id: newDeviceId(), session_id: '909', conn_type: '0' },
    ]) {
      const response = await active(query);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('""');
    }
    await post('/api/audit/conn', events.close(id, 1, 909));
    expect((await active({ id, session_id: '909', conn_type: '0' })).body).toBe('""');
  });

  it('PUT /api/audit sets the note of a record by its guid', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.authorised(id, 1, 31337));
    const guid = (await active({ id, session_id: '31337', conn_type: '0' })).json();

    const response = await t.call('PUT', '/api/audit', { token: session, body: { guid, note: 'done' } });
    expect(response.statusCode).toBe(200);
    expect((await connRecords(id))[0]?.note).toBe('done');
  });

  it('PUT /api/audit answers 404 for an unknown guid and 400 for a note over 1024 characters', async () => {
    const id = newDeviceId();
    await post('/api/audit/conn', events.authorised(id, 1, 7));
    const [record] = await connRecords(id);

    const unknown = await t.call('PUT', '/api/audit', {
      token: session,
      body: { guid: '01890000-0000-7000-8000-000000000000', note: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toHaveProperty('error');

    const long = await t.call('PUT', '/api/audit', {
      token: session,
      body: { guid: record?.guid, note: 'x'.repeat(1025) },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatch(/^note /);
    expect((await connRecords(id))[0]?.note).toBe('');
  });

  it('only the controlling side’s session and administrators see the open record and set its note', async () => {
    await t.app.services.settings.update({ only_admin_can_access_logs: true }, SYSTEM_ACTOR);
    const id = newDeviceId();
    await post('/api/audit/conn', events.authorised(id, 1, 4242));
    const query = { id, session_id: '4242', conn_type: '0' };
    const guid = (await active(query)).json();
    expect(guid).toMatch(/^[0-9a-f-]{36}$/);

    for (const other of [
      await clientLogin('bob', 'bob-pass', '555000111'),
      await t.login('bob', 'bob-pass'),
    ]) {
      expect((await active(query, other)).body).toBe('""');
      const put = await t.call('PUT', '/api/audit', { token: other, body: { guid, note: 'hijacked' } });
      expect(put.statusCode).toBe(403);
      expect(put.json()).toHaveProperty('error');
    }
    expect((await connRecords(id))[0]?.note).toBe('');

    const admin = await t.adminSession();
    expect((await active(query, admin)).json()).toBe(guid);
    const byAdmin = await t.call('PUT', '/api/audit', { token: admin, body: { guid, note: 'checked' } });
    expect(byAdmin.statusCode).toBe(200);
    const byController = await t.call('PUT', '/api/audit', { token: session, body: { guid, note: 'done' } });
    expect(byController.statusCode).toBe(200);
    expect((await connRecords(id))[0]?.note).toBe('done');
    await t.app.services.settings.update({ only_admin_can_access_logs: false }, SYSTEM_ACTOR);
  });

  it('GET /api/audit/conn/active and PUT /api/audit need a logged-in user', async () => {
    const noSession = await active({ id: '1', session_id: '1', conn_type: '0' }, null);
    expect(noSession.statusCode).toBe(401);
    expect(noSession.json()).toHaveProperty('error');
    const put = await t.call('PUT', '/api/audit', {
      body: { guid: '01890000-0000-7000-8000-000000000000', note: 'x' },
    });
    expect(put.statusCode).toBe(401);
    const badToken = await active({ id: '1', session_id: '1', conn_type: '0' }, 'rdcs_unknown');
    expect(badToken.statusCode).toBe(401);
  });
});

describe('POST /api/audit/file and /api/audit/alarm', () => {
  const fileInfo = {
    ip: '198.51.100.4',
    name: 'controller-box',
    num: 12,
    files: [
      ['big.iso', 4_000_000_000],
      ['notes.txt', 120],
    ],
  };

  it('stores a file transfer with its decoded info, copying ip, name and num out of it', async () => {
    const id = newDeviceId();
    await post('/api/audit/file', {
      id,
      uuid: UUID,
      peer_id: '987654321',
      conn_id: 6,
      type: 1,
      path: 'C:\\Users\\me\\Downloads',
      is_file: false,
      info: JSON.stringify(fileInfo),
      nonce: randomUUID(),
    });
    const record = await t.db
      .selectFrom('file_audits')
      .selectAll()
      .where('device_peer_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      remote_id: '987654321',
      remote_name: 'controller-box',
      conn_id: 6,
      type: 1,
      path: 'C:\\Users\\me\\Downloads',
      is_file: 0,
      ip: '198.51.100.4',
      num: 12,
      created_at: t.clock.now,
    });
    expect(JSON.parse(record.info)).toEqual(fileInfo);
  });

  it('stores a printer job with only the fields a client must send', async () => {
    const id = newDeviceId();
    await post('/api/audit/file', { id, type: 0, info: '{}', path: 'Remote print', is_file: true });
    const record = await t.db
      .selectFrom('file_audits')
      .selectAll()
      .where('device_peer_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ remote_id: '', remote_name: '', ip: '', num: 0, is_file: 1, info: '{}' });
  });

  it('stores an alarm with its decoded info, including kinds newer than this server', async () => {
    const id = newDeviceId();
    const info = { ip: '203.0.113.9', id: '55', name: 'intruder' };
    await post('/api/audit/alarm', {
      id,
      uuid: UUID,
      typ: 2,
      info: JSON.stringify(info),
      conn_id: 3,
      nonce: randomUUID(),
    });
    await post('/api/audit/alarm', {
      id,
      typ: 10,
      info: JSON.stringify(info),
      conn_id: 4,
      conn_audit_ref: 'ref-9',
      nonce: randomUUID(),
    });
    await post('/api/audit/alarm', { id, typ: 42, info: '{"ip":"203.0.113.10"}', nonce: randomUUID() });

    const records = await t.db
      .selectFrom('alarm_audits')
      .selectAll()
      .where('device_peer_id', '=', id)
      .orderBy('id')
      .execute();
    expect(records.map((r) => [r.typ, r.conn_id, r.conn_audit_ref, r.ip])).toEqual([
      [2, 3, '', '203.0.113.9'],
      [10, 4, 'ref-9', '203.0.113.9'],
      [42, 0, '', '203.0.113.10'],
    ]);
    expect(JSON.parse(records[0]?.info ?? '')).toEqual(info);
  });

  it('stores a retried file or alarm record once', async () => {
    const id = newDeviceId();
    const file = { id, type: 0, info: JSON.stringify(fileInfo), nonce: randomUUID() };
    const alarm = { id, typ: 1, info: '{"ip":"203.0.113.9"}', nonce: randomUUID() };
    for (let attempt = 0; attempt < 3; attempt++) {
      await post('/api/audit/file', file);
      await post('/api/audit/alarm', alarm);
    }
    const files = await t.db
      .selectFrom('file_audits')
      .select('id')
      .where('device_peer_id', '=', id)
      .execute();
    const alarms = await t.db
      .selectFrom('alarm_audits')
      .select('id')
      .where('device_peer_id', '=', id)
      .execute();
    expect(files).toHaveLength(1);
    expect(alarms).toHaveLength(1);
  });
});

describe('nonce housekeeping', () => {
  it('purgeNonces forgets nonces older than the given age, and only those', async () => {
    const id = newDeviceId();
    const old = { id, typ: 1, info: '{}', nonce: randomUUID() };
    await post('/api/audit/alarm', old);
    t.clock.advance(DAY_MS + 1);
    const recent = { id, typ: 1, info: '{}', nonce: randomUUID() };
    await post('/api/audit/alarm', recent);

    expect(await t.app.services.audits.purgeNonces(DAY_MS)).toBeGreaterThanOrEqual(1);
    const left = await t.db
      .selectFrom('audit_nonces')
      .select('nonce')
      .where('nonce', 'in', [old.nonce, recent.nonce])
      .execute();
    expect(left.map((row) => row.nonce)).toEqual([recent.nonce]);
    expect(await t.app.services.audits.purgeNonces(DAY_MS)).toBe(0);
  });
});

describe('bad input is a 400 that names the field, never a 500', () => {
  const id = '400400400';
  const nonce = '6f1c2d3e-0000-4000-8000-000000000000';

  it.each([
    ['conn: no id', '/api/audit/conn', { conn_id: 1, session_id: 0, action: 'new' }, /^id is required/],
    ['conn: id a number', '/api/audit/conn', { id: 5, conn_id: 1, session_id: 0, action: 'new' }, /^id /],
    [
      'conn: id too long',
      '/api/audit/conn',
      { id: 'x'.repeat(65), conn_id: 1, session_id: 0, action: 'new' },
      /^id /,
    ],
    [
      'conn: id only NUL',
      '/api/audit/conn',
      { id: '\u0000', conn_id: 1, session_id: 0, action: 'new' },
      /^id /,
    ],
    ['conn: no conn_id', '/api/audit/conn', { id, session_id: 0, action: 'new' }, /^conn_id is required/],
    [
      'conn: conn_id a string',
      '/api/audit/conn',
      { id, conn_id: '1', session_id: 0, action: 'new' },
      /^conn_id /,
    ],
    [
      'conn: conn_id a float',
      '/api/audit/conn',
      { id, conn_id: 1.5, session_id: 0, action: 'new' },
      /^conn_id /,
    ],
    [
      'conn: no session_id',
      '/api/audit/conn',
      { id, conn_id: 1, action: 'close' },
      /^session_id is required/,
    ],
    [
      'conn: session_id negative',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: -1, action: 'close' },
      /^session_id /,
    ],
    [
      'conn: session_id true',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: true, action: 'close' },
      /^session_id /,
    ],
    [
      'conn: session_id text',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: '12a', action: 'close' },
      /^session_id /,
    ],
    [
      'conn: session_id over u64',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: '18446744073709551616', action: 'close' },
      /^session_id /,
    ],
    [
      'conn: unknown action',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: 0, action: 'open' },
      /^action /,
    ],
    [
      'conn: nonce a number',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: 0, action: 'new', nonce: 5 },
      /^nonce /,
    ],
    [
      'conn: nonce too long',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: 0, action: 'new', nonce: 'n'.repeat(129) },
      /^nonce /,
    ],
    [
      'conn: authorised without peer',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: 3, type: 0 },
      /^peer is required/,
    ],
    [
      'conn: authorised without type',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: 3, peer: ['1', 'a'] },
      /^type is required/,
    ],
    [
      'conn: peer a string',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: 3, peer: '1', type: 0 },
      /^peer /,
    ],
    [
      'conn: type out of range',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: 3, peer: ['1', 'a'], type: 5 },
      /^type /,
    ],
    [
      'conn: primary_auth out of range',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: 3, peer: ['1', 'a'], type: 0, primary_auth: 9 },
      /^primary_auth /,
    ],
    [
      'conn: two_factor a string',
      '/api/audit/conn',
      { id, conn_id: 1, session_id: 3, peer: ['1', 'a'], type: 0, two_factor: '1' },
      /^two_factor /,
    ],
    ['conn: note a number', '/api/audit/conn', { id, session_id: 3, note: 5 }, /^note /],
    ['conn: note without session_id', '/api/audit/conn', { id, note: 'x' }, /^session_id is required/],
    ['conn: note too long', '/api/audit/conn', { id, session_id: 3, note: 'x'.repeat(1025) }, /^note /],
    ['conn: an array', '/api/audit/conn', [1, 2], /^request body /],
    ['file: no info', '/api/audit/file', { id, type: 0, nonce }, /^info is required/],
    ['file: info not JSON', '/api/audit/file', { id, type: 0, info: '{ip:', nonce }, /^info /],
    ['file: info an object', '/api/audit/file', { id, type: 0, info: { ip: '1' }, nonce }, /^info /],
    ['file: info a JSON array', '/api/audit/file', { id, type: 0, info: '[1]', nonce }, /^info /],
    ['file: info JSON null', '/api/audit/file', { id, type: 0, info: 'null', nonce }, /^info /],
    ['file: no type', '/api/audit/file', { id, info: '{}', nonce }, /^type is required/],
    ['file: type out of range', '/api/audit/file', { id, type: 2, info: '{}', nonce }, /^type /],
    ['file: is_file a number', '/api/audit/file', { id, type: 0, info: '{}', is_file: 1 }, /^is_file /],
    ['file: conn_id a string', '/api/audit/file', { id, type: 0, info: '{}', conn_id: 'a' }, /^conn_id /],
    ['file: no id', '/api/audit/file', { type: 0, info: '{}' }, /^id is required/],
    ['alarm: no typ', '/api/audit/alarm', { id, info: '{}', nonce }, /^typ is required/],
    ['alarm: negative typ', '/api/audit/alarm', { id, typ: -1, info: '{}', nonce }, /^typ /],
    ['alarm: typ a string', '/api/audit/alarm', { id, typ: '1', info: '{}', nonce }, /^typ /],
    ['alarm: info not JSON', '/api/audit/alarm', { id, typ: 1, info: 'not json', nonce }, /^info /],
    ['alarm: no info', '/api/audit/alarm', { id, typ: 1, nonce }, /^info is required/],
  ])('%s', async (_case, url, body, message) => {
    const response = await t.call('POST', url, { body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(message);
  });

  it.each([
    ['a float session_id', `{"id":"${id}","conn_id":1,"session_id":1.5,"action":"close"}`],
    ['an exponent session_id', `{"id":"${id}","conn_id":1,"session_id":1e3,"action":"close"}`],
    ['broken JSON', '{"id":'],
  ])('POST /api/audit/conn with %s answers 400', async (_case, payload) => {
    const response = await t.call('POST', '/api/audit/conn', { payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toHaveProperty('error');
  });

  it('stores nothing for a rejected post', async () => {
    const before = await t.db
      .selectFrom('conn_audits')
      .select('id')
      .where('device_peer_id', '=', id)
      .execute();
    expect(before).toHaveLength(0);
  });

  it.each([
    ['no id', { session_id: '1', conn_type: '0' }, /^id is required/],
    ['no session_id', { id: '1', conn_type: '0' }, /session_id/],
    ['a non-digit session_id', { id: '1', session_id: '12x', conn_type: '0' }, /session_id/],
    ['a negative session_id', { id: '1', session_id: '-1', conn_type: '0' }, /session_id/],
    ['a session_id over u64', { id: '1', session_id: '99999999999999999999', conn_type: '0' }, /session_id/],
    ['a conn_type out of range', { id: '1', session_id: '1', conn_type: '5' }, /conn_type/],
    ['a conn_type that is text', { id: '1', session_id: '1', conn_type: 'remote' }, /conn_type/],
    ['no conn_type', { id: '1', session_id: '1' }, /conn_type/],
  ])('GET /api/audit/conn/active with %s answers 400', async (_case, query, message) => {
    const response = await active(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(message);
  });

  it.each([
    ['no guid', { note: 'x' }, /^guid is required/],
    ['a guid that is not a UUID', { guid: 'abc', note: 'x' }, /^guid /],
    ['no note', { guid: '01890000-0000-7000-8000-000000000000' }, /^note is required/],
    ['a note that is a number', { guid: '01890000-0000-7000-8000-000000000000', note: 1 }, /^note /],
  ])('PUT /api/audit with %s answers 400', async (_case, body, message) => {
    const response = await t.call('PUT', '/api/audit', { token: session, body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(message);
  });

  it('NUL characters in text fields do not break the database', async () => {
    const nulId = `${newDeviceId()}\u0000`;
    await post('/api/audit/conn', events.new(nulId, 1, { ip: 'a\u0000b', nonce: `n\u0000${randomUUID()}` }));
    await post('/api/audit/conn', events.authorised(nulId, 1, 1, { peer: ['\u0000', 'x\u0000'] }));
    await post('/api/audit/file', { id: nulId, type: 0, path: '\u0000', info: '{"name":"\\u0000x"}' });
    await post('/api/audit/conn', { id: nulId, session_id: 1, note: '\u0000note' });
    const records = await connRecords(nulId.replace('\u0000', ''));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ ip: 'ab', remote_name: 'x', note: 'note' });
    // The controller's ID was all NULs, so only an administrator reaches the record.
    const lookup = await active({ id: nulId, session_id: '1', conn_type: '0' }, await t.adminSession());
    expect(lookup.json()).toBe(records[0]?.guid);
  });
});
