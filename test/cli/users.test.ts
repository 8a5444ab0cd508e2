import { beforeAll, describe, expect, it } from 'vitest';
import { liveCli } from '../helpers/cli-live.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createUser, createUserGroup } from '../helpers/factories.js';
import { startSmtpServer } from '../helpers/smtp.js';

/** `rdconsole users` (users.py, admin-api.md §1) against a live server on a fresh database. */
describe(`rdconsole users (${TEST_DIALECT})`, () => {
  const cli = liveCli('users', { user: 'rw', user_group: 'r' });
  const { run, ok, fails } = cli;

  function userRow(name: string) {
    return cli.t.db
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
    const contractors = await createUserGroup(cli.t.db, 'Contractors');
    for (const name of ['ctr-anna', 'ctr-bob', 'ctr-carl']) {
      await createUser(cli.t.db, { name, password: 'contractor-pass', groupId: contractors });
    }
  });

  it('views users as a table, filtered by a fuzzy name, or as JSON', async () => {
    const table = await ok(['view']);
    expect(table.split('\n')[0]).toMatch(/^NAME +EMAIL +GROUP +STATUS +ADMIN +SIGNS IN +2FA/);
    expect(table).toMatch(/\nadmin +Default +normal +yes +password +no/);
    expect(table).toMatch(/\nctr-anna +Contractors +normal +no +password +no/);

    const json = JSON.parse(await ok(['view', '--name', 'ctr-', '--json'])) as { name: string }[];
    expect(json.map((u) => u.name).sort()).toEqual(['ctr-anna', 'ctr-bob', 'ctr-carl']);
    expect(JSON.parse(await ok(['view', '--group_name', 'contract', '--json']))).toHaveLength(3);
    expect(await ok(['view', '--name', 'nobody-like-this'])).toBe('Found 0 users\n');
  });

  it('shows how each user signs in: with a password, through LDAP or through an OIDC provider', async () => {
    const sso = cli.t.app.services.ssoAccounts;
    const rules = { autoCreate: true, linkByVerifiedEmail: false, maxUsers: 0 };
    const person = { email: '', emailVerified: false, displayName: '', groups: [] };
    await sso.signIn(
      { ...person, source: 'ldap', subject: 'uid=sso-lena,dc=example', username: 'sso-lena' },
      { ...rules, capPattern: 'ldap' },
      '',
    );
    await sso.signIn(
      { ...person, source: 'oidc/google', subject: '1234', username: 'sso-olga' },
      { ...rules, capPattern: 'oidc/%' },
      '',
    );
    const table = await ok(['view', '--name', 'sso-']);
    expect(table).toMatch(/\nsso-lena +Default +normal +no +ldap +no/);
    expect(table).toMatch(/\nsso-olga +Default +normal +no +oidc\/google +no/);
    const json = JSON.parse(await ok(['view', '--name', 'sso-', '--json'])) as { auth_source: string }[];
    expect(json.map((u) => u.auth_source)).toEqual(['ldap', 'oidc/google']);
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
    expect(await cli.t.login('mike', 'p@ss-word-1')).toBeTruthy();

    const unknown = await fails(
      ['new', '--name', 'zed', '--password', 'p@ss-word-1', '--group_name', 'Nope'],
      1,
    );
    expect(unknown).toContain("Error: User group 'Nope' not found");
    expect(await userRow('zed')).toBeUndefined();

    const missing = await fails(['new', '--name', 'zed', '--group_name', 'Default'], 2);
    expect(missing).toContain('Error: --password is required');
    expect(missing).toContain('See "rdconsole users new --help"');
  });

  it('invites: refused while SMTP is not set up, then the invitation is mailed', async () => {
    const args = ['invite', '--email', 'xavier@example.com', '--name', 'xavier', '--group_name', 'Default'];
    expect(await fails(args, 1)).toMatch(/^Error: Invitations are sent by e-mail: configure Settings → SMTP/);

    const smtp = await startSmtpServer();
    try {
      const patched = await cli.t.call('PATCH', '/api/settings', {
        token: await cli.t.adminSession(),
        body: {
          smtp: {
            host: '127.0.0.1',
            port: smtp.port,
            security: 'none',
            auth: false,
            from: 'admin@example.com',
          },
        },
      });
      expect(patched.statusCode).toBe(200);
      expect(await ok(args)).toContain('Success: Invitation sent');
      expect((await userRow('xavier'))?.status).toBe(-1);
      await cli.t.app.services.mail.sendDue();
      expect(smtp.received.map((m) => m.to)).toEqual([['xavier@example.com']]);
    } finally {
      await smtp.close();
    }
  });

  it('fails with the server message on a bad token, and without write permission', async () => {
    const bad = await fails(['view'], 1, { token: 'not-a-token' });
    expect(bad).toMatch(/^Error: .+\(HTTP 401 on GET \/api\/users\)/);

    const readOnly = await cli.t.apiToken({ user: 'r' });
    const denied = await fails(['disable', '--name', 'ctr-anna'], 1, { token: readOnly });
    expect(denied).toContain('HTTP 403');
    expect((await userRow('ctr-anna'))?.status).toBe(1);
  });

  it('disables and enables one matching user without asking', async () => {
    expect(await ok(['disable', '--name', 'ctr-anna'])).toBe('Success: Disabled 1 user(s): ctr-anna\n');
    expect((await userRow('ctr-anna'))?.status).toBe(0);
    expect(await ok(['enable', '--name', 'ctr-anna'])).toBe('Success: Enabled 1 user(s): ctr-anna\n');
    expect((await userRow('ctr-anna'))?.status).toBe(1);
  });

  it('asks "Type \'Y\' to confirm" before acting on several users, and does nothing unless answered Y', async () => {
    const declined = await run(['disable', '--name', 'ctr-'], { input: 'n\n' });
    expect(declined.code).toBe(0);
    expect(declined.err).toContain(
      "Found 3 users. Do you want to proceed with disable operation on the users? (Y/N)\nType 'Y' to confirm: ",
    );
    expect(declined.err).toContain('Operation cancelled.');
    expect(declined.out).toBe('');
    expect((await userRow('ctr-bob'))?.status).toBe(1);

    const confirmed = await run(['disable', '--name', 'ctr-'], { input: 'y\n' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toBe('Success: Disabled 3 user(s): ctr-anna, ctr-bob, ctr-carl\n');
    for (const name of ['ctr-anna', 'ctr-bob', 'ctr-carl']) expect((await userRow(name))?.status).toBe(0);

    const withYes = await run(['enable', '--group_name', 'Contractors', '--yes', '--json'], { tty: true });
    expect(withYes.code).toBe(0);
    expect(JSON.parse(withYes.out).enabled.sort()).toEqual(['ctr-anna', 'ctr-bob', 'ctr-carl', 'mike']);
    expect(withYes.err).toContain('Enabling 4/4');
    expect(withYes.err).not.toContain('Type');
  });

  it('acts on nobody when nothing matches', async () => {
    expect(await ok(['disable', '--name', 'nobody-like-this'])).toBe('Found 0 users\n');
  });

  it('deletes only disabled users, reporting the refusal by name', async () => {
    await createUser(cli.t.db, { name: 'leaver', password: 'leaver-pass' });
    const refused = await fails(['delete', '--name', 'leaver'], 1);
    expect(refused).toContain('Error: leaver: Only a disabled user can be deleted: disable leaver first');
    await ok(['disable', '--name', 'leaver']);
    expect(await ok(['delete', '--name', 'leaver'])).toBe('Success: Deleted 1 user(s): leaver\n');
    expect(await userRow('leaver')).toBeUndefined();
  });

  it('enforces 2FA (which needs --web-console-url) and stops enforcing it', async () => {
    const missing = await fails(['enable-2fa-enforce', '--name', 'mike'], 2);
    expect(missing).toContain('Error: --web-console-url is required');

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
    await cli.t.db
      .updateTable('users')
      .set({ email_verification: 1, tfa_secret: 'SECRET' })
      .where('name', '=', 'mike')
      .execute();
    expect(await ok(['disable-email-verification', '--name', 'mike'])).toBe(
      'Success: Disabled email verification for 1 user(s)\n',
    );
    expect((await userRow('mike'))?.email_verification).toBe(0);
    expect(await ok(['reset-2fa', '--name', 'mike'])).toBe('Success: Reset 2FA for 1 user(s)\n');
    const row = await cli.t.db
      .selectFrom('users')
      .select('tfa_secret')
      .where('name', '=', 'mike')
      .executeTakeFirst();
    expect(row?.tfa_secret).toBe('');
  });

  it('logs users out everywhere (force-logout)', async () => {
    const session = await cli.t.login('mike', 'p@ss-word-1');
    const before = await cli.t.call('POST', '/api/currentUser', { token: session, body: {} });
    expect(before.statusCode).toBe(200);
    expect(await ok(['force-logout', '--name', 'mike'])).toBe('Success: Force logout for 1 user(s)\n');
    const after = await cli.t.call('POST', '/api/currentUser', { token: session, body: {} });
    expect(after.statusCode).toBe(401);
  });

  it('documents every command with an example', async () => {
    const result = await run(['--help']);
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
    expect(JSON.parse(await cli.spawnOk(['view', '--name', 'mike', '--json']))).toEqual([
      expect.objectContaining({ name: 'mike', group_name: 'Contractors' }),
    ]);
  });
});
