import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const GUESSES = 30;

async function guidOf(t: TestApp, name: string): Promise<string> {
  const row = await t.db
    .selectFrom('users')
    .select('guid')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.guid;
}

describe('password guesses sent all at once (the test app allows 10 failures per user)', () => {
  let t: TestApp;
  // A fresh server each: all requests come from one address, which has a limit of its own.
  beforeEach(async () => {
    t = await startTestApp();
    await createUser(t.db, { name: 'carol', password: 'carol-pass' });
    await createUser(t.db, { name: 'dave', password: 'dave-pass' });
  });
  afterEach(() => t.close());

  it('concurrent logins count before the password check: the right password after the limit gets 429', async () => {
    const responses = await Promise.all([
      ...Array.from({ length: GUESSES }, (_, i) =>
        t.call('POST', '/api/login', { body: { username: 'carol', password: `guess-${i}` } }),
      ),
      t.call('POST', '/api/login', { body: { username: 'carol', password: 'carol-pass' } }),
    ]);
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    const right = responses.at(-1);
    expect(right?.statusCode).toBe(429);
    expect(Number(right?.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('concurrent guesses of the current password in a password change are throttled the same way', async () => {
    const session = await t.login('dave', 'dave-pass');
    const url = `/api/users/${await guidOf(t, 'dave')}`;
    const change = (current: string) =>
      t.call('PATCH', url, {
        token: session,
        body: { password: 'dave-new-pass', current_password: current },
      });
    const responses = await Promise.all([
      ...Array.from({ length: GUESSES }, (_, i) => change(`guess-${i}`)),
      change('dave-pass'),
    ]);
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 403)).toHaveLength(10);
    const right = responses.at(-1);
    expect(right?.statusCode).toBe(429);
    expect(right?.json().error).toMatch(/Too many/);
    expect(Number(right?.headers['retry-after'])).toBeGreaterThan(0);
    const login = await t.call('POST', '/api/login', {
      body: { username: 'dave', password: 'dave-new-pass' },
    });
    expect(login.statusCode).toBe(429);
  });
});

describe('changing one’s own password', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    await createUser(t.db, { name: 'erin', password: 'erin-pass' });
    await createUser(t.db, { name: 'root2', password: 'root2-pass', isAdmin: true });
  });
  afterEach(() => t.close());

  for (const name of ['erin', 'root2']) {
    it(`ends every other session of ${name}, and keeps the one that made the change`, async () => {
      const changer = await t.login(name, `${name}-pass`);
      const other = await t.login(name, `${name}-pass`);
      const response = await t.call('PATCH', `/api/users/${await guidOf(t, name)}`, {
        token: changer,
        body: { password: `${name}-new-pass`, current_password: `${name}-pass` },
      });
      expect(response.statusCode).toBe(200);
      expect((await t.call('POST', '/api/currentUser', { token: other })).statusCode).toBe(401);
      expect((await t.call('POST', '/api/currentUser', { token: changer })).statusCode).toBe(200);
    });
  }

  it('a password an administrator sets for someone else ends all of that user’s sessions', async () => {
    const session = await t.login('erin', 'erin-pass');
    const response = await t.call('PATCH', `/api/users/${await guidOf(t, 'erin')}`, {
      token: await t.adminSession(),
      body: { password: 'erin-new-pass' },
    });
    expect(response.statusCode).toBe(200);
    expect((await t.call('POST', '/api/currentUser', { token: session })).statusCode).toBe(401);
  });
});

describe('alarm-log records of failed logins (Server Pro alarm types 3, 4 and 5)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    await createUser(t.db, { name: 'carol', password: 'carol-pass' });
  });
  afterEach(() => t.close());

  const fail = (username = 'carol') =>
    t.call('POST', '/api/login', { body: { username, password: 'not-the-password' } });
  const failTimes = async (count: number, spacingMs = 0) => {
    for (let i = 0; i < count; i++) {
      await fail();
      t.clock.advance(spacingMs);
    }
  };
  const alarms = async (typ: number) => {
    const response = await t.call('GET', '/api/audits/alarm', {
      token: await t.adminSession(),
      query: { typ: String(typ), pageSize: '100' },
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { data: Array<Record<string, unknown>> }).data;
  };
  const LOGIN_ALARM = { id: '', ip: '127.0.0.1', info: { ip: '127.0.0.1', name: 'carol' } };

  it('typ 4: six failures within a minute, recorded once per crossing; attempts the throttle refuses count', async () => {
    await failTimes(5);
    expect(await alarms(4)).toEqual([]);
    await failTimes(3);
    expect(await alarms(4)).toEqual([expect.objectContaining({ ...LOGIN_ALARM, typ: 4 })]);
    t.clock.advance(61_000);
    await failTimes(6);
    expect(await alarms(4)).toHaveLength(2);
  });

  it('typ 5: twenty failures within an hour, typ 3: over thirty in a row, each recorded once', async () => {
    // Two minutes apart: never six within a minute, nor ten in the throttle's 15-minute window.
    await failTimes(19, 120_000);
    expect(await alarms(5)).toEqual([]);
    await failTimes(1, 120_000);
    expect(await alarms(5)).toEqual([expect.objectContaining({ ...LOGIN_ALARM, typ: 5 })]);
    await failTimes(10, 120_000);
    expect(await alarms(3)).toEqual([]);
    await failTimes(3, 120_000);
    expect(await alarms(3)).toEqual([expect.objectContaining({ ...LOGIN_ALARM, typ: 3 })]);
    expect(await alarms(5)).toHaveLength(1);
    expect(await alarms(4)).toEqual([]);
  });

  it('failures from one address for many user names cross too, named by the last one', async () => {
    const names = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    for (const name of names) await fail(name);
    const [alarm] = await alarms(4);
    expect(alarm).toMatchObject({ id: '', typ: 4, ip: '127.0.0.1', info: { ip: '127.0.0.1', name: 'u6' } });
  });
});
