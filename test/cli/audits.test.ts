import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../src/cli/manage/output.js';
import { DAY_MS } from '../../src/lib/clock.js';
import { liveCli } from '../helpers/cli-live.js';
import { heartbeatBody } from '../helpers/client.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createDevice } from '../helpers/factories.js';

const DEVICE = '111111111';
const OTHER_DEVICE = '222222222';

/** `rdconsole audits` (audits.py, admin-api.md §7) against a live server whose logs devices filled. */
describe(`rdconsole audits (${TEST_DIALECT})`, () => {
  const cli = liveCli('audits', { audit_log: 'r' });
  const { ok, fails } = cli;

  async function page(args: string[]) {
    return JSON.parse(await ok([...args, '--json'])) as {
      data: Record<string, unknown>[];
      total: number;
      current: number;
      pageSize: number;
    };
  }

  /** What a RustDesk client posts to the client API. */
  async function post(path: string, body: Record<string, unknown>): Promise<void> {
    const response = await cli.t.call('POST', path, {
      body: { uuid: `uuid-${body.id}`, nonce: randomUUID(), ...body },
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  /** One connection's events (client-api.md §4.4): new, then authorised unless `remote` is absent, then close. */
  async function connection(
    device: string,
    connId: number,
    remote?: [string, string],
    type = 0,
    close = true,
  ) {
    await post('/api/audit/conn', {
      id: device,
      conn_id: connId,
      session_id: 0,
      ip: '192.0.2.7',
      action: 'new',
    });
    if (remote)
      await post('/api/audit/conn', { id: device, conn_id: connId, session_id: '42', peer: remote, type });
    if (close)
      await post('/api/audit/conn', { id: device, conn_id: connId, session_id: '42', action: 'close' });
  }

  beforeAll(async () => {
    await createDevice(cli.t.db, { peerId: DEVICE, hostname: 'pc-front' });
    await createDevice(cli.t.db, { peerId: OTHER_DEVICE });

    const now = cli.t.clock.now;
    cli.t.clock.now = now - 10 * DAY_MS;
    await connection(DEVICE, 1, ['123456789', 'helpdesk'], 4);
    cli.t.clock.now = now - 60_000;
    await connection(DEVICE, 2, ['123456789', 'helpdesk'], 0);
    await connection(OTHER_DEVICE, 3);
    cli.t.clock.now = now;
    await connection(DEVICE, 7, ['987654321', 'support'], 1, false);
    const live = await cli.t.call('POST', '/api/heartbeat', { body: heartbeatBody(DEVICE, { conns: [7] }) });
    expect(live.statusCode, live.body).toBe(200);

    await post('/api/audit/file', {
      id: DEVICE,
      peer_id: '987654321',
      conn_id: 7,
      type: 1,
      path: 'C:\\Users\\front\\Desktop',
      is_file: false,
      info: JSON.stringify({ ip: '192.0.2.9', name: 'support', num: 3, files: [['a.txt', 12]] }),
    });
    await post('/api/audit/alarm', {
      id: OTHER_DEVICE,
      typ: 1,
      info: JSON.stringify({ ip: '198.51.100.4' }),
      conn_id: 3,
    });
    await post('/api/audit/alarm', {
      id: DEVICE,
      typ: 4,
      info: JSON.stringify({ ip: '203.0.113.5' }),
      conn_id: 2,
    });

    const created = await cli.t.call('POST', '/api/users', {
      token: await cli.t.adminSession(),
      body: { name: 'mike', password: 'mike-pass-1', group_name: 'Default' },
    });
    expect(created.statusCode, created.body).toBe(200);
  });

  it('view-conn: one page, newest first, times local and types named', async () => {
    const out = await ok(['view-conn']);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^TIME\s+ENDED\s+CONTROLLED DEVICE\s+CONTROLLING SIDE\s+CONTROLLING IP\s+TYPE\s+NOTE$/,
    );
    expect(lines[2]).toMatch(
      /still open\s+111111111 \(pc-front\)\s+987654321 \(support\)\s+192\.0\.2\.7\s+File Transfer/,
    );
    expect(lines[3]).toMatch(/222222222.*Not Logged In/);
    expect(lines[4]).toMatch(/123456789 \(helpdesk\)\s+192\.0\.2\.7\s+Remote Desktop/);
    expect(lines[5]).toMatch(/123456789 \(helpdesk\)\s+192\.0\.2\.7\s+Terminal/);
    expect(lines[2]).toContain(formatTime(Math.floor(cli.t.clock.now / 1000)));
    expect(lines.at(-1)).toBe('Page 1 of 1: 4 of 4 connection record(s)');
  });

  it('view-conn filters: --days-ago, --created-at, --remote, --peer, --conn-type by code or name, paging', async () => {
    expect((await page(['view-conn', '--days-ago', '7'])).total).toBe(3);
    const threeDaysAgo = formatTime(Math.floor((cli.t.clock.now - 3 * DAY_MS) / 1000));
    expect((await page(['view-conn', '--created-at', threeDaysAgo])).total).toBe(3);
    expect((await page(['view-conn', '--created-at', `${threeDaysAgo}.123456`])).total).toBe(3);

    // --remote is the controlled device, as in audits.py and Server Pro (rustdesk-server-pro#499).
    const remote = await page(['view-conn', '--remote', DEVICE]);
    expect(remote.data.map((row) => row.conn_type)).toEqual([1, 0, 4]);
    expect(remote.data.every((row) => row.id === DEVICE)).toBe(true);
    expect((await page(['view-conn', '--remote', '1111'])).total).toBe(3);
    expect((await page(['view-conn', '--remote', '9876%'])).total).toBe(0);
    // --peer is the controlling side, by ID or name.
    const peer = await page(['view-conn', '--peer', '3456']);
    expect(peer.data.map((row) => row.conn_type)).toEqual([0, 4]);
    expect((await page(['view-conn', '--peer', '9876%'])).total).toBe(1);
    expect((await page(['view-conn', '--peer', 'HelpDesk'])).total).toBe(2);
    expect((await page(['view-conn', '--peer', '-'])).data).toEqual([
      expect.objectContaining({ id: OTHER_DEVICE, remote_id: '' }),
    ]);
    expect((await page(['view-conn', '--remote', DEVICE, '--peer', 'support'])).total).toBe(1);
    expect((await page(['view-conn', '--remote', OTHER_DEVICE, '--peer', 'support'])).total).toBe(0);
    expect((await page(['view-conn', '--conn-type', '1'])).data).toEqual([
      expect.objectContaining({ remote_id: '987654321', conn_type: 1, online: true }),
    ]);
    expect((await page(['view-conn', '--conn-type', 'file-transfer'])).total).toBe(1);
    expect((await page(['view-conn', '--device', '2222'])).total).toBe(1);

    const second = await page(['view-conn', '--page-size', '3', '--current', '2']);
    expect(second).toMatchObject({ total: 4, current: 2, pageSize: 3 });
    expect(second.data).toHaveLength(1);
    expect(second.data[0]).toMatchObject({ conn_type: 4, created_at: expect.any(Number) });
    expect(await ok(['view-conn', '--page_size=3'])).toMatch(
      /Page 1 of 2: 3 of 4 connection record\(s\); see --current\n$/,
    );
    expect(await ok(['view-conn', '--current', '9'])).toBe(
      'No records. Page 9 of 1: 0 of 4 connection record(s)\n',
    );
  });

  it('view-file, view-alarm and view-console show their codes by name', async () => {
    const files = await ok(['view-file', '--remote', DEVICE]);
    expect(files.split('\n')[0]).toMatch(
      /^TIME\s+CONTROLLED DEVICE\s+CONTROLLING SIDE\s+CONTROLLING IP\s+DIRECTION\s+PATH\s+FILES$/,
    );
    expect(files).toMatch(
      /111111111 \(pc-front\)\s+987654321 \(support\)\s+192\.0\.2\.9\s+Controlling side to controlled device\s+C:\\Users\\front\\Desktop\s+3/,
    );
    expect((await page(['view-file', '--peer', 'support'])).total).toBe(1);
    expect((await page(['view-file', '--peer', '1234'])).total).toBe(0);
    expect((await page(['view-file', '--remote', '987654321'])).total).toBe(0);

    const alarms = await ok(['view-alarm']);
    expect(alarms).toContain('Over 30 consecutive access attempts');
    expect(alarms).toContain('Multiple login attempts within one minute');
    const filtered = await page(['view-alarm', '--device', OTHER_DEVICE]);
    expect(filtered.data).toEqual([expect.objectContaining({ id: OTHER_DEVICE, typ: 1 })]);

    const console = await ok(['view-console', '--operator', 'adm']);
    expect(console.split('\n')[0]).toMatch(/^TIME\s+OPERATOR\s+AREA\s+OPERATION\s+DETAIL\s+IP$/);
    expect(console).toMatch(/admin\s+User Management\s+Add User\s+.*mike/);
    expect(console).toMatch(/admin\s+User Management\s+User Login/);
    const none = await ok(['view-console', '--operator', 'nobody']);
    expect(none).toBe('No records. Page 1 of 1: 0 of 0 console record(s)\n');
  });

  it('names the problem: bad values, flags of another view, missing flag value, bad token, missing permission', async () => {
    const expectations: Array<[string[], 1 | 2, string]> = [
      [['view-conn', '--created-at', 'yesterday'], 2, '--created-at must be a local time like'],
      [['view-conn', '--created-at', '2025-02-30 10:00:00'], 2, '--created-at must be a local time like'],
      [
        ['view-conn', '--conn-type', 'fax'],
        2,
        '--conn-type must be one of: 0 Remote Desktop, 1 File Transfer',
      ],
      [['view-conn', '--page-size', '0'], 2, '--page-size must be between 1 and 1000'],
      [['view-conn', '--days-ago', 'seven'], 2, '--days-ago must be a whole number'],
      [['view-conn', '--days-ago', '-1'], 2, '--days-ago must be 0 or more'],
      [['view-conn', '--operator', 'admin'], 2, 'unknown option --operator of audits view-conn'],
      [['view-alarm', '--device'], 2, '--device needs a value'],
    ];
    for (const [args, code, message] of expectations) {
      expect(await fails(args, code)).toContain(`Error: ${message}`);
    }

    const badToken = await fails(['view-conn'], 1, { token: 'rdct_wrong' });
    expect(badToken).toContain('Invalid or expired API token');

    const noAudit = await cli.t.apiToken({ device: 'r' });
    const refused = await fails(['view-console'], 1, { token: noAudit });
    expect(refused).toContain('This API token lacks the audit_log:r permission');
  });

  it('says in --help which side --remote, --device and --peer are', async () => {
    for (const command of ['view-conn', 'view-file']) {
      const help = await ok([command, '--help']);
      expect(help).toMatch(/--remote ID\s+RustDesk ID of the controlled device/);
      expect(help).toMatch(/--device ID\s+.*controlled device/);
      expect(help).toMatch(/--peer ID_OR_NAME\s+the controlling side: its RustDesk ID or name/);
    }
    expect(await ok(['view-alarm', '--help'])).not.toContain('--peer');
  });

  it('runs as the real command', async () => {
    const stdout = await cli.spawnOk(['view-alarm', '--device', DEVICE]);
    expect(stdout).toContain('111111111 (pc-front)');
    expect(stdout).toContain('Multiple login attempts within one minute');
  });
});
