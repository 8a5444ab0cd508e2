import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../../src/domain/console-audit/codes.js';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { hashSecret } from '../../src/lib/ids.js';
import { createUser, createUserGroup } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Shared address books and their sharing rules as ab.py (admin-api.md §3.2, §3.5) and the console use
 * them: every request below is shaped the way the script sends it.
 */

/** ab.py's check_response: status exactly 200, and a body that is empty or JSON without an "error" key. */
function expectAbPySuccess(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body).toBe(200);
  if (response.body.trim() === '') return;
  const json: unknown = response.json();
  expect(typeof json === 'object' && json !== null).toBe(true);
  expect(json as object).not.toHaveProperty('error');
}

function expectError(response: LightMyRequestResponse, status: number, message?: RegExp): void {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expect(typeof body.error).toBe('string');
  if (message) expect(body.error).toMatch(message);
}

/** Python's urlencode (quote_plus): a space becomes "+", "%" becomes "%25". */
const query = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();

const RULE_NAMES: Record<number, string> = { 1: 'ro', 2: 'rw', 3: 'full' };

/** A rule as view-rule prints it. */
interface PrintedRule {
  guid: string;
  user: string | null;
  group: string | null;
  rule: string;
  created_at: number;
}

describe('shared address books and sharing rules (ab.py, console)', () => {
  let t: TestApp;
  let admin: string;
  let rwToken: string;
  let readToken: string;
  let otherAreaToken: string;
  let alice: string;
  let bob: string;
  let carol: string;
  let dave: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    const sales = await createUserGroup(t.db, 'Sales');
    await createUserGroup(t.db, 'Support Team');
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    await createUser(t.db, { name: 'bob', password: 'bob-pass', groupId: sales });
    await createUser(t.db, { name: 'carol', password: 'carol-pass', groupId: sales });
    await createUser(t.db, { name: 'dave', password: 'dave-pass' });
    alice = await t.login('alice', 'alice-pass');
    bob = await t.login('bob', 'bob-pass');
    carol = await t.login('carol', 'carol-pass');
    dave = await t.login('dave', 'dave-pass');
    rwToken = await t.apiToken({ address_book: 'rw' });
    readToken = await t.apiToken({ address_book: 'r' });
    otherAreaToken = await t.apiToken({ device: 'rw', user: 'rw' });
  });
  afterAll(() => t.close());

  const allowNonAdminSharing = (on: boolean) =>
    t.app.services.settings.update({ allow_non_admin_share_address_books: on }, SYSTEM_ACTOR);

  /** ab.py's paging loop (pageSize 30, current from 1, stop on a short page or on total). */
  async function abPyList(path: string, params: Record<string, string>, token: string) {
    const rows: Array<Record<string, unknown>> = [];
    let current = 0;
    for (;;) {
      current += 1;
      const response = await t.call('GET', `${path}?${query({ ...params, pageSize: 30, current })}`, {
        token,
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body).not.toHaveProperty('error');
      const data = body.data ?? [];
      rows.push(...data);
      if (data.length < 30 || current * 30 >= (body.total ?? 0)) return rows;
    }
  }

  /** get_ab_by_name: the raw name as the filter, then the first row whose name is exactly it. */
  async function abGuidByName(name: string, token = rwToken): Promise<string | undefined> {
    const rows = await abPyList('/api/ab/shared/profiles', { name }, token);
    return rows.find((row) => row.name === name)?.guid as string | undefined;
  }

  async function profileOf(name: string, token = rwToken) {
    const rows = await abPyList('/api/ab/shared/profiles', { name }, token);
    return rows.find((row) => row.name === name);
  }

  /** view-rule: the paging loop, with each rule's int turned into ro/rw/full as the script prints it. */
  async function viewRules(abGuid: string, token = rwToken): Promise<PrintedRule[]> {
    const rows = await abPyList('/api/ab/rules', { ab: abGuid }, token);
    return rows.map(
      (row) => ({ ...row, rule: RULE_NAMES[row.rule as number] ?? String(row.rule) }) as PrintedRule,
    );
  }

  async function addBook(
    name: string,
    token = rwToken,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const response = await t.call('POST', '/api/ab/shared/add', {
      token,
      body: { name, note: null, ...extra },
    });
    expectAbPySuccess(response);
    return response.json().guid;
  }

  async function addRule(abGuid: string, target: { user?: string; group?: string }, rule: number) {
    const response = await t.call('POST', '/api/ab/rule', {
      token: rwToken,
      body: { guid: abGuid, rule, ...target },
    });
    expectAbPySuccess(response);
    return response.json().guid as string;
  }

  async function lastAudit(operation: number) {
    return t.db
      .selectFrom('console_audits')
      .selectAll()
      .where('iop', '=', operation)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  async function auditCount(): Promise<number> {
    const row = await t.db
      .selectFrom('console_audits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  const personalGuid = async (token: string): Promise<string> =>
    (await t.call('GET', '/api/ab/personal', { token })).json().guid;

  describe('add-ab: POST /api/ab/shared/add', () => {
    it('creates a book with "note": null and no info, owned by the token’s creator', async () => {
      const response = await t.call('POST', '/api/ab/shared/add', {
        token: rwToken,
        body: { name: 'Support', note: null },
      });
      expectAbPySuccess(response);
      const { guid } = response.json();
      expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(await abGuidByName('Support')).toBe(guid);
      expect(await profileOf('Support')).toEqual({
        guid,
        name: 'Support',
        owner: 'admin',
        note: '',
        info: {},
        rule: 3,
      });
    });

    it('keeps the note and the default password of "info"', async () => {
      const guid = await addBook('Vault', rwToken, { note: 'keys', info: { password: 'p@ss-word' } });
      expect(await profileOf('Vault')).toMatchObject({ guid, note: 'keys', info: { password: 'p@ss-word' } });
    });

    it('the name→guid lookup sends the raw name; spaces, + and % survive the query string', async () => {
      const guids = {
        spaced: await addBook('Sales Team'),
        percent: await addBook('100% done'),
        under: await addBook('a_b'),
        lookalike: await addBook('axb'),
      };
      expect(await abGuidByName('Sales Team')).toBe(guids.spaced);
      expect(await abGuidByName('100% done')).toBe(guids.percent);
      expect(await abGuidByName('a_b')).toBe(guids.under);
      expect(await abGuidByName('axb')).toBe(guids.lookalike);
      expect(await abGuidByName('Sales')).toBeUndefined();
    });

    it('records "Add Address Book" in the console audit, in area Address Book', async () => {
      await addBook('Audited');
      const record = await lastAudit(CONSOLE_OPERATION.addAddressBook);
      expect(record).toMatchObject({
        typ: CONSOLE_AREA.addressBook,
        iop: 15,
        operator: 'token:test token',
        detail: 'address book: Audited',
      });
    });

    it('refuses a name another shared book has (409), and nothing is audited', async () => {
      await addBook('Taken');
      const before = await auditCount();
      expectError(
        await t.call('POST', '/api/ab/shared/add', { token: rwToken, body: { name: 'Taken', note: null } }),
        409,
        /Taken.*already exists/,
      );
      expect(await auditCount()).toBe(before);
    });

    it('bad input is a 400 naming the field', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ note: null }, /name is required/],
        [{ name: '', note: null }, /name/],
        [{ name: '   ', note: null }, /name must not be empty/],
        [{ name: 5, note: null }, /name must be string/],
        [{ name: 'x'.repeat(257) }, /name/],
        [{ name: 'ok', note: 5 }, /note/],
        [{ name: 'ok', info: 'pw' }, /info/],
        [{ name: 'ok', info: { password: 7 } }, /info\.password/],
        [{ name: 'My address book', note: null }, /personal address book/],
        [['ok'], /request body/],
      ];
      for (const [body, message] of cases) {
        expectError(await t.call('POST', '/api/ab/shared/add', { token: rwToken, body }), 400, message);
      }
      expectError(await t.call('POST', '/api/ab/shared/add', { token: rwToken }), 400, /name is required/);
      expectError(
        await t.call('POST', '/api/ab/shared/add', { token: rwToken, payload: '{"name": ' }),
        400,
        /not valid JSON/,
      );
    });

    it('ignores fields it does not know', async () => {
      await addBook('Extra fields', rwToken, { color: 'blue', info: { password: '', icon: 1 } });
      expect(await profileOf('Extra fields')).toMatchObject({ info: {} });
    });

    it('tokens need address_book:rw; an administrator’s session may create', async () => {
      expectError(
        await t.call('POST', '/api/ab/shared/add', { token: readToken, body: { name: 'No', note: null } }),
        403,
        /address_book:rw/,
      );
      expectError(
        await t.call('POST', '/api/ab/shared/add', {
          token: otherAreaToken,
          body: { name: 'No', note: null },
        }),
        403,
      );
      await addBook('By console', admin);
      expect(await profileOf('By console')).toMatchObject({ owner: 'admin' });
    });

    it('a token whose creator is gone cannot own a book: it is refused at the door (401)', async () => {
      const orphan = await t.apiToken({ address_book: 'rw' });
      await t.db
        .updateTable('api_tokens')
        .set({ created_by: null })
        .where('token_hash', '=', hashSecret(orphan))
        .execute();
      expectError(
        await t.call('POST', '/api/ab/shared/add', { token: orphan, body: { name: 'Orphan', note: null } }),
        401,
        /administrator who created it/,
      );
      expect(await abGuidByName('Orphan')).toBeUndefined();
    });

    it('a non-administrator creates one only while "allow non-admin to share" is on, and owns it', async () => {
      await allowNonAdminSharing(false);
      expectError(
        await t.call('POST', '/api/ab/shared/add', {
          token: alice,
          body: { name: 'Alice book', note: null },
        }),
        403,
        /administrators/,
      );
      await allowNonAdminSharing(true);
      try {
        const guid = await addBook('Alice book', alice);
        expect(await profileOf('Alice book', alice)).toMatchObject({ guid, owner: 'alice', rule: 3 });
        // Others see nothing of it without a rule.
        expect(await abGuidByName('Alice book', bob)).toBeUndefined();
        expect((await lastAudit(CONSOLE_OPERATION.addAddressBook))?.operator).toBe('alice');
      } finally {
        await allowNonAdminSharing(false);
      }
    });
  });

  describe('update-ab: PUT /api/ab/shared/update/profile', () => {
    const update = (body: unknown, token = rwToken) =>
      t.call('PUT', '/api/ab/shared/update/profile', { token, body });

    it('renames (audited as Change Address Book Name) and the lookup finds the new name', async () => {
      const guid = await addBook('Old name');
      expectAbPySuccess(await update({ guid, name: 'New name' }));
      expect(await abGuidByName('Old name')).toBeUndefined();
      expect(await abGuidByName('New name')).toBe(guid);
      expect(await lastAudit(CONSOLE_OPERATION.changeAddressBookName)).toMatchObject({
        typ: CONSOLE_AREA.addressBook,
        detail: 'address book: Old name → New name',
      });
    });

    it('changes the note, the owner and the password, each alone, audited as Update Address Book', async () => {
      const guid = await addBook('Profile', rwToken, { info: { password: 'first' } });
      const renamesBefore = (await lastAudit(CONSOLE_OPERATION.changeAddressBookName))?.id;

      expectAbPySuccess(await update({ guid, note: 'a note' }));
      expect(await profileOf('Profile')).toMatchObject({
        note: 'a note',
        owner: 'admin',
        info: { password: 'first' },
      });
      expect((await lastAudit(CONSOLE_OPERATION.updateAddressBook))?.detail).toBe(
        'address book: Profile (note)',
      );

      expectAbPySuccess(await update({ guid, owner: 'alice' }));
      expect(await profileOf('Profile')).toMatchObject({ note: 'a note', owner: 'alice' });
      expect((await lastAudit(CONSOLE_OPERATION.updateAddressBook))?.detail).toBe(
        'address book: Profile (owner alice)',
      );
      // The new owner has full control of it.
      expect(await profileOf('Profile', alice)).toMatchObject({ rule: 3 });

      expectAbPySuccess(await update({ guid, info: { password: 'second' } }));
      expect(await profileOf('Profile')).toMatchObject({ info: { password: 'second' } });
      const detail = (await lastAudit(CONSOLE_OPERATION.updateAddressBook))?.detail;
      expect(detail).toBe('address book: Profile (password)');
      expect(detail).not.toMatch(/second/);

      // Updates without a name are not renames.
      expect((await lastAudit(CONSOLE_OPERATION.changeAddressBookName))?.id).toBe(renamesBefore);
    });

    it('empty strings clear the note and the password', async () => {
      const guid = await addBook('Clearing', rwToken, { note: 'n', info: { password: 'pw' } });
      expectAbPySuccess(await update({ guid, note: '', info: { password: '' } }));
      expect(await profileOf('Clearing')).toMatchObject({ note: '', info: {} });
    });

    it('every key at once: a rename record and an update record', async () => {
      const guid = await addBook('All keys');
      expectAbPySuccess(
        await update({ guid, name: 'All keys 2', note: 'x', owner: 'bob', info: { password: 'p' } }),
      );
      expect(await profileOf('All keys 2')).toMatchObject({
        guid,
        note: 'x',
        owner: 'bob',
        info: { password: 'p' },
      });
      expect((await lastAudit(CONSOLE_OPERATION.changeAddressBookName))?.detail).toBe(
        'address book: All keys → All keys 2',
      );
      expect((await lastAudit(CONSOLE_OPERATION.updateAddressBook))?.detail).toBe(
        'address book: All keys 2 (note, owner bob, password)',
      );
    });

    it('renaming to its own name is no rename; to another book’s name is a 409', async () => {
      const guid = await addBook('Same');
      await addBook('Other');
      const renames = (await lastAudit(CONSOLE_OPERATION.changeAddressBookName))?.id;
      expectAbPySuccess(await update({ guid, name: 'Same' }));
      expect((await lastAudit(CONSOLE_OPERATION.changeAddressBookName))?.id).toBe(renames);
      expectError(await update({ guid, name: 'Other' }), 409, /Other/);
      expect(await abGuidByName('Same')).toBe(guid);
    });

    it('an unknown owner is a 404 and changes nothing', async () => {
      const guid = await addBook('Owned');
      expectError(await update({ guid, owner: 'nobody', note: 'changed' }), 404, /nobody/);
      expect(await profileOf('Owned')).toMatchObject({ owner: 'admin', note: '' });
    });

    it('bad input is a 400 naming the field; an unknown book is a 404', async () => {
      const guid = await addBook('Bad input');
      const cases: Array<[unknown, RegExp]> = [
        [{ name: 'x' }, /guid is required/],
        [{ guid: 'not-a-guid', name: 'x' }, /guid/],
        [{ guid, name: '' }, /name/],
        [{ guid, name: ' ' }, /name must not be empty/],
        [{ guid, name: 'My address book' }, /personal address book/],
        [{ guid, owner: 3 }, /owner/],
        [{ guid, note: [] }, /note/],
        [{ guid, info: { password: false } }, /info\.password/],
        [[guid], /request body/],
        [{ guid }, /Nothing to change/],
        [{ guid, note: null, info: { password: null } }, /Nothing to change/],
      ];
      for (const [body, message] of cases) expectError(await update(body), 400, message);
      expectError(
        await update({ guid: '01983006-fcca-7c12-9a91-b1df483c6073', note: 'x' }),
        404,
        /not found/,
      );
    });

    it('a personal book cannot be changed here: 400 for its owner, 404 for anyone else', async () => {
      const alicePersonal = await personalGuid(alice);
      expectError(await update({ guid: alicePersonal, name: 'Mine' }, alice), 400, /personal/);
      expectError(await update({ guid: alicePersonal, name: 'Mine' }, admin), 404);
      expectError(await update({ guid: alicePersonal, name: 'Mine' }), 404);
    });
  });

  describe('delete-ab: DELETE /api/ab/shared', () => {
    it('deletes the books of the guid array with their peers, tags and rules, audited', async () => {
      const guid = await addBook('Doomed');
      await addRule(guid, { user: 'bob' }, 2);
      await t.call('POST', `/api/ab/peer/add/${guid}`, { token: rwToken, body: { id: '123', tags: ['t'] } });
      const id = (
        await t.db.selectFrom('address_books').select('id').where('guid', '=', guid).executeTakeFirstOrThrow()
      ).id;

      expectAbPySuccess(await t.call('DELETE', '/api/ab/shared', { token: rwToken, body: [guid] }));
      expect(await abGuidByName('Doomed')).toBeUndefined();
      for (const table of ['ab_rules', 'ab_peers', 'ab_tags'] as const) {
        const left = await t.db.selectFrom(table).select('id').where('ab_id', '=', id).execute();
        expect(left, table).toEqual([]);
      }
      expect(await lastAudit(CONSOLE_OPERATION.deleteAddressBook)).toMatchObject({
        typ: CONSOLE_AREA.addressBook,
        detail: 'address books: Doomed',
      });
      expectError(await t.call('POST', '/api/ab/peers', { token: rwToken, query: { ab: guid } }), 404);
    });

    it('is all or nothing: an unknown guid in the array is a 404 and deletes none', async () => {
      const guid = await addBook('Survivor');
      expectError(
        await t.call('DELETE', '/api/ab/shared', {
          token: rwToken,
          body: [guid, '01983006-fcca-7c12-9a91-b1df483c6073'],
        }),
        404,
      );
      expect(await abGuidByName('Survivor')).toBe(guid);
    });

    it('refuses personal books and bad bodies', async () => {
      expectError(
        await t.call('DELETE', '/api/ab/shared', { token: alice, body: [await personalGuid(alice)] }),
        400,
        /personal/,
      );
      for (const body of [{ guid: 'x' }, [], ['not-a-guid'], [1], 'x']) {
        expectError(await t.call('DELETE', '/api/ab/shared', { token: rwToken, body }), 400);
      }
      expectError(await t.call('DELETE', '/api/ab/shared', { token: rwToken }), 400);
    });
  });

  describe('rules: GET /api/ab/rules, POST/PATCH /api/ab/rule, DELETE /api/ab/rules', () => {
    it('add-rule for a user, a group and everyone, exactly as ab.py sends them; view-rule reads them', async () => {
      const ab = await addBook('Shared with rules');
      const userRule = await addRule(ab, { user: 'bob' }, 1);
      const groupRule = await addRule(ab, { group: 'Support Team' }, 2);
      const everyoneRule = await addRule(ab, {}, 3);
      const rules = await viewRules(ab);
      expect(rules).toEqual([
        { guid: userRule, user: 'bob', group: null, rule: 'ro', created_at: expect.any(Number) },
        { guid: groupRule, user: null, group: 'Support Team', rule: 'rw', created_at: expect.any(Number) },
        { guid: everyoneRule, user: null, group: null, rule: 'full', created_at: expect.any(Number) },
      ]);
      expect(rules[0]?.created_at).toBe(Math.floor(t.clock.now / 1000));

      const added = await lastAudit(CONSOLE_OPERATION.addAddressBookPermission);
      expect(added).toMatchObject({
        typ: CONSOLE_AREA.addressBook,
        detail: 'address book Shared with rules: everyone: full control',
      });
    });

    it('a rule takes effect: the user sees the book with that rule and may do what it allows', async () => {
      const ab = await addBook('Effect');
      expect(await abGuidByName('Effect', bob)).toBeUndefined();
      const rule = await addRule(ab, { user: 'bob' }, 1);
      expect(await profileOf('Effect', bob)).toMatchObject({ guid: ab, rule: 1 });
      expectError(await t.call('POST', `/api/ab/peer/add/${ab}`, { token: bob, body: { id: '1' } }), 403);

      expectAbPySuccess(
        await t.call('PATCH', '/api/ab/rule', { token: rwToken, body: { guid: rule, rule: 2 } }),
      );
      expect(await profileOf('Effect', bob)).toMatchObject({ rule: 2 });
      expectAbPySuccess(await t.call('POST', `/api/ab/peer/add/${ab}`, { token: bob, body: { id: '1' } }));

      expectAbPySuccess(await t.call('DELETE', '/api/ab/rules', { token: rwToken, body: [rule] }));
      expect(await abGuidByName('Effect', bob)).toBeUndefined();
    });

    it('update-rule takes the RULE guid and is audited; delete-rule takes the array and is audited', async () => {
      const ab = await addBook('Edit rules');
      const rule = await addRule(ab, { group: 'Sales' }, 1);
      expectAbPySuccess(
        await t.call('PATCH', '/api/ab/rule', { token: rwToken, body: { guid: rule, rule: 3 } }),
      );
      expect((await viewRules(ab)).map((r) => r.rule)).toEqual(['full']);
      expect(await lastAudit(CONSOLE_OPERATION.updateAddressBookPermission)).toMatchObject({
        typ: CONSOLE_AREA.addressBook,
        detail: 'address book Edit rules: group Sales: full control',
      });
      // The book's guid is not a rule guid.
      expectError(
        await t.call('PATCH', '/api/ab/rule', { token: rwToken, body: { guid: ab, rule: 1 } }),
        404,
      );

      expectAbPySuccess(await t.call('DELETE', '/api/ab/rules', { token: rwToken, body: [rule] }));
      expect(await viewRules(ab)).toEqual([]);
      expect(await lastAudit(CONSOLE_OPERATION.deleteAddressBookPermission)).toMatchObject({
        detail: 'rules: Edit rules / group Sales: full control',
      });
    });

    it('view-rule pages with pageSize 30 until the total', async () => {
      const ab = await addBook('Many rules');
      const expected: string[] = [];
      for (let i = 1; i <= 64; i++) {
        const name = `Group ${String(i).padStart(2, '0')}`;
        await createUserGroup(t.db, name);
        await addRule(ab, { group: name }, (i % 3) + 1);
        expected.push(name);
      }
      await addRule(ab, {}, 1);
      const rules = await viewRules(ab);
      expect(rules).toHaveLength(65);
      expect(rules.slice(0, 64).map((r) => r.group)).toEqual(expected);
      const page3 = await t.call('GET', `/api/ab/rules?${query({ ab, pageSize: 30, current: 3 })}`, {
        token: rwToken,
      });
      expect(page3.json()).toMatchObject({ total: 65 });
      expect(page3.json().data).toHaveLength(5);
      const past = await t.call('GET', `/api/ab/rules?${query({ ab, pageSize: 30, current: 9 })}`, {
        token: rwToken,
      });
      expect(past.json()).toEqual({ total: 65, data: [] });
    });

    it('refuses a second rule for the same target (409), whatever its level', async () => {
      const ab = await addBook('Duplicates');
      await addRule(ab, { user: 'bob' }, 1);
      await addRule(ab, { group: 'Sales' }, 1);
      await addRule(ab, {}, 1);
      for (const target of [{ user: 'bob' }, { group: 'Sales' }, {}]) {
        expectError(
          await t.call('POST', '/api/ab/rule', { token: rwToken, body: { guid: ab, rule: 2, ...target } }),
          409,
          /already has a rule/,
        );
      }
      expect(await viewRules(ab)).toHaveLength(3);
    });

    it('unknown names are 404; user and group together, or a bad level, are 400', async () => {
      const ab = await addBook('Rule input');
      const post = (body: unknown) => t.call('POST', '/api/ab/rule', { token: rwToken, body });
      expectError(await post({ guid: ab, rule: 1, user: 'nobody' }), 404, /nobody/);
      expectError(await post({ guid: ab, rule: 1, group: 'No group' }), 404, /No group/);
      expectError(await post({ guid: ab, rule: 1, user: 'bob', group: 'Sales' }), 400, /not both/);
      const cases: Array<[unknown, RegExp]> = [
        [{ guid: ab }, /rule is required/],
        [{ rule: 1 }, /guid is required/],
        [{ guid: ab, rule: 0 }, /rule/],
        [{ guid: ab, rule: 4 }, /rule/],
        [{ guid: ab, rule: 'rw' }, /rule/],
        [{ guid: ab, rule: 1.5 }, /rule/],
        [{ guid: ab, rule: 1, user: '' }, /user/],
        [{ guid: ab, rule: 1, group: 5 }, /group/],
        [{ guid: 'x', rule: 1 }, /guid/],
      ];
      for (const [body, message] of cases) expectError(await post(body), 400, message);
      expectError(await post({ guid: '01983006-fcca-7c12-9a91-b1df483c6073', rule: 1 }), 404);
      expectError(await post({ guid: await personalGuid(alice), rule: 1 }), 404);
      expectError(
        await t.call('POST', '/api/ab/rule', {
          token: alice,
          body: { guid: await personalGuid(alice), rule: 1 },
        }),
        400,
        /personal/,
      );
      expect(await viewRules(ab)).toEqual([]);

      const patch = (body: unknown) => t.call('PATCH', '/api/ab/rule', { token: rwToken, body });
      expectError(await patch({ guid: '01983006-fcca-7c12-9a91-b1df483c6073', rule: 1 }), 404, /not found/);
      expectError(await patch({ rule: 1 }), 400, /guid is required/);
      expectError(await patch({ guid: ab }), 400, /rule is required/);
      expectError(await patch({ guid: ab, rule: 9 }), 400, /rule/);

      for (const body of [[], ['x'], {}, [1]]) {
        expectError(await t.call('DELETE', '/api/ab/rules', { token: rwToken, body }), 400);
      }
      expectError(
        await t.call('DELETE', '/api/ab/rules', {
          token: rwToken,
          body: ['01983006-fcca-7c12-9a91-b1df483c6073'],
        }),
        404,
      );
    });

    it('delete-rule is all or nothing', async () => {
      const ab = await addBook('Keep rules');
      const rule = await addRule(ab, { user: 'carol' }, 1);
      expectError(
        await t.call('DELETE', '/api/ab/rules', {
          token: rwToken,
          body: [rule, '01983006-fcca-7c12-9a91-b1df483c6073'],
        }),
        404,
      );
      expect(await viewRules(ab)).toHaveLength(1);
    });

    it('the rules list needs the ab parameter and valid paging', async () => {
      expectError(await t.call('GET', '/api/ab/rules', { token: rwToken }), 400, /ab is required/);
      expectError(await t.call('GET', '/api/ab/rules?ab=x', { token: rwToken }), 400, /ab/);
      const ab = await addBook('Paging rules');
      expectError(
        await t.call('GET', `/api/ab/rules?${query({ ab, current: 0 })}`, { token: rwToken }),
        400,
        /current/,
      );
      expectError(
        await t.call('GET', `/api/ab/rules?${query({ ab, pageSize: 'x' })}`, { token: rwToken }),
        400,
      );
      expectError(
        await t.call('GET', `/api/ab/rules?${query({ ab: await personalGuid(alice) })}`, { token: alice }),
        400,
        /personal/,
      );
    });
  });

  describe('who may manage books and rules', () => {
    let book: string;
    let ruleOfBob: string;

    beforeAll(async () => {
      // Alice owns the book; bob has full control by rule, carol read/write, dave read-only.
      await allowNonAdminSharing(true);
      book = await addBook('Alice team', alice);
      await allowNonAdminSharing(false);
      ruleOfBob = await addRule(book, { user: 'bob' }, 3);
      await addRule(book, { user: 'carol' }, 2);
      await addRule(book, { user: 'dave' }, 1);
    });

    it('the owner manages the book and its rules; changing rules needs the sharing setting', async () => {
      expectAbPySuccess(
        await t.call('PUT', '/api/ab/shared/update/profile', {
          token: alice,
          body: { guid: book, note: 'by alice' },
        }),
      );
      expect((await viewRules(book, alice)).map((r) => r.user)).toEqual(['bob', 'carol', 'dave']);
      expectError(
        await t.call('POST', '/api/ab/rule', { token: alice, body: { guid: book, rule: 1, group: 'Sales' } }),
        403,
        /administrators/,
      );
      await allowNonAdminSharing(true);
      try {
        const response = await t.call('POST', '/api/ab/rule', {
          token: alice,
          body: { guid: book, rule: 1, group: 'Sales' },
        });
        expectAbPySuccess(response);
        const guid = response.json().guid;
        expectAbPySuccess(await t.call('PATCH', '/api/ab/rule', { token: alice, body: { guid, rule: 2 } }));
        expectAbPySuccess(await t.call('DELETE', '/api/ab/rules', { token: alice, body: [guid] }));
        expect((await lastAudit(CONSOLE_OPERATION.deleteAddressBookPermission))?.operator).toBe('alice');
      } finally {
        await allowNonAdminSharing(false);
      }
    });

    it('full control by rule manages like the owner', async () => {
      expectAbPySuccess(
        await t.call('PUT', '/api/ab/shared/update/profile', {
          token: bob,
          body: { guid: book, note: 'by bob' },
        }),
      );
      expect(await viewRules(book, bob)).toHaveLength(3);
      await allowNonAdminSharing(true);
      try {
        const response = await t.call('POST', '/api/ab/rule', { token: bob, body: { guid: book, rule: 1 } });
        expectAbPySuccess(response);
        expectAbPySuccess(
          await t.call('DELETE', '/api/ab/rules', { token: bob, body: [response.json().guid] }),
        );
      } finally {
        await allowNonAdminSharing(false);
      }
    });

    it('read/write and read-only rules cannot manage: 403 on every book and rule route', async () => {
      await allowNonAdminSharing(true);
      try {
        for (const token of [carol, dave]) {
          const calls: Array<Promise<LightMyRequestResponse>> = [
            t.call('PUT', '/api/ab/shared/update/profile', { token, body: { guid: book, note: 'no' } }),
            t.call('DELETE', '/api/ab/shared', { token, body: [book] }),
            t.call('GET', `/api/ab/rules?${query({ ab: book })}`, { token }),
            t.call('POST', '/api/ab/rule', { token, body: { guid: book, rule: 3, group: 'Sales' } }),
            t.call('PATCH', '/api/ab/rule', { token, body: { guid: ruleOfBob, rule: 1 } }),
            t.call('DELETE', '/api/ab/rules', { token, body: [ruleOfBob] }),
          ];
          for (const response of await Promise.all(calls)) expectError(response, 403, /full control/);
        }
      } finally {
        await allowNonAdminSharing(false);
      }
      expect(await profileOf('Alice team')).toMatchObject({ note: 'by bob' });
    });

    it('without any rule the book and its rules do not exist for the caller (404)', async () => {
      await createUser(t.db, { name: 'erin', password: 'erin-pass' });
      const outsider = await t.login('erin', 'erin-pass');
      expectError(
        await t.call('PUT', '/api/ab/shared/update/profile', {
          token: outsider,
          body: { guid: book, note: 'x' },
        }),
        404,
      );
      expectError(await t.call('GET', `/api/ab/rules?${query({ ab: book })}`, { token: outsider }), 404);
      expectError(
        await t.call('PATCH', '/api/ab/rule', { token: outsider, body: { guid: ruleOfBob, rule: 1 } }),
        404,
        /Rule/,
      );
      expectError(await t.call('DELETE', '/api/ab/shared', { token: outsider, body: [book] }), 404);
    });

    it('a token with address_book:r lists rules but changes nothing; rw does everything', async () => {
      expect(await viewRules(book, readToken)).toHaveLength(3);
      for (const response of await Promise.all([
        t.call('POST', '/api/ab/rule', { token: readToken, body: { guid: book, rule: 1, group: 'Sales' } }),
        t.call('PATCH', '/api/ab/rule', { token: readToken, body: { guid: ruleOfBob, rule: 1 } }),
        t.call('DELETE', '/api/ab/rules', { token: readToken, body: [ruleOfBob] }),
        t.call('PUT', '/api/ab/shared/update/profile', { token: readToken, body: { guid: book, note: 'x' } }),
        t.call('DELETE', '/api/ab/shared', { token: readToken, body: [book] }),
      ])) {
        expectError(response, 403, /address_book:rw/);
      }
      expectError(
        await t.call('GET', `/api/ab/rules?${query({ ab: book })}`, { token: otherAreaToken }),
        403,
      );
    });

    it('the owner deletes the book last', async () => {
      expectAbPySuccess(await t.call('DELETE', '/api/ab/shared', { token: alice, body: [book] }));
      expect(await abGuidByName('Alice team')).toBeUndefined();
      expect((await lastAudit(CONSOLE_OPERATION.deleteAddressBook))?.operator).toBe('alice');
    });
  });

  describe('tag rename from the console: PUT /api/ab/tag/rename/{guid}', () => {
    it('an administrator’s session and the owner rename a tag on the peers too; read-only is a 403', async () => {
      const ab = await addBook('Tagged', admin);
      await addRule(ab, { user: 'dave' }, 1);
      await addRule(ab, { user: 'alice' }, 2);
      expectAbPySuccess(
        await t.call('POST', `/api/ab/peer/add/${ab}`, {
          token: admin,
          body: { id: '42', tags: ['blue', 'x'] },
        }),
      );
      const rename = (token: string, body: unknown) =>
        t.call('PUT', `/api/ab/tag/rename/${ab}`, { token, body });

      const response = await rename(admin, { old: 'blue', new: 'navy' });
      expect({ status: response.statusCode, body: response.body }).toEqual({ status: 200, body: '' });
      expectAbPySuccess(await rename(alice, { old: 'navy', new: 'ocean' }));
      const tags = (await t.call('GET', `/api/ab/tags/${ab}`, { token: admin })).json();
      expect(tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['ocean', 'x']);
      const peers = (await t.call('GET', `/api/ab/peers?${query({ ab })}`, { token: admin })).json();
      expect(peers.data[0].tags).toEqual(['ocean', 'x']);

      expectError(await rename(dave, { old: 'ocean', new: 'sea' }), 403);
      expectError(await rename(admin, { old: 'ghost', new: 'sea' }), 404);
      expectError(await rename(admin, { old: 'ocean', new: 'x' }), 409);
      expectError(await rename(admin, { old: 'ocean' }), 400, /new is required/);
      expectError(await rename(admin, { old: 'ocean', new: '' }), 400, /new/);
    });
  });

  describe('the API reference', () => {
    it('documents every route of this file with a summary', async () => {
      const document = (await t.call('GET', '/api/openapi.json')).json();
      const routes: Array<[string, string]> = [
        ['/api/ab/shared/add', 'post'],
        ['/api/ab/shared/update/profile', 'put'],
        ['/api/ab/shared', 'delete'],
        ['/api/ab/rules', 'get'],
        ['/api/ab/rule', 'post'],
        ['/api/ab/rule', 'patch'],
        ['/api/ab/rules', 'delete'],
        ['/api/ab/tag/rename/{guid}', 'put'],
      ];
      for (const [path, method] of routes) {
        expect(document.paths[path]?.[method]?.summary, `${method} ${path}`).toEqual(expect.any(String));
      }
    });
  });
});
