import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/ids.js';
import { createDevice, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('deleting a user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('hands their shared address books to the administrator, drops their personal book, unassigns devices', async () => {
    const bobId = await createUser(t.db, { name: 'bob', password: 'bob-pass', status: 0 });
    await createDevice(t.db, { peerId: '910000001', userId: bobId });
    const now = Date.now();
    for (const [name, personal] of [
      ['Team book', 0],
      ['My address book', 1],
    ] as const) {
      await t.db
        .insertInto('address_books')
        .values({ guid: uuidv7(), name, owner_id: bobId, personal, created_at: now, updated_at: now })
        .execute();
    }
    const admin = await t.adminSession();
    const bob = await t.db
      .selectFrom('users')
      .select('guid')
      .where('id', '=', bobId)
      .executeTakeFirstOrThrow();
    const response = await t.call('DELETE', `/api/users/${bob.guid}`, { token: admin });
    expect(response.statusCode).toBe(200);

    const books = await t.db.selectFrom('address_books').select(['name', 'owner_id', 'personal']).execute();
    const adminRow = await t.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(books).toEqual([{ name: 'Team book', owner_id: adminRow.id, personal: 0 }]);
    const device = await t.db
      .selectFrom('devices')
      .select('user_id')
      .where('peer_id', '=', '910000001')
      .executeTakeFirst();
    expect(device?.user_id).toBeNull();
    const audit = await t.db
      .selectFrom('console_audits')
      .select('detail')
      .where('iop', '=', 13)
      .executeTakeFirstOrThrow();
    expect(audit.detail).toBe('users: bob (1 shared address book handed over)');
  });
});
