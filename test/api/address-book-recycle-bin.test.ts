import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../../src/domain/console-audit/codes.js';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The recycle bin of address books (features.md §14): deleting a peer moves it there, from where it is
 * restored or deleted for good; while it is there no other read shows it.
 */

function expectEmpty200(response: LightMyRequestResponse): void {
  expect({ status: response.statusCode, body: response.body }).toEqual({ status: 200, body: '' });
}

function expectError(response: LightMyRequestResponse, status: number, message?: RegExp): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(typeof response.json().error).toBe('string');
  if (message) expect(response.json().error).toMatch(message);
}

const UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';

/** The names of a bare tag array. */
const tagNames = (response: LightMyRequestResponse): string[] =>
  response.json().map((tag: { name: string }) => tag.name);

/** What the Flutter client pushes in legacy mode. */
const legacyPush = (peers: Array<{ id: string; alias?: string; tags?: string[] }>) => ({
  data: JSON.stringify({
    tags: [...new Set(peers.flatMap((p) => p.tags ?? []))],
    peers: peers.map((p) => ({
      username: '',
      hostname: '',
      platform: '',
      alias: '',
      tags: [],
      hash: '',
      ...p,
    })),
    tag_colors: '{}',
  }),
});

describe('the address-book recycle bin', () => {
  let t: TestApp;
  let admin: string;
  let rwToken: string;
  let readToken: string;
  let alice: string;
  let bob: string;
  let carol: string;
  let dave: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    await createUser(t.db, { name: 'bob', password: 'bob-pass' });
    await createUser(t.db, { name: 'carol', password: 'carol-pass' });
    await createUser(t.db, { name: 'dave', password: 'dave-pass' });
    alice = await t.login('alice', 'alice-pass');
    bob = await t.login('bob', 'bob-pass');
    carol = await t.login('carol', 'carol-pass');
    dave = await t.login('dave', 'dave-pass');
    rwToken = await t.apiToken({ address_book: 'rw' });
    readToken = await t.apiToken({ address_book: 'r' });
  });
  afterAll(() => t.close());

  /** A shared book made through the API, with bob on read/write and carol on read-only; dave has no rule. */
  async function sharedBook(name: string): Promise<string> {
    const created = await t.call('POST', '/api/ab/shared/add', {
      token: rwToken,
      body: { name, note: null },
    });
    expect(created.statusCode, created.body).toBe(200);
    const guid = created.json().guid as string;
    for (const [user, rule] of [
      ['bob', 2],
      ['carol', 1],
    ] as const) {
      const response = await t.call('POST', '/api/ab/rule', { token: rwToken, body: { guid, rule, user } });
      expect(response.statusCode, response.body).toBe(200);
    }
    return guid;
  }

  const addPeer = async (book: string, peer: Record<string, unknown>, token = rwToken) =>
    expectEmpty200(await t.call('POST', `/api/ab/peer/add/${book}`, { token, body: peer }));
  const deletePeers = async (book: string, ids: string[], token = rwToken) =>
    expectEmpty200(await t.call('DELETE', `/api/ab/peer/${book}`, { token, body: ids }));
  const peerIds = async (book: string, token = rwToken): Promise<string[]> => {
    const response = await t.call('POST', '/api/ab/peers', { token, query: { ab: book } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data.map((p: { id: string }) => p.id);
  };
  const bin = async (book: string, token = rwToken, query: Record<string, string> = {}) => {
    const response = await t.call('GET', `/api/ab/recycle-bin/${book}`, { token, query });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { total: number; data: Array<Record<string, unknown>> };
  };
  const binIds = async (book: string, token = rwToken) =>
    (await bin(book, token)).data.map((p) => p.id as string).sort();
  const personalGuid = async (token: string): Promise<string> =>
    (await t.call('POST', '/api/ab/personal', { token })).json().guid;
  const lastAudit = (operation: number) =>
    t.db
      .selectFrom('console_audits')
      .selectAll()
      .where('iop', '=', operation)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  const auditCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('console_audits')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('DELETE /api/ab/peer/{guid} moves peers to the bin with their fields and deletion time', async () => {
    const book = await sharedBook('Moves');
    await addPeer(book, { id: '100', alias: 'Hundred', note: 'n', password: 'pw', tags: ['red'] });
    await addPeer(book, { id: '200' });
    t.clock.advance(5000);
    await deletePeers(book, ['100', 'unknown']);

    expect(await peerIds(book)).toEqual(['200']);
    const listed = await bin(book);
    expect(listed.total).toBe(1);
    expect(listed.data[0]).toMatchObject({
      id: '100',
      alias: 'Hundred',
      note: 'n',
      password: 'pw',
      tags: ['red'],
      same_server: false,
      deleted_at: Math.floor(t.clock.now / 1000),
    });
  });

  it('client and ab.py deletions are not console changes: nothing is audited', async () => {
    const book = await sharedBook('Not audited');
    await addPeer(book, { id: '1' });
    const before = await auditCount();
    await deletePeers(book, ['1']);
    await deletePeers(book, ['1']);
    expect(await auditCount()).toBe(before);
  });

  describe('a peer in the bin is invisible everywhere else', () => {
    let book: string;
    beforeAll(async () => {
      book = await sharedBook('Invisible');
      await addPeer(book, { id: '300', alias: 'old alias', tags: ['blue'] });
      await addPeer(book, { id: '301', alias: 'stays' });
      await deletePeers(book, ['300']);
    });

    it('peer lists (GET and POST), totals and filters', async () => {
      const post = await t.call('POST', '/api/ab/peers', { token: bob, query: { ab: book } });
      expect(post.json()).toMatchObject({ total: 1, data: [{ id: '301' }] });
      const get = await t.call('GET', '/api/ab/peers', { token: rwToken, query: { ab: book, id: '%30%' } });
      expect(get.json()).toMatchObject({ total: 1, data: [{ id: '301' }] });
      const byAlias = await t.call('GET', '/api/ab/peers', {
        token: rwToken,
        query: { ab: book, alias: 'old%' },
      });
      expect(byAlias.json()).toEqual({ total: 0, data: [] });
    });

    it('updating it is a 404, as for a peer that is not there', async () => {
      expectError(
        await t.call('PUT', `/api/ab/peer/update/${book}`, {
          token: rwToken,
          body: { id: '300', alias: 'x' },
        }),
        404,
      );
    });

    it('max_peer_one_ab counts only the live peers', async () => {
      await t.app.services.settings.update({ max_peer_one_ab: 2 }, SYSTEM_ACTOR);
      try {
        await addPeer(book, { id: '302' });
        expectError(
          await t.call('POST', `/api/ab/peer/add/${book}`, { token: rwToken, body: { id: '303' } }),
          403,
        );
        await deletePeers(book, ['302']);
      } finally {
        await t.app.services.settings.update({ max_peer_one_ab: 0 }, SYSTEM_ACTOR);
      }
    });

    it('adding the same ID again makes a fresh entry and takes the old one out of the bin', async () => {
      await addPeer(book, { id: '300', note: 'new' });
      const peers = (
        await t.call('GET', '/api/ab/peers', { token: rwToken, query: { ab: book, id: '300' } })
      ).json();
      expect(peers.data).toEqual([expect.objectContaining({ id: '300', alias: '', note: 'new', tags: [] })]);
      expect(await binIds(book)).toEqual(['302']);
    });

    it('device presets and rustdesk --assign (addPeerToBookByName) do the same', async () => {
      await deletePeers(book, ['301']);
      expect(
        await t.app.services.addressBooks.addPeerToBookByName('Invisible', '301', { tag: 'green' }),
      ).toBe(true);
      const peers = (
        await t.call('GET', '/api/ab/peers', { token: rwToken, query: { ab: book, id: '301' } })
      ).json();
      expect(peers.data).toEqual([expect.objectContaining({ id: '301', alias: '', tags: ['green'] })]);
      expect(await binIds(book)).toEqual(['302']);
    });
  });

  it('the legacy API: the pull hides the bin; a push moves the peers it leaves out to the bin', async () => {
    const book = await personalGuid(alice);
    expectEmpty200(
      await t.call('POST', '/api/ab', {
        token: alice,
        body: legacyPush([{ id: 'L1', alias: 'one' }, { id: 'L2', alias: 'two', tags: ['t'] }, { id: 'L3' }]),
      }),
    );
    await deletePeers(book, ['L3'], alice);
    const pulled = JSON.parse((await t.call('GET', '/api/ab', { token: alice })).json().data);
    expect(pulled.peers.map((p: { id: string }) => p.id)).toEqual(['L1', 'L2']);

    // The legacy client drops L2 and adds L3 back.
    expectEmpty200(
      await t.call('POST', '/api/ab', {
        token: alice,
        body: legacyPush([{ id: 'L1' }, { id: 'L3', alias: 'back' }]),
      }),
    );
    expect((await peerIds(book, alice)).sort()).toEqual(['L1', 'L3']);
    const binned = await bin(book, alice);
    expect(binned.data).toEqual([expect.objectContaining({ id: 'L2', alias: 'two', tags: ['t'] })]);
    const sciter = JSON.parse((await t.call('POST', '/api/ab/get', { token: alice, body: {} })).json().data);
    expect(sciter.peers.map((p: { id: string }) => p.id).sort()).toEqual(['L1', 'L3']);

    // The push left tag "t" out of the book; restored, L2 is in the next pull and brings its tag back.
    expect(tagNames(await t.call('GET', `/api/ab/tags/${book}`, { token: alice }))).not.toContain('t');
    expectEmpty200(
      await t.call('POST', `/api/ab/recycle-bin/${book}/restore`, { token: alice, body: ['L2'] }),
    );
    const next = JSON.parse((await t.call('GET', '/api/ab', { token: alice })).json().data);
    expect(next.peers.map((p: { id: string }) => p.id).sort()).toEqual(['L1', 'L2', 'L3']);
    expect(next.tags).toContain('t');
  });

  describe('restore: POST /api/ab/recycle-bin/{guid}/restore', () => {
    it('puts peers back with everything they had; IDs not in the bin are skipped', async () => {
      const book = await sharedBook('Restore');
      await addPeer(book, { id: '400', alias: 'Four', tags: ['ops'], password: 'secret', rdpPort: '3390' });
      await addPeer(book, { id: '401' });
      await deletePeers(book, ['400']);
      expectEmpty200(
        await t.call('POST', `/api/ab/recycle-bin/${book}/restore`, {
          token: bob,
          body: ['400', '401', 'nope'],
        }),
      );
      expect(await peerIds(book)).toEqual(['400', '401']);
      expect(await bin(book)).toEqual({ total: 0, data: [] });
      const peers = (
        await t.call('GET', '/api/ab/peers', { token: rwToken, query: { ab: book, id: '400' } })
      ).json();
      expect(peers.data[0]).toMatchObject({
        alias: 'Four',
        tags: ['ops'],
        password: 'secret',
        rdpPort: '3390',
      });
    });

    it('acts only on the bin of the book in the path: another book’s binned peers stay where they are', async () => {
      const secret = await sharedBook('Secret bin');
      await addPeer(secret, { id: '450', password: 'hidden' });
      await deletePeers(secret, ['450']);
      // Dave writes his own personal book, and has no rule on the other.
      const own = await personalGuid(dave);
      for (const [method, url] of [
        ['POST', `/api/ab/recycle-bin/${own}/restore`],
        ['DELETE', `/api/ab/recycle-bin/${own}`],
      ] as const) {
        expectEmpty200(await t.call(method, url, { token: dave, body: ['450'] }));
      }
      expect(await peerIds(own, dave)).toEqual([]);
      expect(await binIds(secret)).toEqual(['450']);
    });

    it('a peer in the bin follows the renames and deletions of the book’s tags', async () => {
      const book = await sharedBook('Renamed tags');
      await addPeer(book, { id: '500', tags: ['old', 'gone', 'kept'] });
      await deletePeers(book, ['500']);
      expectEmpty200(
        await t.call('PUT', `/api/ab/tag/rename/${book}`, {
          token: rwToken,
          body: { old: 'old', new: 'new' },
        }),
      );
      expectEmpty200(await t.call('DELETE', `/api/ab/tag/${book}`, { token: rwToken, body: ['gone'] }));
      expect((await bin(book)).data[0]?.tags).toEqual(['new', 'kept']);
      expectEmpty200(
        await t.call('POST', `/api/ab/recycle-bin/${book}/restore`, { token: rwToken, body: ['500'] }),
      );
      const peers = (await t.call('GET', '/api/ab/peers', { token: rwToken, query: { ab: book } })).json();
      expect(peers.data[0]?.tags).toEqual(['new', 'kept']);
    });

    it('refuses to restore beyond max_peer_one_ab, and restores nothing then', async () => {
      const book = await sharedBook('Full');
      await addPeer(book, { id: '600' });
      await addPeer(book, { id: '601' });
      await deletePeers(book, ['600', '601']);
      await addPeer(book, { id: '602' });
      await t.app.services.settings.update({ max_peer_one_ab: 2 }, SYSTEM_ACTOR);
      try {
        expectError(
          await t.call('POST', `/api/ab/recycle-bin/${book}/restore`, {
            token: rwToken,
            body: ['600', '601'],
          }),
          403,
          /max_peer_one_ab/,
        );
        expect(await peerIds(book)).toEqual(['602']);
        expect(await binIds(book)).toEqual(['600', '601']);
        expectEmpty200(
          await t.call('POST', `/api/ab/recycle-bin/${book}/restore`, { token: rwToken, body: ['601'] }),
        );
      } finally {
        await t.app.services.settings.update({ max_peer_one_ab: 0 }, SYSTEM_ACTOR);
      }
    });
  });

  describe('delete for good and empty the bin', () => {
    it('DELETE /api/ab/recycle-bin/{guid} deletes the listed peers of the bin, audited', async () => {
      const book = await sharedBook('Purge');
      for (const id of ['700', '701', '702']) await addPeer(book, { id });
      await deletePeers(book, ['700', '701']);
      expectEmpty200(
        await t.call('DELETE', `/api/ab/recycle-bin/${book}`, { token: bob, body: ['700', '702'] }),
      );
      expect(await binIds(book)).toEqual(['701']);
      // A live peer is not in the bin, so it is not deleted.
      expect(await peerIds(book)).toEqual(['702']);
      expect(await lastAudit(CONSOLE_OPERATION.deleteRecycleBinDevices)).toMatchObject({
        typ: CONSOLE_AREA.addressBook,
        operator: 'bob',
        detail: 'recycle bin of Purge, peers: 700',
      });
      // Once gone, the same ID is simply a new peer.
      await addPeer(book, { id: '700' });
      expect(await peerIds(book)).toEqual(['702', '700']);
    });

    it('deleting IDs that are not in the bin changes nothing and records nothing', async () => {
      const book = await sharedBook('Nothing to purge');
      const before = await auditCount();
      expectEmpty200(await t.call('DELETE', `/api/ab/recycle-bin/${book}`, { token: rwToken, body: ['x'] }));
      expect(await auditCount()).toBe(before);
    });

    it('DELETE /api/ab/recycle-bin/{guid}/all empties the bin, audited', async () => {
      const book = await sharedBook('Empty me');
      for (const id of ['800', '801', '802']) await addPeer(book, { id });
      await deletePeers(book, ['800', '801']);
      expectEmpty200(await t.call('DELETE', `/api/ab/recycle-bin/${book}/all`, { token: admin }));
      expect(await bin(book)).toEqual({ total: 0, data: [] });
      expect(await peerIds(book)).toEqual(['802']);
      expect(await lastAudit(CONSOLE_OPERATION.emptyRecycleBin)).toMatchObject({
        typ: CONSOLE_AREA.addressBook,
        operator: 'admin',
        detail: 'address book: Empty me (2 peers deleted)',
      });
    });
  });

  it('pages the bin, most recently deleted first, with id and alias filters', async () => {
    const book = await sharedBook('Paged bin');
    for (let i = 1; i <= 5; i++) {
      await addPeer(book, { id: `90${i}`, alias: `A_${i}` });
      t.clock.advance(1000);
      await deletePeers(book, [`90${i}`]);
    }
    const page1 = await bin(book, rwToken, { pageSize: '2', current: '1' });
    expect(page1.total).toBe(5);
    expect(page1.data.map((p) => p.id)).toEqual(['905', '904']);
    expect((await bin(book, rwToken, { pageSize: '2', current: '3' })).data.map((p) => p.id)).toEqual([
      '901',
    ]);
    expect(await bin(book, rwToken, { pageSize: '2', current: '4' })).toEqual({ total: 5, data: [] });
    expect((await bin(book, rwToken, { alias: 'a\\_3' })).total).toBe(0);
    expect((await bin(book, rwToken, { alias: 'a_3' })).data.map((p) => p.id)).toEqual(['903']);
    expect((await bin(book, rwToken, { id: '%0%' })).total).toBe(5);
  });

  it('the personal book has a bin of its own, for its owner alone', async () => {
    const book = await personalGuid(dave);
    await addPeer(book, { id: 'P1', hash: 'aGFzaA==' }, dave);
    await deletePeers(book, ['P1'], dave);
    const listed = await bin(book, dave);
    expect(listed.data).toEqual([expect.objectContaining({ id: 'P1', hash: 'aGFzaA==' })]);
    expect(listed.data[0]).not.toHaveProperty('password');
    for (const token of [admin, alice, rwToken]) {
      expectError(await t.call('GET', `/api/ab/recycle-bin/${book}`, { token }), 404);
      expectError(await t.call('DELETE', `/api/ab/recycle-bin/${book}/all`, { token }), 404);
    }
    expectEmpty200(await t.call('DELETE', `/api/ab/recycle-bin/${book}/all`, { token: dave }));
    expect((await lastAudit(CONSOLE_OPERATION.emptyRecycleBin))?.operator).toBe('dave');
  });

  it('needs write permission: read-only is a 403, no rule a 404; tokens need rw for changes', async () => {
    const book = await sharedBook('Guarded');
    await addPeer(book, { id: '1' });
    await deletePeers(book, ['1']);
    const routes = (token: string) => [
      t.call('GET', `/api/ab/recycle-bin/${book}`, { token }),
      t.call('POST', `/api/ab/recycle-bin/${book}/restore`, { token, body: ['1'] }),
      t.call('DELETE', `/api/ab/recycle-bin/${book}`, { token, body: ['1'] }),
      t.call('DELETE', `/api/ab/recycle-bin/${book}/all`, { token }),
    ];
    for (const response of await Promise.all(routes(carol))) expectError(response, 403, /read-only/);
    for (const response of await Promise.all(routes(dave))) expectError(response, 404, /not found/);
    const [list, ...changes] = await Promise.all(routes(readToken));
    expect(list?.statusCode).toBe(200);
    for (const response of changes) expectError(response, 403, /address_book:rw/);
    expect(await binIds(book)).toEqual(['1']);
  });

  it('bad input on every route is a 400 naming what is wrong; unknown books are 404', async () => {
    const book = await sharedBook('Bad bin input');
    for (const url of [
      '/api/ab/recycle-bin/nope',
      '/api/ab/recycle-bin/nope/restore',
      '/api/ab/recycle-bin/nope/all',
    ]) {
      const method = url.endsWith('restore') ? 'POST' : url.endsWith('all') ? 'DELETE' : 'GET';
      expectError(await t.call(method, url, { token: rwToken, body: ['1'] }), 400, /guid/);
    }
    for (const [method, url] of [
      ['POST', `/api/ab/recycle-bin/${book}/restore`],
      ['DELETE', `/api/ab/recycle-bin/${book}`],
    ] as const) {
      for (const body of [{ id: '1' }, [], [1], [null], 'x']) {
        expectError(await t.call(method, url, { token: rwToken, body }), 400, /request body|\[0\]/);
      }
      expectError(await t.call(method, url, { token: rwToken }), 400);
      expectError(await t.call(method, url, { token: rwToken, payload: '[' }), 400, /not valid JSON/);
      expectError(
        await t.call(method, url.replace(book, UNKNOWN_GUID), { token: rwToken, body: ['1'] }),
        404,
      );
    }
    expectError(await t.call('GET', `/api/ab/recycle-bin/${UNKNOWN_GUID}`, { token: rwToken }), 404);
    expectError(await t.call('DELETE', `/api/ab/recycle-bin/${UNKNOWN_GUID}/all`, { token: rwToken }), 404);
    expectError(
      await t.call('GET', `/api/ab/recycle-bin/${book}`, { token: rwToken, query: { current: '0' } }),
      400,
      /current/,
    );
    expectError(
      await t.call('GET', `/api/ab/recycle-bin/${book}`, { token: rwToken, query: { pageSize: 'many' } }),
      400,
      /pageSize/,
    );
  });

  it('the API reference documents the bin', async () => {
    const document = (await t.call('GET', '/api/openapi.json')).json();
    for (const [path, method] of [
      ['/api/ab/recycle-bin/{guid}', 'get'],
      ['/api/ab/recycle-bin/{guid}/restore', 'post'],
      ['/api/ab/recycle-bin/{guid}', 'delete'],
      ['/api/ab/recycle-bin/{guid}/all', 'delete'],
      ['/api/ab/peer/{guid}', 'delete'],
    ] as const) {
      expect(document.paths[path]?.[method]?.summary, `${method} ${path}`).toEqual(expect.any(String));
    }
    expect(document.paths['/api/ab/peer/{guid}'].delete.summary).toMatch(/recycle bin/);
  });
});
