import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('the minimum password length (setting min_password_length, 8 by default)', () => {
  let t: TestApp;
  let admin: string;
  let member: string;
  let memberGuid: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    // Set before the rule existed: it keeps working.
    await createUser(t.db, { name: 'old', password: 'abc' });
    await createUser(t.db, { name: 'member', password: 'member-pass' });
    member = await t.login('member', 'member-pass');
    const row = await t.db
      .selectFrom('users')
      .select('guid')
      .where('name', '=', 'member')
      .executeTakeFirstOrThrow();
    memberGuid = row.guid;
  });
  afterAll(() => t.close());

  const setMinimum = (value: unknown) =>
    t.call('PATCH', '/api/settings', { token: admin, body: { min_password_length: value } });
  const createWith = (name: string, password: string) =>
    t.call('POST', '/api/users', { token: admin, body: { name, password, group_name: 'Default' } });

  it('refuses a 7-character password everywhere one is set, and takes 8', async () => {
    const tooShort = { error: 'password must be at least 8 characters', code: 'password_too_short', min: 8 };
    const created = await createWith('newbie', 'seven77');
    expect(created.statusCode).toBe(400);
    expect(created.json()).toEqual(tooShort);
    const reset = await t.call('PATCH', `/api/users/${memberGuid}`, {
      token: admin,
      body: { password: 'seven77' },
    });
    expect(reset.statusCode).toBe(400);
    expect(reset.json()).toEqual(tooShort);
    const own = await t.call('PATCH', `/api/users/${memberGuid}`, {
      token: member,
      body: { password: 'seven77', current_password: 'member-pass' },
    });
    expect(own.statusCode).toBe(400);
    expect(own.json()).toEqual(tooShort);
    await expect(t.app.services.users.setPassword('member', 'seven77')).rejects.toMatchObject({
      status: 400,
      message: tooShort.error,
    });
    expect((await createWith('newbie', 'eight888')).statusCode).toBe(200);
  });

  it('passwords set before keep working at login', async () => {
    await t.login('old', 'abc');
  });

  it('GET /api/settings shows it; PATCH takes 4 to 128 and refuses the rest with a 400', async () => {
    expect((await t.call('GET', '/api/settings', { token: admin })).json().min_password_length).toBe(8);
    for (const value of [3, 129, 8.5, '10', null]) {
      const response = await setMinimum(value);
      expect(response.statusCode, JSON.stringify(value)).toBe(400);
      expect(response.json().error, JSON.stringify(value)).toMatch(/^min_password_length must/);
    }
    expect((await setMinimum(12)).json().min_password_length).toBe(12);
    const refused = await createWith('twelve', 'eleven-char');
    expect(refused.json()).toEqual({
      error: 'password must be at least 12 characters',
      code: 'password_too_short',
      min: 12,
    });
    expect((await setMinimum(4)).statusCode).toBe(200);
    expect((await createWith('four', 'abcd')).statusCode).toBe(200);
    await setMinimum(8);
  });

  it('GET /api/password-rules tells any logged-in user the rules, for the console to check them first', async () => {
    const response = await t.call('GET', '/api/password-rules', { token: member });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ min_length: 8, max_length: 128, sso_local_password: false });
    expect((await t.call('GET', '/api/password-rules')).statusCode).toBe(401);
  });
});
