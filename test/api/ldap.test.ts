import { connect, createServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientLoginBody } from '../helpers/client.js';
import { createUser, createUserGroup, storedSetting } from '../helpers/factories.js';
import {
  ADMIN_DN,
  ADMIN_PASSWORD,
  addGroup,
  addPerson,
  GROUPS,
  PEOPLE,
  type Slapd,
  SUFFIX,
  startSlapd,
} from '../helpers/slapd.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const PEOPLE_LOADED = [
  { uid: 'alice', password: 'alice-directory', mail: 'alice@example.com', displayName: 'Alice Liddell' },
  { uid: 'bob', password: 'bob-directory' },
  { uid: 'carol', password: 'carol-directory' },
  { uid: 'dave', password: 'dave-directory' },
  { uid: 'erin', password: 'erin-directory' },
  { uid: 'admin', password: 'admin-directory' },
  { uid: 'searcher', password: 'searcher-directory' },
];

interface Listener {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A TCP listener on a free port of 127.0.0.1 that hands each connection to `serve`. */
async function listen(serve: (socket: Socket) => void): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    serve(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ldap://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Where an attacker points the directory: it keeps what it is sent (a bind carries the password in clear) and hangs up. */
async function startCapture(): Promise<Listener & { received(): string }> {
  const chunks: Buffer[] = [];
  const listener = await listen((socket) =>
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      socket.destroy();
    }),
  );
  return { ...listener, received: () => Buffer.concat(chunks).toString('latin1') };
}

/** A way to slapd that can be cut: the directory becomes unreachable. */
function startProxy(port: number): Promise<Listener> {
  return listen((socket) => {
    const upstream = connect(port, '127.0.0.1');
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  });
}

/** Settings → LDAP as it is stored. */

interface LogLine {
  level: number;
  msg: string;
  status?: number;
  err?: { message: string };
}

describe('LDAP against a real slapd', () => {
  let slapd: Slapd;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    slapd = await startSlapd(PEOPLE_LOADED);
    await addGroup(slapd, 'Support', ['alice', 'bob']);
    await addGroup(slapd, 'Wizards', ['alice']);
  });
  afterAll(() => slapd.stop());
  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterEach(() => t.close());

  const valid = () => ({
    enabled: true,
    host: slapd.url,
    base_dn: PEOPLE,
    scope: 'one',
    bind_dn: ADMIN_DN,
    bind_password: ADMIN_PASSWORD,
    filter: '(objectClass=inetOrgPerson)',
  });
  const save = (body: Record<string, unknown>) => t.call('PUT', '/api/settings/ldap', { token: admin, body });
  const login = (username: string, password: string) =>
    t.call('POST', '/api/login', { body: { username, password } });
  const codeOf = async (promise: Promise<{ statusCode: number; json(): { code?: string } }>) => {
    const response = await promise;
    return `${response.statusCode} ${response.json().code ?? ''}`.trim();
  };

  it('Submit tests the bind and a search, says what failed, and never shows the bind password', async () => {
    const initial = await t.call('GET', '/api/settings/ldap', { token: admin });
    expect(initial.json()).toMatchObject({
      enabled: false,
      scope: 'sub',
      auto_create: true,
      bind_password_set: false,
    });

    expect(await codeOf(save({ enabled: true }))).toBe('400 ldap_required');
    expect(await codeOf(save({ ...valid(), filter: 'objectClass=person' }))).toBe('400 ldap_filter_invalid');
    expect(await codeOf(save({ ...valid(), host: 'bad host!' }))).toBe('400 ldap_host_invalid');
    expect(await codeOf(save({ ...valid(), bind_password: 'wrong' }))).toBe('502 ldap_bind_failed');
    expect(await codeOf(save({ ...valid(), base_dn: `ou=nobody,${SUFFIX}` }))).toBe(
      '502 ldap_base_dn_not_found',
    );
    expect(await codeOf(save({ ...valid(), host: 'ldap://127.0.0.1:1' }))).toBe('502 ldap_unreachable');
    // Nothing failed was saved.
    expect((await t.call('GET', '/api/settings/ldap', { token: admin })).json().enabled).toBe(false);

    const saved = await save(valid());
    expect(saved.statusCode).toBe(200);
    expect(saved.json().test).toEqual({ entries: PEOPLE_LOADED.length });
    expect(saved.json().settings).toMatchObject({ enabled: true, host: slapd.url, bind_password_set: true });
    expect(saved.body).not.toContain(ADMIN_PASSWORD);
    // An empty password from the form keeps the stored one (the test still binds).
    expect((await save({ ...valid(), bind_password: '', scope: 'sub' })).statusCode).toBe(200);
    expect((await t.call('POST', '/api/settings/ldap/test', { token: admin, body: {} })).json()).toEqual({
      entries: PEOPLE_LOADED.length,
    });
    const audit = await t.db.selectFrom('console_audits').select('detail').orderBy('id', 'desc').execute();
    expect(audit[0]?.detail).toBe('settings: ldap.scope = "sub"');
    expect(JSON.stringify(audit)).not.toContain(ADMIN_PASSWORD);
    // Members are refused.
    await createUser(t.db, { name: 'member', password: 'member-password' });
    const member = await t.login('member', 'member-password');
    expect((await t.call('GET', '/api/settings/ldap', { token: member })).statusCode).toBe(403);
  });

  it('logs a directory user in through the console and the client API, creating the account once', async () => {
    await save(valid());
    const first = await login('alice', 'alice-directory');
    expect(first.statusCode).toBe(200);
    expect(first.json().user).toMatchObject({
      name: 'alice',
      email: 'alice@example.com',
      display_name: 'Alice Liddell',
      third_auth_type: 'ldap',
      auth_source: 'ldap',
    });
    const client = await t.call('POST', '/api/login', { body: clientLoginBody('alice', 'alice-directory') });
    expect(client.json()).toMatchObject({
      type: 'access_token',
      user: { name: 'alice', third_auth_type: 'ldap' },
    });
    const rows = await t.db
      .selectFrom('users')
      .select(['name', 'auth_source', 'auth_subject'])
      .where('name', '=', 'alice')
      .execute();
    expect(rows).toEqual([
      {
        name: 'alice',
        auth_source: 'ldap',
        auth_subject: expect.stringMatching(/^entryUUID:[0-9a-f-]{36}$/),
      },
    ]);
    const audit = (await t.db.selectFrom('console_audits').select('detail').orderBy('id').execute()).map(
      (a) => a.detail,
    );
    expect(audit).toContain('user: alice (created at the first LDAP login, group Default)');
    expect(audit).toContain('login from web console through LDAP');
    // Local accounts still log in with their password.
    expect((await login('admin', 'test1234')).statusCode).toBe(200);
  });

  it('refuses wrong and empty passwords, filter injection, and entries the filter no longer admits or that are gone', async () => {
    await save(valid());
    expect(await codeOf(login('bob', 'wrong'))).toBe('401 login_failed');
    expect(await codeOf(login('bob', ''))).toBe('401 login_failed');
    expect(await codeOf(login('*', 'bob-directory'))).toBe('401 login_failed');
    expect(await codeOf(login('*)(uid=*', 'bob-directory'))).toBe('401 login_failed');
    expect(await codeOf(login('bob)(|(uid=*', 'bob-directory'))).toBe('401 login_failed');
    expect(await codeOf(login('bob', 'bob-directory'))).toBe('200');

    // The filter shuts bob out: his account stays, his logins fail.
    await save({ filter: '(&(objectClass=inetOrgPerson)(!(uid=bob)))' });
    expect(await codeOf(login('bob', 'bob-directory'))).toBe('401 login_failed');
    await save({ filter: '(objectClass=inetOrgPerson)' });

    expect(await codeOf(login('carol', 'carol-directory'))).toBe('200');
    const directory = await slapd.admin();
    await directory.del(`uid=carol,${PEOPLE}`);
    await directory.unbind();
    expect(await codeOf(login('carol', 'carol-directory'))).toBe('401 login_failed');
  });

  it("knows a user by the entry's own id: a renamed entry keeps its account, a new entry at an old DN is someone else", async () => {
    await save(valid());
    await addPerson(slapd, { uid: 'frank', password: 'frank-directory' });
    expect(await codeOf(login('frank', 'frank-directory'))).toBe('200');
    const account = () =>
      t.db
        .selectFrom('users')
        .select(['id', 'name', 'auth_subject'])
        .where('auth_source', '=', 'ldap')
        .where('name', '=', 'frank')
        .executeTakeFirstOrThrow();
    const frank = await account();
    expect(frank.auth_subject).toMatch(/^entryUUID:[0-9a-f-]{36}$/);

    // An account made by an older release is keyed by the DN: found by it once, then by the entry id.
    await t.db
      .updateTable('users')
      .set({ auth_subject: `uid=frank,${PEOPLE}` })
      .where('id', '=', frank.id)
      .execute();
    expect(await codeOf(login('frank', 'frank-directory'))).toBe('200');
    expect(await account()).toEqual(frank);

    // Renamed in the directory: the same person, the same account.
    const directory = await slapd.admin();
    await directory.modifyDN(`uid=frank,${PEOPLE}`, 'uid=frank2');
    expect((await login('frank2', 'frank-directory')).json().user.name).toBe('frank');

    // Gone, and another person given the old DN: not frank's account.
    await directory.del(`uid=frank2,${PEOPLE}`);
    await directory.unbind();
    await addPerson(slapd, { uid: 'frank', password: 'new-frank-directory' });
    expect(await codeOf(login('frank', 'new-frank-directory'))).toBe('409 sso_name_taken');
    expect(await account()).toEqual(frank);
  });

  it('never takes over a local account, and creates no account when auto-create is off', async () => {
    await save(valid());
    // The bootstrap administrator "admin" is local: the directory's admin cannot log in as them.
    expect(await codeOf(login('admin', 'admin-directory'))).toBe('409 sso_local_account_exists');
    await save({ auto_create: false });
    expect(await codeOf(login('dave', 'dave-directory'))).toBe('403 sso_auto_create_off');
  });

  it('maps groups from memberOf, or from a group search, to user groups by name at every login', async () => {
    await createUserGroup(t.db, 'Support');
    await save({ ...valid(), group_source: 'member_of' });
    expect((await login('alice', 'alice-directory')).json().user.group_name).toBe('Support');

    await createUserGroup(t.db, 'Wizards');
    await save({
      group_source: 'search',
      group_base_dn: GROUPS,
      group_filter: '(&(objectClass=groupOfNames)(member={dn})(cn=Wiz*))',
    });
    expect((await login('alice', 'alice-directory')).json().user.group_name).toBe('Wizards');
    expect((await login('erin', 'erin-directory')).json().user.group_name).toBe('Default');

    // The directory no longer puts alice in a group that exists here: she leaves Wizards.
    await save({ group_filter: '(&(objectClass=groupOfNames)(member={dn})(cn=Nobody))' });
    expect((await login('alice', 'alice-directory')).json().user.group_name).toBe('Default');

    // With no group source, the group an administrator chooses stays.
    await save({ group_source: 'none' });
    const alice = await t.db
      .selectFrom('users')
      .select('guid')
      .where('name', '=', 'alice')
      .executeTakeFirstOrThrow();
    const moved = await t.call('PATCH', `/api/users/${alice.guid}`, {
      token: admin,
      body: { group_name: 'Support' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await login('alice', 'alice-directory')).json().user.group_name).toBe('Support');
  });

  it('never sends the stored bind password to a new destination unless it is typed again', async () => {
    await save({ ...valid(), start_tls: false });
    const capture = await startCapture();
    try {
      const test = (body: Record<string, unknown>) =>
        t.call('POST', '/api/settings/ldap/test', { token: admin, body });
      const elsewhere = [
        { host: capture.url },
        { port: capture.port },
        { host: slapd.url.replace('ldap:', 'ldaps:') },
        { bind_dn: `uid=alice,${PEOPLE}` },
      ];
      for (const changes of elsewhere) {
        expect(await codeOf(test(changes)), JSON.stringify(changes)).toBe('400 ldap_bind_password_required');
        expect(await codeOf(save(changes)), JSON.stringify(changes)).toBe('400 ldap_bind_password_required');
      }
      // Turning StartTLS off sends the password in clear.
      await save({ enabled: false });
      await save({ start_tls: true });
      expect(await codeOf(test({ start_tls: false }))).toBe('400 ldap_bind_password_required');
      await save({ start_tls: false, bind_password: ADMIN_PASSWORD });
      expect(capture.received()).toBe('');
      expect((await t.call('GET', '/api/settings/ldap', { token: admin })).json()).toMatchObject({
        host: slapd.url,
        port: 0,
        bind_dn: ADMIN_DN,
        start_tls: false,
      });

      // What does not move the password needs no retyping: the same place written otherwise, other fields.
      expect(await codeOf(test({ host: slapd.url.replace(/:\d+$/, ''), port: slapd.port }))).toBe('200');
      expect(await codeOf(test({ base_dn: PEOPLE, filter: '' }))).toBe('200');
      // Anonymously the password is not sent at all.
      expect((await test({ host: capture.url, bind_dn: '' })).statusCode).toBe(502);
      expect(capture.received()).not.toContain(ADMIN_PASSWORD);
      // Typed again, it is the typed one that goes.
      expect(await codeOf(test({ host: capture.url, bind_password: 'typed-again' }))).toBe(
        '502 ldap_unreachable',
      );
      expect(capture.received()).toContain('typed-again');
      expect(capture.received()).not.toContain(ADMIN_PASSWORD);
    } finally {
      await capture.close();
    }
  });

  it('keeps the bind password sealed; an older plaintext one still logs in and is sealed; another key is a clear error', async () => {
    await save(valid());
    const sealed = await storedSetting(t.db, 'ldap');
    expect(sealed.bind_password_sealed).toMatch(/^v1:/);
    expect(sealed).not.toHaveProperty('bind_password');
    expect(JSON.stringify(sealed)).not.toContain(ADMIN_PASSWORD);

    // The same database with another secret key: the password cannot be read, and it is said so.
    const otherKey = await startTestApp({ database: t.database });
    try {
      const otherAdmin = await otherKey.adminSession();
      const refused = await otherKey.call('POST', '/api/settings/ldap/test', { token: otherAdmin, body: {} });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('ldap_bind_password_unreadable');
      expect(
        (
          await otherKey.call('POST', '/api/login', {
            body: { username: 'alice', password: 'alice-directory' },
          })
        ).json().code,
      ).toBe('ldap_login_unavailable');
      expect(
        (await otherKey.call('GET', '/api/settings/ldap', { token: otherAdmin })).json().bind_password_set,
      ).toBe(true);
      const retyped = await otherKey.call('PUT', '/api/settings/ldap', {
        token: otherAdmin,
        body: { bind_password: ADMIN_PASSWORD },
      });
      expect(retyped.statusCode, retyped.body).toBe(200);
      expect(
        (
          await otherKey.call('POST', '/api/login', {
            body: { username: 'alice', password: 'alice-directory' },
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      await otherKey.close();
    }

    // As an older release stored it: in clear.
    const { bind_password_sealed: _, ...fields } = await storedSetting(t.db, 'ldap');
    await t.db
      .updateTable('settings')
      .set({ value: JSON.stringify({ ...fields, bind_password: ADMIN_PASSWORD }) })
      .where('key', '=', 'ldap')
      .execute();
    const upgraded = await startTestApp({ database: t.database });
    try {
      expect(
        (await upgraded.call('POST', '/api/login', { body: { username: 'bob', password: 'bob-directory' } }))
          .statusCode,
      ).toBe(200);
      const now = await storedSetting(t.db, 'ldap');
      expect(now.bind_password_sealed).toMatch(/^v1:/);
      expect(now).not.toHaveProperty('bind_password');
      expect(JSON.stringify(now)).not.toContain(ADMIN_PASSWORD);
      expect(
        (await upgraded.call('POST', '/api/login', { body: { username: 'bob', password: 'bob-directory' } }))
          .statusCode,
      ).toBe(200);
    } finally {
      await upgraded.close();
    }
  });

  it('tells a person logging in only that LDAP is unavailable, logs why, and shows the administrator the details', async () => {
    const lines: LogLine[] = [];
    const logged = await startTestApp({
      log: { level: 'warn', stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } },
    });
    const proxy = await startProxy(slapd.port);
    try {
      const loggedAdmin = await logged.adminSession();
      const put = (body: Record<string, unknown>) =>
        logged.call('PUT', '/api/settings/ldap', { token: loggedAdmin, body });
      const test = () => logged.call('POST', '/api/settings/ldap/test', { token: loggedAdmin, body: {} });
      const loginAs = (body: Record<string, unknown>) => logged.call('POST', '/api/login', { body });

      // The directory cannot be reached.
      expect((await put({ ...valid(), host: proxy.url })).statusCode).toBe(200);
      await proxy.close();
      for (const body of [
        { username: 'alice', password: 'alice-directory' },
        clientLoginBody('alice', 'alice-directory'),
      ]) {
        const refused = await loginAs(body);
        expect(refused.statusCode).toBe(502);
        expect(refused.json()).toEqual({
          error: 'LDAP login is unavailable at the moment; try again later or ask your administrator',
          code: 'ldap_login_unavailable',
        });
      }
      const failures = lines.filter((line) => line.status === 502);
      expect(failures).toHaveLength(2);
      expect(failures[0]).toMatchObject({ level: 40 });
      expect(failures[0]?.err?.message).toContain('ECONNREFUSED');
      expect(await codeOf(test())).toBe('502 ldap_unreachable');
      expect((await test()).json().reason).toContain('ECONNREFUSED');

      // The directory refuses the service bind.
      expect(
        (await put({ ...valid(), bind_dn: `uid=searcher,${PEOPLE}`, bind_password: 'searcher-directory' }))
          .statusCode,
      ).toBe(200);
      const directory = await slapd.admin();
      await directory.del(`uid=searcher,${PEOPLE}`);
      await directory.unbind();
      lines.length = 0;
      expect(await codeOf(loginAs({ username: 'alice', password: 'alice-directory' }))).toBe(
        '502 ldap_login_unavailable',
      );
      expect(lines.find((line) => line.status === 502)?.err?.message).toContain(
        'The LDAP server refused the bind DN and password',
      );
      expect(await codeOf(test())).toBe('502 ldap_bind_failed');
    } finally {
      await proxy.close();
      await logged.close();
    }
  });
});
