import { beforeAll, describe, expect, it } from 'vitest';
import { liveCli } from '../helpers/cli-live.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createUser, createUserGroup } from '../helpers/factories.js';

/** `rdconsole ab` (ab.py, admin-api.md §3) against a live server on a fresh database. */
describe(`rdconsole ab (${TEST_DIALECT})`, () => {
  const cli = liveCli('ab', { address_book: 'rw' });
  const { run, ok, json, fails } = cli;

  async function bookGuid(name: string): Promise<string> {
    const books = await json<{ name: string; guid: string }[]>(['view-ab', '--ab-name', name]);
    const book = books.find((b) => b.name === name);
    if (!book) throw new Error(`no book ${name}`);
    return book.guid;
  }

  beforeAll(async () => {
    await createUser(cli.t.db, { name: 'mike', password: 'mike-pass-1' });
    await createUserGroup(cli.t.db, 'Sales Team');
  });

  it('add-ab, view-ab and update-ab create, list and change a shared book', async () => {
    const added = await ok([
      'add-ab',
      '--ab-name',
      'Sales',
      '--note',
      'Sales machines',
      '--password',
      'pw-1',
    ]);
    expect(added).toMatch(/^Added shared address book 'Sales' \(GUID: [0-9a-f-]{36}\)\n$/);

    const table = await ok(['view-ab']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+GUID\s+OWNER\s+YOUR PERMISSION\s+NOTE$/);
    expect(table).toMatch(/Sales\s+[0-9a-f-]{36}\s+admin\s+full \(full control\)\s+Sales machines/);

    const books = await json<Array<Record<string, unknown>>>(['view-ab', '--ab-name', 'Sal%']);
    expect(books).toEqual([
      expect.objectContaining({ name: 'Sales', note: 'Sales machines', info: { password: 'pw-1' } }),
    ]);

    expect(
      await ok([
        'update-ab',
        '--ab_name',
        'Sales',
        '--ab-update-name',
        'Sales EU',
        '--note=',
        '--owner',
        'mike',
      ]),
    ).toBe("Updated shared address book 'Sales'\n");
    const [renamed] = await json<Array<Record<string, unknown>>>(['view-ab', '--ab-name', 'Sales EU']);
    expect(renamed).toMatchObject({ name: 'Sales EU', note: '', owner: 'mike' });
    await ok(['update-ab', '--ab-guid', String(renamed?.guid), '--ab-update-name', 'Sales']);
    expect(await bookGuid('Sales')).toBe(renamed?.guid);
  });

  it('get-personal-ab shows the guid of the token owner’s personal book', async () => {
    const out = await ok(['get-personal-ab']);
    expect(out).toMatch(/^Personal address book GUID: [0-9a-f-]{36}\n$/);
    const personal = await json<{ guid: string }>(['get-personal-ab']);
    expect(out).toContain(personal.guid);
  });

  it('ab.py’s sequence: add-peer --tags creates the tags, then add-tag of one of them succeeds', async () => {
    await ok(['add-ab', '--ab-name', 'Colours']);
    await ok(['add-peer', '--ab-name', 'Colours', '--peer-id', '111222333', '--tags', 'red,blue']);
    expect(
      await ok(['add-tag', '--ab-name', 'Colours', '--tag-name', 'blue', '--tag-color', '0xFF3F51B5']),
    ).toBe("Tag 'blue' is already in address book 'Colours'; its colour is now 0xFF3F51B5\n");
    expect(await ok(['add-tag', '--ab-name', 'Colours', '--tag-name', 'green'])).toBe(
      "Added tag 'green' to address book 'Colours'\n",
    );
    expect(await json(['view-tag', '--ab-name', 'Colours'])).toEqual([
      { name: 'red', color: 0xffff0000 },
      { name: 'blue', color: 0xff3f51b5 },
      { name: 'green', color: 0xff008000 },
    ]);
  });

  it('add-peer, update-peer, view-peer and delete-peer manage the peers of a book', async () => {
    await ok(['add-ab', '--ab-name', 'Peers']);
    expect(
      await ok([
        'add-peer',
        '--ab-name',
        'Peers',
        '--peer-id',
        '123456789',
        '--alias',
        'Front desk',
        '--tags',
        '[office, windows]',
      ]),
    ).toBe("Added peer 123456789 to address book 'Peers'\n");
    await ok(['add-peer', '--ab-name', 'Peers', '--peer-id', '987654321', '--note', 'spare']);

    const table = await ok(['view-peer', '--ab-name', 'Peers', '--alias', 'front']);
    expect(table).toMatch(/123456789\s+Front desk\s+.*office, windows/);
    expect(table).not.toContain('987654321');

    await ok([
      'update-peer',
      '--ab-name',
      'Peers',
      '--peer-id',
      '123456789',
      '--tags',
      '[]',
      '--note',
      'moved',
    ]);
    const peers = await json<Array<Record<string, unknown>>>([
      'view-peer',
      '--ab-name',
      'Peers',
      '--peer-id',
      '1234%',
    ]);
    expect(peers).toEqual([
      expect.objectContaining({ id: '123456789', alias: 'Front desk', tags: [], note: 'moved' }),
    ]);

    expect(await ok(['delete-peer', '--ab-name', 'Peers', '--peer-id', '987654321'])).toContain(
      "Deleted peer 987654321 from address book 'Peers'",
    );
    const left = await json<Array<{ id: string }>>(['view-peer', '--ab-name', 'Peers']);
    expect(left.map((p) => p.id)).toEqual(['123456789']);

    const noFields = await fails(['update-peer', '--ab-name', 'Peers', '--peer-id', '123456789'], 2);
    expect(noFields).toContain('At least one of --alias, --tags, --note or --password is required');
  });

  it('the recycle bin: view, restore, purge and empty (asking first when several peers go)', async () => {
    await ok(['add-ab', '--ab-name', 'Bin']);
    for (const id of ['111', '222', '333']) await ok(['add-peer', '--ab-name', 'Bin', '--peer-id', id]);
    for (const id of ['111', '222', '333']) await ok(['delete-peer', '--ab-name', 'Bin', '--peer-id', id]);
    expect(await ok(['view-recycle-bin', '--ab-name', 'Bin'])).toMatch(/ID\s+ALIAS.*DELETED/);

    expect(await fails(['restore-peer', '--ab-name', 'Bin', '--peer-id', ' , '], 2)).toContain(
      'Error: --peer-id is required (RustDesk IDs separated by commas)',
    );
    await ok(['restore-peer', '--ab-name', 'Bin', '--peer-id', '111']);
    expect((await json<Array<{ id: string }>>(['view-peer', '--ab-name', 'Bin'])).map((p) => p.id)).toEqual([
      '111',
    ]);

    await ok(['purge-peer', '--ab-name', 'Bin', '--peer-id', '222', '--yes']);
    const binned = await json<Array<{ id: string }>>(['view-recycle-bin', '--ab-name', 'Bin']);
    expect(binned.map((p) => p.id)).toEqual(['333']);

    await ok(['delete-peer', '--ab-name', 'Bin', '--peer-id', '111']);
    const refused = await run(['empty-recycle-bin', '--ab-name', 'Bin'], { input: 'n\n' });
    expect(refused).toMatchObject({ code: 0, out: '' });
    expect(refused.err).toContain("Type 'Y' to confirm");
    expect(refused.err).toContain('Operation cancelled.');
    expect(await json<unknown[]>(['view-recycle-bin', '--ab-name', 'Bin'])).toHaveLength(2);
    const confirmed = await run(['empty-recycle-bin', '--ab-name', 'Bin'], { input: 'Y\n' });
    expect(confirmed).toMatchObject({ code: 0, out: "Emptied the recycle bin of address book 'Bin'\n" });
    expect(confirmed.err).toContain('Delete the 2 peer(s) in the recycle bin');
    expect(await json<unknown[]>(['view-recycle-bin', '--ab-name', 'Bin'])).toEqual([]);
    expect(await ok(['view-recycle-bin', '--ab-name', 'Bin'])).toBe(
      "The recycle bin of address book 'Bin' is empty.\n",
    );
  });

  it('add-tag, update-tag, view-tag and delete-tag, with colours in hexadecimal', async () => {
    await ok(['add-ab', '--ab-name', 'Tags']);
    await ok(['add-tag', '--ab-name', 'Tags', '--tag-name', 'red']);
    await ok(['add-tag', '--ab-name', 'Tags', '--tag-name', 'office', '--tag-color', '0xFF2196F3']);
    await ok(['update-tag', '--ab-name', 'Tags', '--tag-name', 'office', '--tag-color', '4278255360']);
    // A tag the book has: no error, so that a script may run twice; a colour given is set.
    expect(await ok(['add-tag', '--ab-name', 'Tags', '--tag-name', 'red'])).toBe(
      "Tag 'red' is already in address book 'Tags'; its colour is unchanged\n",
    );
    expect(
      await ok(['add-tag', '--ab-name', 'Tags', '--tag-name', 'office', '--tag-color', '0xFF00FF00']),
    ).toBe("Tag 'office' is already in address book 'Tags'; its colour is now 0xFF00FF00\n");
    expect(await json(['add-tag', '--ab-name', 'Tags', '--tag-name', 'red'])).toEqual({
      name: 'red',
      added: false,
    });

    const table = await ok(['view-tag', '--ab-name', 'Tags']);
    expect(table).toMatch(/red\s+0xFFFF0000/);
    expect(table).toMatch(/office\s+0xFF00FF00/);
    const guid = await bookGuid('Tags');
    const tags = (await cli.t.call('GET', `/api/ab/tags/${guid}`, { token: cli.token })).json();
    expect(tags).toEqual(
      expect.arrayContaining([
        { name: 'red', color: 0xffff0000 },
        { name: 'office', color: 0xff00ff00 },
      ]),
    );

    await ok(['delete-tag', '--ab-guid', guid, '--tag-name', 'red']);
    expect(await json<Array<{ name: string }>>(['view-tag', '--ab-name', 'Tags'])).toEqual([
      { name: 'office', color: 0xff00ff00 },
    ]);

    const noColor = await fails(['update-tag', '--ab-name', 'Tags', '--tag-name', 'office'], 2);
    expect(noColor).toContain('--tag-color is required');
    const badColor = await fails(
      ['add-tag', '--ab-name', 'Tags', '--tag-name', 'x', '--tag-color', 'purple'],
      2,
    );
    expect(badColor).toContain('--tag-color must be a 32-bit ARGB colour');
  });

  it('add-rule, update-rule, view-rule and delete-rule change who may use a book', async () => {
    await ok(['add-ab', '--ab-name', 'Shared']);
    const added = await ok([
      'add-rule',
      '--ab-name',
      'Shared',
      '--rule-user',
      'mike',
      '--rule-permission',
      'ro',
    ]);
    expect(added).toMatch(
      /^Shared address book 'Shared' with user 'mike': ro \(read\) \(rule GUID: [0-9a-f-]{36}\)\n$/,
    );
    await ok([
      'add-rule',
      '--ab-name',
      'Shared',
      '--rule-type',
      'group',
      '--rule-group',
      'Sales Team',
      '--rule-permission',
      'RW',
    ]);
    await ok(['add-rule', '--ab-name', 'Shared', '--rule-type', 'everyone', '--rule-permission', '1']);

    const rules = await json<
      Array<{ guid: string; user: string | null; group: string | null; rule: number }>
    >(['view-rule', '--ab-name', 'Shared']);
    expect(rules.map((r) => [r.user, r.group, r.rule])).toEqual(
      expect.arrayContaining([
        ['mike', null, 1],
        [null, 'Sales Team', 2],
        [null, null, 1],
      ]),
    );
    const mikeRule = rules.find((r) => r.user === 'mike');

    // ab.py insists on a book here; the rule guid is enough, as the docs' example expects.
    expect(
      await ok(['update-rule', '--rule-guid', String(mikeRule?.guid), '--rule-permission', 'full']),
    ).toBe(`Updated rule ${mikeRule?.guid}: full (full control)\n`);
    const row = await cli.t.db
      .selectFrom('ab_rules')
      .select('rule')
      .where('guid', '=', String(mikeRule?.guid))
      .executeTakeFirstOrThrow();
    expect(row.rule).toBe(3);

    const table = await ok(['view-rule', '--ab-name', 'Shared']);
    expect(table).toMatch(/user 'mike'\s+full \(full control\)/);
    expect(table).toMatch(/group 'Sales Team'\s+rw \(read\/write\)/);
    expect(table).toMatch(/everyone\s+ro \(read\)/);

    await ok(['delete-rule', '--ab-name', 'Shared', '--rule-guid', String(mikeRule?.guid)]);
    const after = await json<Array<{ user: string | null }>>(['view-rule', '--ab-name', 'Shared']);
    expect(after.map((r) => r.user)).not.toContain('mike');
  });

  it('add-rule refuses wrong targets and permissions like ab.py, and reports the server’s refusals', async () => {
    const cases: Array<[string[], string]> = [
      [['--rule-permission', 'ro'], 'Must specify --rule-type=everyone, --rule-user, or --rule-group'],
      [
        ['--rule-user', 'mike', '--rule-group', 'Sales Team', '--rule-permission', 'ro'],
        'Cannot specify both --rule-user and --rule-group',
      ],
      [['--rule-type', 'user', '--rule-permission', 'ro'], '--rule-user is required when rule-type=user'],
      [
        ['--rule-type', 'everyone', '--rule-user', 'mike', '--rule-permission', 'ro'],
        'Cannot specify --rule-user or --rule-group when rule-type=everyone',
      ],
      [
        ['--rule-user', 'mike', '--rule-permission', 'admin'],
        'Invalid permission value: admin. Must be one of: ro, rw, full, 1, 2, 3',
      ],
      [['--rule-user', 'mike'], '--rule-permission is required'],
      [
        ['--rule-type', 'robots', '--rule-permission', 'ro'],
        '--rule-type must be one of user, group, everyone',
      ],
    ];
    for (const [flags, message] of cases) {
      const result = await fails(['add-rule', '--ab-name', 'Shared', ...flags], 2);
      expect(result).toContain(message);
      expect(result).toContain('See "rdconsole ab add-rule --help"');
    }

    const unknownUser = await fails(
      ['add-rule', '--ab-name', 'Shared', '--rule-user', 'nobody', '--rule-permission', 'ro'],
      1,
    );
    expect(unknownUser).toContain('User "nobody" not found');
  });

  it('names the problem: unknown book, both or neither book flag, missing flag, bad token', async () => {
    expect(await fails(['view-peer', '--ab-name', 'Nope'], 1)).toBe("Error: Address book 'Nope' not found\n");

    const both = await run([
      'view-tag',
      '--ab-name',
      'Tags',
      '--ab-guid',
      '01983006-fcca-7c12-9a91-b1df483c6073',
    ]);
    expect(both.code).toBe(2);
    expect(both.err).toContain('Cannot specify both --ab-name and --ab-guid');

    const neither = await fails(['view-rule'], 2);
    expect(neither).toContain('--ab-name or --ab-guid is required for this command');

    const missing = await fails(['add-peer', '--ab-name', 'Peers'], 2);
    expect(missing).toContain('--peer-id is required');

    const unknownGuid = await fails(['view-tag', '--ab-guid', '01983006-fcca-7c12-9a91-b1df483c6073'], 1);
    expect(unknownGuid).toContain('Address book not found');

    const badToken = await fails(['view-ab'], 1, { token: 'rdct_not-a-real-token' });
    expect(badToken).toContain('Invalid or expired API token (HTTP 401');

    const readOnly = await cli.t.apiToken({ address_book: 'r' });
    const refused = await fails(['add-ab', '--ab-name', 'Nope'], 1, { token: readOnly });
    expect(refused).toContain('This API token lacks the address_book:rw permission');
  });

  it('delete-ab removes the book', async () => {
    await ok(['add-ab', '--ab-name', 'Doomed']);
    expect(await ok(['delete-ab', '--ab-name', 'Doomed'])).toBe("Deleted shared address book 'Doomed'\n");
    expect(await json<unknown[]>(['view-ab', '--ab-name', 'Doomed'])).toEqual([]);
  });

  it('runs as the real command', async () => {
    const stdout = await cli.spawnOk(['view-ab', '--ab-name', 'Sales']);
    expect(stdout).toMatch(/^NAME\s+GUID/);
    expect(stdout).toContain('Sales');
  });
});
