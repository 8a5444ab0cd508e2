import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { DAY_MS } from '../../src/lib/clock.js';
import { heartbeatBody } from '../helpers/client.js';
import { createDevice, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** A CSV time: ISO 8601 UTC to the second, with the zone. */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** audits.py's `--days-ago` value in the docs' example (admin-api.md §7.1) is this instant, in UTC. */
const CUTOFF = Date.UTC(2025, 8, 9, 6, 15, 57);
const CUTOFF_TEXT = '2025-09-09 06:15:57.000';
const seconds = (ms: number) => Math.floor(ms / 1000);

const ALICE_DEVICE = '111111111';
const BOB_DEVICE = '222222222';
const UNREGISTERED = '333333333';
const U64 = '18446744073709551615';

let t: TestApp;
let admin: string;
let alice: string;
let aliceId: number;

/** The device-side events of one connection (client-api.md §4.4), posted as a RustDesk client does. */
async function connection(
  device: string,
  connId: number,
  options: {
    remote?: [string, string];
    type?: number;
    primaryAuth?: number;
    twoFactor?: number;
    sessionId?: string;
    close?: boolean;
  } = {},
): Promise<string> {
  const base = { id: device, uuid: `uuid-${device}`, conn_id: connId };
  const sessionId = options.sessionId ?? '0';
  await post('/api/audit/conn', {
    ...base,
    session_id: 0,
    nonce: randomUUID(),
    ip: '192.0.2.7',
    action: 'new',
  });
  if (options.remote) {
    await post('/api/audit/conn', {
      ...base,
      session_id: sessionId,
      nonce: randomUUID(),
      peer: options.remote,
      type: options.type ?? 0,
      ...(options.primaryAuth ? { primary_auth: options.primaryAuth } : {}),
      ...(options.twoFactor ? { two_factor: options.twoFactor } : {}),
    });
  }
  if (options.close) {
    await post('/api/audit/conn', { ...base, session_id: sessionId, nonce: randomUUID(), action: 'close' });
  }
  const row = await t.db
    .selectFrom('conn_audits')
    .select('guid')
    .where('device_peer_id', '=', device)
    .where('conn_id', '=', connId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.guid;
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await t.call('POST', url, { body });
  expect(response.statusCode, response.body).toBe(200);
}

function fileTransfer(device: string, remote: string, info: Record<string, unknown>) {
  return post('/api/audit/file', {
    id: device,
    uuid: `uuid-${device}`,
    peer_id: remote,
    conn_id: 1,
    type: 1,
    path: 'C:\\Users\\alice\\Desktop',
    is_file: false,
    info: JSON.stringify(info),
    nonce: randomUUID(),
  });
}

function alarm(device: string, typ: number, info: Record<string, unknown>) {
  return post('/api/audit/alarm', {
    id: device,
    uuid: `uuid-${device}`,
    typ,
    info: JSON.stringify(info),
    conn_id: 2,
    nonce: randomUUID(),
  });
}

function list(kind: string, token: string, query: Record<string, string> = {}) {
  return t.call('GET', `/api/audits/${kind}`, { token, query });
}

async function page(kind: string, token: string, query: Record<string, string> = {}) {
  const response = await list(kind, token, query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { total: number; data: Array<Record<string, unknown>> };
}

function heartbeat(device: string, conns: number[] = []) {
  return t.call('POST', '/api/heartbeat', { body: heartbeatBody(device, conns.length ? { conns } : {}) });
}

async function latestConsoleRecord() {
  return t.db
    .selectFrom('console_audits')
    .select(['operator', 'typ', 'iop', 'detail'])
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

const guids: Record<'old' | 'live' | 'refused' | 'unregistered', string> = {
  old: '',
  live: '',
  refused: '',
  unregistered: '',
};

beforeAll(async () => {
  t = await startTestApp();
  // Everything, logins included, happens on the timeline of the records below.
  t.clock.now = CUTOFF - 2 * DAY_MS;
  admin = await t.adminSession();
  aliceId = await createUser(t.db, { name: 'alice', password: 'alice-pass' });
  const bobId = await createUser(t.db, { name: 'bob', password: 'bob-pass' });
  alice = await t.login('alice', 'alice-pass');
  await createDevice(t.db, { peerId: ALICE_DEVICE, userId: aliceId, hostname: 'pc-alice' });
  await t.db
    .updateTable('devices')
    .set({ device_name: 'Alice Laptop' })
    .where('peer_id', '=', ALICE_DEVICE)
    .execute();
  await createDevice(t.db, { peerId: BOB_DEVICE, userId: bobId, hostname: 'pc-bob' });

  // A day before the cut-off: one finished connection, a transfer and an alarm on alice's device.
  t.clock.now = CUTOFF - DAY_MS;
  guids.old = await connection(ALICE_DEVICE, 1, {
    remote: ['123456789', 'helpdesk'],
    type: 0,
    primaryAuth: 2,
    sessionId: '5550001',
    close: true,
  });
  await fileTransfer(ALICE_DEVICE, '123456789', { ip: '192.0.2.7', name: 'helpdesk', num: 1, files: [] });
  await alarm(ALICE_DEVICE, 1, { ip: '198.51.100.4', id: '66666', name: 'guesser' });

  // After the cut-off: a live connection on alice's device, a refused one on bob's, one on a device
  // the server does not know.
  t.clock.now = CUTOFF + 10_000;
  guids.live = await connection(ALICE_DEVICE, 7, {
    remote: ['987654321', 'support-box'],
    type: 1,
    primaryAuth: 3,
    twoFactor: 1,
    sessionId: U64,
  });
  t.clock.now = CUTOFF + 20_000;
  guids.refused = await connection(BOB_DEVICE, 3, { close: true });
  t.clock.now = CUTOFF + 30_000;
  guids.unregistered = await connection(UNREGISTERED, 9, { remote: ['1234', 'x'], type: 4 });
  await fileTransfer(BOB_DEVICE, '987654321', {
    ip: '192.0.2.9',
    name: 'support-box',
    num: 12,
    files: [['big.iso', 4_000_000_000], ['notes.txt', 12], ['broken']],
  });
  await alarm(BOB_DEVICE, 9, {
    ip: '192.0.2.9',
    id: '987654321',
    name: 'support-box',
    conn_type: 'file_transfer',
  });
  await alarm(UNREGISTERED, 0, { ip: '203.0.113.5' });
  t.clock.now = CUTOFF + 40_000;
});
afterAll(() => t.close());

describe('audits.py views, exactly as sent (admin-api.md §7.1)', () => {
  it('view-conn: one page, newest first, {data, total}', async () => {
    const body = await page('conn', admin, { pageSize: '10', current: '1' });
    expect(body.total).toBe(4);
    expect(body.data.map((row) => row.guid)).toEqual([
      guids.unregistered,
      guids.refused,
      guids.live,
      guids.old,
    ]);
  });

  it('view-conn --remote 111: the fuzzy-wrapped ID of the controlled device (rustdesk-server-pro#499)', async () => {
    const body = await page('conn', admin, { pageSize: '10', current: '1', remote: '%111%' });
    expect(body.data.map((row) => row.guid)).toEqual([guids.live, guids.old]);
    expect(body.data.every((row) => row.id === ALICE_DEVICE)).toBe(true);
    expect(body.total).toBe(2);
    // The device's exact ID, as `audits.py view-conn --remote <its ID>` sends it.
    expect((await page('conn', admin, { remote: `%${BOB_DEVICE}%` })).data.map((r) => r.guid)).toEqual([
      guids.refused,
    ]);
    // Controllers' IDs are not what --remote means.
    expect(await page('conn', admin, { remote: '%123%' })).toEqual({ data: [], total: 0 });
  });

  it('view-conn --conn-type 0: an exact code; records without a type never match it', async () => {
    const body = await page('conn', admin, { pageSize: '10', current: '1', conn_type: '0' });
    expect(body.data.map((row) => row.guid)).toEqual([guids.old]);
  });

  it('view-conn --days-ago: created_at is a UTC time, records at or after it', async () => {
    const body = await page('conn', admin, { pageSize: '10', current: '1', created_at: CUTOFF_TEXT });
    expect(body.data.map((row) => row.guid)).toEqual([guids.unregistered, guids.refused, guids.live]);
    // requests' urlencode turns the space into "+", which must read as a space.
    const raw = await t.call(
      'GET',
      '/api/audits/conn?pageSize=10&current=1&remote=%25111%25&created_at=2025-09-09+06%3A15%3A57.000',
      { token: admin },
    );
    expect(raw.statusCode, raw.body).toBe(200);
    expect(raw.json().data.map((row: { guid: string }) => row.guid)).toEqual([guids.live]);
  });

  it('created_at without milliseconds, and to the millisecond', async () => {
    expect((await page('conn', admin, { created_at: '2025-09-09 06:16:07' })).total).toBe(3);
    expect((await page('conn', admin, { created_at: '2025-09-09 06:16:07.001' })).total).toBe(2);
  });

  it('view-file --remote 111: the controlled device', async () => {
    const body = await page('file', admin, { pageSize: '10', current: '1', remote: '%111%' });
    expect(body.total).toBe(1);
    expect(body.data[0]).toMatchObject({ id: ALICE_DEVICE, remote_id: '123456789' });
    expect((await page('file', admin, { remote: BOB_DEVICE })).data[0]).toMatchObject({ id: BOB_DEVICE });
    expect((await page('file', admin, { remote: '%123%' })).total).toBe(0);
  });

  it('view-alarm --device 111: the device id', async () => {
    const body = await page('alarm', admin, { pageSize: '10', current: '1', device: '%111%' });
    expect(body.total).toBe(1);
    expect(body.data[0]).toMatchObject({ id: ALICE_DEVICE, typ: 1 });
  });

  it('view-console --operator admin', async () => {
    await t.call('PATCH', `/api/audits/conn/${guids.old}`, { token: admin, body: { note: 'reviewed' } });
    const body = await page('console', admin, { pageSize: '10', current: '1', operator: '%admin%' });
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.data[0]).toEqual({
      guid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      operator: 'admin',
      typ: 2,
      iop: 12,
      detail: `connection note: ${ALICE_DEVICE}`,
      ip: '127.0.0.1',
      created_at: seconds(t.clock.now),
    });
    const nobody = await page('console', admin, { pageSize: '10', current: '1', operator: '%nobody%' });
    expect(nobody).toEqual({ data: [], total: 0 });
  });
});

describe('the rows', () => {
  it('a connection: names of its device and user, codes, the exact session id, times in epoch seconds', async () => {
    const body = await page('conn', admin, { device: ALICE_DEVICE, conn_type: '1' });
    expect(body.data).toEqual([
      {
        guid: guids.live,
        id: ALICE_DEVICE,
        device_name: 'Alice Laptop',
        user_name: 'alice',
        remote_id: '987654321',
        remote_name: 'support-box',
        ip: '192.0.2.7',
        conn_type: 1,
        primary_auth: 3,
        two_factor: 1,
        session_id: U64,
        note: '',
        created_at: seconds(CUTOFF + 10_000),
        end_time: null,
        online: false,
      },
    ]);
  });

  it('a connection that never authorised has no conn_type key at all ("Not Logged In")', async () => {
    const body = await page('conn', admin, { device: BOB_DEVICE });
    const [row] = body.data;
    expect(row).toBeDefined();
    expect(row && 'conn_type' in row).toBe(false);
    expect(row).toMatchObject({
      guid: guids.refused,
      device_name: 'pc-bob',
      user_name: 'bob',
      remote_id: '',
      primary_auth: null,
      two_factor: null,
      session_id: '0',
      created_at: seconds(CUTOFF + 20_000),
      end_time: seconds(CUTOFF + 20_000),
      online: false,
    });
  });

  it('a device the server does not know has an empty name and user', async () => {
    const [row] = (await page('conn', admin, { device: UNREGISTERED })).data;
    expect(row).toMatchObject({ id: UNREGISTERED, device_name: '', user_name: '', conn_type: 4 });
  });

  it('a file transfer: direction, counts and the largest files from its info', async () => {
    const body = await page('file', admin, { device: BOB_DEVICE });
    expect(body.data).toEqual([
      {
        guid: expect.any(String),
        id: BOB_DEVICE,
        device_name: 'pc-bob',
        remote_id: '987654321',
        remote_name: 'support-box',
        ip: '192.0.2.9',
        type: 1,
        path: 'C:\\Users\\alice\\Desktop',
        is_file: false,
        num: 12,
        files: [
          ['big.iso', 4_000_000_000],
          ['notes.txt', 12],
        ],
        created_at: seconds(CUTOFF + 30_000),
      },
    ]);
  });

  it('an alarm: its type code and what the device reported, as an object', async () => {
    const body = await page('alarm', admin, { pageSize: '10', current: '1' });
    expect(body.total).toBe(3);
    expect(body.data[0]).toEqual({
      guid: expect.any(String),
      id: UNREGISTERED,
      device_name: '',
      typ: 0,
      ip: '203.0.113.5',
      info: { ip: '203.0.113.5' },
      created_at: seconds(CUTOFF + 30_000),
    });
    expect(body.data[1]).toMatchObject({
      id: BOB_DEVICE,
      typ: 9,
      info: { ip: '192.0.2.9', id: '987654321', name: 'support-box', conn_type: 'file_transfer' },
    });
    expect(body.data[2]).toMatchObject({ id: ALICE_DEVICE, created_at: seconds(CUTOFF - DAY_MS) });
  });
});

describe('the console’s filters and paging', () => {
  it('device name: the console name, else the hostname', async () => {
    expect((await page('conn', admin, { device_name: '%laptop%' })).total).toBe(2);
    expect((await page('conn', admin, { device_name: '%pc-alice%' })).total).toBe(0);
    expect((await page('conn', admin, { device_name: 'PC-BOB' })).total).toBe(1);
    expect((await page('file', admin, { device_name: '%bob%' })).total).toBe(1);
    expect((await page('alarm', admin, { device_name: '-' })).data.map((r) => r.id)).toEqual([UNREGISTERED]);
  });

  it('user name, device id and address', async () => {
    expect((await page('conn', admin, { user_name: 'alice' })).total).toBe(2);
    expect((await page('conn', admin, { user_name: '-' })).data.map((r) => r.id)).toEqual([UNREGISTERED]);
    expect((await page('alarm', admin, { user_name: '%bo%' })).total).toBe(1);
    expect((await page('file', admin, { device: '%2222%' })).total).toBe(1);
    expect((await page('conn', admin, { ip: '192.0.2.7' })).total).toBe(4);
    expect((await page('alarm', admin, { ip: '%198.51%' })).total).toBe(1);
  });

  it('a time range in epoch seconds, both ends included, together with created_at', async () => {
    const from = String(seconds(CUTOFF + 10_000));
    const to = String(seconds(CUTOFF + 20_000));
    const body = await page('conn', admin, { from, to });
    expect(body.data.map((r) => r.guid)).toEqual([guids.refused, guids.live]);
    expect((await page('conn', admin, { to: String(seconds(CUTOFF)) })).total).toBe(1);
    expect((await page('conn', admin, { from, created_at: '2025-09-09 06:16:17.000' })).total).toBe(2);
  });

  it('the console log by area and operation code', async () => {
    await t.call('PATCH', `/api/audits/conn/${guids.old}`, { token: admin, body: { note: 'again' } });
    const body = await page('console', admin, { typ: '2', iop: '12' });
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.data.every((r) => r.typ === 2 && r.iop === 12)).toBe(true);
    expect((await page('console', admin, { typ: '3' })).total).toBe(0);
    const tokens = await page('console', admin, { typ: '6', iop: '28' });
    expect(tokens.data.every((r) => r.typ === 6 && r.iop === 28)).toBe(true);
  });

  it('pages: current is 1-based, and a page past the end is empty', async () => {
    const second = await page('conn', admin, { pageSize: '3', current: '2' });
    expect(second).toMatchObject({ total: 4 });
    expect(second.data.map((r) => r.guid)).toEqual([guids.old]);
    expect(await page('conn', admin, { pageSize: '3', current: '3' })).toEqual({ data: [], total: 4 });
    expect((await page('conn', admin)).data).toHaveLength(4);
  });
});

describe('which side a filter means: remote and device the controlled device, peer the controlling side', () => {
  it('peer: the controlling side’s ID or name, % the wildcard, case ignored', async () => {
    const ids = async (kind: string, query: Record<string, string>) =>
      (await page(kind, admin, query)).data.map((row) => row.guid);
    expect(await ids('conn', { peer: '%123%' })).toEqual([guids.unregistered, guids.old]);
    expect(await ids('conn', { peer: '987654321' })).toEqual([guids.live]);
    expect(await ids('conn', { peer: 'HELPDESK' })).toEqual([guids.old]);
    expect(await ids('conn', { peer: 'support%' })).toEqual([guids.live]);
    // Without a wildcard a value matches exactly, not a part.
    expect(await ids('conn', { peer: '1234567' })).toEqual([]);
    // "-": no controlling side is known, the connection never authorised.
    expect(await ids('conn', { peer: '-' })).toEqual([guids.refused]);

    const files = await page('file', admin, { peer: '%support%' });
    expect(files.data.map((row) => [row.id, row.remote_id])).toEqual([[BOB_DEVICE, '987654321']]);
    expect((await page('file', admin, { peer: '123456789' })).data.map((row) => row.id)).toEqual([
      ALICE_DEVICE,
    ]);
    expect((await page('file', admin, { peer: '-' })).total).toBe(0);
  });

  it('peer, remote and device combine, and a non-administrator stays within their devices', async () => {
    expect(
      (await page('conn', admin, { remote: ALICE_DEVICE, peer: '%987%' })).data.map((r) => r.guid),
    ).toEqual([guids.live]);
    expect((await page('conn', admin, { remote: BOB_DEVICE, peer: '%987%' })).total).toBe(0);
    expect((await page('conn', admin, { remote: ALICE_DEVICE, device: BOB_DEVICE })).total).toBe(0);
    expect((await page('file', admin, { remote: BOB_DEVICE, peer: 'support-box' })).total).toBe(1);
    // The controller "1234" reached a device that is not alice's.
    expect((await page('conn', alice, { peer: '1234' })).total).toBe(0);
    expect((await page('conn', alice, { peer: '%123%' })).data.map((r) => r.guid)).toEqual([guids.old]);
  });

  it('the CSV export filters the same way', async () => {
    const lines = (query: Record<string, string>) =>
      list('conn', admin, { ...query, format: 'csv' }).then((r) => r.body.trim().split('\r\n').slice(1));
    const byDevice = await lines({ remote: ALICE_DEVICE });
    expect(byDevice).toHaveLength(2);
    expect(byDevice.every((line) => line.startsWith(`${ALICE_DEVICE},`))).toBe(true);
    const byController = await lines({ peer: 'helpdesk' });
    expect(byController).toHaveLength(1);
    expect(byController[0]).toContain(',123456789,helpdesk,');
    const files = (await list('file', admin, { format: 'csv', peer: '%987%' })).body.trim().split('\r\n');
    expect(files.slice(1)).toEqual([expect.stringMatching(new RegExp(`^${BOB_DEVICE},pc-bob,987654321,`))]);
  });

  it('the OpenAPI document says which side each filter and field is', async () => {
    const document = (await t.call('GET', '/api/openapi.json')).json() as {
      paths: Record<
        string,
        {
          get: {
            parameters: Array<{ name: string; description?: string }>;
            responses: Record<string, { content: Record<string, { schema: unknown }> }>;
          };
        }
      >;
    };
    for (const kind of ['conn', 'file']) {
      const operation = document.paths[`/api/audits/${kind}`]?.get;
      const described = (name: string) =>
        operation?.parameters.find((parameter) => parameter.name === name)?.description ?? '';
      expect(described('remote'), kind).toMatch(/controlled device/);
      expect(described('remote'), kind).toMatch(/audits\.py/);
      expect(described('device'), kind).toMatch(/controlled device/);
      expect(described('peer'), kind).toMatch(/controlling side.*ID or name/);
      expect(described('ip'), kind).toMatch(/controlling side/);
      const schema = JSON.stringify(operation?.responses['200']?.content['application/json']?.schema);
      expect(schema).toMatch(/"remote_id":\{[^}]*controlling side/);
      expect(schema).toMatch(/"remote_name":\{[^}]*controlling side/);
    }
  });
});

describe('CSV exports (?format=csv)', () => {
  const csvLines = (body: string) =>
    body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');

  it('connections: every page of the filter, codes named, times ISO UTC', async () => {
    const response = await list('conn', admin, { format: 'csv', pageSize: '1', current: '3' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="connection-log\.csv"/);
    const lines = csvLines(response.body);
    expect(lines[0]).toBe(
      'Controlled Device ID,Controlled Device Name,Device User,Controlling Side ID,Controlling Side Name,Controlling Side IP,Type,Primary Auth,2FA,Session ID,Note,Start Time,End Time',
    );
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(`${UNREGISTERED},,,1234,x,192.0.2.7,Terminal,,,0,,${isoSeconds(CUTOFF + 30_000)},`);
    expect(lines[2]).toContain('Not Logged In');
    expect(lines[3]).toContain(`File Transfer,Permanent Password,2FA Code,${U64}`);
    expect(lines[4]).toContain('Remote Desktop,One-time Password');

    const filtered = csvLines((await list('conn', admin, { format: 'csv', created_at: CUTOFF_TEXT })).body);
    expect(filtered).toHaveLength(4);
  });

  it('files, alarms and the console log', async () => {
    const files = csvLines((await list('file', admin, { format: 'csv' })).body);
    expect(files[0]).toBe(
      'Controlled Device ID,Controlled Device Name,Controlling Side ID,Controlling Side Name,Controlling Side IP,Direction,Path,Single File,Files,Time',
    );
    expect(files).toHaveLength(3);
    expect(files[1]).toContain('Controlling side to controlled device');
    const alarms = csvLines((await list('alarm', admin, { format: 'csv', device: BOB_DEVICE })).body);
    expect(alarms[0]).toBe('Target Device ID,Target Device Name,Type,From ID,From Name,From IP,Detail,Time');
    expect(alarms).toHaveLength(2);
    expect(alarms[1]).toContain(',Session scope violation,987654321,support-box,192.0.2.9,');
    expect(alarms[1]).toContain(`,${isoSeconds(CUTOFF + 30_000)}`);

    await t.call('PATCH', `/api/audits/conn/${guids.old}`, { token: admin, body: { note: 'csv' } });
    const console = csvLines((await list('console', admin, { format: 'csv', typ: '2' })).body);
    expect(console[0]).toBe('Operator,Type,Operation,Detail,IP,Time');
    expect(console[1]).toBe(
      `admin,Device Management,Update Device,connection note: ${ALICE_DEVICE},127.0.0.1,${isoSeconds(t.clock.now)}`,
    );
  });

  it('an export follows the caller’s visibility', async () => {
    const lines = csvLines((await list('conn', alice, { format: 'csv' })).body);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((line) => line.startsWith(`${ALICE_DEVICE},`))).toBe(true);
  });
});

describe('POST /api/audits/conn/{guid}/disconnect', () => {
  it('ends a live connection through the device’s next heartbeat, and records it', async () => {
    expect((await heartbeat(ALICE_DEVICE, [7])).statusCode).toBe(200);
    const [row] = (await page('conn', admin, { device: ALICE_DEVICE, conn_type: '1' })).data;
    expect(row?.online).toBe(true);
    expect((await page('conn', admin, { device: ALICE_DEVICE, conn_type: '0' })).data[0]?.online).toBe(false);

    const response = await t.call('POST', `/api/audits/conn/${guids.live}/disconnect`, { token: admin });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({});
    expect(await latestConsoleRecord()).toEqual({
      operator: 'admin',
      typ: 2,
      iop: 5,
      detail: `connection: ${ALICE_DEVICE} from 987654321`,
    });

    const next = await heartbeat(ALICE_DEVICE, [7]);
    expect(next.json().disconnect).toEqual([7]);
    expect((await heartbeat(ALICE_DEVICE, [7])).json().disconnect).toBeUndefined();
  });

  it('refuses a connection that already ended (400), one its device does not report (400), an unknown guid (404)', async () => {
    const ended = await t.call('POST', `/api/audits/conn/${guids.old}/disconnect`, { token: admin });
    expect(ended.statusCode).toBe(400);
    expect(ended.json()).toEqual({ error: 'This connection has already ended', code: 'connection_ended' });

    const notLive = await t.call('POST', `/api/audits/conn/${guids.unregistered}/disconnect`, {
      token: admin,
    });
    expect(notLive.statusCode).toBe(400);
    expect(notLive.json().error).toMatch(/not live/);

    const unknown = await t.call('POST', `/api/audits/conn/${randomUUID()}/disconnect`, { token: admin });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'Connection record not found', code: 'connection_not_found' });

    const bad = await t.call('POST', '/api/audits/conn/not-a-guid/disconnect', { token: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/guid/);
  });

  it('a device that went offline: its connection is no longer live', async () => {
    await heartbeat(ALICE_DEVICE, [7]);
    t.clock.advance(60_000);
    expect((await page('conn', admin, { device: ALICE_DEVICE, conn_type: '1' })).data[0]?.online).toBe(false);
    const response = await t.call('POST', `/api/audits/conn/${guids.live}/disconnect`, { token: admin });
    expect(response.statusCode).toBe(400);
  });

  it('an open record superseded by a newer one of the same conn id (the device restarted) is not live', async () => {
    const device = '444444444';
    await createDevice(t.db, { peerId: device });
    const stale = await connection(device, 2, { remote: ['5', 'a'] });
    const fresh = await connection(device, 2, { remote: ['6', 'b'] });
    await heartbeat(device, [2]);
    const rows = (await page('conn', admin, { device })).data;
    expect(rows.map((r) => [r.guid, r.online])).toEqual([
      [fresh, true],
      [stale, false],
    ]);
    expect((await t.call('POST', `/api/audits/conn/${stale}/disconnect`, { token: admin })).statusCode).toBe(
      400,
    );
  });
});

describe('PATCH /api/audits/conn/{guid}', () => {
  it('edits the note and records it', async () => {
    const response = await t.call('PATCH', `/api/audits/conn/${guids.refused}`, {
      token: admin,
      body: { note: 'who was this?', extra: 'ignored' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({});
    expect((await page('conn', admin, { device: BOB_DEVICE })).data[0]?.note).toBe('who was this?');
    expect(await latestConsoleRecord()).toEqual({
      operator: 'admin',
      typ: 2,
      iop: 12,
      detail: `connection note: ${BOB_DEVICE}`,
    });
  });

  it('bad input: 400 naming the field; an unknown guid: 404', async () => {
    const url = `/api/audits/conn/${guids.refused}`;
    const cases: Array<[unknown, RegExp]> = [
      [{}, /note is required/],
      [{ note: 42 }, /note/],
      [{ note: 'x'.repeat(1025) }, /note/],
      [['note'], /request body/],
    ];
    for (const [body, message] of cases) {
      const response = await t.call('PATCH', url, { token: admin, body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error).toMatch(message);
    }
    const malformed = await t.call('PATCH', url, { token: admin, payload: '{"note":' });
    expect(malformed.statusCode).toBe(400);
    const badGuid = await t.call('PATCH', '/api/audits/conn/123', { token: admin, body: { note: 'x' } });
    expect(badGuid.statusCode).toBe(400);
    const unknown = await t.call('PATCH', `/api/audits/conn/${randomUUID()}`, {
      token: admin,
      body: { note: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('who sees what', () => {
  it('a non-administrator sees the records of their own devices only', async () => {
    const conns = await page('conn', alice);
    expect(conns.total).toBe(2);
    expect(conns.data.every((r) => r.id === ALICE_DEVICE)).toBe(true);
    expect((await page('file', alice)).data.map((r) => r.id)).toEqual([ALICE_DEVICE]);
    expect((await page('alarm', alice)).data.map((r) => r.id)).toEqual([ALICE_DEVICE]);
    // Filters narrow within what is theirs, never beyond it.
    expect((await page('conn', alice, { device: BOB_DEVICE })).total).toBe(0);
  });

  it('the console log is for administrators and tokens only', async () => {
    const response = await list('console', alice);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'Administrator required', code: 'admin_required' });
  });

  it('a non-administrator may edit notes of and disconnect their own devices’ connections, not others', async () => {
    const own = await t.call('PATCH', `/api/audits/conn/${guids.old}`, {
      token: alice,
      body: { note: 'mine' },
    });
    expect(own.statusCode).toBe(200);
    expect(await latestConsoleRecord()).toMatchObject({ operator: 'alice', iop: 12 });

    const other = await t.call('PATCH', `/api/audits/conn/${guids.refused}`, {
      token: alice,
      body: { note: 'x' },
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatch(/your devices/);
    const unregistered = await t.call('POST', `/api/audits/conn/${guids.unregistered}/disconnect`, {
      token: alice,
    });
    expect(unregistered.statusCode).toBe(403);

    await heartbeat(ALICE_DEVICE, [7]);
    const disconnect = await t.call('POST', `/api/audits/conn/${guids.live}/disconnect`, { token: alice });
    expect(disconnect.statusCode, disconnect.body).toBe(200);
    expect(await latestConsoleRecord()).toMatchObject({ operator: 'alice', typ: 2, iop: 5 });
    expect((await heartbeat(ALICE_DEVICE, [7])).json().disconnect).toEqual([7]);
  });

  it('with "only admin can access logs" on, non-administrators get 403 everywhere; administrators and tokens do not', async () => {
    await t.app.services.settings.update({ only_admin_can_access_logs: true }, SYSTEM_ACTOR);
    try {
      for (const kind of ['conn', 'file', 'alarm']) {
        const response = await list(kind, alice);
        expect(response.statusCode, kind).toBe(403);
        expect(response.json().error).toMatch(/Only administrators/);
        expect((await list(kind, alice, { format: 'csv' })).statusCode).toBe(403);
      }
      const note = await t.call('PATCH', `/api/audits/conn/${guids.old}`, {
        token: alice,
        body: { note: 'x' },
      });
      expect(note.statusCode).toBe(403);
      const disconnect = await t.call('POST', `/api/audits/conn/${guids.live}/disconnect`, { token: alice });
      expect(disconnect.statusCode).toBe(403);
      expect((await page('conn', admin)).total).toBe(6);
      expect((await page('conn', await t.apiToken({ audit_log: 'r' }))).total).toBe(6);
    } finally {
      await t.app.services.settings.update({ only_admin_can_access_logs: false }, SYSTEM_ACTOR);
    }
  });
});

describe('API tokens', () => {
  it('audit_log:r lists every log but cannot disconnect or edit notes', async () => {
    const token = await t.apiToken({ audit_log: 'r' });
    for (const kind of ['conn', 'file', 'alarm', 'console']) {
      expect((await list(kind, token, { pageSize: '10', current: '1' })).statusCode, kind).toBe(200);
    }
    expect((await page('file', token)).total).toBe(2);
    const disconnect = await t.call('POST', `/api/audits/conn/${guids.live}/disconnect`, { token });
    expect(disconnect.statusCode).toBe(403);
    expect(disconnect.json()).toEqual({
      error: 'This API token lacks the audit_log:rw permission',
      code: 'token_lacks_permission',
      scope: 'audit_log:rw',
    });
    const note = await t.call('PATCH', `/api/audits/conn/${guids.live}`, { token, body: { note: 'x' } });
    expect(note.statusCode).toBe(403);
  });

  it('audit_log:rw disconnects, recorded under the token’s name', async () => {
    const token = await t.apiToken({ audit_log: 'rw' });
    await heartbeat(ALICE_DEVICE, [7]);
    const response = await t.call('POST', `/api/audits/conn/${guids.live}/disconnect`, { token });
    expect(response.statusCode, response.body).toBe(200);
    expect(await latestConsoleRecord()).toMatchObject({ operator: 'token:test token', typ: 2, iop: 5 });
  });

  it('a token without audit_log gets 403, and no credentials 401', async () => {
    const token = await t.apiToken({ device: 'rw' });
    expect((await list('conn', token)).statusCode).toBe(403);
    expect((await t.call('GET', '/api/audits/conn')).statusCode).toBe(401);
  });
});

describe('bad input on the listings: 400 naming the field, never 500', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['conn', { pageSize: '0' }, /pageSize/],
    ['conn', { current: '0' }, /current/],
    ['conn', { current: 'abc' }, /current/],
    ['conn', { conn_type: 'abc' }, /conn_type/],
    ['conn', { conn_type: '-1' }, /conn_type/],
    ['conn', { created_at: 'yesterday' }, /created_at must be a UTC time/],
    ['conn', { created_at: '2025-02-30 00:00:00' }, /created_at/],
    ['conn', { created_at: '2025-09-09 24:00:00.000' }, /created_at/],
    ['conn', { from: 'abc' }, /from/],
    ['conn', { from: '20', to: '10' }, /from must not be after to/],
    ['conn', { format: 'xml' }, /format/],
    ['conn', { remote: 'x'.repeat(257) }, /remote/],
    ['file', { remote: 'x'.repeat(257) }, /remote/],
    ['conn', { peer: 'x'.repeat(257) }, /peer/],
    ['file', { peer: 'x'.repeat(257) }, /peer/],
    ['file', { created_at: '09/09/2025' }, /created_at/],
    ['file', { to: '-5' }, /to/],
    ['alarm', { device: 'x'.repeat(257) }, /device/],
    ['alarm', { created_at: '2025-09-09T06:15:57Z' }, /created_at/],
    ['alarm', { pageSize: 'many' }, /pageSize/],
    ['console', { typ: 'x' }, /typ/],
    ['console', { iop: '1.5' }, /iop/],
    ['console', { operator: 'x'.repeat(257) }, /operator/],
    ['console', { created_at: '' }, /created_at/],
  ];
  it.each(cases)('%s %o', async (kind, query, message) => {
    const response = await list(kind, admin, query);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatch(message);
  });

  it('a NUL character in a text filter is dropped, as in stored text, on both databases (CSV too)', async () => {
    expect((await page('conn', admin, { remote: '\u0000%111%' })).total).toBe(2);
    expect((await page('conn', admin, { peer: '\u0000%123%' })).total).toBe(2);
    expect((await page('alarm', admin, { device_name: 'pc-bob\u0000' })).total).toBe(1);
    expect((await page('console', admin, { operator: 'nobody\u0000' })).total).toBe(0);
    const csv = await list('file', admin, { format: 'csv', user_name: '\u0000' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\r\n')).toHaveLength(1);
  });

  it('unknown query parameters are ignored', async () => {
    expect((await list('conn', admin, { pageSize: '10', current: '1', sort: 'asc' })).statusCode).toBe(200);
  });
});

describe('retention: purgeExpired', () => {
  let r: TestApp;
  beforeAll(async () => {
    r = await startTestApp();
  });
  afterAll(() => r.close());

  const counts = async () => {
    const result: number[] = [];
    for (const table of ['conn_audits', 'file_audits', 'alarm_audits', 'console_audits'] as const) {
      const row = await r.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      result.push(Number(row.n));
    }
    return result;
  };

  const record = async (device: string) => {
    const base = { id: device, uuid: `uuid-${device}`, conn_id: 1, session_id: 0 };
    for (const body of [
      { ...base, nonce: randomUUID(), action: 'new', ip: '192.0.2.1' },
      { ...base, nonce: randomUUID(), action: 'close' },
    ]) {
      expect((await r.call('POST', '/api/audit/conn', { body })).statusCode).toBe(200);
    }
    const file = { id: device, type: 0, info: '{"num":1}', nonce: randomUUID() };
    expect((await r.call('POST', '/api/audit/file', { body: file })).statusCode).toBe(200);
    const alarmBody = { id: device, typ: 2, info: '{"ip":"192.0.2.1"}', nonce: randomUUID() };
    expect((await r.call('POST', '/api/audit/alarm', { body: alarmBody })).statusCode).toBe(200);
    const guid = (
      await r.db
        .selectFrom('conn_audits')
        .select('guid')
        .where('device_peer_id', '=', device)
        .executeTakeFirstOrThrow()
    ).guid;
    const note = await r.call('PATCH', `/api/audits/conn/${guid}`, {
      token: await r.login('admin', 'test1234'),
      body: { note: 'n' },
    });
    expect(note.statusCode).toBe(200);
  };

  it('keeps everything while log_retention_days is 0, then deletes what is older than the setting', async () => {
    await r.app.services.settings.update({ log_retention_days: 0 }, SYSTEM_ACTOR);
    await record('700000001');
    const before = await counts();
    r.clock.advance(40 * DAY_MS);
    expect(await r.app.services.audits.purgeExpired()).toBe(0);
    expect(await counts()).toEqual(before);

    await r.app.services.settings.update({ log_retention_days: 30 }, SYSTEM_ACTOR);
    await record('700000002');
    const [conns = 0, files = 0, alarms = 0, consoles = 0] = before;
    expect(await r.app.services.audits.purgeExpired()).toBe(conns + files + alarms + consoles);
    expect((await counts()).slice(0, 3)).toEqual([1, 1, 1]);
    const oldest = await r.db
      .selectFrom('console_audits')
      .select((eb) => eb.fn.min('created_at').as('at'))
      .executeTakeFirstOrThrow();
    expect(Number(oldest.at)).toBeGreaterThanOrEqual(r.clock.now - 30 * DAY_MS);
    expect(await r.app.services.audits.purgeExpired()).toBe(0);
    const left = await r.db.selectFrom('conn_audits').select('device_peer_id').execute();
    expect(left).toEqual([{ device_peer_id: '700000002' }]);
  });
});
