import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/*
 * The log filters the console adds to audits.py's: the alarm type, the direction of a file transfer,
 * and whether a connection's controlling side ever logged in. Records are posted as RustDesk clients do.
 */

const ALICE_DEVICE = '111111111';
const BOB_DEVICE = '222222222';

let t: TestApp;
let admin: string;
let alice: string;

async function post(url: string, body: unknown): Promise<void> {
  const response = await t.call('POST', url, { body });
  expect(response.statusCode, response.body).toBe(200);
}

/** One connection (client-api.md §4.4): "new", then "authorised" unless the controller never logged in. */
async function connection(device: string, connId: number, authorised?: { remote: string; type: number }) {
  const base = { id: device, uuid: `uuid-${device}`, conn_id: connId };
  await post('/api/audit/conn', {
    ...base,
    session_id: 0,
    nonce: randomUUID(),
    ip: '192.0.2.7',
    action: 'new',
  });
  if (authorised)
    await post('/api/audit/conn', {
      ...base,
      session_id: String(1000 + connId),
      nonce: randomUUID(),
      peer: [authorised.remote, 'controller'],
      type: authorised.type,
    });
  await post('/api/audit/conn', { ...base, session_id: 0, nonce: randomUUID(), action: 'close' });
}

function fileTransfer(device: string, type: number, path: string) {
  return post('/api/audit/file', {
    id: device,
    uuid: `uuid-${device}`,
    peer_id: '555000111',
    conn_id: 1,
    type,
    path,
    is_file: true,
    info: JSON.stringify({ ip: '192.0.2.7', name: 'helpdesk', num: 1, files: [[path, 10]] }),
    nonce: randomUUID(),
  });
}

function alarm(device: string, typ: number) {
  return post('/api/audit/alarm', {
    id: device,
    uuid: `uuid-${device}`,
    typ,
    info: JSON.stringify({ ip: '198.51.100.4', id: '666000444', name: 'guesser' }),
    conn_id: 2,
    nonce: randomUUID(),
  });
}

function list(kind: string, token: string, query: Record<string, string>) {
  return t.call('GET', `/api/audits/${kind}`, { token, query });
}

async function rows(kind: string, token: string, query: Record<string, string>) {
  const response = await list(kind, token, query);
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { total: number; data: Array<Record<string, unknown>> };
  expect(body.total).toBe(body.data.length);
  return body.data;
}

/** The data lines of a CSV export (the header line left out). */
async function csvLines(kind: string, query: Record<string, string>): Promise<string[]> {
  const response = await list(kind, admin, { ...query, format: 'csv' });
  expect(response.statusCode, response.body).toBe(200);
  return response.body.trim().split(/\r?\n/).slice(1);
}

async function expectRefused(kind: string, query: Record<string, string>, field: string) {
  const response = await list(kind, admin, query);
  expect(response.statusCode, response.body).toBe(400);
  expect((response.json() as { error: string }).error).toContain(field);
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminSession();
  const aliceId = await createUser(t.db, { name: 'alice', password: 'alice-pass' });
  alice = await t.login('alice', 'alice-pass');
  await createDevice(t.db, { peerId: ALICE_DEVICE, userId: aliceId, hostname: 'pc-alice' });
  await createDevice(t.db, { peerId: BOB_DEVICE, hostname: 'pc-bob' });

  await connection(ALICE_DEVICE, 1, { remote: '123456789', type: 0 });
  await connection(ALICE_DEVICE, 2);
  await connection(BOB_DEVICE, 3, { remote: '987654321', type: 4 });
  await connection(BOB_DEVICE, 4);

  await fileTransfer(ALICE_DEVICE, 0, 'C:\\sent-by-alice.txt');
  await fileTransfer(ALICE_DEVICE, 1, 'C:\\received-by-alice.txt');
  await fileTransfer(BOB_DEVICE, 1, 'C:\\received-by-bob.txt');

  await alarm(ALICE_DEVICE, 1);
  await alarm(BOB_DEVICE, 1);
  await alarm(BOB_DEVICE, 9);
});
afterAll(() => t.close());

describe('GET /api/audits/conn?logged_in', () => {
  it('false: only the connections whose controlling side never logged in (no conn_type)', async () => {
    const data = await rows('conn', admin, { logged_in: 'false' });
    expect(data.map((row) => row.id).sort()).toEqual([ALICE_DEVICE, BOB_DEVICE]);
    for (const row of data) expect(row).not.toHaveProperty('conn_type');
  });

  it('true: only the authorised ones, and it combines with conn_type and the other filters', async () => {
    const loggedIn = await rows('conn', admin, { logged_in: 'true' });
    expect(loggedIn.map((row) => row.conn_type).sort()).toEqual([0, 4]);
    expect(await rows('conn', admin, { logged_in: 'true', conn_type: '4' })).toHaveLength(1);
    expect(await rows('conn', admin, { logged_in: 'false', conn_type: '4' })).toEqual([]);
    const bobs = await rows('conn', admin, { logged_in: 'false', device: BOB_DEVICE });
    expect(bobs.map((row) => row.id)).toEqual([BOB_DEVICE]);
  });

  it('keeps a non-administrator to their own devices', async () => {
    const data = await rows('conn', alice, { logged_in: 'false' });
    expect(data.map((row) => row.id)).toEqual([ALICE_DEVICE]);
  });

  it('filters the CSV export the same way', async () => {
    const lines = await csvLines('conn', { logged_in: 'false' });
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain('Not Logged In');
    const authorised = await csvLines('conn', { logged_in: 'true' });
    expect(authorised).toHaveLength(2);
    for (const line of authorised) expect(line).not.toContain('Not Logged In');
  });

  it('refuses a value that is not a boolean', async () => {
    await expectRefused('conn', { logged_in: 'maybe' }, 'logged_in');
  });
});

describe('GET /api/audits/file?type (direction)', () => {
  it('0: files the device sent; 1: files it received', async () => {
    const sent = await rows('file', admin, { type: '0' });
    expect(sent.map((row) => row.path)).toEqual(['C:\\sent-by-alice.txt']);
    const received = await rows('file', admin, { type: '1' });
    expect(received.map((row) => row.path).sort()).toEqual([
      'C:\\received-by-alice.txt',
      'C:\\received-by-bob.txt',
    ]);
    for (const row of received) expect(row.type).toBe(1);
  });

  it('combines with the scope of a non-administrator and with the other filters', async () => {
    const mine = await rows('file', alice, { type: '1' });
    expect(mine.map((row) => row.path)).toEqual(['C:\\received-by-alice.txt']);
    expect(await rows('file', admin, { type: '0', device: BOB_DEVICE })).toEqual([]);
  });

  it('filters the CSV export the same way', async () => {
    const lines = await csvLines('file', { type: '1' });
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain('Controlling side to controlled device');
  });

  it('refuses a direction other than 0 or 1', async () => {
    await expectRefused('file', { type: '2' }, 'type');
    await expectRefused('file', { type: 'up' }, 'type');
  });
});

describe('GET /api/audits/alarm?typ', () => {
  it('only the alarms of that type', async () => {
    const repeated = await rows('alarm', admin, { typ: '1' });
    expect(repeated.map((row) => row.id).sort()).toEqual([ALICE_DEVICE, BOB_DEVICE]);
    for (const row of repeated) expect(row.typ).toBe(1);
    const scope = await rows('alarm', admin, { typ: '9' });
    expect(scope.map((row) => row.id)).toEqual([BOB_DEVICE]);
    expect(await rows('alarm', admin, { typ: '5' })).toEqual([]);
    expect(await rows('alarm', admin, { typ: '9', device: ALICE_DEVICE })).toEqual([]);
  });

  it('filters the CSV export the same way', async () => {
    const lines = await csvLines('alarm', { typ: '9' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Session scope violation');
    expect(lines[0]).toContain(BOB_DEVICE);
  });

  it('refuses a type that is not a non-negative integer', async () => {
    await expectRefused('alarm', { typ: '-1' }, 'typ');
    await expectRefused('alarm', { typ: 'scope' }, 'typ');
  });
});
