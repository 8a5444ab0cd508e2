import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/schema.js';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { hashSecret, uuidv7 } from '../../src/lib/ids.js';
import {
  createDevice,
  createDeviceGroup,
  createGroupAccess,
  createSharedBook,
  createUser,
  createUserGroup,
} from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Rules are inserted directly, so that these tests do not depend on the rule endpoints. */

async function createRule(
  db: Db,
  abId: number,
  rule: { userId?: number; userGroupId?: number; rule: number },
): Promise<void> {
  await db
    .insertInto('ab_rules')
    .values({
      guid: uuidv7(),
      ab_id: abId,
      user_id: rule.userId ?? null,
      user_group_id: rule.userGroupId ?? null,
      rule: rule.rule,
      created_at: Date.now(),
    })
    .execute();
}

/** What the Flutter client sends when it copies a peer from one book to another (Peer.toJson()). */
const copiedPeer = (id: string) => ({
  id,
  username: 'jdoe',
  hostname: 'laptop',
  platform: 'Linux',
  alias: 'Laptop',
  tags: [],
  forceAlwaysRelay: 'true',
  rdpPort: '3390',
  rdpUsername: 'rdp-user',
  loginName: 'login',
  device_group_name: 'whatever',
  note: 'copied',
  same_server: null,
});

describe('the address book API (new mode)', () => {
  let t: TestApp;
  let admin: string;
  let alice: string;
  let bob: string;
  let carol: string;
  let ids: { admin: number; alice: number; bob: number; carol: number; sales: number };
  let books: Record<'team' | 'readOnly' | 'salesRw' | 'hidden' | 'everyone' | 'overridden', string>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    const sales = await createUserGroup(t.db, 'Sales');
    ids = {
      admin: (
        await t.db.selectFrom('users').select('id').where('name', '=', 'admin').executeTakeFirstOrThrow()
      ).id,
      alice: await createUser(t.db, { name: 'alice', password: 'alice-pass' }),
      bob: await createUser(t.db, { name: 'bob', password: 'bob-pass', groupId: sales }),
      carol: await createUser(t.db, { name: 'carol', password: 'carol-pass', groupId: sales }),
      sales,
    };
    alice = await t.login('alice', 'alice-pass');
    bob = await t.login('bob', 'bob-pass');
    carol = await t.login('carol', 'carol-pass');

    const team = await createSharedBook(t.db, {
      name: 'Team',
      ownerId: ids.alice,
      password: 'shared-pw',
      note: 'n',
    });
    const readOnly = await createSharedBook(t.db, { name: 'Read only', ownerId: ids.admin });
    await createRule(t.db, readOnly.id, { userId: ids.bob, rule: 1 });
    const salesRw = await createSharedBook(t.db, { name: 'Sales book', ownerId: ids.admin });
    await createRule(t.db, salesRw.id, { userGroupId: ids.sales, rule: 2 });
    const hidden = await createSharedBook(t.db, { name: 'Hidden', ownerId: ids.admin });
    await createRule(t.db, hidden.id, { userId: ids.alice, rule: 3 });
    const everyone = await createSharedBook(t.db, { name: 'Everyone', ownerId: ids.admin });
    await createRule(t.db, everyone.id, { rule: 1 });
    // Sales may write, but carol's own rule says read only: the user rule wins.
    const overridden = await createSharedBook(t.db, { name: 'Overridden', ownerId: ids.admin });
    await createRule(t.db, overridden.id, { userGroupId: ids.sales, rule: 2 });
    await createRule(t.db, overridden.id, { userId: ids.carol, rule: 1 });
    await createRule(t.db, overridden.id, { rule: 3 });
    books = {
      team: team.guid,
      readOnly: readOnly.guid,
      salesRw: salesRw.guid,
      hidden: hidden.guid,
      everyone: everyone.guid,
      overridden: overridden.guid,
    };
  });
  afterAll(() => t.close());

  const personalGuid = async (token: string): Promise<string> =>
    (await t.call('POST', '/api/ab/personal', { token })).json().guid;
  const peersOf = async (token: string, ab: string, query: Record<string, string> = {}) =>
    t.call('POST', '/api/ab/peers', { token, query: { current: '1', pageSize: '100', ab, ...query } });
  const expectEmpty200 = (response: { statusCode: number; body: string }) => {
    expect({ status: response.statusCode, body: response.body }).toEqual({ status: 200, body: '' });
  };

  describe('personal book and settings', () => {
    it('POST /api/ab/personal creates the personal book on first use and answers its guid', async () => {
      const response = await t.call('POST', '/api/ab/personal', {
        token: alice,
        headers: { 'content-type': 'application/json', 'content-length': '0' },
      });
      expect(response.statusCode).toBe(200);
      const { guid } = response.json();
      expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const row = await t.db
        .selectFrom('address_books')
        .selectAll()
        .where('guid', '=', guid)
        .executeTakeFirst();
      expect(row).toMatchObject({ name: 'My address book', personal: 1, owner_id: ids.alice });
      expect(await personalGuid(alice)).toBe(guid);
      expect(await personalGuid(bob)).not.toBe(guid);
    });

    it('GET /api/ab/personal (ab.py) answers the same guid', async () => {
      const response = await t.call('GET', '/api/ab/personal', {
        token: alice,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ guid: await personalGuid(alice) });
    });

    it('POST /api/ab/settings answers max_peer_one_ab as an integer', async () => {
      const response = await t.call('POST', '/api/ab/settings', { token: alice });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ max_peer_one_ab: 0, can_share: false });
    });

    it('answers 401 without a valid token, so that the client logs out', async () => {
      for (const [method, url] of [
        ['POST', '/api/ab/personal'],
        ['POST', '/api/ab/settings'],
        ['GET', '/api/ab/shared/profiles'],
        ['POST', `/api/ab/tags/${books.team}`],
      ] as const) {
        const response = await t.call(method, url, { token: 'rdcs_unknown' });
        expect(response.statusCode).toBe(401);
        expect(response.json()).toHaveProperty('error');
      }
    });
  });

  describe('shared profiles', () => {
    const namesOf = (response: { json(): { data: Array<{ name: string }> } }) =>
      response.json().data.map((p) => p.name);

    it('lists the shared books the caller can see, with the caller’s rule and the AbProfile fields', async () => {
      const response = await t.call('POST', '/api/ab/shared/profiles', {
        token: alice,
        query: { current: '1', pageSize: '100' },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.total).toBe(4);
      expect(body.data).toEqual([
        { guid: books.everyone, name: 'Everyone', owner: 'admin', note: '', info: {}, rule: 1 },
        { guid: books.hidden, name: 'Hidden', owner: 'admin', note: '', info: {}, rule: 3 },
        { guid: books.overridden, name: 'Overridden', owner: 'admin', note: '', info: {}, rule: 3 },
        {
          guid: books.team,
          name: 'Team',
          owner: 'alice',
          note: 'n',
          info: { password: 'shared-pw' },
          rule: 3,
        },
      ]);
    });

    it('applies user > group > everyone, and hides books without a rule', async () => {
      const bobs = await t.call('GET', '/api/ab/shared/profiles', { token: bob });
      expect(bobs.json().data.map((p: { name: string; rule: number }) => [p.name, p.rule])).toEqual([
        ['Everyone', 1],
        ['Overridden', 2],
        ['Read only', 1],
        ['Sales book', 2],
      ]);
      const carols = await t.call('GET', '/api/ab/shared/profiles', { token: carol });
      expect(carols.json().data.find((p: { name: string }) => p.name === 'Overridden').rule).toBe(1);
      expect(namesOf(carols)).not.toContain('Hidden');
    });

    it('shows every shared book to an administrator, with full control', async () => {
      const response = await t.call('GET', '/api/ab/shared/profiles', { token: admin });
      expect(response.json().total).toBe(6);
      expect(response.json().data.every((p: { rule: number }) => p.rule === 3)).toBe(true);
    });

    it('pages with current/pageSize and an integer total; past the end data is empty', async () => {
      const page2 = await t.call('GET', '/api/ab/shared/profiles', {
        token: admin,
        query: { current: '2', pageSize: '4' },
      });
      expect(page2.json().total).toBe(6);
      expect(namesOf(page2)).toEqual(['Sales book', 'Team']);
      const past = await t.call('GET', '/api/ab/shared/profiles', { token: admin, query: { current: '9' } });
      expect(past.json()).toEqual({ total: 6, data: [] });
    });

    it('filters by name as ab.py sends it: raw for the exact lookup, or with % wildcards', async () => {
      const exact = await t.call('GET', '/api/ab/shared/profiles', {
        token: admin,
        query: { name: 'Sales book', pageSize: '30', current: '1' },
      });
      expect(namesOf(exact)).toEqual(['Sales book']);
      const fuzzy = await t.call('GET', '/api/ab/shared/profiles', { token: admin, query: { name: '%O%' } });
      expect(namesOf(fuzzy)).toEqual(['Everyone', 'Overridden', 'Read only', 'Sales book']);
    });

    it('refuses bad paging parameters', async () => {
      const queries: Array<Record<string, string>> = [
        { current: '0' },
        { current: 'x' },
        { pageSize: '0' },
        { pageSize: '-5' },
      ];
      for (const query of queries) {
        const response = await t.call('GET', '/api/ab/shared/profiles', { token: admin, query });
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatch(/current|pageSize/);
      }
    });
  });

  describe('peers', () => {
    it('adds a peer to the personal book and reads it back with the exact types the client needs', async () => {
      const guid = await personalGuid(alice);
      const add = await t.call('POST', `/api/ab/peer/add/${guid}`, {
        token: alice,
        body: {
          id: '100200300',
          alias: 'Desk',
          tags: [],
          hash: 'aGFzaA==',
          password: 'dropped',
          note: 'hello',
        },
      });
      expectEmpty200(add);
      const response = await peersOf(alice, guid);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        total: 1,
        data: [
          {
            id: '100200300',
            hash: 'aGFzaA==',
            username: '',
            hostname: '',
            platform: '',
            alias: 'Desk',
            tags: [],
            note: 'hello',
            same_server: false,
            forceAlwaysRelay: 'false',
            rdpPort: '',
            rdpUsername: '',
            loginName: '',
            device_group_name: '',
          },
        ],
      });
    });

    it('keeps a plain password in a shared book and never a hash', async () => {
      const add = await t.call('POST', `/api/ab/peer/add/${books.team}`, {
        token: alice,
        body: { id: '5550001', password: 'secret', hash: 'dropped', note: null },
      });
      expectEmpty200(add);
      const peer = (await peersOf(alice, books.team)).json().data[0];
      expect(peer).toMatchObject({ id: '5550001', password: 'secret', note: '' });
      expect(peer).not.toHaveProperty('hash');
      const stored = await t.db
        .selectFrom('ab_peers')
        .select('hash')
        .where('peer_id', '=', '5550001')
        .execute();
      expect(stored).toEqual([{ hash: '' }]);
    });

    it('shows a registered device with same_server true and the device’s own names, platform and group', async () => {
      const group = await createDeviceGroup(t.db, 'Servers');
      // A peer shows a device's names only to those who may reach it.
      await createGroupAccess(t.db, { fromUserId: ids.alice, toDeviceGroupId: group });
      await createDevice(t.db, {
        peerId: '777000111',
        hostname: 'srv-reported',
        username: 'root',
        os: 'linux / Ubuntu 22.04',
        deviceGroupId: group,
      });
      await t.db
        .updateTable('devices')
        .set({ device_name: 'Build server' })
        .where('peer_id', '=', '777000111')
        .execute();
      await t.call('POST', `/api/ab/peer/add/${books.team}`, {
        token: alice,
        body: { id: '777000111', username: 'stale', hostname: 'stale', platform: 'Windows' },
      });
      const peer = (await peersOf(alice, books.team, { id: '777000111' })).json().data[0];
      expect(peer).toMatchObject({
        same_server: true,
        hostname: 'Build server',
        username: 'root',
        platform: 'Linux',
        device_group_name: 'Servers',
      });
    });

    it('stores every field of a peer copied from another book, ignoring the ones the server derives', async () => {
      const add = await t.call('POST', `/api/ab/peer/add/${books.team}`, {
        token: alice,
        body: { ...copiedPeer('424242'), somethingNewer: { a: 1 } },
      });
      expectEmpty200(add);
      const peer = (await peersOf(alice, books.team, { id: '424242' })).json().data[0];
      expect(peer).toEqual({
        id: '424242',
        password: '',
        username: 'jdoe',
        hostname: 'laptop',
        platform: 'Linux',
        alias: 'Laptop',
        tags: [],
        note: 'copied',
        same_server: false,
        forceAlwaysRelay: 'true',
        rdpPort: '3390',
        rdpUsername: 'rdp-user',
        loginName: 'login',
        device_group_name: '',
      });
    });

    it('answers 409 when the peer is already in the book', async () => {
      const response = await t.call('POST', `/api/ab/peer/add/${books.team}`, {
        token: alice,
        body: { id: '424242' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatch(/424242/);
    });

    it('updates only the fields present (one field group per request, as the client sends them)', async () => {
      const url = `/api/ab/peer/update/${books.team}`;
      expectEmpty200(await t.call('PUT', url, { token: alice, body: { id: '424242', alias: 'Renamed' } }));
      expectEmpty200(await t.call('PUT', url, { token: alice, body: { id: '424242', note: '' } }));
      expectEmpty200(await t.call('PUT', url, { token: alice, body: { id: '424242', password: 'pw2' } }));
      const peer = (await peersOf(alice, books.team, { id: '424242' })).json().data[0];
      expect(peer).toMatchObject({
        alias: 'Renamed',
        note: '',
        password: 'pw2',
        username: 'jdoe',
        rdpPort: '3390',
        forceAlwaysRelay: 'true',
      });
    });

    it('puts tags on a peer as an array, creating tags the book did not have', async () => {
      const url = `/api/ab/peer/update/${books.team}`;
      await t.call('PUT', url, { token: alice, body: { id: '424242', tags: ['Red', 'ops', 'ops', ''] } });
      const peer = (await peersOf(alice, books.team, { id: '424242' })).json().data[0];
      expect(peer.tags).toEqual(['Red', 'ops']);
      const tags = (await t.call('POST', `/api/ab/tags/${books.team}`, { token: alice })).json();
      expect(tags).toEqual(
        expect.arrayContaining([
          { name: 'Red', color: 0xffff0000 },
          { name: 'ops', color: expect.any(Number) },
        ]),
      );
      expectEmpty200(await t.call('PUT', url, { token: alice, body: { id: '424242', tags: [] } }));
      expect((await peersOf(alice, books.team, { id: '424242' })).json().data[0].tags).toEqual([]);
    });

    it('answers 404 when updating a peer that is not in the book', async () => {
      const response = await t.call('PUT', `/api/ab/peer/update/${books.team}`, {
        token: alice,
        body: { id: 'nope', alias: 'x' },
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatch(/nope/);
    });

    it('deletes the peers listed in a JSON array, skipping unknown ones', async () => {
      const guid = await personalGuid(bob);
      for (const id of ['1', '2', '3']) {
        await t.call('POST', `/api/ab/peer/add/${guid}`, { token: bob, body: { id } });
      }
      expectEmpty200(
        await t.call('DELETE', `/api/ab/peer/${guid}`, { token: bob, body: ['1', '3', 'unknown'] }),
      );
      expect((await peersOf(bob, guid)).json().data.map((p: { id: string }) => p.id)).toEqual(['2']);
    });

    it('pages peers; past the end data is empty; pageSize is capped at 1000', async () => {
      const guid = await personalGuid(carol);
      for (let i = 1; i <= 5; i++) {
        await t.call('POST', `/api/ab/peer/add/${guid}`, {
          token: carol,
          body: { id: `90${i}`, alias: `A_${i}` },
        });
      }
      const page = async (current: string, pageSize: string) =>
        (await peersOf(carol, guid, { current, pageSize })).json();
      expect(await page('1', '2')).toMatchObject({ total: 5, data: [{ id: '901' }, { id: '902' }] });
      expect((await page('3', '2')).data.map((p: { id: string }) => p.id)).toEqual(['905']);
      expect(await page('4', '2')).toEqual({ total: 5, data: [] });
      expect((await page('1', '100000')).data).toHaveLength(5);
      const defaults = await t.call('GET', '/api/ab/peers', { token: carol, query: { ab: guid } });
      expect(defaults.json().total).toBe(5);
      expect(Number.isInteger(defaults.json().total)).toBe(true);
    });

    it('filters by id and alias as ab.py sends them: % wildcards, case-insensitive, _ literal, "-" = empty', async () => {
      const guid = await personalGuid(carol);
      const ids = async (query: Record<string, string>) =>
        (await peersOf(carol, guid, query)).json().data.map((p: { id: string }) => p.id);
      expect(await ids({ id: '%90%' })).toEqual(['901', '902', '903', '904', '905']);
      expect(await ids({ id: '903' })).toEqual(['903']);
      expect(await ids({ alias: '%a_2%' })).toEqual(['902']);
      expect(await ids({ alias: 'A%' })).toHaveLength(5);
      expect(await ids({ alias: '%a2%' })).toEqual([]);
      expect(await ids({ id: '%1', alias: '%A%' })).toEqual(['901']);
      expect((await peersOf(carol, guid, { id: '%1' })).json().total).toBe(1);
      await t.call('POST', `/api/ab/peer/add/${guid}`, { token: carol, body: { id: '906' } });
      expect(await ids({ alias: '-' })).toEqual(['906']);
    });
  });

  describe('tags', () => {
    it('answers a BARE array, with colours above 2^31 kept exact, on POST and GET', async () => {
      const guid = await personalGuid(alice);
      expectEmpty200(
        await t.call('POST', `/api/ab/tag/add/${guid}`, {
          token: alice,
          body: { name: 'work', color: 4280391411 },
        }),
      );
      expectEmpty200(
        await t.call('POST', `/api/ab/tag/add/${guid}`, {
          token: alice,
          body: { name: 'white', color: 4294967295 },
        }),
      );
      for (const method of ['POST', 'GET'] as const) {
        const response = await t.call(method, `/api/ab/tags/${guid}`, {
          token: alice,
          headers: { 'content-type': 'application/json', 'content-length': '0' },
        });
        expect(response.statusCode).toBe(200);
        expect(response.body).toBe(
          '[{"name":"work","color":4280391411},{"name":"white","color":4294967295}]',
        );
      }
    });

    it('gives a tag added without colour the colour ab.py would pick, and stores signed colours unsigned', async () => {
      const guid = await personalGuid(bob);
      await t.call('POST', `/api/ab/tag/add/${guid}`, { token: bob, body: { name: 'green' } });
      await t.call('POST', `/api/ab/tag/add/${guid}`, {
        token: bob,
        body: { name: 'signed', color: -65536 },
      });
      expect((await t.call('GET', `/api/ab/tags/${guid}`, { token: bob })).json()).toEqual([
        { name: 'green', color: 0xff008000 },
        { name: 'signed', color: 0xffff0000 },
      ]);
    });

    it('adding a tag the book already has answers 200 and sets its colour; without a colour it keeps its own', async () => {
      const guid = await personalGuid(alice);
      const add = (body: Record<string, unknown>) =>
        t.call('POST', `/api/ab/tag/add/${guid}`, { token: alice, body });
      const tags = async () => (await t.call('GET', `/api/ab/tags/${guid}`, { token: alice })).json();

      expectEmpty200(await add({ name: 'work', color: 0xff00ff00 }));
      expect(await tags()).toEqual([
        { name: 'work', color: 0xff00ff00 },
        { name: 'white', color: 4294967295 },
      ]);
      expectEmpty200(await add({ name: 'work' }));
      expect((await tags())[0]).toEqual({ name: 'work', color: 0xff00ff00 });
      // Twice, as a script run again does: still one tag of that name.
      expectEmpty200(await add({ name: 'work', color: 4280391411 }));
      expectEmpty200(await add({ name: 'work', color: 4280391411 }));
      expect(await tags()).toEqual([
        { name: 'work', color: 4280391411 },
        { name: 'white', color: 4294967295 },
      ]);
      // Names are exact: another case is another tag.
      expectEmpty200(await add({ name: 'Work', color: 1 }));
      expect((await tags()).map((tag: { name: string }) => tag.name)).toEqual(['work', 'white', 'Work']);
      expectEmpty200(await t.call('DELETE', `/api/ab/tag/${guid}`, { token: alice, body: ['Work'] }));
    });

    it('renames a tag on the peers too', async () => {
      const guid = await personalGuid(alice);
      await t.call('POST', `/api/ab/peer/add/${guid}`, {
        token: alice,
        body: { id: 'r1', tags: ['work', 'white'] },
      });
      await t.call('POST', `/api/ab/peer/add/${guid}`, { token: alice, body: { id: 'r2', tags: ['white'] } });
      expectEmpty200(
        await t.call('PUT', `/api/ab/tag/rename/${guid}`, {
          token: alice,
          body: { old: 'work', new: 'office' },
        }),
      );
      const tags = (await t.call('GET', `/api/ab/tags/${guid}`, { token: alice })).json();
      expect(tags.map((x: { name: string }) => x.name)).toEqual(['office', 'white']);
      expect(tags[0].color).toBe(4280391411);
      const peers = (await peersOf(alice, guid, { id: 'r%' })).json().data;
      expect(peers.map((p: { tags: string[] }) => p.tags)).toEqual([['office', 'white'], ['white']]);
    });

    it('refuses renaming an unknown tag (404) or onto an existing name (409)', async () => {
      const guid = await personalGuid(alice);
      const unknown = await t.call('PUT', `/api/ab/tag/rename/${guid}`, {
        token: alice,
        body: { old: 'ghost', new: 'x' },
      });
      expect(unknown.statusCode).toBe(404);
      const taken = await t.call('PUT', `/api/ab/tag/rename/${guid}`, {
        token: alice,
        body: { old: 'office', new: 'white' },
      });
      expect(taken.statusCode).toBe(409);
    });

    it('changes a tag colour; a null colour (ab.py without --tag-color) is a 400', async () => {
      const guid = await personalGuid(alice);
      expectEmpty200(
        await t.call('PUT', `/api/ab/tag/update/${guid}`, {
          token: alice,
          body: { name: 'white', color: 0xff0000ff },
        }),
      );
      const tags = (await t.call('GET', `/api/ab/tags/${guid}`, { token: alice })).json();
      expect(tags.find((x: { name: string }) => x.name === 'white').color).toBe(0xff0000ff);

      const nullColor = await t.call('PUT', `/api/ab/tag/update/${guid}`, {
        token: alice,
        body: { name: 'white', color: null },
      });
      expect(nullColor.statusCode).toBe(400);
      expect(nullColor.json().error).toMatch(/color/);
      const unknown = await t.call('PUT', `/api/ab/tag/update/${guid}`, {
        token: alice,
        body: { name: 'ghost', color: 1 },
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('deletes tags listed in a JSON array, from the peers too', async () => {
      const guid = await personalGuid(alice);
      expectEmpty200(
        await t.call('DELETE', `/api/ab/tag/${guid}`, { token: alice, body: ['white', 'ghost'] }),
      );
      const tags = (await t.call('GET', `/api/ab/tags/${guid}`, { token: alice })).json();
      expect(tags.map((x: { name: string }) => x.name)).toEqual(['office']);
      const peers = (await peersOf(alice, guid, { id: 'r%' })).json().data;
      expect(peers.map((p: { tags: string[] }) => p.tags)).toEqual([['office'], []]);
    });
  });

  describe('who may do what', () => {
    const peerWrite = (token: string, guid: string) =>
      t.call('POST', `/api/ab/peer/add/${guid}`, { token, body: { id: `w-${Math.random()}` } });

    it('a read-only rule reads peers and tags but every write is a 403', async () => {
      expect((await peersOf(bob, books.readOnly)).statusCode).toBe(200);
      expect((await t.call('POST', `/api/ab/tags/${books.readOnly}`, { token: bob })).statusCode).toBe(200);
      const guid = books.readOnly;
      const writes: Array<[InjectOptions['method'], string, unknown]> = [
        ['POST', `/api/ab/peer/add/${guid}`, { id: 'x' }],
        ['PUT', `/api/ab/peer/update/${guid}`, { id: 'x', alias: 'y' }],
        ['DELETE', `/api/ab/peer/${guid}`, ['x']],
        ['POST', `/api/ab/tag/add/${guid}`, { name: 't', color: 1 }],
        ['PUT', `/api/ab/tag/rename/${guid}`, { old: 't', new: 'u' }],
        ['PUT', `/api/ab/tag/update/${guid}`, { name: 't', color: 1 }],
        ['DELETE', `/api/ab/tag/${guid}`, ['t']],
      ];
      for (const [method, url, body] of writes) {
        const response = await t.call(method, url, { token: bob, body });
        expect(response.statusCode).toBe(403);
        expect(response.json().error).toMatch(/read-only/);
      }
    });

    it('a group rule of read/write lets the group write', async () => {
      expectEmpty200(await peerWrite(bob, books.salesRw));
      expectEmpty200(await peerWrite(carol, books.salesRw));
    });

    it('a user rule overrides the user group rule, which overrides the everyone rule', async () => {
      expect((await peerWrite(carol, books.overridden)).statusCode).toBe(403);
      expectEmpty200(await peerWrite(bob, books.overridden));
      expectEmpty200(await peerWrite(alice, books.overridden));
    });

    it('a book without a rule for the caller does not exist for them (404), for reads and writes', async () => {
      for (const response of [
        await peersOf(bob, books.hidden),
        await t.call('GET', `/api/ab/tags/${books.hidden}`, { token: bob }),
        await peerWrite(bob, books.hidden),
        await t.call('DELETE', `/api/ab/tag/${books.hidden}`, { token: bob, body: [] }),
      ]) {
        expect(response.statusCode).toBe(404);
        expect(response.json()).toEqual({
          error: 'Address book not found',
          code: 'address_book_guid_not_found',
        });
      }
    });

    it('a personal book is its owner’s alone: another user, even an administrator, gets a 404', async () => {
      const alicesBook = await personalGuid(alice);
      for (const token of [bob, admin]) {
        expect((await peersOf(token, alicesBook)).statusCode).toBe(404);
        expect((await peerWrite(token, alicesBook)).statusCode).toBe(404);
      }
    });

    it('the owner and administrators have full control of a shared book', async () => {
      expectEmpty200(await peerWrite(admin, books.team));
      expectEmpty200(await peerWrite(alice, books.team));
    });

    it('an unknown book is a 404 and a malformed guid a 400', async () => {
      const unknown = await peersOf(alice, '01983006-fcca-7c12-9a91-b1df483c6073');
      expect(unknown.statusCode).toBe(404);
      for (const response of [
        await peersOf(alice, 'not-a-guid'),
        await t.call('POST', '/api/ab/tags/123', { token: alice }),
        await t.call('POST', '/api/ab/peer/add/x', { token: alice, body: { id: '1' } }),
        await t.call('DELETE', '/api/ab/tag/x', { token: alice, body: [] }),
      ]) {
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatch(/ab|guid/);
      }
    });
  });

  describe('API tokens (ab.py)', () => {
    it('ab.py add-peer --tags red,blue, then add-tag --tag-name red and blue, run twice: every call 200, the colours set', async () => {
      const token = await t.apiToken({ address_book: 'rw' });
      const guid = (await t.call('GET', '/api/ab/personal', { token })).json().guid;
      const tags = async () => (await t.call('GET', `/api/ab/tags/${guid}`, { token })).json();
      for (let run = 1; run <= 2; run++) {
        const peer = await t.call('POST', `/api/ab/peer/add/${guid}`, {
          token,
          body: { id: '700100200', note: null, tags: ['red', 'blue'] },
        });
        // Adding a peer the book already has stays a 409 (issue 12 is about tags).
        expect(peer.statusCode, peer.body).toBe(run === 1 ? 200 : 409);
        if (run === 1) {
          expect((await tags()).map((tag: { name: string }) => tag.name)).toEqual(['red', 'blue']);
        }
        // ab.py add-tag sends the colour it picks (str2color): red 0xFFFF0000; here blue as indigo.
        expectEmpty200(
          await t.call('POST', `/api/ab/tag/add/${guid}`, {
            token,
            body: { name: 'red', color: 0xffff0000 },
          }),
        );
        expectEmpty200(
          await t.call('POST', `/api/ab/tag/add/${guid}`, {
            token,
            body: { name: 'blue', color: 0xff3f51b5 },
          }),
        );
        expect(await tags()).toEqual([
          { name: 'red', color: 0xffff0000 },
          { name: 'blue', color: 0xff3f51b5 },
        ]);
      }
      const peers = await t.call('GET', '/api/ab/peers', { token, query: { ab: guid, id: '700100200' } });
      expect(peers.json().data.map((peer: { tags: string[] }) => peer.tags)).toEqual([['red', 'blue']]);
    });

    it('a token with address_book:r reads shared books and its creator’s personal book, but cannot write', async () => {
      const adminsBook = await personalGuid(admin);
      const token = await t.apiToken({ address_book: 'r' });
      const profiles = await t.call('GET', '/api/ab/shared/profiles', {
        token,
        query: { pageSize: '30', current: '1' },
      });
      expect(profiles.json().total).toBe(6);
      expect((await t.call('GET', '/api/ab/personal', { token })).json()).toEqual({ guid: adminsBook });
      expect((await t.call('GET', '/api/ab/peers', { token, query: { ab: books.hidden } })).statusCode).toBe(
        200,
      );
      expect((await t.call('GET', `/api/ab/tags/${books.team}`, { token })).statusCode).toBe(200);
      const write = await t.call('POST', `/api/ab/peer/add/${books.team}`, { token, body: { id: 'tok' } });
      expect(write.statusCode).toBe(403);
      expect(write.json().error).toMatch(/address_book:rw/);
    });

    it('a token with address_book:r does not create its creator’s personal book (a write): 404 until made', async () => {
      const creator = await t.db
        .selectFrom('users')
        .select('id')
        .where('name', '=', 'admin')
        .executeTakeFirstOrThrow();
      const personalBooks = () =>
        t.db
          .selectFrom('address_books')
          .select('guid')
          .where('owner_id', '=', creator.id)
          .where('personal', '=', 1)
          .execute();
      await t.db
        .deleteFrom('address_books')
        .where('owner_id', '=', creator.id)
        .where('personal', '=', 1)
        .execute();
      const reader = await t.apiToken({ address_book: 'r' });
      const missing = await t.call('GET', '/api/ab/personal', { token: reader });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error).toMatch(/No personal address book yet/);
      expect(await personalBooks()).toEqual([]);

      const created = await t.call('GET', '/api/ab/personal', {
        token: await t.apiToken({ address_book: 'rw' }),
      });
      expect(created.statusCode).toBe(200);
      expect(await personalBooks()).toEqual([{ guid: created.json().guid }]);
      expect((await t.call('GET', '/api/ab/personal', { token: reader })).json()).toEqual(created.json());
    });

    it('a token with address_book:rw writes with full control on shared books, as ab.py sends it', async () => {
      const token = await t.apiToken({ address_book: 'rw' });
      const add = await t.call('POST', `/api/ab/peer/add/${books.hidden}`, {
        token,
        body: { id: '1849118658', note: null, alias: 'from ab.py', tags: ['a', 'b'], password: 'p' },
      });
      expectEmpty200(add);
      const peer = (
        await t.call('GET', '/api/ab/peers', { token, query: { ab: books.hidden, id: '%1849%' } })
      ).json();
      expect(peer.data[0]).toMatchObject({ alias: 'from ab.py', tags: ['a', 'b'], password: 'p', note: '' });
    });

    it('a token without the address book scope gets a 403 everywhere', async () => {
      const token = await t.apiToken({ device: 'rw' });
      for (const response of [
        await t.call('GET', '/api/ab/personal', { token }),
        await t.call('GET', '/api/ab/shared/profiles', { token }),
        await t.call('GET', `/api/ab/tags/${books.team}`, { token }),
      ]) {
        expect(response.statusCode).toBe(403);
        expect(response.json().error).toMatch(/address_book:r/);
      }
    });

    it('a token whose creator is gone is refused at the door (401), so it reaches no book', async () => {
      const token = await t.apiToken({ address_book: 'r' });
      await t.db
        .updateTable('api_tokens')
        .set({ created_by: null })
        .where('token_hash', '=', hashSecret(token))
        .execute();
      const response = await t.call('GET', '/api/ab/personal', { token });
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toMatch(/administrator who created it/);
    });
  });

  describe('max_peer_one_ab', () => {
    it('refuses to add a peer beyond the limit with a 403 naming it', async () => {
      const book = await createSharedBook(t.db, { name: 'Small', ownerId: ids.alice });
      await t.app.services.settings.update({ max_peer_one_ab: 2 }, SYSTEM_ACTOR);
      try {
        expect((await t.call('POST', '/api/ab/settings', { token: alice })).json()).toMatchObject({
          max_peer_one_ab: 2,
        });
        for (const id of ['m1', 'm2']) {
          expectEmpty200(
            await t.call('POST', `/api/ab/peer/add/${book.guid}`, { token: alice, body: { id } }),
          );
        }
        const third = await t.call('POST', `/api/ab/peer/add/${book.guid}`, {
          token: alice,
          body: { id: 'm3' },
        });
        expect(third.statusCode).toBe(403);
        expect(third.json().error).toMatch(/2 peers.*max_peer_one_ab/);
        expect(await t.app.services.addressBooks.addPeerToBookByName('Small', 'm4', {})).toBe(false);
        expect(await t.app.services.addressBooks.addPeerToBookByName('Small', 'm1', { alias: 'ok' })).toBe(
          true,
        );
      } finally {
        await t.app.services.settings.update({ max_peer_one_ab: 0 }, SYSTEM_ACTOR);
      }
    });
  });

  it('a first write right after start, before anything has read the settings, completes', async () => {
    const fresh = await startTestApp();
    try {
      const token = await fresh.adminSession();
      const guid = (await fresh.call('POST', '/api/ab/personal', { token })).json().guid;
      const add = await fresh.call('POST', `/api/ab/peer/add/${guid}`, { token, body: { id: '1' } });
      expectEmpty200(add);
    } finally {
      await fresh.close();
    }
  });

  describe('addPeerToBookByName (device presets and rustdesk --assign)', () => {
    const service = () => t.app.services.addressBooks;

    it('adds the peer to the shared book of that exact name and creates the tag with a colour', async () => {
      const book = await createSharedBook(t.db, { name: 'Presets', ownerId: ids.admin });
      const added = await service().addPeerToBookByName('Presets', '600700800', {
        tag: 'kiosk',
        alias: 'Lobby',
        password: 'pw',
        note: 'assigned',
      });
      expect(added).toBe(true);
      const peers = (await peersOf(admin, book.guid)).json().data;
      expect(peers).toEqual([
        expect.objectContaining({
          id: '600700800',
          alias: 'Lobby',
          password: 'pw',
          note: 'assigned',
          tags: ['kiosk'],
        }),
      ]);
      const tags = (await t.call('GET', `/api/ab/tags/${book.guid}`, { token: admin })).json();
      expect(tags).toEqual([{ name: 'kiosk', color: expect.any(Number) }]);
      expect(tags[0].color).toBeGreaterThan(2 ** 31);
    });

    it('updates only the given fields of a peer already there and adds the tag once', async () => {
      const book = await t.db
        .selectFrom('address_books')
        .select('guid')
        .where('name', '=', 'Presets')
        .executeTakeFirstOrThrow();
      expect(
        await service().addPeerToBookByName('Presets', '600700800', { alias: 'Hall', tag: 'floor1' }),
      ).toBe(true);
      expect(await service().addPeerToBookByName('Presets', '600700800', { tag: 'kiosk' })).toBe(true);
      const peer = (await peersOf(admin, book.guid)).json().data[0];
      expect(peer).toMatchObject({
        alias: 'Hall',
        password: 'pw',
        note: 'assigned',
        tags: ['kiosk', 'floor1'],
      });
    });

    it('answers false when there is no shared book of that name (personal books do not count)', async () => {
      expect(await service().addPeerToBookByName('presets', '1', {})).toBe(false);
      expect(await service().addPeerToBookByName('My address book', '1', {})).toBe(false);
      expect(await service().addPeerToBookByName('Presets', '', {})).toBe(false);
    });
  });

  describe('bad input', () => {
    it.each([
      ['an id that is a number', { id: 123 }, /id must be string/],
      ['no id', { alias: 'x' }, /id is required/],
      ['an empty id', { id: '' }, /id/],
      ['tags as a string', { id: 'b1', tags: 'a,b' }, /tags/],
      ['a numeric tag', { id: 'b1', tags: [1] }, /tags\[0\]/],
      ['an alias that is an object', { id: 'b1', alias: {} }, /alias/],
      ['a body that is an array', ['b1'], /request body/],
    ])('peer add with %s is a 400', async (_case, body, message) => {
      const guid = await personalGuid(alice);
      for (const url of [`/api/ab/peer/add/${guid}`, `/api/ab/peer/update/${guid}`]) {
        const response = await t.call(url.includes('add') ? 'POST' : 'PUT', url, { token: alice, body });
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatch(message);
      }
    });

    it.each([
      ['a colour as text', { name: 'c', color: 'red' }],
      ['a colour above 32 bits', { name: 'c', color: 4294967296 }],
      ['a fractional colour', { name: 'c', color: 1.5 }],
      ['no name', { color: 1 }],
      ['an empty name', { name: '', color: 1 }],
    ])('tag add with %s is a 400', async (_case, body) => {
      const response = await t.call('POST', `/api/ab/tag/add/${await personalGuid(alice)}`, {
        token: alice,
        body,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toHaveProperty('error');
    });

    it('tag rename needs old and new; tag update needs name and color', async () => {
      const guid = await personalGuid(alice);
      for (const body of [
        { old: 'office' },
        { new: 'x' },
        { old: 'office', new: '' },
        { old: 1, new: 'x' },
      ]) {
        expect((await t.call('PUT', `/api/ab/tag/rename/${guid}`, { token: alice, body })).statusCode).toBe(
          400,
        );
      }
      for (const body of [{ name: 'office' }, { color: 1 }, {}]) {
        expect((await t.call('PUT', `/api/ab/tag/update/${guid}`, { token: alice, body })).statusCode).toBe(
          400,
        );
      }
    });

    it('DELETE bodies must be JSON arrays of strings', async () => {
      const guid = await personalGuid(alice);
      for (const url of [`/api/ab/peer/${guid}`, `/api/ab/tag/${guid}`]) {
        for (const body of [{ id: '1' }, '1', [1], [null]]) {
          const response = await t.call('DELETE', url, { token: alice, body });
          expect(response.statusCode).toBe(400);
          expect(response.json().error).toMatch(/request body|\[0\]/);
        }
        const empty = await t.call('DELETE', url, { token: alice });
        expect(empty.statusCode).toBe(400);
      }
    });

    it('a body that is not JSON is a 400, never a 500', async () => {
      const guid = await personalGuid(alice);
      const response = await t.call('POST', `/api/ab/peer/add/${guid}`, { token: alice, payload: '{"id": ' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'request body is not valid JSON', code: 'invalid_json' });
    });

    it('the peers list needs the ab query parameter', async () => {
      const response = await t.call('POST', '/api/ab/peers', { token: alice, query: { current: '1' } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatch(/ab is required/);
    });
  });
});
