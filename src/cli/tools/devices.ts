import { ASSIGN_TYPES } from '../../domain/devices/assign-types.js';
import { perMatchCommand } from '../manage/bulk.js';
import { UsageError } from '../manage/errors.js';
import { fuzzy } from '../manage/filters.js';
import { type Column, codeFormat, printList, timeFormat } from '../manage/output.js';
import type { CommandContext, FlagSpec, ToolSpec } from '../manage/tool.js';

/** A device as GET /api/devices lists it (the fields the CLI reads; --json prints them all). */
export interface DeviceRow extends Record<string, unknown> {
  guid: string;
  id: string;
  device_name: string;
  status: number;
}

export const DEVICE_COLUMNS: Column<DeviceRow>[] = [
  { key: 'id', title: 'ID' },
  { key: 'device_name', title: 'NAME' },
  { key: 'device_username', title: 'OS USER' },
  { key: 'user_name', title: 'USER' },
  { key: 'group_name', title: 'USER GROUP' },
  { key: 'device_group_name', title: 'DEVICE GROUP' },
  { key: 'strategy_name', title: 'STRATEGY' },
  { key: 'status', title: 'STATUS', format: codeFormat({ 1: 'enabled', 0: 'disabled' }) },
  { key: 'online', title: 'ONLINE' },
  { key: 'last_online', title: 'LAST ONLINE', format: timeFormat },
  { key: 'note', title: 'NOTE' },
];

const FILTERS: FlagSpec[] = [
  { name: 'id', description: 'RustDesk ID; matches IDs containing it (% is a wildcard, "-" matches empty)' },
  { name: 'device_name', description: 'device name; matches names containing it' },
  { name: 'user_name', description: 'the user the device is assigned to ("-": none)' },
  { name: 'group_name', description: 'the user group of that user' },
  { name: 'device_group_name', description: 'device group ("-": none)' },
  {
    name: 'offline_days',
    type: 'integer',
    description: 'only devices not seen for at least this many days (or never)',
    valueName: 'DAYS',
  },
];

/** Every device matching the filters (all devices when none is given), page after page. */
function listMatching(context: CommandContext): Promise<DeviceRow[]> {
  const { flags } = context;
  const offlineDays = flags.integer('offline_days');
  if (offlineDays !== undefined && offlineDays < 0) throw new UsageError('--offline_days must be 0 or more');
  return context.api.listAll<DeviceRow>('/api/devices', {
    id: fuzzy(flags.string('id')),
    device_name: fuzzy(flags.string('device_name')),
    user_name: fuzzy(flags.string('user_name')),
    group_name: fuzzy(flags.string('group_name')),
    device_group_name: fuzzy(flags.string('device_group_name')),
    offline_days: offlineDays,
  });
}

/** `user_name=mike` → ['user_name', 'mike'], with the scripts' checks as usage errors. */
function parseAssignTo(text: string): [string, string] {
  const equals = text.indexOf('=');
  if (equals < 0)
    throw new UsageError(
      'Invalid assign_to format, it must be <type>=<value>, e.g. --assign_to user_name=mike',
    );
  const type = text.slice(0, equals);
  if (!(ASSIGN_TYPES as readonly string[]).includes(type)) {
    throw new UsageError(
      `Invalid type "${type}" in --assign_to, it must be one of: ${ASSIGN_TYPES.join(', ')}`,
    );
  }
  return [type, text.slice(equals + 1)];
}

/** What disable, enable, delete and assign share: one request per matched device, after the confirmation. */
const MATCHES = { noun: 'device', list: listMatching, nameOf: (device: DeviceRow) => device.id };

export const devicesTool: ToolSpec = {
  name: 'devices',
  summary: 'Manage devices: list, enable, disable, delete, assign (like devices.py)',
  description: [
    'Each command acts on every device matching the filters (every device when none is given) and asks',
    '"Type \'Y\' to confirm" when several match (--yes skips the question). Filters match values containing',
    'the text; % is a wildcard and "-" matches an empty value. The API token needs the Device permission.',
  ].join('\n'),
  commands: [
    {
      name: 'view',
      summary: 'List devices',
      flags: FILTERS,
      examples: [
        'rdconsole devices view --user_name mike',
        'rdconsole devices view --device_group_name Production --offline_days 30 --json',
      ],
      async run(context) {
        printList(context.io, context.json, await listMatching(context), DEVICE_COLUMNS, 'Found 0 devices');
        return 0;
      },
    },
    perMatchCommand({
      ...MATCHES,
      name: 'disable',
      summary: 'Disable devices',
      flags: FILTERS,
      description: 'POST /api/devices/{guid}/disable for each matched device.',
      examples: [
        'rdconsole devices disable --id 123456789',
        'rdconsole devices disable --offline_days 90 --yes',
      ],
      label: 'Disabling',
      done: 'Disabled',
      send: (context, device) => context.api.request('POST', `/api/devices/${device.guid}/disable`),
    }),
    perMatchCommand({
      ...MATCHES,
      name: 'enable',
      summary: 'Enable devices',
      flags: FILTERS,
      description: 'POST /api/devices/{guid}/enable for each matched device.',
      examples: ['rdconsole devices enable --id 123456789'],
      label: 'Enabling',
      done: 'Enabled',
      send: (context, device) => context.api.request('POST', `/api/devices/${device.guid}/enable`),
    }),
    perMatchCommand({
      ...MATCHES,
      name: 'delete',
      summary: 'Delete devices (the server deletes only disabled devices)',
      description: 'DELETE /api/devices/{guid} for each matched device; disable them first.',
      flags: FILTERS,
      examples: ['rdconsole devices delete --id 123456789'],
      label: 'Deleting',
      done: 'Deleted',
      send: (context, device) => context.api.request('DELETE', `/api/devices/${device.guid}`),
    }),
    perMatchCommand({
      ...MATCHES,
      name: 'assign',
      summary: 'Assign devices to a user, strategy, device group or address book, or set a note or name',
      description: [
        `--assign_to <type>=<value>, type one of: ${ASSIGN_TYPES.join(', ')}.`,
        'Names are resolved by the server; an empty user_name, strategy_name or device_group_name removes that',
        'assignment. For ab the value is name[,tag[,alias[,password[,note]]]].',
      ].join('\n'),
      flags: [
        ...FILTERS,
        {
          name: 'assign_to',
          description: 'what to set, as <type>=<value>',
          required: true,
          valueName: 'TYPE=VALUE',
        },
      ],
      examples: [
        'rdconsole devices assign --device_name PC01 --assign_to user_name=mike',
        'rdconsole devices assign --id 123456789 --assign_to device_group_name=Production',
        "rdconsole devices assign --id 123456789 --assign_to 'ab=Sales,customers,Front desk'",
      ],
      label: 'Assigning',
      done: 'Assigned',
      prepare: (context) => {
        const [type, value] = parseAssignTo(context.flags.requireString('assign_to'));
        return { type, value };
      },
      send: (context, device, body) =>
        context.api.request('POST', `/api/devices/${device.guid}/assign`, { body }),
    }),
  ],
};
