import { CliError, UsageError } from '../manage/errors.js';
import { findExact, nameOrGuid, splitList } from '../manage/filters.js';
import type { ApiClient } from '../manage/http.js';
import {
  type Column,
  formatTime,
  printJson,
  printList,
  printOutcome,
  printTable,
  timeFormat,
} from '../manage/output.js';
import { forEachWithProgress } from '../manage/progress.js';
import type { CommandContext, CommandSpec, FlagSpec, ToolSpec } from '../manage/tool.js';

/** `rdconsole strategies`: strategies.py, the strategy manager (admin-api.md §6). */

interface Strategy extends Record<string, unknown> {
  guid: string;
  name: string;
  enabled: boolean;
  note: string;
  options: Record<string, string>;
  created_at: number;
  updated_at: number;
  device_count: number;
}
interface StrategyDetail extends Strategy {
  devices: { guid: string; id: string }[];
  users: { guid: string; name: string }[];
  device_groups: { guid: string; name: string }[];
}

/** strategies.py's test for a GUID given in place of a name (admin-api.md §0.5). */
function looksLikeGuid(value: string): boolean {
  return value.length === 36 && value.split('-').length === 5;
}

const NAME: FlagSpec = { name: 'name', description: 'the strategy, by its exact name' };
const GUID: FlagSpec = { name: 'guid', description: 'the strategy, by its GUID' };
const TARGET_FLAGS: FlagSpec[] = [
  { name: 'peers', description: 'comma-separated device IDs or GUIDs', valueName: 'IDS' },
  { name: 'users', description: 'comma-separated user names or GUIDs', valueName: 'NAMES' },
  { name: 'device-groups', description: 'comma-separated device group names or GUIDs', valueName: 'NAMES' },
];

/** The strategy of --name or --guid; `command` names the command in the error for neither. */
async function resolveStrategy({ api, flags }: CommandContext, command: string): Promise<Strategy> {
  const given = nameOrGuid(flags, 'name', 'guid');
  if (given?.guid !== undefined) return api.request<Strategy>('GET', `/api/strategies/${given.guid}`);
  if (!given?.name) throw new UsageError(`--name or --guid is required for ${command} command`);
  const match = (await api.list<Strategy>('/api/strategies')).find(
    (strategy) => strategy.name === given.name,
  );
  if (!match) throw new CliError(`Strategy '${given.name}' not found`);
  return match;
}

type TargetKind = 'peers' | 'users' | 'groups';

/** How each kind of target is found from what a person types (admin-api.md §6 assign, steps 2–4). */
const LOOKUPS: Record<TargetKind, { path: string; key: 'id' | 'name'; noun: string }> = {
  peers: { path: '/api/devices', key: 'id', noun: 'Device' },
  users: { path: '/api/users', key: 'name', noun: 'User' },
  groups: { path: '/api/device-groups', key: 'name', noun: 'Device group' },
};

async function lookUpGuid(api: ApiClient, kind: TargetKind, value: string): Promise<string> {
  if (looksLikeGuid(value)) return value;
  const { path, key, noun } = LOOKUPS[kind];
  const match = await findExact(api, path, key, value);
  if (typeof match?.guid !== 'string') throw new CliError(`${noun} '${value}' not found`);
  return match.guid;
}

interface Targets {
  peers: string[];
  users: string[];
  groups: string[];
  /** How many IDs and names were given, as strategies.py counts them. */
  count: number;
}

/** The GUIDs of --peers, --users and --device-groups; at least one must be given. */
async function resolveTargets(context: CommandContext): Promise<Targets> {
  const given: Record<TargetKind, string[]> = {
    peers: splitList(context.flags.string('peers') ?? ''),
    users: splitList(context.flags.string('users') ?? ''),
    groups: splitList(context.flags.string('device-groups') ?? ''),
  };
  const items = (Object.keys(given) as TargetKind[]).flatMap((kind) =>
    given[kind].map((value) => ({ kind, value })),
  );
  if (items.length === 0) {
    throw new UsageError('at least one of --peers, --users, or --device-groups is required');
  }
  const targets: Targets = { peers: [], users: [], groups: [], count: items.length };
  await forEachWithProgress(context.io, 'Looking up targets', items, async ({ kind, value }) => {
    targets[kind].push(await lookUpGuid(context.api, kind, value));
  });
  return targets;
}

function printDetail(context: CommandContext, detail: StrategyDetail): void {
  const { io } = context;
  const names = (items: { name?: string; id?: string }[]) =>
    items.length === 0 ? '(none)' : items.map((item) => item.name ?? item.id).join(', ');
  const lines: [string, string][] = [
    ['Name', detail.name],
    ['GUID', detail.guid],
    ['Enabled', detail.enabled ? 'yes' : 'no'],
    ['Note', detail.note],
    ['Created', formatTime(detail.created_at)],
    ['Updated', formatTime(detail.updated_at)],
    ['Devices governed', String(detail.device_count)],
    ['Given to devices', names(detail.devices)],
    ['Given to users', names(detail.users)],
    ['Given to device groups', names(detail.device_groups)],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  io.stdout.write(
    `${lines.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`.trimEnd()).join('\n')}\n`,
  );
  const options = Object.entries(detail.options).map(([key, value]) => ({ key, value }));
  if (options.length === 0) {
    io.stdout.write('\nNo options set: the clients keep their own settings.\n');
    return;
  }
  io.stdout.write('\nOptions:\n');
  printTable(io, options, [
    { key: 'key', title: 'OPTION' },
    { key: 'value', title: 'VALUE' },
  ]);
}

function statusCommand(enabled: boolean): CommandSpec {
  const verb = enabled ? 'enable' : 'disable';
  return {
    name: verb,
    summary: `${enabled ? 'Enable' : 'Disable'} a strategy`,
    flags: [NAME, GUID],
    examples: [`rdconsole strategies ${verb} --name Default`],
    async run(context) {
      const strategy = await resolveStrategy(context, verb);
      const updated = await context.api.request<Strategy>('PUT', `/api/strategies/${strategy.guid}/status`, {
        body: enabled,
      });
      printOutcome(context.io, context.json, `Success: strategy '${strategy.name}' ${verb}d`, updated);
      return 0;
    },
  };
}

const commands: CommandSpec[] = [
  {
    name: 'list',
    summary: 'List every strategy',
    flags: [],
    examples: ['rdconsole strategies list'],
    async run({ api, io, json }) {
      const strategies = await api.list<Strategy>('/api/strategies');
      const columns: Column<Strategy>[] = [
        { key: 'name', title: 'NAME' },
        { key: 'guid', title: 'GUID' },
        { key: 'enabled', title: 'ENABLED' },
        { key: 'device_count', title: 'DEVICES' },
        { key: 'options', title: 'OPTIONS', format: (options) => String(Object.keys(options ?? {}).length) },
        { key: 'updated_at', title: 'UPDATED', format: timeFormat },
        { key: 'note', title: 'NOTE' },
      ];
      printList(io, json, strategies, columns, 'No strategies.');
      return 0;
    },
  },
  {
    name: 'view',
    summary: 'Show a strategy: its options and whom it is given to',
    flags: [NAME, GUID],
    examples: [
      'rdconsole strategies view --name Default',
      'rdconsole strategies view --guid 01983006-fcca-7c12-9a91-b1df483c6073 --json',
    ],
    async run(context) {
      const strategy = await resolveStrategy(context, 'view');
      const detail = await context.api.request<StrategyDetail>('GET', `/api/strategies/${strategy.guid}`);
      if (context.json) printJson(context.io, detail);
      else printDetail(context, detail);
      return 0;
    },
  },
  statusCommand(true),
  statusCommand(false),
  {
    name: 'assign',
    summary: 'Give a strategy to devices, users and device groups',
    description:
      'Needs the Strategy permission (read/write), plus read permission on Device for --peers, User for\n' +
      '--users and Device Group for --device-groups, to look the names up.',
    flags: [NAME, GUID, ...TARGET_FLAGS],
    examples: [
      'rdconsole strategies assign --name Default --peers 1849118658 --users admin',
      'rdconsole strategies assign --name Lockdown --device-groups Production,Kiosks',
    ],
    async run(context) {
      const strategy = await resolveStrategy(context, 'assign');
      const { count, ...targets } = await resolveTargets(context);
      const body = { strategy: strategy.guid, ...targets };
      await context.api.request('POST', '/api/strategies/assign', { body });
      printOutcome(
        context.io,
        context.json,
        `Success: Assigned strategy '${strategy.name}' to ${count} target(s)`,
        body,
      );
      return 0;
    },
  },
  {
    name: 'unassign',
    summary: 'Take the strategy given directly to devices, users and device groups away',
    description:
      'Each target then follows the next strategy in effect (its user’s, then its device group’s).',
    flags: TARGET_FLAGS,
    examples: ['rdconsole strategies unassign --peers 1849118658 --users admin'],
    async run(context) {
      const { count, ...targets } = await resolveTargets(context);
      await context.api.request('POST', '/api/strategies/assign', { body: targets });
      printOutcome(context.io, context.json, `Success: Unassigned strategy from ${count} target(s)`, targets);
      return 0;
    },
  },
];

export const strategiesTool: ToolSpec = {
  name: 'strategies',
  aliases: ['strategy'],
  summary: 'Strategies: list, view, enable, disable, assign and unassign (strategies.py)',
  description: 'Needs a token with the Strategy permission. A strategy is named by --name (exact) or --guid.',
  commands,
};
