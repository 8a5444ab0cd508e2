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
