import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { createDevice, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface LegacyBlob {
  tags: string[];
  peers: Array<Record<string, unknown>>;
  tag_colors: string;
}

/** What the Flutter client pushes (ab_model.dart): the book as JSON text, with tag_colors as JSON text inside. */
const flutterPush = (blob: { tags: string[]; peers: unknown[]; tag_colors?: Record<string, number> }) => ({
  data: JSON.stringify({ ...blob, tag_colors: JSON.stringify(blob.tag_colors ?? {}) }),
});

describe('the legacy address book (GET/POST /api/ab, POST /api/ab/get)', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let bobId: number;

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    bobId = await createUser(t.db, { name: 'bob', password: 'bob-pass' });
    alice = await t.login('alice', 'alice-pass');
    bob = await t.login('bob', 'bob-pass');
  });
  afterAll(() => t.close());

  const pull = async (token: string): Promise<LegacyBlob> => {
    const response = await t.call('GET', '/api/ab', { token });
    expect(response.statusCode).toBe(200);
    const { data } = response.json();
    expect(typeof data).toBe('string');
    return JSON.parse(data);
  };
  const personalGuid = async (token: string): Promise<string> =>
    (await t.call('POST', '/api/ab/personal', { token })).json().guid;
  const newApiPeers = async (token: string) =>
    (await t.call('POST', '/api/ab/peers', { token, query: { ab: await personalGuid(token) } })).json();

  it('an empty personal book pulls as a blob with no tags, no peers and tag_colors "{}"', async () => {
    expect(await pull(bob)).toEqual({ tags: [], peers: [], tag_colors: '{}' });
  });

  it('POST /api/ab replaces the book, answers 200 with an empty body, and the new API reads it', async () => {
    const response = await t.call('POST', '/api/ab', {
      token: alice,
      body: flutterPush({
        tags: ['home', 'work'],
        peers: [
          {
            id: '111',
            username: 'ann',
            hostname: 'pc1',
            platform: 'Windows',
            alias: 'Ann',
            tags: ['home'],
            hash: 'aGFzaA==',
          },
          {
            id: '222',
            username: '',
            hostname: '',
            platform: '',
            alias: '',
            tags: ['work', 'extra'],
            hash: '',
          },
        ],
        tag_colors: { home: 4294901760, work: -16744448 },
      }),
    });
    expect({ status: response.statusCode, body: response.body }).toEqual({ status: 200, body: '' });

    const peers = await newApiPeers(alice);
    expect(peers.total).toBe(2);
    expect(peers.data[0]).toMatchObject({
      id: '111',
      hash: 'aGFzaA==',
      username: 'ann',
      hostname: 'pc1',
      platform: 'Windows',
      alias: 'Ann',
      tags: ['home'],
      same_server: false,
    });
    const tags = await t.call('POST', `/api/ab/tags/${await personalGuid(alice)}`, { token: alice });
    expect(tags.json()).toEqual([
      { name: 'home', color: 4294901760 },
      { name: 'work', color: 0xff008000 },
      { name: 'extra', color: expect.any(Number) },
    ]);
  });

  it('the new API’s changes are seen by a legacy pull, and the pull round-trips', async () => {
    const guid = await personalGuid(alice);
    await t.call('POST', `/api/ab/peer/add/${guid}`, {
      token: alice,
      body: { id: '333', alias: 'New', tags: ['work'] },
    });
    const blob = await pull(alice);
    expect(blob.tags).toEqual(['home', 'work', 'extra']);
    expect(JSON.parse(blob.tag_colors)).toEqual({
      home: 4294901760,
      work: 0xff008000,
      extra: expect.any(Number),
    });
    expect(blob.peers).toEqual([
      {
        id: '111',
        username: 'ann',
        hostname: 'pc1',
        platform: 'Windows',
        alias: 'Ann',
        tags: ['home'],
        hash: 'aGFzaA==',
      },
      { id: '222', username: '', hostname: '', platform: '', alias: '', tags: ['work', 'extra'], hash: '' },
      { id: '333', username: '', hostname: '', platform: '', alias: 'New', tags: ['work'], hash: '' },
    ]);
    const again = await t.call('POST', '/api/ab', { token: alice, body: { data: JSON.stringify(blob) } });
    expect(again.statusCode).toBe(200);
    expect(await pull(alice)).toEqual(blob);
  });

  it('POST /api/ab/get (Sciter) answers the same blob with updated_at in epoch seconds', async () => {
    const response = await t.call('POST', '/api/ab/get', { token: alice, body: {} });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(JSON.parse(body.data)).toEqual(await pull(alice));
    expect(Number.isInteger(body.updated_at)).toBe(true);
    expect(Math.abs(body.updated_at - t.clock.now / 1000)).toBeLessThan(5);
  });

  it('a push drops the peers it leaves out, and keeps what the legacy format does not carry', async () => {
    const guid = await personalGuid(alice);
    await t.call('PUT', `/api/ab/peer/update/${guid}`, {
      token: alice,
      body: { id: '111', note: 'keep me' },
    });
    // Sciter pushes no hashes and no tag colours.
    const sciter = {
      tags: ['home'],
      peers: [
        { id: '111', username: 'ann', hostname: 'pc1', platform: 'Windows', alias: 'A', tags: ['home'] },
      ],
    };
    const response = await t.call('POST', '/api/ab', {
      token: alice,
      body: { data: JSON.stringify(sciter) },
    });
    expect(response.statusCode).toBe(200);
    const peers = await newApiPeers(alice);
    expect(peers.total).toBe(1);
    expect(peers.data[0]).toMatchObject({
      id: '111',
      alias: 'A',
      note: 'keep me',
      hash: 'aGFzaA==',
      tags: ['home'],
    });
    const tags = (await t.call('GET', `/api/ab/tags/${guid}`, { token: alice })).json();
    expect(tags).toEqual([{ name: 'home', color: 4294901760 }]);
  });

  it('a peer listed twice is stored once, with its last values', async () => {
    const response = await t.call('POST', '/api/ab', {
      token: bob,
      body: flutterPush({
        tags: [],
        peers: [
          { id: '9', alias: 'first' },
          { id: '9', alias: 'second' },
        ],
      }),
    });
    expect(response.statusCode).toBe(200);
    expect((await pull(bob)).peers).toEqual([
      { id: '9', username: '', hostname: '', platform: '', alias: 'second', tags: [], hash: '' },
    ]);
  });

  it('shows a registered device with the device’s names in the legacy blob too', async () => {
    // Bob's own device: a peer shows a device's names only to those who may reach it.
    await createDevice(t.db, {
      peerId: '555666777',
      userId: bobId,
      hostname: 'real-host',
      username: 'realuser',
      os: 'macos / 14',
    });
    await t.call('POST', '/api/ab', {
      token: bob,
      body: flutterPush({ tags: [], peers: [{ id: '555666777' }] }),
    });
    expect((await pull(bob)).peers[0]).toMatchObject({
      hostname: 'real-host',
      username: 'realuser',
      platform: 'Mac OS',
    });
  });

  it('accepts a book larger than the usual 1 MiB body limit', async () => {
    const peers = Array.from({ length: 6000 }, (_, i) => ({
      id: String(100_000_000 + i),
      username: 'user'.padEnd(40, 'x'),
      hostname: 'host'.padEnd(40, 'y'),
      platform: 'Windows',
      alias: `alias ${i}`,
      tags: ['bulk'],
      hash: 'h'.repeat(44),
    }));
    const body = flutterPush({ tags: ['bulk'], peers });
    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    const response = await t.call('POST', '/api/ab', { token: bob, body });
    expect(response.statusCode).toBe(200);
    expect((await newApiPeers(bob)).total).toBe(6000);
    expect((await pull(bob)).peers).toHaveLength(6000);
  });

  it('accepts a book of the largest legal size (2 MiB)', async () => {
    const peers = Array.from({ length: 10_000 }, (_, i) => ({
      id: String(100_000_000 + i),
      username: 'user',
      hostname: 'host',
      platform: 'Windows',
      alias: `alias ${i}`,
      tags: ['bulk'],
      hash: 'h'.repeat(44),
    }));
    const body = flutterPush({ tags: ['bulk'], peers });
    const size = JSON.stringify(body).length;
    // Pad the body to exactly the limit with whitespace, which JSON ignores.
    const payload = JSON.stringify(body).replace(/}$/, `${' '.repeat(2 * 1024 * 1024 - size)}}`);
    expect(Buffer.byteLength(payload)).toBe(2 * 1024 * 1024);
    const response = await t.call('POST', '/api/ab', { token: bob, payload });
    expect(response.statusCode).toBe(200);
    expect((await newApiPeers(bob)).total).toBe(10_000);
  });

  it('refuses a body above 2 MiB with a 413', async () => {
    const response = await t.call('POST', '/api/ab', {
      token: bob,
      body: { data: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'request body is too large', code: 'body_too_large' });
  });

  it('respects max_peer_one_ab on a push (403 naming the limit), leaving the book as it was', async () => {
    await t.app.services.settings.update({ max_peer_one_ab: 1 }, SYSTEM_ACTOR);
    try {
      const response = await t.call('POST', '/api/ab', {
        token: alice,
        body: flutterPush({ tags: [], peers: [{ id: '1' }, { id: '2' }] }),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toMatch(/at most 1 peers.*max_peer_one_ab/);
      expect((await pull(alice)).peers.map((p) => p.id)).toEqual(['111']);
    } finally {
      await t.app.services.settings.update({ max_peer_one_ab: 0 }, SYSTEM_ACTOR);
    }
  });

  it.each([
    ['no data', {}, /data is required/],
    ['data that is not a string', { data: { tags: [] } }, /data must be string/],
    ['data that is not JSON', { data: '{"tags": [' }, /data is not valid JSON/],
    ['data that is a JSON array', { data: '[]' }, /data must encode a JSON object/],
    ['peers that are not an array', { data: '{"peers": "111"}' }, /data\.peers must be an array/],
    ['a peer without id', { data: '{"peers": [{"alias": "x"}]}' }, /data\.peers\[0\]\.id/],
    [
      'a peer whose tags are a string',
      { data: '{"peers": [{"id": "1", "tags": "a"}]}' },
      /tags must be an array/,
    ],
    ['tag_colors that are not JSON', { data: '{"tag_colors": "{oops"}' }, /tag_colors is not valid JSON/],
    ['a colour that is not an integer', { data: '{"tag_colors": "{\\"a\\": \\"red\\"}"}' }, /tag_colors\.a/],
  ])('refuses a push with %s (400), leaving the book as it was', async (_case, body, message) => {
    const response = await t.call('POST', '/api/ab', { token: alice, body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(message);
    expect((await pull(alice)).peers.map((p) => p.id)).toEqual(['111']);
  });

  it('a body that is not JSON at all is a 400', async () => {
    const response = await t.call('POST', '/api/ab', { token: alice, payload: 'data=1' });
    expect(response.statusCode).toBe(400);
  });

  it('needs a login session: 401 without one, 403 for an API token', async () => {
    for (const [method, url] of [
      ['GET', '/api/ab'],
      ['POST', '/api/ab/get'],
      ['POST', '/api/ab'],
    ] as const) {
      expect((await t.call(method, url, { body: method === 'POST' ? {} : undefined })).statusCode).toBe(401);
    }
    const token = await t.apiToken({ address_book: 'rw' });
    const response = await t.call('GET', '/api/ab', { token });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toHaveProperty('error');
  });
});
