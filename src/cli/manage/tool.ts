import { CliError, UsageError } from './errors.js';
import { splitList } from './filters.js';
import { ApiClient } from './http.js';
import type { CliIo } from './io.js';

/**
 * The shape of a management tool (users, user-groups, ...): commands with their flags, examples and a
 * run function, plus the parser, help and dispatcher shared by all tools. Tool files import only types
 * from here; the registry (src/cli/tools/index.ts) lists them.
 */

export type FlagType = 'string' | 'boolean' | 'integer';
export type FlagValue = string | number | boolean;

export interface FlagSpec {
  /** As the official script spells it, without dashes: `group_name`, `web-console-url`. `_` and `-` are interchangeable on the command line. */
  name: string;
  description: string;
  /** Default 'string'. A boolean flag takes no value (`--flag`, or `--flag=true|false`). */
  type?: FlagType;
  required?: boolean;
  default?: FlagValue;
  /** The only values accepted (strings, compared case-sensitively). */
  choices?: readonly string[];
  /** The placeholder shown in help; the default is the name in upper case. */
  valueName?: string;
}

export interface CommandContext {
  io: CliIo;
  api: ApiClient;
  flags: Flags;
  /** --json: print machine-readable JSON instead of tables and sentences. */
  json: boolean;
  /** --yes: answer the confirmation questions with Y. */
  yes: boolean;
}

export interface CommandSpec {
  name: string;
  /** One line for listings. */
  summary: string;
  /** More text for `rdconsole <tool> <command> --help` (what the server does, permissions needed). */
  description?: string;
  flags: FlagSpec[];
  /** Full command lines starting with `rdconsole`; the first is shown in the tool's help. */
  examples: string[];
  /** Returns the exit code (default 0); throws CliError/UsageError to fail. */
  run(context: CommandContext): Promise<number | undefined>;
}

export interface ToolSpec {
  name: string;
  /** Other accepted spellings, e.g. `user_group` for `user-groups`. */
  aliases?: string[];
  summary: string;
  description?: string;
  commands: CommandSpec[];
}

/** The flags accepted by every command. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  {
    name: 'url',
    description: 'address of the rdconsole server, e.g. http://127.0.0.1:21114 [env RDCONSOLE_URL]',
  },
  { name: 'token', description: 'API token made in Settings → Tokens [env RDCONSOLE_TOKEN]' },
  { name: 'json', type: 'boolean', description: 'print JSON for machines instead of tables' },
  { name: 'yes', type: 'boolean', description: 'act on several matches without asking (short: -y)' },
  { name: 'help', type: 'boolean', description: 'show this help (short: -h)' },
];

const SHORT_FLAGS: Record<string, string> = { '-y': 'yes', '-h': 'help' };

/** The values of a command's flags, read by the names of its FlagSpecs. */
export class Flags {
  constructor(
    private readonly specs: FlagSpec[],
    private readonly values: ReadonlyMap<string, FlagValue>,
  ) {}

  string(name: string): string | undefined {
    const value = this.get(name, 'string');
    return value === undefined ? undefined : String(value);
  }

  /** The value of a flag the command cannot go without; a UsageError names it otherwise. */
  requireString(name: string, why?: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') {
      throw new UsageError(`--${name} is required${why ? ` ${why}` : ''}`);
    }
    return value;
  }

  /** A comma-separated flag the command cannot go without, as a list; `what` says what it holds. */
  requireList(name: string, what: string): string[] {
    const list = splitList(this.string(name) ?? '');
    if (list.length === 0) throw new UsageError(`--${name} is required (${what} separated by commas)`);
    return list;
  }

  integer(name: string): number | undefined {
    const value = this.get(name, 'integer');
    return value === undefined ? undefined : Number(value);
  }

  boolean(name: string): boolean {
    return this.get(name, 'boolean') === true;
  }

  private get(name: string, type: FlagType): FlagValue | undefined {
    const spec = this.spec(name);
    if ((spec.type ?? 'string') !== type) throw new Error(`flag --${name} is not of type ${type}`);
    return this.values.get(name) ?? spec.default;
  }

  private spec(name: string): FlagSpec {
    const spec = this.specs.find((s) => s.name === name);
    if (!spec) throw new Error(`the command declares no flag --${name}`);
    return spec;
  }
}

export interface ParsedCommandLine {
  tool?: ToolSpec;
  command?: CommandSpec;
  flags: Map<string, FlagValue>;
  globals: { url?: string; token?: string; json: boolean; yes: boolean; help: boolean };
}

function normalize(name: string): string {
  return name.replaceAll('_', '-');
}

export function findTool(tools: readonly ToolSpec[], name: string): ToolSpec | undefined {
  return tools.find((t) => t.name === name || t.aliases?.includes(name));
}

/**
 * Reads `<tool> <command> [--flag value | --flag=value | --boolean]...`. Global flags may come
 * anywhere; a command's own flags after the command. Required flags are checked here unless help was
 * asked for.
 */
export function parseCommandLine(tools: readonly ToolSpec[], argv: readonly string[]): ParsedCommandLine {
  let tool: ToolSpec | undefined;
  let command: CommandSpec | undefined;
  try {
    return parseTokens();
  } catch (error) {
    if (error instanceof UsageError) error.helpCommand ??= helpCommandOf(tool, command);
    throw error;
  }

  function parseTokens(): ParsedCommandLine {
    const commandFlags = new Map<string, FlagValue>();
    const globalFlags = new Map<string, FlagValue>();

    for (let i = 0; i < argv.length; i++) {
      const token = argv[i] as string;
      if (!token.startsWith('-') || token === '-') {
        if (!tool) {
          tool = findTool(tools, token);
          if (!tool)
            throw new UsageError(`unknown tool "${token}" (one of: ${tools.map((t) => t.name).join(', ')})`);
        } else if (!command) {
          command = tool.commands.find((c) => c.name === token);
          if (!command) {
            throw new UsageError(
              `unknown command "${token}" of ${tool.name} (one of: ${tool.commands.map((c) => c.name).join(', ')})`,
            );
          }
        } else {
          throw new UsageError(
            `unexpected argument "${token}" (values go after a flag, e.g. --name "${token}")`,
          );
        }
        continue;
      }
      const equals = token.indexOf('=');
      const written =
        SHORT_FLAGS[token] !== undefined
          ? `--${SHORT_FLAGS[token]}`
          : equals > 0
            ? token.slice(0, equals)
            : token;
      const inline = SHORT_FLAGS[token] === undefined && equals > 0 ? token.slice(equals + 1) : undefined;
      if (!written.startsWith('--')) throw new UsageError(`unknown option ${token}`);
      const key = normalize(written.slice(2));
      const globalSpec = GLOBAL_FLAGS.find((s) => normalize(s.name) === key);
      const commandSpec = command?.flags.find((s) => normalize(s.name) === key);
      const spec = commandSpec ?? globalSpec;
      if (!spec) {
        const where = command
          ? `of ${tool?.name} ${command.name}`
          : tool
            ? `before the command of ${tool.name}`
            : '';
        throw new UsageError(`unknown option ${written}${where ? ` ${where}` : ''}`);
      }
      let raw: string | undefined = inline;
      if ((spec.type ?? 'string') !== 'boolean' && raw === undefined) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new UsageError(`${written} needs a value`);
        raw = next;
        i++;
      }
      (commandSpec ? commandFlags : globalFlags).set(spec.name, convert(spec, written, raw));
    }

    const help = globalFlags.get('help') === true;
    if (command && !help) {
      for (const spec of command.flags) {
        if (spec.required && !commandFlags.has(spec.name)) throw new UsageError(`--${spec.name} is required`);
      }
    }
    const url = globalFlags.get('url');
    const token = globalFlags.get('token');
    return {
      tool,
      command,
      flags: commandFlags,
      globals: {
        ...(typeof url === 'string' ? { url } : {}),
        ...(typeof token === 'string' ? { token } : {}),
        json: globalFlags.get('json') === true,
        yes: globalFlags.get('yes') === true,
        help,
      },
    };
  }
}

function helpCommandOf(tool: ToolSpec | undefined, command: CommandSpec | undefined): string {
  return ['rdconsole', tool?.name, command?.name].filter(Boolean).join(' ');
}

function convert(spec: FlagSpec, written: string, raw: string | undefined): FlagValue {
  switch (spec.type ?? 'string') {
    case 'boolean':
      if (raw === undefined || /^(true|yes|1)$/i.test(raw)) return true;
      if (/^(false|no|0)$/i.test(raw)) return false;
      throw new UsageError(`${written} takes no value (or true/false), got "${raw}"`);
    case 'integer': {
      const value = raw ?? '';
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        throw new UsageError(`${written} must be a whole number, got "${value}"`);
      }
      return Number(value);
    }
    default: {
      const value = raw ?? '';
      if (spec.choices && !spec.choices.includes(value)) {
        throw new UsageError(`${written} must be one of ${spec.choices.join(', ')}, got "${value}"`);
      }
      return value;
    }
  }
}

// ---------------------------------------------------------------------------------------------- help

function flagUsage(spec: FlagSpec): string {
  if (spec.type === 'boolean') return `--${spec.name}`;
  return `--${spec.name} ${spec.valueName ?? spec.name.replaceAll('-', '_').toUpperCase()}`;
}

function flagLines(specs: FlagSpec[]): string[] {
  const width = Math.max(...specs.map((s) => flagUsage(s).length));
  return specs.map((spec) => {
    const notes = [
      spec.required ? 'required' : undefined,
      spec.default !== undefined ? `default ${spec.default}` : undefined,
      spec.choices ? `one of ${spec.choices.join(', ')}` : undefined,
    ].filter(Boolean);
    const suffix = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    return `  ${flagUsage(spec).padEnd(width)}  ${spec.description}${suffix}`;
  });
}

function toolNames(tool: ToolSpec): string {
  return [tool.name, ...(tool.aliases ?? [])].join(' | ');
}

/** The list of tools, for `rdconsole --help`. */
export function renderToolsOverview(tools: readonly ToolSpec[]): string {
  const width = Math.max(...tools.map((t) => t.name.length));
  const lines = tools.map((tool) => {
    const aliases = tool.aliases?.length ? ` (also: ${tool.aliases.join(', ')})` : '';
    return `  rdconsole ${tool.name.padEnd(width)}  ${tool.summary}${aliases}`;
  });
  return [
    "Management tools (clients of a running rdconsole over its HTTP API, like RustDesk Server Pro's Python scripts):",
    ...lines,
    '',
    'Each needs --url and --token (or RDCONSOLE_URL and RDCONSOLE_TOKEN). "rdconsole <tool> --help" lists its',
    'commands with examples; --json prints JSON for machines; --yes skips the confirmation on several matches.',
  ].join('\n');
}

export function renderToolHelp(tool: ToolSpec): string {
  const width = Math.max(...tool.commands.map((c) => c.name.length));
  const commands = tool.commands.flatMap((command) => {
    const flags = command.flags.map((s) => (s.required ? flagUsage(s) : `[${flagUsage(s)}]`)).join(' ');
    const indent = ' '.repeat(6);
    return [
      `  ${command.name.padEnd(width)}  ${command.summary}`,
      ...(flags ? [`${indent}${flags}`] : []),
      ...(command.examples[0] ? [`${indent}e.g. ${command.examples[0]}`] : []),
    ];
  });
  return [
    `rdconsole ${toolNames(tool)}: ${tool.summary}`,
    ...(tool.description ? ['', tool.description] : []),
    '',
    `Usage: rdconsole ${tool.name} <command> [options]`,
    '',
    'Commands:',
    ...commands,
    '',
    'Common options:',
    ...flagLines(GLOBAL_FLAGS),
    '',
    `"rdconsole ${tool.name} <command> --help" describes one command.`,
  ].join('\n');
}

export function renderCommandHelp(tool: ToolSpec, command: CommandSpec): string {
  const required = command.flags.filter((s) => s.required).map(flagUsage);
  return [
    `rdconsole ${tool.name} ${command.name}: ${command.summary}`,
    ...(command.description ? ['', command.description] : []),
    '',
    `Usage: rdconsole ${tool.name} ${command.name} ${[...required, '[options]'].join(' ')}`,
    ...(command.flags.length > 0 ? ['', 'Options:', ...flagLines(command.flags)] : []),
    '',
    'Common options:',
    ...flagLines(GLOBAL_FLAGS),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}

// ------------------------------------------------------------------------------------------ dispatch

/**
 * Runs one management command, e.g. `['users', 'view', '--name', 'mike']`, and returns the exit code:
 * 0 on success, 1 when the server or the network says no, 2 for a wrong command line.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  tools?: readonly ToolSpec[],
): Promise<number> {
  const registry = tools ?? (await import('../tools/index.js')).TOOLS;
  let parsed: ParsedCommandLine | undefined;
  try {
    parsed = parseCommandLine(registry, argv);
    const { tool, command, globals } = parsed;
    if (!tool) {
      io.stdout.write(`${renderToolsOverview(registry)}\n`);
      return globals.help ? 0 : 2;
    }
    if (!command) {
      if (globals.help) {
        io.stdout.write(`${renderToolHelp(tool)}\n`);
        return 0;
      }
      io.stderr.write(`${renderToolHelp(tool)}\n\n`);
      throw new UsageError(`a command is required (one of: ${tool.commands.map((c) => c.name).join(', ')})`);
    }
    if (globals.help) {
      io.stdout.write(`${renderCommandHelp(tool, command)}\n`);
      return 0;
    }
    const url = globals.url ?? io.env.RDCONSOLE_URL;
    const token = globals.token ?? io.env.RDCONSOLE_TOKEN;
    if (!url)
      throw new UsageError('--url is required (or set RDCONSOLE_URL), e.g. --url http://127.0.0.1:21114');
    if (!token)
      throw new UsageError(
        '--token is required (or set RDCONSOLE_TOKEN): an API token from Settings → Tokens',
      );
    const context: CommandContext = {
      io,
      api: new ApiClient(url, token),
      flags: new Flags(command.flags, parsed.flags),
      json: globals.json,
      yes: globals.yes,
    };
    return (await command.run(context)) ?? 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`Error: ${error.message}\n`);
      if (error instanceof UsageError) {
        const where = error.helpCommand ?? helpCommandOf(parsed?.tool, parsed?.command);
        io.stderr.write(`See "${where} --help".\n`);
      }
      return error.exitCode;
    }
    throw error;
  }
}
