import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/ids.js';
import { createSharedBook, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The tag filter of GET/POST /api/ab/peers (Server Pro's tags bar): `tags` (a JSON array of names),
 * `tags_match` any|all and `untagged`, applied in SQL so that a page and its total come from the database.
 */

/** The peers of the shared book, with their tags; the order is the order of insertion. */
const PEERS: Array<[id: string, tags: string[]]> = [
  ['web-1', ['web']],
  ['db-1', ['db']],
  ['web-db', ['web', 'db']],
  ['bare-1', []],
  ['comma', ['a,b']],
  ['quotes', ['say "hi"', "it's"]],
  ['percent', ['100%', 'x_y']],
  ['unicode', ['café', '日本', '😀']],
  ['upper', ['WEB']],
  ['backslash', ['back\\slash']],
  ['bare-2', []],
];

function expectError(response: LightMyRequestResponse, status: number, message: RegExp): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error).toMatch(message);
}

describe('the tag filter of the address-book peer listing', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let carol: string;
  let book: string;

  const list = (query: Record<string, string>, token = alice, method: 'GET' | 'POST' = 'GET') =>
    t.call(method, '/api/ab/peers', { token, query: { ab: book, pageSize: '100', ...query } });

  /** The IDs of the peers a filter keeps, checking that the total agrees. */
  const idsOf = async (query: Record<string, string>, token = alice): Promise<string[]> => {
    const response = await list(query, token);
    expect(response.statusCode, response.body).toBe(200);
    const body: { total: number; data: Array<{ id: string }> } = response.json();
    expect(body.total).toBe(body.data.length);
    return body.data.map((peer) => peer.id);
  };
  const tags = (...names: string[]) => JSON.stringify(names);

  const addPeer = async (guid: string, id: string, peerTags: string[]) => {
    const response = await t.call('POST', `/api/ab/peer/add/${guid}`, {
      token: alice,
      body: { id, tags: peerTags },
    });
    expect(response.statusCode, response.body).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const aliceId = await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    const bobId = await createUser(t.db, { name: 'bob', password: 'bob-pass' });
    await createUser(t.db, { name: 'carol', password: 'carol-pass' });
    alice = await t.login('alice', 'alice-pass');
    bob = await t.login('bob', 'bob-pass');
    carol = await t.login('carol', 'carol-pass');

    const shared = await createSharedBook(t.db, { name: 'Tagged', ownerId: aliceId });
    book = shared.guid;
    await t.db
      .insertInto('ab_rules')
      .values({
        guid: uuidv7(),
        ab_id: shared.id,
        user_id: bobId,
        user_group_id: null,
        rule: 1,
        created_at: Date.now(),
      })
      .execute();
    for (const [id, peerTags] of PEERS) await addPeer(book, id, peerTags);

    // A peer in the recycle bin and one in another book hold the tags too, but are never listed here.
    await addPeer(book, 'binned', ['web']);
    const removed = await t.call('DELETE', `/api/ab/peer/${book}`, { token: alice, body: ['binned'] });
    expect(removed.statusCode).toBe(200);
    const other = await createSharedBook(t.db, { name: 'Other', ownerId: aliceId });
    await addPeer(other.guid, 'elsewhere', ['web']);
  });
  afterAll(() => t.close());

  it('lists every live peer without a tag filter, and with an empty list of tags', async () => {
    const every = PEERS.map(([id]) => id);
    expect(await idsOf({})).toEqual(every);
    expect(await idsOf({ tags: '[]' })).toEqual(every);
    expect(await idsOf({ tags: '[]', tags_match: 'all' })).toEqual(every);
  });

  it('keeps the peers holding any of the tags (the default), by exact and case-sensitive name', async () => {
    expect(await idsOf({ tags: tags('web') })).toEqual(['web-1', 'web-db']);
    expect(await idsOf({ tags: tags('web', 'db') })).toEqual(['web-1', 'db-1', 'web-db']);
    expect(await idsOf({ tags: tags('web', 'db'), tags_match: 'any' })).toEqual(['web-1', 'db-1', 'web-db']);
    expect(await idsOf({ tags: tags('WEB') })).toEqual(['upper']);
    expect(await idsOf({ tags: tags('we') })).toEqual([]);
    expect(await idsOf({ tags: tags('unknown') })).toEqual([]);
  });

  it('with tags_match=all keeps the peers holding every one of the tags', async () => {
    expect(await idsOf({ tags: tags('web', 'db'), tags_match: 'all' })).toEqual(['web-db']);
    expect(await idsOf({ tags: tags('web'), tags_match: 'all' })).toEqual(['web-1', 'web-db']);
    expect(await idsOf({ tags: tags('web', 'web'), tags_match: 'all' })).toEqual(['web-1', 'web-db']);
    expect(await idsOf({ tags: tags('web', 'unknown'), tags_match: 'all' })).toEqual([]);
  });

  it('with untagged=true keeps the peers with no tag', async () => {
    expect(await idsOf({ untagged: 'true' })).toEqual(['bare-1', 'bare-2']);
    expect(await idsOf({ untagged: 'false' })).toEqual(PEERS.map(([id]) => id));
  });

  it('untagged beside tags keeps the untagged peers OR the peers the tags match', async () => {
    expect(await idsOf({ untagged: 'true', tags: tags('db') })).toEqual([
      'db-1',
      'web-db',
      'bare-1',
      'bare-2',
    ]);
    expect(await idsOf({ untagged: 'true', tags: tags('web', 'db'), tags_match: 'all' })).toEqual([
      'web-db',
      'bare-1',
      'bare-2',
    ]);
  });

  it('matches names holding commas, quotes, backslashes, LIKE wildcards and any script', async () => {
    expect(await idsOf({ tags: tags('a,b') })).toEqual(['comma']);
    expect(await idsOf({ tags: tags('a', 'b') })).toEqual([]);
    expect(await idsOf({ tags: tags('say "hi"') })).toEqual(['quotes']);
    expect(await idsOf({ tags: tags("it's", 'say "hi"'), tags_match: 'all' })).toEqual(['quotes']);
    expect(await idsOf({ tags: tags('back\\slash') })).toEqual(['backslash']);
    expect(await idsOf({ tags: tags('100%') })).toEqual(['percent']);
    expect(await idsOf({ tags: tags('%') })).toEqual([]);
    expect(await idsOf({ tags: tags('x_y') })).toEqual(['percent']);
    expect(await idsOf({ tags: tags('x%y') })).toEqual([]);
    expect(await idsOf({ tags: tags('café', '😀'), tags_match: 'all' })).toEqual(['unicode']);
    expect(await idsOf({ tags: tags('日本') })).toEqual(['unicode']);
    expect(await idsOf({ tags: tags('cafe') })).toEqual([]);
  });

  it('combines with the id and alias filters, and answers POST (the client) like GET', async () => {
    expect(await idsOf({ tags: tags('web', 'db'), id: '%db%' })).toEqual(['db-1', 'web-db']);
    expect(await idsOf({ untagged: 'true', id: 'bare-2' })).toEqual(['bare-2']);
    const posted = await list({ tags: tags('db') }, alice, 'POST');
    expect(posted.statusCode).toBe(200);
    expect(posted.json().data.map((peer: { id: string }) => peer.id)).toEqual(['db-1', 'web-db']);
  });

  it('pages in the database: the total counts every match, each page holds its share', async () => {
    const query = { tags: tags('web', 'db', 'a,b', 'WEB'), pageSize: '2' };
    const pages = [];
    for (const current of ['1', '2', '3']) {
      const response = await list({ ...query, current });
      expect(response.statusCode).toBe(200);
      pages.push(response.json());
    }
    expect(pages.map((page) => page.total)).toEqual([5, 5, 5]);
    expect(pages.map((page) => page.data.map((peer: { id: string }) => peer.id))).toEqual([
      ['web-1', 'db-1'],
      ['web-db', 'comma'],
      ['upper'],
    ]);
    const past = await list({ ...query, current: '4' });
    expect(past.json()).toEqual({ total: 5, data: [] });
  });

  it('a peer holding a name no database can decode (a lone surrogate) neither matches others nor fails', async () => {
    const added = await t.call('POST', `/api/ab/peer/add/${book}`, {
      token: alice,
      payload: '{"id":"lone","tags":["\\ud800","web"]}',
    });
    expect(added.statusCode, added.body).toBe(200);
    try {
      expect(await idsOf({ tags: tags('web') })).toEqual(['web-1', 'web-db', 'lone']);
      expect(await idsOf({ tags: tags('db'), tags_match: 'all' })).toEqual(['db-1', 'web-db']);
      expect(await idsOf({ tags: '["\\ud800"]' })).toEqual(['lone']);
      expect(await idsOf({ tags: '["\\u0000"]' })).toEqual([]);
      expect(await idsOf({ untagged: 'true' })).toEqual(['bare-1', 'bare-2']);
    } finally {
      await t.call('DELETE', `/api/ab/peer/${book}`, { token: alice, body: ['lone'] });
    }
  });

  it('refuses a tags value that is not a JSON array of non-empty names (400)', async () => {
    for (const value of ['', 'web', 'web,db', '["web"', "['web']"]) {
      expectError(await list({ tags: value }), 400, /tags is not valid JSON/);
    }
    const notNames = ['"web"', '7', 'null', '{"web":1}', '[1]', '["web",null]', '[["web"]]', '[""]'];
    for (const value of notNames) {
      expectError(await list({ tags: value }), 400, /tags must be a JSON array of non-empty tag names/);
    }
    expectError(await list({ tags: tags('web'), tags_match: 'every' }), 400, /tags_match/);
    expectError(await list({ untagged: 'maybe' }), 400, /untagged/);
  });

  it('respects the read permission: a reader filters, a stranger gets a 404, a token needs address_book:r', async () => {
    expect(await idsOf({ tags: tags('web', 'db'), tags_match: 'all' }, bob)).toEqual(['web-db']);
    expectError(await list({ tags: tags('web') }, carol), 404, /.+/);
    const token = await t.apiToken({ device: 'rw' });
    expectError(await list({ tags: tags('web') }, token), 403, /address_book:r/);
    expect(await idsOf({ untagged: 'true' }, await t.apiToken({ address_book: 'r' }))).toEqual([
      'bare-1',
      'bare-2',
    ]);
  });
});
