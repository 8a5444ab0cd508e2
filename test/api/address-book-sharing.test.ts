import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { createSharedBook, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * "Allow non-administrators to share address books" governs every way to change who may reach a shared
 * book (issue 10, item 6): the attacker is a non-administrator with full control of a book by rule, or
 * its owner, while the setting is off.
 */
describe('the sharing setting governs who may change access to a shared book', () => {
  let t: TestApp;
  let admin: string;
  let aliceId: number;
  let ownerId: number;
  let alice: string;
  let owner: string;
  let book: string;
  let ruleOfAlice: string;
  let ruleOfBob: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    aliceId = await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    await createUser(t.db, { name: 'bob', password: 'bob-pass' });
    ownerId = await createUser(t.db, { name: 'olga', password: 'olga-pass' });
    alice = await t.login('alice', 'alice-pass');
    owner = await t.login('olga', 'olga-pass');
  });
  afterAll(() => t.close());

  const allowNonAdminSharing = (on: boolean) =>
    t.app.services.settings.update({ allow_non_admin_share_address_books: on }, SYSTEM_ACTOR);

  async function addRule(user: string, rule: number): Promise<string> {
    const response = await t.call('POST', '/api/ab/rule', { token: admin, body: { guid: book, rule, user } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().guid;
  }

  const rules = async () =>
    (await t.call('GET', `/api/ab/rules?ab=${book}`, { token: admin }))
      .json()
      .data.map((r: { user: string; rule: number }) => `${r.user}:${r.rule}`);
  const ownerOfBook = async () =>
    (
      await t.db
        .selectFrom('address_books')
        .select('owner_id')
        .where('guid', '=', book)
        .executeTakeFirstOrThrow()
    ).owner_id;

  function expectRefused(response: LightMyRequestResponse, message: RegExp): void {
    expect(response.statusCode, response.body).toBe(403);
    expect(response.json().error).toMatch(message);
  }

  // A fresh book each time: olga owns it, alice has full control by rule, bob reads it.
  beforeEach(async () => {
    await allowNonAdminSharing(false);
    book = (await createSharedBook(t.db, { name: `Team ${Date.now()}-${Math.random()}`, ownerId })).guid;
    ruleOfAlice = await addRule('alice', 3);
    ruleOfBob = await addRule('bob', 1);
  });

  describe('sharing off: a non-administrator changes nothing about access', () => {
    it('POST /api/ab/settings tells the console who may share: administrators and tokens only', async () => {
      const canShare = async (token: string) =>
        (await t.call('POST', '/api/ab/settings', { token })).json().can_share;
      expect(await canShare(owner)).toBe(false);
      expect(await canShare(admin)).toBe(true);
      expect(await canShare(await t.apiToken({ address_book: 'r' }))).toBe(true);
    });

    it('full control by rule cannot raise a rule (PATCH /api/ab/rule)', async () => {
      expectRefused(
        await t.call('PATCH', '/api/ab/rule', { token: alice, body: { guid: ruleOfBob, rule: 3 } }),
        /administrators/,
      );
      expect(await rules()).toEqual(['alice:3', 'bob:1']);
    });

    it('full control by rule cannot delete a rule (DELETE /api/ab/rules)', async () => {
      expectRefused(
        await t.call('DELETE', '/api/ab/rules', { token: alice, body: [ruleOfBob] }),
        /administrators/,
      );
      expect(await rules()).toEqual(['alice:3', 'bob:1']);
    });

    it('full control by rule cannot make itself the owner, and so loses access with its rule', async () => {
      expectRefused(
        await t.call('PUT', '/api/ab/shared/update/profile', {
          token: alice,
          body: { guid: book, owner: 'alice' },
        }),
        /owner/,
      );
      expect(await ownerOfBook()).toBe(ownerId);
      const removed = await t.call('DELETE', '/api/ab/rules', { token: admin, body: [ruleOfAlice] });
      expect(removed.statusCode, removed.body).toBe(200);
      const after = await t.call('PUT', '/api/ab/shared/update/profile', {
        token: alice,
        body: { guid: book, note: 'still here?' },
      });
      expect(after.statusCode).toBe(404);
    });

    it('the owner cannot add, change or delete rules, nor give the book away', async () => {
      for (const response of [
        await t.call('POST', '/api/ab/rule', { token: owner, body: { guid: book, rule: 1 } }),
        await t.call('PATCH', '/api/ab/rule', { token: owner, body: { guid: ruleOfBob, rule: 2 } }),
        await t.call('DELETE', '/api/ab/rules', { token: owner, body: [ruleOfBob] }),
        await t.call('PUT', '/api/ab/shared/update/profile', {
          token: owner,
          body: { guid: book, owner: 'bob' },
        }),
      ]) {
        expectRefused(response, /administrators/);
      }
      expect(await rules()).toEqual(['alice:3', 'bob:1']);
      expect(await ownerOfBook()).toBe(ownerId);
    });

    it('the other changes of full control still work', async () => {
      const response = await t.call('PUT', '/api/ab/shared/update/profile', {
        token: alice,
        body: { guid: book, note: 'by alice' },
      });
      expect(response.statusCode, response.body).toBe(200);
    });

    it('a refused owner change does not tell which user names exist', async () => {
      for (const name of ['bob', 'nobody-by-this-name']) {
        expectRefused(
          await t.call('PUT', '/api/ab/shared/update/profile', {
            token: alice,
            body: { guid: book, owner: name },
          }),
          /owner/,
        );
      }
    });

    it('an administrator still changes rules and the owner', async () => {
      expect(
        (await t.call('PATCH', '/api/ab/rule', { token: admin, body: { guid: ruleOfBob, rule: 2 } }))
          .statusCode,
      ).toBe(200);
      expect(
        (
          await t.call('PUT', '/api/ab/shared/update/profile', {
            token: admin,
            body: { guid: book, owner: 'alice' },
          })
        ).statusCode,
      ).toBe(200);
      expect(await ownerOfBook()).toBe(aliceId);
      expect((await t.call('DELETE', '/api/ab/rules', { token: admin, body: [ruleOfBob] })).statusCode).toBe(
        200,
      );
      expect(await rules()).toEqual(['alice:3']);
    });

    it('an API token with address_book:rw still does', async () => {
      const token = await t.apiToken({ address_book: 'rw' });
      expect(
        (await t.call('PATCH', '/api/ab/rule', { token, body: { guid: ruleOfBob, rule: 2 } })).statusCode,
      ).toBe(200);
      expect(
        (await t.call('PUT', '/api/ab/shared/update/profile', { token, body: { guid: book, owner: 'bob' } }))
          .statusCode,
      ).toBe(200);
    });
  });

  describe('sharing on', () => {
    beforeEach(() => allowNonAdminSharing(true));

    it('POST /api/ab/settings tells the console that anyone may share', async () => {
      expect((await t.call('POST', '/api/ab/settings', { token: alice })).json().can_share).toBe(true);
    });

    it('full control by rule shares, but only the owner gives the book away', async () => {
      expect(
        (await t.call('PATCH', '/api/ab/rule', { token: alice, body: { guid: ruleOfBob, rule: 2 } }))
          .statusCode,
      ).toBe(200);
      expectRefused(
        await t.call('PUT', '/api/ab/shared/update/profile', {
          token: alice,
          body: { guid: book, owner: 'alice' },
        }),
        /owner/,
      );
      const given = await t.call('PUT', '/api/ab/shared/update/profile', {
        token: owner,
        body: { guid: book, owner: 'alice' },
      });
      expect(given.statusCode, given.body).toBe(200);
      expect(await ownerOfBook()).toBe(aliceId);
    });
  });
});
