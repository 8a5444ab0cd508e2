import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/manage/io.js';
import { runCli } from '../../src/cli/manage/tool.js';
import { TOOLS } from '../../src/cli/tools/index.js';
import { runRdconsole } from '../helpers/cli.js';
import { liveCli } from '../helpers/cli-live.js';
import { TEST_DIALECT } from '../helpers/database.js';

/** What every management tool shares: help, connection settings, errors and exit codes. */
describe(`rdconsole management tools: the basics (${TEST_DIALECT})`, () => {
  const cli = liveCli(undefined, { user: 'r' });

  it('lists serve, set-password and the seven tools in "rdconsole --help"', async () => {
    const result = await runRdconsole(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rdconsole serve [options]');
    expect(result.stdout).toContain('rdconsole set-password <username> <password>');
    for (const tool of ['users', 'user-groups', 'device-groups', 'devices', 'ab', 'strategies', 'audits']) {
      expect(result.stdout).toMatch(new RegExp(`\\n  rdconsole ${tool} +\\S`));
    }
    expect(result.stdout).toContain('(also: user_group');
    expect(result.stdout).toContain('(also: device_group');
  });

  it('documents every command of every tool with an example in "rdconsole <tool> --help"', async () => {
    for (const tool of TOOLS) {
      const io = memoryIo();
      expect(await runCli([tool.name, '--help'], io)).toBe(0);
      for (const command of tool.commands) {
        expect(io.out, `${tool.name} ${command.name}`).toContain(
          `e.g. rdconsole ${tool.name} ${command.name}`,
        );
        const commandHelp = memoryIo();
        expect(await runCli([tool.name, command.name, '--help'], commandHelp)).toBe(0);
        expect(commandHelp.out).toContain(`Usage: rdconsole ${tool.name} ${command.name}`);
        expect(commandHelp.out).toContain(`Examples:\n  rdconsole ${tool.name} ${command.name}`);
      }
    }
  });

  it('names a missing --url or --token, with exit code 2', async () => {
    const noUrl = await runRdconsole(['users', 'view'], { RDCONSOLE_URL: '', RDCONSOLE_TOKEN: '' });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stdout).toBe('');
    expect(noUrl.stderr).toContain('Error: --url is required (or set RDCONSOLE_URL)');
    const noToken = memoryIo({ env: { RDCONSOLE_URL: cli.url } });
    expect(await runCli(['users', 'view'], noToken)).toBe(2);
    expect(noToken.err).toContain('Error: --token is required (or set RDCONSOLE_TOKEN)');
  });

  it('names an unknown flag, command or tool', async () => {
    expect(await cli.fails(['users', 'view', '--nmae', 'mike'], 2)).toBe(
      'Error: unknown option --nmae of users view\nSee "rdconsole users view --help".\n',
    );
    expect(await cli.fails(['users', 'list'], 2)).toContain(
      'Error: unknown command "list" of users (one of: view, new, invite',
    );
    const tool = await runRdconsole(['people', 'view']);
    expect(tool.code).toBe(2);
    expect(tool.stderr).toContain('unknown command "people"');
  });

  it('accepts a URL with trailing slashes and the token from the environment or --token', async () => {
    const fromEnv = memoryIo({ env: { RDCONSOLE_URL: `${cli.url}//`, RDCONSOLE_TOKEN: cli.token } });
    expect(await runCli(['users', 'view', '--name', 'admin', '--json'], fromEnv)).toBe(0);
    expect(JSON.parse(fromEnv.out)).toEqual([expect.objectContaining({ name: 'admin', is_admin: true })]);
    const fromFlags = memoryIo({ env: { RDCONSOLE_TOKEN: 'overridden' } });
    expect(
      await runCli(['--url', cli.url, 'users', 'view', '--token', cli.token, '--name', 'admin'], fromFlags),
    ).toBe(0);
    expect(fromFlags.out).toMatch(/\nadmin +Default +normal +yes/);
  });

  it('reports what the server says: a bad token, a scope the token lacks, an address that is not the API', async () => {
    expect(await cli.fails(['users', 'view'], 1, { token: 'nope' })).toMatch(
      /^Error: .+ \(HTTP 401 on GET \/api\/users\)\n$/,
    );
    expect(await cli.fails(['devices', 'view'], 1)).toContain('(HTTP 403 on GET /api/devices)');
    const wrongPrefix = memoryIo({ env: { RDCONSOLE_URL: `${cli.url}/sub`, RDCONSOLE_TOKEN: cli.token } });
    expect(await runCli(['users', 'view'], wrongPrefix)).toBe(1);
    expect(wrongPrefix.err).toBe(
      `Error: GET /api/users answered with text/html, not JSON: is ${cli.url}/sub the address of rdconsole?\n`,
    );
  });

  it('says when nothing listens at the URL', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const io = memoryIo({ env: { RDCONSOLE_URL: `http://127.0.0.1:${port}`, RDCONSOLE_TOKEN: cli.token } });
    expect(await runCli(['users', 'view'], io)).toBe(1);
    expect(io.err).toBe(
      `Error: cannot reach http://127.0.0.1:${port}: connection refused (is rdconsole running?)\n`,
    );
  });
});
