import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeClientConfig } from '../../src/domain/custom-clients/config-string.js';
import { LINUX_BINARY, MACOS_BINARY } from '../../src/domain/custom-clients/scripts.js';
import { OPTION_BY_KEY } from '../../src/domain/strategies/catalogue.js';
import { DAY_MS } from '../../src/lib/clock.js';
import { createDeviceGroup, createSharedBook, createUser } from '../helpers/factories.js';
import { powerShellCommands, runShellScript } from '../helpers/install-scripts.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const KEY = 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=';
/** The flags of `rustdesk --assign` (client-api.md §11.1). */
const ASSIGN_FLAGS = new Set([
  '--user_name',
  '--strategy_name',
  '--address_book_name',
  '--address_book_tag',
  '--address_book_alias',
  '--address_book_password',
  '--address_book_note',
  '--device_group_name',
  '--note',
  '--device_username',
  '--device_name',
]);
const HOSTILE = `it's "$(touch /tmp/rdconsole-pwned)" \`id\` $HOME ‘x’ & | ; \\" \\\n# next line\r\nend\\`;

interface Package {
  guid: string;
  name: string;
  config_string: string;
  windows_exe_name: string;
  token: { guid: string; expires_at: number | null; expired: boolean } | null;
  [key: string]: unknown;
}

/** Checks one generated --assign argument list against client-api.md §11.1: flags in pairs, known ones. */
function checkAssignLine(args: readonly string[]): Record<string, string> {
  expect(args.slice(0, 2)).toEqual(['--assign', '--token']);
  const flags: Record<string, string> = {};
  for (let i = 3; i < args.length; i += 2) {
    const flag = args[i] as string;
    expect(ASSIGN_FLAGS.has(flag), flag).toBe(true);
    expect(args[i + 1]).toBeDefined();
    flags[flag] = args[i + 1] as string;
  }
  if (
    Object.keys(flags).some((flag) => flag.startsWith('--address_book_') && flag !== '--address_book_name')
  ) {
    expect(flags).toHaveProperty('--address_book_name');
  }
  return flags;
}

describe('custom clients: deployment packages and install scripts', () => {
  let t: TestApp;
  let admin: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, token = admin) =>
    t.call(method, url, { token, ...(body === undefined ? {} : { body }) });

  async function create(body: Record<string, unknown>): Promise<Package> {
    const response = await call('POST', '/api/custom-clients', body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  const script = async (guid: string, platform: string) =>
    call('GET', `/api/custom-clients/${guid}/scripts/${platform}`);

  const lastAudit = () =>
    t.db
      .selectFrom('console_audits')
      .select(['typ', 'iop', 'detail'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    await createUser(t.db, { name: 'alice', password: 'alice-pass-1' });
    await createDeviceGroup(t.db, 'Office');
    await createSharedBook(t.db, { name: 'Fleet' });
    const strategy = await call('POST', '/api/strategies', { name: 'Locked', options: {} });
    expect(strategy.statusCode, strategy.body).toBe(200);
  });
  afterAll(() => t.close());

  it('starts from the server: this address as API and host, the key and the first relay of the settings', async () => {
    const before = await call('GET', '/api/custom-clients/defaults');
    expect(before.json()).toEqual({ host: 'localhost', key: '', api: 'http://localhost:80', relay: '' });
    const settings = await call('PATCH', '/api/settings', {
      server_public_key: KEY,
      relay_servers: ['relay.example.net:21117', 'relay2.example.net'],
      console_url: 'https://rustdesk.example.net',
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const after = await call('GET', '/api/custom-clients/defaults');
    expect(after.json()).toEqual({
      host: 'rustdesk.example.net',
      key: KEY,
      api: 'https://rustdesk.example.net',
      relay: 'relay.example.net:21117',
    });

    const made = await create({ name: 'Plain' });
    expect(made).toMatchObject({
      host: 'rustdesk.example.net',
      key: KEY,
      api: 'https://rustdesk.example.net',
      relay: 'relay.example.net:21117',
      has_password: false,
      platforms: ['windows', 'linux', 'macos'],
      token: null,
    });
    expect(decodeClientConfig(made.config_string)).toEqual({
      host: 'rustdesk.example.net',
      key: KEY,
      api: 'https://rustdesk.example.net',
      relay: 'relay.example.net:21117',
    });
    expect(made.windows_exe_name).toBe(`rustdesk-licensed-${made.config_string}.exe`);
    expect(await lastAudit()).toEqual({ typ: 8, iop: 33, detail: 'custom client: Plain' });
  });

  it('lists, reads, changes and deletes packages, audited; names are unique', async () => {
    const made = await create({
      name: 'Crud',
      note: 'first',
      host: '10.0.0.5',
      api: 'http://10.0.0.5:21114',
    });
    const list = await call('GET', '/api/custom-clients');
    expect(list.json().map((p: Package) => p.name)).toContain('Crud');
    expect((await call('POST', '/api/custom-clients', { name: ' Crud ' })).json()).toMatchObject({
      code: 'custom_client_exists',
      name: 'Crud',
    });

    const changed = await call('PATCH', `/api/custom-clients/${made.guid}`, {
      name: 'Crud 2',
      note: 'second',
      password: 'preset-pass',
      platforms: ['linux'],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      name: 'Crud 2',
      note: 'second',
      has_password: true,
      platforms: ['linux'],
    });
    expect(await lastAudit()).toEqual({
      typ: 8,
      iop: 34,
      detail: 'custom client: Crud; name: Crud 2; changed: note, password, platforms',
    });
    const cleared = await call('PATCH', `/api/custom-clients/${made.guid}`, { password: null });
    expect(cleared.json().has_password).toBe(false);

    expect((await script(made.guid, 'windows')).json()).toMatchObject({
      code: 'custom_client_platform_not_included',
      platform: 'windows',
    });
    expect((await call('DELETE', `/api/custom-clients/${made.guid}`)).statusCode).toBe(200);
    expect(await lastAudit()).toEqual({ typ: 8, iop: 35, detail: 'custom client: Crud 2' });
    const gone = await call('GET', `/api/custom-clients/${made.guid}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('custom_client_not_found');
  });

  it('refuses wrong input with a code naming the field', async () => {
    const cases: Array<[Record<string, unknown>, number, Record<string, unknown>]> = [
      [{ name: 'x', host: 'http://x.example' }, 400, { code: 'custom_client_host_invalid', field: 'host' }],
      [{ name: 'x', relay: 'two words' }, 400, { code: 'custom_client_host_invalid', field: 'relay' }],
      [{ name: 'x', api: 'ftp://x.example' }, 400, { code: 'custom_client_api_invalid' }],
      [{ name: 'x', key: 'not a key' }, 400, { code: 'custom_client_key_invalid' }],
      [{ name: ' ' }, 400, { code: 'field_empty', field: 'name' }],
      [{ name: 'x', password: 'short' }, 400, { code: 'field_min_length' }],
      [{ name: 'x', password: 'tab\there' }, 400, { code: 'field_control_characters', field: 'password' }],
      [{ name: 'x', platforms: [] }, 400, { code: 'field_min_items' }],
      [{ name: 'x', platforms: ['ios'] }, 400, {}],
      [
        { name: 'x', default_options: { 'no-such-option': 'Y' } },
        400,
        { code: 'option_unknown', field: 'default_options.no-such-option' },
      ],
      [
        { name: 'x', override_options: { 'enable-keyboard': 'yes' } },
        400,
        { code: 'option_not_yes_no', field: 'override_options.enable-keyboard' },
      ],
      [
        { name: 'x', assignments: { address_book_tag: 'a' } },
        400,
        { code: 'custom_client_book_fields_need_book', field: 'assignments.address_book_tag' },
      ],
      [{ name: 'x', assignments: { user_name: 'a\nb' } }, 400, { code: 'field_control_characters' }],
      [{ name: 'x', assignments: { owner: 'alice' } }, 400, {}],
      [{ name: 'x', token_expires_in_days: 0 }, 400, {}],
    ];
    for (const [body, status, expected] of cases) {
      const response = await call('POST', '/api/custom-clients', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json(), JSON.stringify(body)).toMatchObject(expected);
    }
    const missing = await call('POST', '/api/custom-clients', {
      name: 'x',
      assignments: {
        user_name: 'nobody',
        strategy_name: 'None',
        device_group_name: 'Nowhere',
        address_book_name: 'Nope',
      },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errors.map((e: { code: string }) => e.code)).toEqual([
      'user_not_found',
      'strategy_not_found',
      'device_group_not_found',
      'address_book_not_found',
    ]);
    expect(await t.db.selectFrom('custom_clients').select('name').where('name', '=', 'x').execute()).toEqual(
      [],
    );
    expect((await call('GET', '/api/custom-clients/not-a-guid')).statusCode).toBe(400);
  });

  it('is for administrators in the console only: not users, not API tokens', async () => {
    const user = await t.login('alice', 'alice-pass-1');
    expect((await call('GET', '/api/custom-clients', undefined, user)).json().code).toBe('admin_required');
    const token = await t.apiToken({ device: 'rw', user: 'rw', strategy: 'rw' });
    expect((await call('GET', '/api/custom-clients', undefined, token)).json().code).toBe(
      'token_not_allowed',
    );
  });

  describe('the assignment token', () => {
    const assignments = {
      user_name: 'alice',
      strategy_name: 'Locked',
      device_group_name: 'Office',
      address_book_name: 'Fleet',
      address_book_tag: 'laptops',
      address_book_alias: 'Front desk',
      address_book_note: 'second floor',
    };

    /** The token the Windows script's --assign line carries. */
    async function tokenSecretOf(guid: string): Promise<string> {
      const assign = powerShellCommands((await script(guid, 'windows')).body).find(
        (a) => a[0] === '--assign',
      );
      expect(assign?.[2]).toMatch(/^rdct_/);
      return assign?.[2] as string;
    }

    it('is made with the package: devices read-write only, expiring when asked, named after it', async () => {
      const made = await create({ name: 'Assigning', assignments, token_expires_in_days: 7 });
      expect(made.token).toMatchObject({
        expired: false,
        expires_at: Math.floor((t.clock.now + 7 * DAY_MS) / 1000),
      });
      const tokens = (await call('GET', '/api/tokens')).json();
      const listed = tokens.find((token: { guid: string }) => token.guid === made.token?.guid);
      expect(listed).toMatchObject({
        name: 'custom client: Assigning',
        permissions: {
          device: 'rw',
          audit_log: 'none',
          user: 'none',
          user_group: 'none',
          device_group: 'none',
          strategy: 'none',
          address_book: 'none',
        },
      });

      // What the script's --assign line does, with the token it carries (client-api.md §11.1).
      const secret = await tokenSecretOf(made.guid);
      const assigned = await t.call('POST', '/api/devices/cli', {
        token: secret,
        body: { id: '123456789', uuid: 'dXVpZA==', user_name: 'alice', device_group_name: 'Office' },
      });
      expect(assigned.statusCode, assigned.body).toBe(200);
      expect(assigned.body).toBe('');
      // Nothing else: the token cannot read users.
      expect((await t.call('GET', '/api/users', { token: secret })).json().code).toBe(
        'token_lacks_permission',
      );
    });

    it('is regenerated with the old one revoked, expires, and goes with the package or its assignments', async () => {
      const made = await create({ name: 'Rotating', assignments: { user_name: 'alice' } });
      expect(made.token?.expires_at).toBe(Math.floor((t.clock.now + 30 * DAY_MS) / 1000));
      const first = await tokenSecretOf(made.guid);

      const regenerated = await call('POST', `/api/custom-clients/${made.guid}/token`, {
        expires_in_days: 2,
      });
      expect(regenerated.statusCode, regenerated.body).toBe(200);
      const second = await tokenSecretOf(made.guid);
      expect(second).not.toBe(first);
      const body = { id: '223456789', uuid: 'dXVpZA==', user_name: 'alice' };
      expect((await t.call('POST', '/api/devices/cli', { token: first, body })).statusCode).toBe(401);
      expect((await t.call('POST', '/api/devices/cli', { token: second, body })).statusCode).toBe(200);

      t.clock.advance(3 * DAY_MS);
      expect((await call('GET', `/api/custom-clients/${made.guid}`)).json().token.expired).toBe(true);
      const stale = await script(made.guid, 'linux');
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ code: 'custom_client_token_needed', guid: made.guid });
      await call('POST', `/api/custom-clients/${made.guid}/token`, {});
      expect((await script(made.guid, 'linux')).statusCode).toBe(200);

      // No more assignments: the token is revoked; assignments again: a new one.
      const tokenGuid = (await call('GET', `/api/custom-clients/${made.guid}`)).json().token.guid;
      const none = await call('PATCH', `/api/custom-clients/${made.guid}`, { assignments: {} });
      expect(none.json().token).toBeNull();
      const listed = (await call('GET', '/api/tokens')).json().map((token: { guid: string }) => token.guid);
      expect(listed).not.toContain(tokenGuid);
      expect((await call('POST', `/api/custom-clients/${made.guid}/token`, {})).json().code).toBe(
        'custom_client_no_assignments',
      );
      const again = await call('PATCH', `/api/custom-clients/${made.guid}`, {
        assignments: { user_name: 'alice' },
      });
      expect(again.json().token).not.toBeNull();

      const last = await tokenSecretOf(made.guid);
      expect((await call('DELETE', `/api/custom-clients/${made.guid}`)).statusCode).toBe(200);
      expect((await t.call('POST', '/api/devices/cli', { token: last, body })).statusCode).toBe(401);
    });
  });

  describe('the scripts', () => {
    let full: Package;
    const options = { 'enable-keyboard': 'N', 'approve-mode': 'click', 'preset-note': 'from default' };
    const overrides = { 'preset-note': 'from override', 'allow-auto-update': 'Y' };
    const assignments = {
      user_name: 'alice',
      device_group_name: 'Office',
      address_book_name: 'Fleet',
      address_book_tag: 'laptops',
    };

    beforeAll(async () => {
      full = await create({
        name: 'Full package',
        host: 'rd.example.net',
        api: 'https://rd.example.net',
        relay: '',
        key: KEY,
        password: 'Permanent-1',
        default_options: options,
        override_options: overrides,
        assignments,
      });
    });

    /** The command lines every platform must run, in order (client-api.md §11). */
    const expected = (token: string) => [
      ['--config', full.config_string],
      ['--option', 'enable-keyboard', 'N'],
      ['--option', 'approve-mode', 'click'],
      ['--option', 'preset-note', 'from override'],
      ['--option', 'allow-auto-update', 'Y'],
      ['--password', 'Permanent-1'],
      [
        '--assign',
        '--token',
        token,
        '--user_name',
        'alice',
        '--device_group_name',
        'Office',
        '--address_book_name',
        'Fleet',
        '--address_book_tag',
        'laptops',
      ],
    ];

    it('Windows: a PowerShell script with a file name, and exactly the expected command lines', async () => {
      const response = await script(full.guid, 'windows');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="rustdesk-Full-package-windows.ps1"',
      );
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.body.startsWith('\uFEFF# RustDesk deployment script')).toBe(true);
      expect(response.body).toContain('\'/i "{0}" /qn /norestart\'');
      expect(response.body).toContain("-ArgumentList '--silent-install'");
      const commands = powerShellCommands(response.body);
      const token = commands.at(-1)?.[2] as string;
      expect(token).toMatch(/^rdct_/);
      expect(commands).toEqual(expected(token));
      checkAssignLine(commands.at(-1) as string[]);
      for (const command of commands.filter((c) => c[0] === '--option')) {
        expect(OPTION_BY_KEY.has(command[1] as string), command[1]).toBe(true);
      }
    });

    it('Linux and macOS: shell scripts that pass shellcheck and run exactly the expected commands', async () => {
      for (const [platform, binary] of [
        ['linux', LINUX_BINARY],
        ['macos', MACOS_BINARY],
      ] as const) {
        const response = await script(full.guid, platform);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.headers['content-disposition']).toBe(
          `attachment; filename="rustdesk-Full-package-${platform}.sh"`,
        );
        shellcheck(response.body);
        const commands = runShellScript(response.body, binary);
        const token = commands.at(-1)?.[2] as string;
        expect(commands).toEqual(expected(token));
      }
      const linux = (await script(full.guid, 'linux')).body;
      expect(linux).toContain('apt-get install -y "$INSTALLER"');
      expect(linux).toContain('dnf install -y "$INSTALLER"');
      expect((await script(full.guid, 'macos')).body).toContain('ditto "$app" /Applications/RustDesk.app');
    });

    it('gives the same command lines to paste, per platform', async () => {
      const response = await call('GET', `/api/custom-clients/${full.guid}/commands`);
      expect(response.statusCode, response.body).toBe(200);
      const byPlatform = Object.fromEntries(
        response.json().map((entry: { platform: string; lines: string[] }) => [entry.platform, entry.lines]),
      );
      expect(byPlatform.linux[0]).toBe(`'/usr/bin/rustdesk' '--config' '${full.config_string}'`);
      expect(byPlatform.macos).toHaveLength(7);
      expect(byPlatform.windows[0]).toBe(
        `Start-Process -Wait -NoNewWindow -FilePath 'C:\\Program Files\\RustDesk\\rustdesk.exe' -ArgumentList '--config ${full.config_string}'`,
      );
    });

    it('keeps hostile names, notes and values inside their quotes, in both kinds of script', async () => {
      const hostileBook = `Book ${HOSTILE.replace(/[\r\n]/g, ' ')}`;
      await createSharedBook(t.db, { name: hostileBook });
      const made = await create({
        name: `Hostile ${HOSTILE}`,
        note: HOSTILE,
        password: `pw ${HOSTILE.replace(/[\r\n]/g, ' ')}`,
        default_options: { 'preset-note': HOSTILE, whitelist: "'; rm -rf / #" },
        assignments: { address_book_name: hostileBook, address_book_alias: `'"\`$(id)\`"'` },
      });
      const windows = (await script(made.guid, 'windows')).body;
      const fromWindows = powerShellCommands(windows);
      expect(fromWindows).toHaveLength(5);
      expect(fromWindows[1]).toEqual(['--option', 'preset-note', HOSTILE]);
      expect(fromWindows[3]).toEqual(['--password', `pw ${HOSTILE.replace(/[\r\n]/g, ' ')}`]);
      expect(checkAssignLine(fromWindows[4] as string[])).toEqual({
        '--address_book_name': hostileBook,
        '--address_book_alias': `'"\`$(id)\`"'`,
      });
      for (const platform of ['linux', 'macos'] as const) {
        const sh = (await script(made.guid, platform)).body;
        shellcheck(sh);
        const commands = runShellScript(sh, platform === 'linux' ? LINUX_BINARY : MACOS_BINARY);
        expect(commands.slice(1)).toEqual(fromWindows.slice(1));
      }
      expect(existsSync('/tmp/rdconsole-pwned')).toBe(false);
      const files = await call('GET', `/api/custom-clients/${made.guid}/scripts/linux`);
      expect(files.headers['content-disposition']).toMatch(
        /^attachment; filename="rustdesk-Hostile-[A-Za-z0-9._-]+-linux\.sh"$/,
      );
    });
  });
});

function shellcheck(script: string): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'rdconsole-shellcheck-'));
  try {
    const file = path.join(dir, 'script.sh');
    writeFileSync(file, script);
    const result = spawnSync('shellcheck', ['--shell=sh', '--severity=style', file], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
