import { beforeAll, describe, expect, it } from 'vitest';
import { liveCli } from '../helpers/cli-live.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createDeviceGroup, createUser } from '../helpers/factories.js';

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
  const cli = liveCli('user-groups', { user_group: 'rw', user: 'r' });
  const { run, ok, json, fails } = cli;

  async function group(name: string): Promise<Group | undefined> {
    const response = await cli.t.call('GET', '/api/user-groups', { token: cli.token, query: { name } });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().data as Group[]).find((g) => g.name === name);
  }

  async function groupOf(user: string): Promise<string | undefined> {
    const row = await cli.t.db
      .selectFrom('users')
      .innerJoin('user_groups', 'user_groups.id', 'users.group_id')
      .select('user_groups.name')
      .where('users.name', '=', user)
      .executeTakeFirst();
    return row?.name;
  }

  beforeAll(async () => {
    await createDeviceGroup(cli.t.db, 'DevServers');
    await createUser(cli.t.db, { name: 'mike', password: 'mike-pass-1' });
    await createUser(cli.t.db, { name: 'anna', password: 'anna-pass-1' });
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
    const badJson = await fails(['add', '--name', 'X', '--access-to', '[{type:1}]'], 2);
    expect(badJson).toContain('Error: --access-to is not valid JSON');
    const notList = await fails(['add', '--name', 'X', '--access-to', '{"type":1,"name":"DevServers"}'], 2);
    expect(notList).toContain('--access-to must be a JSON list of rules');
    const wrongType = await fails(['add', '--name', 'X', '--access-to', '[{"type":2,"name":"mike"}]'], 2);
    expect(wrongType).toContain('--access-to rule 1 must be {"type": 0 (user group) or 1 (device group)');
    const unknown = await fails(['add', '--name', 'X', '--access-to', '[{"type":1,"name":"Nowhere"}]'], 1);
    expect(unknown).toContain("Error: Device group 'Nowhere' not found");
    expect(await group('X')).toBeUndefined();
    const missing = await fails(['add', '--note', 'no name'], 2);
    expect(missing).toContain('Error: --name is required');
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

    const unknown = await fails(['update', '--name', 'Nope', '--note', 'x'], 1);
    expect(unknown).toBe("Error: Group 'Nope' not found\n");
    const nothing = await run(['update', '--name', 'Helpdesk']);
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

    const none = await fails(['add-users', '--name', 'Helpdesk', '--users', 'ghost,an'], 1);
    expect(none).toBe('Error: No valid users found. ghost: User not found; an: User not found\n');
    const noGroup = await fails(['add-users', '--name', 'Nope', '--users', 'mike'], 1);
    expect(noGroup).toBe("Error: Group 'Nope' not found\n");
    const noUsers = await fails(['add-users', '--name', 'Helpdesk'], 2);
    expect(noUsers).toContain('Error: --users is required');
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
    const oneUnknown = await fails(['delete', '--name', 'Temp 1,Nope'], 1);
    expect(oneUnknown).toBe("Error: Group 'Nope' not found\n");
    expect(await group('Temp 1')).toBeDefined();

    expect(await ok(['delete', '--name', 'Temp 1, Temp 2'])).toBe(
      'Success: Deleted user group(s) Temp 1, Temp 2\n',
    );
    expect(await group('Temp 1')).toBeUndefined();
    expect(await group('Temp 2')).toBeUndefined();

    const withUsers = await fails(['delete', '--name', 'Engineering'], 1);
    expect(withUsers).toContain("Error: Engineering: User group 'Engineering' still has 1 user");
  });

  it('accepts the user_group spelling and fails on a bad token', async () => {
    expect(await json(['view', '--name', 'Helpdesk'], { tool: 'user_group' })).toHaveLength(1);
    const bad = await fails(['view'], 1, { token: 'wrong' });
    expect(bad).toContain('(HTTP 401 on GET /api/user-groups)');
  });

  it('runs as the real rdconsole command', async () => {
    expect(await cli.spawnOk(['view', '--name', 'Engineering'], { tool: 'user_group' })).toMatch(
      /\nEngineering +builders +1 +device group DevServers/,
    );
  });
});
