import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../../src/domain/console-audit/codes.js';
import { uuidv7 } from '../../src/lib/ids.js';
import { createDevice, createSharedBook, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';
const OTHER_UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6074';

describe('POST /api/users/bulk', () => {
  let t: TestApp;
  let admin: string;
  let token: string;

  const guidOf = async (name: string) =>
    (await t.db.selectFrom('users').select('guid').where('name', '=', name).executeTakeFirstOrThrow()).guid;
  const guidsOf = (...names: string[]) => Promise.all(names.map(guidOf));
  const statusOf = async (name: string) =>
    (await t.db.selectFrom('users').select('status').where('name', '=', name).executeTakeFirstOrThrow())
      .status;
  const exists = async (name: string) =>
    (await t.db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst()) !== undefined;
  const sessionsOf = async (name: string) => {
    const rows = await t.db
      .selectFrom('login_sessions')
      .innerJoin('users', 'users.id', 'login_sessions.user_id')
      .select('login_sessions.id')
      .where('users.name', '=', name)
      .execute();
    return rows.length;
  };
  const auditCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('console_audits')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('typ', '=', CONSOLE_AREA.user)
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** The user-area console audit records after the first `before` ones, oldest first. */
  const auditsSince = async (before: number) =>
    (
      await t.db
        .selectFrom('console_audits')
        .select(['operator', 'typ', 'iop', 'detail'])
        .where('typ', '=', CONSOLE_AREA.user)
        .orderBy('id')
        .execute()
    ).slice(before);
  const bulk = (body: unknown, as = token) => t.call('POST', '/api/users/bulk', { token: as, body });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    token = await t.apiToken({ user: 'rw' });
    for (const name of ['ann', 'bob', 'cid', 'dan', 'eva']) {
      await createUser(t.db, { name, password: `${name}-pass` });
    }
  });
  afterAll(() => t.close());

  describe('enable and disable', () => {
    it('disable ends every listed user’s sessions and records one Disable Users entry per user', async () => {
      const annSession = await t.login('ann', 'ann-pass');
      await t.login('bob', 'bob-pass');
      const before = await auditCount();
      const response = await bulk({ action: 'disable', guids: await guidsOf('ann', 'bob') });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ count: 2 });
      expect([await statusOf('ann'), await statusOf('bob'), await statusOf('cid')]).toEqual([0, 0, 1]);
      expect([await sessionsOf('ann'), await sessionsOf('bob')]).toEqual([0, 0]);
      expect((await t.call('POST', '/api/currentUser', { token: annSession })).statusCode).toBe(401);
      expect(await auditsSince(before)).toEqual(
        ['ann', 'bob'].map((name) => ({
          operator: 'token:test token',
          typ: CONSOLE_AREA.user,
          iop: CONSOLE_OPERATION.disableUsers,
          detail: `users: ${name}`,
        })),
      );
    });

    it('enable brings them back, one Enable Users entry per user; a guid listed twice counts once', async () => {
      const [ann, bob] = await guidsOf('ann', 'bob');
      const before = await auditCount();
      const response = await bulk({ action: 'enable', guids: [ann, bob, ann] });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ count: 2 });
      expect([await statusOf('ann'), await statusOf('bob')]).toEqual([1, 1]);
      expect((await auditsSince(before)).map((a) => [a.iop, a.detail])).toEqual([
        [CONSOLE_OPERATION.enableUsers, 'users: ann'],
        [CONSOLE_OPERATION.enableUsers, 'users: bob'],
      ]);
      await t.login('ann', 'ann-pass');
    });

    it('an administrator may disable themselves with others, as on the single route, while another administrator remains', async () => {
      await createUser(t.db, { name: 'root', password: 'root-pass', isAdmin: true });
      const rootSession = await t.login('root', 'root-pass');
      const response = await bulk({ action: 'disable', guids: await guidsOf('root', 'cid') }, rootSession);
      expect(response.statusCode, response.body).toBe(200);
      expect([await statusOf('root'), await statusOf('cid')]).toEqual([0, 0]);
      expect((await t.call('POST', '/api/currentUser', { token: rootSession })).statusCode).toBe(401);
      expect((await bulk({ action: 'enable', guids: await guidsOf('root', 'cid') }, admin)).statusCode).toBe(
        200,
      );
    });
  });

  describe('refusals change nobody and name the users concerned', () => {
    it('disabling every enabled administrator at once is refused, naming them', async () => {
      const before = await auditCount();
      const response = await bulk({ action: 'disable', guids: await guidsOf('ann', 'admin', 'root') }, admin);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error:
          'Keep one of the last enabled administrators enabled, or make another user an administrator first: admin, root',
        code: 'last_admins',
        names: ['admin', 'root'],
      });
      expect([await statusOf('ann'), await statusOf('admin'), await statusOf('root')]).toEqual([1, 1, 1]);
      expect(await auditCount()).toBe(before);
    });

    it('a single last administrator gets the single route’s words', async () => {
      await t.call('PATCH', `/api/users/${await guidOf('root')}`, {
        token: admin,
        body: { is_admin: false },
      });
      const response = await bulk({ action: 'disable', guids: await guidsOf('admin', 'bob') }, admin);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: 'admin is the last enabled administrator; make another user an administrator first',
        code: 'last_admin',
        name: 'admin',
      });
      expect(await statusOf('bob')).toBe(1);
      await t.call('PATCH', `/api/users/${await guidOf('root')}`, { token: admin, body: { is_admin: true } });
    });

    it('delete refuses enabled users, naming them; a single one as the single route says it', async () => {
      await bulk({ action: 'disable', guids: await guidsOf('dan') });
      const before = await auditCount();
      const several = await bulk({ action: 'delete', guids: await guidsOf('dan', 'ann', 'bob') });
      expect(several.statusCode).toBe(400);
      expect(several.json()).toEqual({
        error: 'Only disabled users can be deleted; disable them first: ann, bob',
        code: 'delete_disabled_users_only',
        names: ['ann', 'bob'],
      });
      const one = await bulk({ action: 'delete', guids: await guidsOf('ann') });
      expect(one.statusCode).toBe(400);
      expect(one.json()).toEqual({
        error: 'Only a disabled user can be deleted: disable ann first',
        code: 'delete_disabled_user_only',
        name: 'ann',
      });
      expect([await exists('dan'), await exists('ann'), await exists('bob')]).toEqual([true, true, true]);
      expect(await auditCount()).toBe(before);
    });

    it('unknown guids answer 404 naming each of them, and nobody changes', async () => {
      const before = await auditCount();
      for (const action of ['enable', 'disable', 'delete']) {
        const response = await bulk({
          action,
          guids: [await guidOf('eva'), UNKNOWN_GUID, OTHER_UNKNOWN_GUID],
        });
        expect(response.statusCode, action).toBe(404);
        expect(response.json()).toEqual({
          error: `Users not found: ${UNKNOWN_GUID}, ${OTHER_UNKNOWN_GUID}`,
          code: 'users_not_found',
          guids: [UNKNOWN_GUID, OTHER_UNKNOWN_GUID],
        });
      }
      expect(await statusOf('eva')).toBe(1);
      expect(await auditCount()).toBe(before);
    });
  });

  describe('delete', () => {
    it('deletes disabled users: devices unassigned and forgotten by the heartbeat cache, shared books to the acting administrator', async () => {
      const fayId = await createUser(t.db, { name: 'fay', password: 'fay-pass', status: 0 });
      const gusId = await createUser(t.db, { name: 'gus', password: 'gus-pass', status: 0 });
      await createDevice(t.db, { peerId: '720000001', userId: fayId });
      await createDevice(t.db, { peerId: '720000002', userId: gusId });
      await createSharedBook(t.db, { name: 'Fay team', ownerId: fayId });
      await createSharedBook(t.db, { name: 'Fay lab', ownerId: fayId });
      const now = Date.now();
      await t.db
        .insertInto('address_books')
        .values({
          guid: uuidv7(),
          name: 'Gus own',
          owner_id: gusId,
          personal: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const strategy = await t.db
        .insertInto('strategies')
        .values({ guid: uuidv7(), name: 'Fay strategy', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.updateTable('users').set({ strategy_id: strategy.id }).where('id', '=', fayId).execute();
      expect((await t.app.services.deviceDirectory.get('720000001'))?.strategies.user).toBe(strategy.id);

      await createUser(t.db, { name: 'boss', password: 'boss-pass', isAdmin: true });
      const bossSession = await t.login('boss', 'boss-pass');
      const before = await auditCount();
      const response = await bulk({ action: 'delete', guids: await guidsOf('fay', 'gus') }, bossSession);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ count: 2 });

      expect([await exists('fay'), await exists('gus')]).toEqual([false, false]);
      const devices = await t.db
        .selectFrom('devices')
        .select(['peer_id', 'user_id'])
        .where('peer_id', 'in', ['720000001', '720000002'])
        .orderBy('peer_id')
        .execute();
      expect(devices).toEqual([
        { peer_id: '720000001', user_id: null },
        { peer_id: '720000002', user_id: null },
      ]);
      expect((await t.app.services.deviceDirectory.get('720000001'))?.strategies.user).toBeNull();
      const books = await t.db
        .selectFrom('address_books')
        .innerJoin('users', 'users.id', 'address_books.owner_id')
        .select(['address_books.name', 'users.name as owner'])
        .where('address_books.name', 'in', ['Fay team', 'Fay lab', 'Gus own'])
        .orderBy('address_books.name')
        .execute();
      expect(books).toEqual([
        { name: 'Fay lab', owner: 'boss' },
        { name: 'Fay team', owner: 'boss' },
      ]);
      expect(await auditsSince(before)).toEqual([
        {
          operator: 'boss',
          typ: CONSOLE_AREA.user,
          iop: CONSOLE_OPERATION.deleteUser,
          detail: 'users: fay (2 shared address books handed over)',
        },
        { operator: 'boss', typ: CONSOLE_AREA.user, iop: CONSOLE_OPERATION.deleteUser, detail: 'users: gus' },
      ]);
    });

    it('through an API token, the books go to the administrator who created the token', async () => {
      const halId = await createUser(t.db, { name: 'hal', password: 'hal-pass', status: 0 });
      await createSharedBook(t.db, { name: 'Hal book', ownerId: halId });
      const response = await bulk({ action: 'delete', guids: await guidsOf('hal') });
      expect(response.statusCode, response.body).toBe(200);
      const book = await t.db
        .selectFrom('address_books')
        .innerJoin('users', 'users.id', 'address_books.owner_id')
        .select('users.name as owner')
        .where('address_books.name', '=', 'Hal book')
        .executeTakeFirstOrThrow();
      expect(book.owner).toBe('admin');
    });
  });

  describe('input', () => {
    it.each([
      [{ guids: [UNKNOWN_GUID] }, 'action is required'],
      [{ action: 'enable' }, 'guids is required'],
      [{ action: 'rename', guids: [UNKNOWN_GUID] }, 'action must be equal to one of the allowed values'],
      [{ action: 'enable', guids: [] }, 'guids must NOT have fewer than 1 items'],
      [{ action: 'enable', guids: ['ann'] }, 'guids[0] must match format "uuid"'],
      [{ action: 'enable', guids: UNKNOWN_GUID }, 'guids must be array'],
    ])('%j answers 400: %s', async (body, message) => {
      const response = await bulk(body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toContain(message);
    });

    it('more than 10,000 guids answer 400', async () => {
      const guids = Array.from({ length: 10_001 }, () => uuidv7());
      const response = await bulk({ action: 'disable', guids });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toContain('guids must NOT have more than 10000 items');
    });

    it('a body that is not JSON answers 400', async () => {
      const response = await t.call('POST', '/api/users/bulk', { token, payload: '{"action":' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toHaveProperty('error');
    });
  });

  describe('who may', () => {
    it('needs an administrator’s session or a token with user:rw', async () => {
      const body = { action: 'disable', guids: await guidsOf('eva') };
      await createUser(t.db, { name: 'member', password: 'member-pass' });
      const member = await t.login('member', 'member-pass');
      expect((await bulk(body, member)).statusCode).toBe(403);
      expect((await bulk(body, await t.apiToken({ user: 'r' }))).statusCode).toBe(403);
      expect((await bulk(body, await t.apiToken({ device: 'rw', user_group: 'rw' }))).statusCode).toBe(403);
      expect((await t.call('POST', '/api/users/bulk', { body })).statusCode).toBe(401);
      expect(await statusOf('eva')).toBe(1);
      expect((await bulk(body, admin)).statusCode).toBe(200);
      expect(await statusOf('eva')).toBe(0);
    });
  });
});
