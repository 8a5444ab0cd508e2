import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/manage/errors.js';
import { memoryIo } from '../../src/cli/manage/io.js';
import {
  type CommandContext,
  findTool,
  GLOBAL_FLAGS,
  parseCommandLine,
  renderCommandHelp,
  renderToolHelp,
  renderToolsOverview,
  runCli,
  type ToolSpec,
} from '../../src/cli/manage/tool.js';
import { TOOLS } from '../../src/cli/tools/index.js';

/** A tool whose one command records what it was given. */
function sampleTool(seen: CommandContext[] = []): ToolSpec {
  return {
    name: 'things',
    aliases: ['thing_tool'],
    summary: 'Manage things',
    commands: [
      {
        name: 'make',
        summary: 'Make a thing',
        flags: [
          { name: 'name', description: 'thing name', required: true },
          { name: 'group_name', description: 'its group' },
          { name: 'web-console-url', description: 'a URL' },
          { name: 'count', type: 'integer', description: 'how many', default: 1 },
          { name: 'force', type: 'boolean', description: 'no matter what' },
          { name: 'color', description: 'paint', choices: ['red', 'blue'] },
        ],
        examples: ['rdconsole things make --name box'],
        async run(context) {
          seen.push(context);
          return context.flags.boolean('force') ? 3 : undefined;
        },
      },
    ],
  };
}

describe('CLI command-line parsing', () => {
  const tools = [sampleTool()];

  it('reads --flag value, --flag=value, booleans, integers and defaults', () => {
    const parsed = parseCommandLine(tools, [
      'things',
      'make',
      '--name',
      'box',
      '--group_name=Sales team',
      '--count',
      '7',
      '--force',
      '--color=red',
    ]);
    expect(parsed.tool?.name).toBe('things');
    expect(parsed.command?.name).toBe('make');
    expect(Object.fromEntries(parsed.flags)).toEqual({
      name: 'box',
      group_name: 'Sales team',
      count: 7,
      force: true,
      color: 'red',
    });
  });

  it('accepts - and _ spellings of a flag, tool aliases, and values that start with a single dash', () => {
    const parsed = parseCommandLine(tools, [
      'thing_tool',
      'make',
      '--name',
      '-',
      '--group-name',
      'a',
      '--web_console_url',
      'u',
    ]);
    expect(Object.fromEntries(parsed.flags)).toEqual({ name: '-', group_name: 'a', 'web-console-url': 'u' });
  });

  it('takes global flags anywhere, including -y and -h', () => {
    const parsed = parseCommandLine(tools, [
      '--url',
      'http://x',
      'things',
      '--json',
      'make',
      '--name',
      'b',
      '-y',
      '--token=t',
    ]);
    expect(parsed.globals).toEqual({ url: 'http://x', token: 't', json: true, yes: true, help: false });
    expect(parseCommandLine(tools, ['things', '-h']).globals.help).toBe(true);
  });

  it.each([
    [['things', 'make'], '--name is required'],
    [['things', 'make', '--name'], '--name needs a value'],
    [['things', 'make', '--name', '--force'], '--name needs a value'],
    [['things', 'make', '--name', 'a', '--colour', 'red'], 'unknown option --colour of things make'],
    [['things', 'make', '--name', 'a', '--count', '1.5'], '--count must be a whole number, got "1.5"'],
    [['things', 'make', '--name', 'a', '--color', 'green'], '--color must be one of red, blue, got "green"'],
    [
      ['things', 'make', '--name', 'a', '--force=maybe'],
      '--force takes no value (or true/false), got "maybe"',
    ],
    [['things', 'make', '--name', 'a', 'extra'], 'unexpected argument "extra"'],
    [['things', 'fly'], 'unknown command "fly" of things (one of: make)'],
    [['stuff'], 'unknown tool "stuff" (one of: things)'],
    [['things', '--name', 'a'], 'unknown option --name before the command of things'],
    [['things', 'make', '-x'], 'unknown option -x'],
  ])('rejects %j with a usage error: %s', (argv, message) => {
    expect(() => parseCommandLine(tools, argv)).toThrow(UsageError);
    expect(() => parseCommandLine(tools, argv)).toThrow(message);
  });

  it('does not insist on required flags when help is asked for', () => {
    expect(parseCommandLine(tools, ['things', 'make', '--help']).globals.help).toBe(true);
  });
});

describe('CLI dispatch (runCli)', () => {
  const env = { RDCONSOLE_URL: 'http://127.0.0.1:9/', RDCONSOLE_TOKEN: 'secret' };

  it('runs the command with the parsed flags, globals from the environment, and its exit code', async () => {
    const seen: CommandContext[] = [];
    const io = memoryIo({ env });
    expect(await runCli(['things', 'make', '--name', 'box', '--json'], io, [sampleTool(seen)])).toBe(0);
    const [context] = seen;
    expect(context?.flags.string('name')).toBe('box');
    expect(context?.flags.integer('count')).toBe(1);
    expect(context?.flags.string('group_name')).toBeUndefined();
    expect(context?.json).toBe(true);
    expect(context?.yes).toBe(false);
    expect(context?.api.baseUrl).toBe('http://127.0.0.1:9');
    expect(await runCli(['things', 'make', '--name', 'box', '--force'], io, [sampleTool()])).toBe(3);
  });

  it('prefers --url/--token over the environment and names them when both are missing', async () => {
    const seen: CommandContext[] = [];
    const io = memoryIo({ env });
    await runCli(['things', 'make', '--name', 'b', '--url', 'https://other/sub'], io, [sampleTool(seen)]);
    expect(seen[0]?.api.baseUrl).toBe('https://other/sub');

    const noUrl = memoryIo({ env: { RDCONSOLE_TOKEN: 't' } });
    expect(await runCli(['things', 'make', '--name', 'b'], noUrl, [sampleTool()])).toBe(2);
    expect(noUrl.err).toContain('Error: --url is required (or set RDCONSOLE_URL)');
    const noToken = memoryIo({ env: { RDCONSOLE_URL: 'http://x' } });
    expect(await runCli(['things', 'make', '--name', 'b'], noToken, [sampleTool()])).toBe(2);
    expect(noToken.err).toContain('Error: --token is required (or set RDCONSOLE_TOKEN)');
    const badUrl = memoryIo({ env: { RDCONSOLE_TOKEN: 't' } });
    expect(await runCli(['things', 'make', '--name', 'b', '--url', 'ftp://x'], badUrl, [sampleTool()])).toBe(
      2,
    );
    expect(badUrl.err).toContain('--url must start with http:// or https://');
  });

  it('reports usage errors on stderr with exit code 2 and where to find help', async () => {
    const io = memoryIo({ env });
    expect(await runCli(['things', 'make'], io, [sampleTool()])).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toBe('Error: --name is required\nSee "rdconsole things make --help".\n');
  });

  it('prints help for a tool, a command, or the list of tools', async () => {
    const tool = sampleTool();
    const toolHelp = memoryIo();
    expect(await runCli(['things', '--help'], toolHelp, [tool])).toBe(0);
    expect(toolHelp.out).toBe(`${renderToolHelp(tool)}\n`);
    const commandHelp = memoryIo();
    expect(await runCli(['things', 'make', '-h'], commandHelp, [tool])).toBe(0);
    expect(commandHelp.out).toBe(`${renderCommandHelp(tool, tool.commands[0] as never)}\n`);
    const overview = memoryIo();
    expect(await runCli(['--help'], overview, [tool])).toBe(0);
    expect(overview.out).toContain('rdconsole things  Manage things (also: thing_tool)');
    const missingCommand = memoryIo();
    expect(await runCli(['things'], missingCommand, [tool])).toBe(2);
    expect(missingCommand.err).toContain('Error: a command is required (one of: make)');
  });
});

describe('CLI help text', () => {
  const tool = sampleTool();

  it('documents every command of a tool with its flags and an example', () => {
    const help = renderToolHelp(tool);
    expect(help).toContain('rdconsole things | thing_tool: Manage things');
    expect(help).toMatch(/ {2}make {2}Make a thing\n {6}--name NAME \[--group_name GROUP_NAME\]/);
    expect(help).toContain('e.g. rdconsole things make --name box');
    for (const flag of GLOBAL_FLAGS) expect(help).toContain(`--${flag.name}`);
  });

  it('documents a command: usage with required flags, notes on defaults and choices, examples', () => {
    const help = renderCommandHelp(tool, tool.commands[0] as never);
    expect(help).toContain('Usage: rdconsole things make --name NAME [options]');
    expect(help).toMatch(/--name NAME +thing name \(required\)/);
    expect(help).toMatch(/--count COUNT +how many \(default 1\)/);
    expect(help).toMatch(/--color COLOR +paint \(one of red, blue\)/);
    expect(help).toMatch(/--force +no matter what\n/);
    expect(help).toContain('Examples:\n  rdconsole things make --name box');
  });

  it('lists every registered tool, each with a summary and commands that all have an example', () => {
    const overview = renderToolsOverview(TOOLS);
    for (const registered of TOOLS) {
      expect(overview).toContain(`rdconsole ${registered.name}`);
      expect(findTool(TOOLS, registered.name)).toBe(registered);
      for (const alias of registered.aliases ?? []) expect(findTool(TOOLS, alias)).toBe(registered);
      for (const command of registered.commands) {
        expect(command.examples.length, `${registered.name} ${command.name}`).toBeGreaterThan(0);
        for (const example of command.examples) {
          expect(example.startsWith(`rdconsole ${registered.name} ${command.name}`)).toBe(true);
        }
      }
    }
  });

  it('gives no two flags of a command the same spelling, nor one of the common options', () => {
    const spell = (name: string) => name.replaceAll('_', '-');
    for (const registered of TOOLS) {
      for (const command of registered.commands) {
        const names = [...command.flags, ...GLOBAL_FLAGS].map((f) => spell(f.name));
        expect(new Set(names).size, `${registered.name} ${command.name}`).toBe(names.length);
      }
    }
  });
});
