import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/manage/io.js';
import { runCli } from '../../src/cli/manage/tool.js';
import { runRdconsole } from '../helpers/cli.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createUser, createUserGroup } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** `rdconsole users` (users.py, admin-api.md §1) against a live server on a fresh database. */
describe(`rdconsole users (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let url: string;
  let token: string;

  async function users(args: string[], options: { token?: string; input?: string; tty?: boolean } = {}) {
    const io = memoryIo({
      input: options.input,
      tty: options.tty,
      env: { RDCONSOLE_URL: url, RDCONSOLE_TOKEN: options.token ?? token },
    });
    const code = await runCli(['users', ...args], io);
    return { code, out: io.out, err: io.err };
  }

  async function ok(args: string[]): Promise<string> {
    const result = await users(args);
    expect(result.err, result.out).toBe('');
    expect(result.code).toBe(0);
    return result.out;
  }

  function userRow(name: string) {
    return t.db
      .selectFrom('users')
      .innerJoin('user_groups', 'user_groups.id', 'users.group_id')
      .select([
        'users.status',
        'users.tfa_enforced',
        'users.email_verification',
        'users.email',
        'users.note',
        'user_groups.name as group_name',
      ])
      .where('users.name', '=', name)
      .executeTakeFirst();
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('not listening');
    url = `http://127.0.0.1:${address.port}`;
    token = await t.apiToken({ user: 'rw', user_group: 'r' });
    const contractors = await createUserGroup(t.db, 'Contractors');
    for (const name of ['ctr-anna', 'ctr-bob', 'ctr-carl']) {
      await createUser(t.db, { name, password: 'contractor-pass', groupId: contractors });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('views users as a table, filtered by a fuzzy name, or as JSON', async () => {
    const table = await ok(['view']);
    expect(table.split('\n')[0]).toMatch(/^NAME +EMAIL +GROUP +STATUS +ADMIN +2FA/);
    expect(table).toMatch(/\nadmin +Default +normal +yes +no/);
    expect(table).toMatch(/\nctr-anna +Contractors +normal +no/);

    const json = JSON.parse(await ok(['view', '--name', 'ctr-', '--json'])) as { name: string }[];
    expect(json.map((u) => u.name).sort()).toEqual(['ctr-anna', 'ctr-bob', 'ctr-carl']);
    expect(JSON.parse(await ok(['view', '--group_name', 'contract', '--json']))).toHaveLength(3);
    expect(await ok(['view', '--name', 'nobody-like-this'])).toBe('Found 0 users\n');
  });

  it('creates a user in a group (new), refusing an unknown group and naming a missing flag', async () => {
    expect(
      await ok([
        'new',
        '--name',
        'mike',
        '--password',
        'p@ss-word-1',
        '--group_name',
        'Contractors',
        '--email',
        'mike@example.com',
        '--note',
        'temp',
      ]),
    ).toBe('Success: User created (mike, group Contractors)\n');
    expect(await userRow('mike')).toMatchObject({
      group_name: 'Contractors',
      email: 'mike@example.com',
      note: 'temp',
      status: 1,
    });
    expect(await t.login('mike', 'p@ss-word-1')).toBeTruthy();

    const unknown = await users([
      'new',
      '--name',
      'zed',
      '--password',
      'p@ss-word-1',
      '--group_name',
      'Nope',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("Error: User group 'Nope' not found");
    expect(await userRow('zed')).toBeUndefined();

    const missing = await users(['new', '--name', 'zed', '--group_name', 'Default']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Error: --password is required');
    expect(missing.err).toContain('See "rdconsole users new --help"');
  });

  it('reports the server refusing invitations (no e-mail yet)', async () => {
    const result = await users([
      'invite',
      '--email',
      'x@example.com',
      '--name',
      'xavier',
      '--group_name',
      'Default',
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^Error: Invitations need e-mail \(SMTP\)/);
  });

  it('fails with the server message on a bad token, and without write permission', async () => {
    const bad = await users(['view'], { token: 'not-a-token' });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^Error: .+\(HTTP 401 on GET \/api\/users\)/);
    expect(bad.out).toBe('');

    const readOnly = await t.apiToken({ user: 'r' });
    const denied = await users(['disable', '--name', 'ctr-anna'], { token: readOnly });
    expect(denied.code).toBe(1);
    expect(denied.err).toContain('HTTP 403');
    expect((await userRow('ctr-anna'))?.status).toBe(1);
  });

  it('disables and enables one matching user without asking', async () => {
    expect(await ok(['disable', '--name', 'ctr-anna'])).toBe('Success: Disabled 1 user(s): ctr-anna\n');
    expect((await userRow('ctr-anna'))?.status).toBe(0);
    expect(await ok(['enable', '--name', 'ctr-anna'])).toBe('Success: Enabled 1 user(s): ctr-anna\n');
    expect((await userRow('ctr-anna'))?.status).toBe(1);
  });

  it('asks "Type \'Y\' to confirm" before acting on several users, and does nothing unless answered Y', async () => {
    const declined = await users(['disable', '--name', 'ctr-'], { input: 'n\n' });
    expect(declined.code).toBe(0);
    expect(declined.err).toContain(
      "Found 3 users. Do you want to proceed with disable operation on the users? (Y/N)\nType 'Y' to confirm: ",
    );
    expect(declined.err).toContain('Operation cancelled.');
    expect(declined.out).toBe('');
    expect((await userRow('ctr-bob'))?.status).toBe(1);

    const confirmed = await users(['disable', '--name', 'ctr-'], { input: 'y\n' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toBe('Success: Disabled 3 user(s): ctr-anna, ctr-bob, ctr-carl\n');
    for (const name of ['ctr-anna', 'ctr-bob', 'ctr-carl']) expect((await userRow(name))?.status).toBe(0);

    const withYes = await users(['enable', '--group_name', 'Contractors', '--yes', '--json'], { tty: true });
    expect(withYes.code).toBe(0);
    expect(JSON.parse(withYes.out).enabled.sort()).toEqual(['ctr-anna', 'ctr-bob', 'ctr-carl', 'mike']);
    expect(withYes.err).toContain('Enabling 4/4');
    expect(withYes.err).not.toContain('Type');
  });

  it('acts on nobody when nothing matches', async () => {
    expect(await ok(['disable', '--name', 'nobody-like-this'])).toBe('Found 0 users\n');
  });

  it('deletes only disabled users, reporting the refusal by name', async () => {
    await createUser(t.db, { name: 'leaver', password: 'leaver-pass' });
    const refused = await users(['delete', '--name', 'leaver']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Error: leaver: Only a disabled user can be deleted: disable leaver first');
    await ok(['disable', '--name', 'leaver']);
    expect(await ok(['delete', '--name', 'leaver'])).toBe('Success: Deleted 1 user(s): leaver\n');
    expect(await userRow('leaver')).toBeUndefined();
  });

  it('enforces 2FA (which needs --web-console-url) and stops enforcing it', async () => {
    const missing = await users(['enable-2fa-enforce', '--name', 'mike']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Error: --web-console-url is required');

    expect(
      await ok(['enable-2fa-enforce', '--name', 'mike', '--web-console-url', 'https://console.example.com']),
    ).toBe('Success: Enabled 2FA enforcement for 1 user(s)\n');
    expect((await userRow('mike'))?.tfa_enforced).toBe(1);
    expect(await ok(['disable-2fa-enforce', '--name', 'mike'])).toBe(
      'Success: Disabled 2FA enforcement for 1 user(s)\n',
    );
    expect((await userRow('mike'))?.tfa_enforced).toBe(0);
  });

  it('turns off e-mail verification and resets 2FA', async () => {
    await t.db
      .updateTable('users')
      .set({ email_verification: 1, tfa_secret: 'SECRET' })
      .where('name', '=', 'mike')
      .execute();
    expect(await ok(['disable-email-verification', '--name', 'mike'])).toBe(
      'Success: Disabled email verification for 1 user(s)\n',
    );
    expect((await userRow('mike'))?.email_verification).toBe(0);
    expect(await ok(['reset-2fa', '--name', 'mike'])).toBe('Success: Reset 2FA for 1 user(s)\n');
    const row = await t.db
      .selectFrom('users')
      .select('tfa_secret')
      .where('name', '=', 'mike')
      .executeTakeFirst();
    expect(row?.tfa_secret).toBe('');
  });

  it('logs users out everywhere (force-logout)', async () => {
    const session = await t.login('mike', 'p@ss-word-1');
    const before = await t.call('POST', '/api/currentUser', { token: session, body: {} });
    expect(before.statusCode).toBe(200);
    expect(await ok(['force-logout', '--name', 'mike'])).toBe('Success: Force logout for 1 user(s)\n');
    const after = await t.call('POST', '/api/currentUser', { token: session, body: {} });
    expect(after.statusCode).toBe(401);
  });

  it('documents every command with an example', async () => {
    const result = await users(['--help']);
    expect(result.code).toBe(0);
    for (const command of [
      'view',
      'new',
      'invite',
      'disable',
      'enable',
      'delete',
      'enable-2fa-enforce',
      'disable-2fa-enforce',
      'disable-email-verification',
      'reset-2fa',
      'force-logout',
    ]) {
      expect(result.out).toMatch(new RegExp(`\\n  ${command} +\\S`));
      expect(result.out).toContain(`e.g. rdconsole users ${command}`);
    }
  });

  it('runs as the real rdconsole command', async () => {
    const result = await runRdconsole(['users', 'view', '--name', 'mike', '--json'], {
      RDCONSOLE_URL: url,
      RDCONSOLE_TOKEN: token,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ name: 'mike', group_name: 'Contractors' }),
    ]);
  });
});
