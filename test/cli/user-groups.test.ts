import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/manage/io.js';
import { runCli } from '../../src/cli/manage/tool.js';
import { runRdconsole } from '../helpers/cli.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createDeviceGroup, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Group {
  guid: string;
  name: string;
  note: string;
  user_count: number;
  allowed_incomings: { type: number; name: string }[];
  allowed_outgoings: { type: number; name: string }[];
}

/** `rdconsole user-groups` / `user_group` (user_group.py, admin-api.md §4) against a live server. */
describe(`rdconsole user-groups (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let url: string;
  let token: string;

  async function userGroups(args: string[], options: { token?: string; tool?: string } = {}) {
    const io = memoryIo({ env: { RDCONSOLE_URL: url, RDCONSOLE_TOKEN: options.token ?? token } });
    const code = await runCli([options.tool ?? 'user-groups', ...args], io);
    return { code, out: io.out, err: io.err };
  }

  async function ok(args: string[], tool?: string): Promise<string> {
    const result = await userGroups(args, { tool });
    expect(result.err, result.out).toBe('');
    expect(result.code).toBe(0);
    return result.out;
  }

  async function group(name: string): Promise<Group | undefined> {
    const response = await t.call('GET', '/api/user-groups', { token, query: { name } });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().data as Group[]).find((g) => g.name === name);
  }

  async function groupOf(user: string): Promise<string | undefined> {
    const row = await t.db
      .selectFrom('users')
      .innerJoin('user_groups', 'user_groups.id', 'users.group_id')
      .select('user_groups.name')
      .where('users.name', '=', user)
      .executeTakeFirst();
    return row?.name;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('not listening');
    url = `http://127.0.0.1:${address.port}`;
    token = await t.apiToken({ user_group: 'rw', user: 'r' });
    await createDeviceGroup(t.db, 'DevServers');
    await createUser(t.db, { name: 'mike', password: 'mike-pass-1' });
    await createUser(t.db, { name: 'anna', password: 'anna-pass-1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('adds a group with a note and access rules given by name', async () => {
    expect(
      await ok([
        'add',
        '--name',
        'Engineering',
        '--note',
        'builders',
        '--access-to',
        '[{"type":1,"name":"DevServers"}]',
      ]),
    ).toBe("Success: User group 'Engineering' created\n");
    expect(await group('Engineering')).toMatchObject({
      note: 'builders',
      allowed_outgoings: [{ type: 1, name: 'DevServers' }],
      allowed_incomings: [],
    });
    const created = JSON.parse(
      await ok([
        'add',
        '--name',
        'Support',
        '--accessed-from',
        '[{"type":0,"name":"Engineering"},{"type":2,"name":"mike"}]',
        '--json',
      ]),
    ) as Group;
    expect(created.allowed_incomings).toEqual([
      { type: 0, name: 'Engineering' },
      { type: 2, name: 'mike' },
    ]);
  });

  it('refuses wrong access rules: bad JSON or type before sending, an unknown target from the server', async () => {
    const badJson = await userGroups(['add', '--name', 'X', '--access-to', '[{type:1}]']);
    expect(badJson.code).toBe(2);
    expect(badJson.err).toContain('Error: --access-to is not valid JSON');
    const notList = await userGroups(['add', '--name', 'X', '--access-to', '{"type":1,"name":"DevServers"}']);
    expect(notList.code).toBe(2);
    expect(notList.err).toContain('--access-to must be a JSON list of rules');
    const wrongType = await userGroups(['add', '--name', 'X', '--access-to', '[{"type":2,"name":"mike"}]']);
    expect(wrongType.code).toBe(2);
    expect(wrongType.err).toContain('--access-to rule 1 must be {"type": 0 (user group) or 1 (device group)');
    const unknown = await userGroups(['add', '--name', 'X', '--access-to', '[{"type":1,"name":"Nowhere"}]']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("Error: Device group 'Nowhere' not found");
    expect(await group('X')).toBeUndefined();
    const missing = await userGroups(['add', '--note', 'no name']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Error: --name is required');
  });

  it('views groups as a table, by exact name, or as JSON', async () => {
    const table = await ok(['view']);
    expect(table.split('\n')[0]).toMatch(/^NAME +NOTE +USERS +ACCESSED FROM +ACCESS TO +CREATED$/);
    expect(table).toMatch(
      /\nEngineering +builders +0 +device group DevServers, user group Support +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/,
    );
    expect(table).toMatch(/\nSupport +0 +user group Engineering, user mike/);
    const exact = JSON.parse(await ok(['view', '--name', 'Support', '--json'])) as Group[];
    expect(exact.map((g) => g.name)).toEqual(['Support']);
    expect(await ok(['view', '--name', 'Nope'])).toBe('Found 0 user groups\n');
  });

  it('updates the name, note and rules of a group found by exact name', async () => {
    expect(
      await ok([
        'update',
        '--name',
        'Support',
        '--new-name',
        'Helpdesk',
        '--note',
        'first line',
        '--accessed-from',
        '[]',
      ]),
    ).toBe("Success: User group 'Helpdesk' updated\n");
    expect(await group('Support')).toBeUndefined();
    expect(await group('Helpdesk')).toMatchObject({ note: 'first line', allowed_incomings: [] });

    const unknown = await userGroups(['update', '--name', 'Nope', '--note', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe("Error: Group 'Nope' not found\n");
    const nothing = await userGroups(['update', '--name', 'Helpdesk']);
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain(
      'nothing to change: give --new-name, --note, --accessed-from or --access-to',
    );
  });

  it('moves users into a group by exact name, reporting names it cannot find', async () => {
    expect(await ok(['add-users', '--name', 'Engineering', '--users', 'mike, anna'])).toBe(
      "Success: Added 2 user(s) to group 'Engineering'\n",
    );
    expect(await groupOf('mike')).toBe('Engineering');
    expect(await groupOf('anna')).toBe('Engineering');

    expect(await ok(['add-users', '--name', 'Helpdesk', '--users', 'anna,ghost'])).toBe(
      "Success: Added 1 user(s) to group 'Helpdesk' (with errors: ghost: User not found)\n",
    );
    expect(await groupOf('anna')).toBe('Helpdesk');

    const none = await userGroups(['add-users', '--name', 'Helpdesk', '--users', 'ghost,an']);
    expect(none.code).toBe(1);
    expect(none.err).toBe('Error: No valid users found. ghost: User not found; an: User not found\n');
    const noGroup = await userGroups(['add-users', '--name', 'Nope', '--users', 'mike']);
    expect(noGroup.code).toBe(1);
    expect(noGroup.err).toBe("Error: Group 'Nope' not found\n");
    const noUsers = await userGroups(['add-users', '--name', 'Helpdesk']);
    expect(noUsers.code).toBe(2);
    expect(noUsers.err).toContain('Error: --users is required');
  });

  it('views the users of a group, filtered by a fuzzy user name', async () => {
    const table = await ok(['view-users', '--name', 'Engineering']);
    expect(table).toMatch(/^NAME +EMAIL +GROUP/);
    expect(table).toMatch(/\nmike +Engineering/);
    expect(table).not.toContain('anna');
    const json = JSON.parse(
      await ok(['view-users', '--name', 'Helpdesk', '--user-name', 'nn', '--json']),
    ) as {
      name: string;
    }[];
    expect(json.map((u) => u.name)).toEqual(['anna']);
    expect(await ok(['view-users', '--name', 'Engineering', '--user-name', 'zz'])).toBe('Found 0 users\n');
  });

  it('deletes groups named in a comma-separated list, only when all exist, and reports refusals', async () => {
    await ok(['add', '--name', 'Temp 1']);
    await ok(['add', '--name', 'Temp 2']);
    const oneUnknown = await userGroups(['delete', '--name', 'Temp 1,Nope']);
    expect(oneUnknown.code).toBe(1);
    expect(oneUnknown.err).toBe("Error: Group 'Nope' not found\n");
    expect(await group('Temp 1')).toBeDefined();

    expect(await ok(['delete', '--name', 'Temp 1, Temp 2'])).toBe(
      'Success: Deleted user group(s) Temp 1, Temp 2\n',
    );
    expect(await group('Temp 1')).toBeUndefined();
    expect(await group('Temp 2')).toBeUndefined();

    const withUsers = await userGroups(['delete', '--name', 'Engineering']);
    expect(withUsers.code).toBe(1);
    expect(withUsers.err).toContain("Error: Engineering: User group 'Engineering' still has 1 user");
  });

  it('accepts the user_group spelling and fails on a bad token', async () => {
    expect(JSON.parse(await ok(['view', '--name', 'Helpdesk', '--json'], 'user_group'))).toHaveLength(1);
    const bad = await userGroups(['view'], { token: 'wrong' });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('(HTTP 401 on GET /api/user-groups)');
  });

  it('runs as the real rdconsole command', async () => {
    const result = await runRdconsole([
      'user_group',
      'view',
      '--name',
      'Engineering',
      '--url',
      url,
      '--token',
      token,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\nEngineering +builders +1 +device group DevServers/);
  });
});
