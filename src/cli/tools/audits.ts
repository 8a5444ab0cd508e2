import {
  ALARM_TYPE_NAMES,
  CONN_TYPE_NAMES,
  FILE_DIRECTION_NAMES,
  NOT_LOGGED_IN,
} from '../../domain/audits/codes.js';
import { CONSOLE_AREA_NAMES, CONSOLE_OPERATION_NAMES } from '../../domain/console-audit/codes.js';
import { UsageError } from '../manage/errors.js';
import { fuzzy } from '../manage/filters.js';
import type { Query } from '../manage/http.js';
import { type Column, codeFormat, formatCell, printJson, printTable, timeFormat } from '../manage/output.js';
import type { CommandContext, CommandSpec, FlagSpec, Flags, ToolSpec } from '../manage/tool.js';

/**
 * `rdconsole audits`: audits.py, the audit log viewer (admin-api.md §7). Like audits.py it shows one
 * page (--page-size, --current); the filters and the `created_at` time go to the server as audits.py
 * sends them.
 */

type LogRow = Record<string, unknown>;

const MAX_PAGE_SIZE = 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A moment as the server's `created_at` filter reads it: UTC `YYYY-MM-DD HH:MM:SS.000` (the .000 is literal). */
function utcFilterText(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.000`
  );
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?$/;

/** --created-at: a local time `YYYY-MM-DD HH:MM:SS[.ffffff]`, as audits.py reads it. */
function parseLocalTime(text: string): Date {
  const match = LOCAL_TIME.exec(text.trim());
  const parts = match?.slice(1, 7).map(Number);
  if (parts?.length === 6) {
    const [year, month, day, hour, minute, second] = parts as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const date = new Date(year, month - 1, day, hour, minute, second);
    // Date rolls 2025-02-30 over into March; such a value names no real time.
    if (date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day) return date;
  }
  throw new UsageError(`--created-at must be a local time like "2025-09-09 14:15:57", got "${text}"`);
}

/** The `created_at` filter: --days-ago wins over --created-at, as in audits.py. */
function createdAtFilter(context: CommandContext): string | undefined {
  const daysAgo = context.flags.integer('days-ago');
  if (daysAgo !== undefined) {
    if (daysAgo < 0) throw new UsageError(`--days-ago must be 0 or more, got ${daysAgo}`);
    // The same local wall-clock time N days ago, as Python's datetime.now() - timedelta(days=N).
    const since = new Date();
    since.setDate(since.getDate() - daysAgo);
    return utcFilterText(since);
  }
  const createdAt = context.flags.string('created-at');
  return createdAt === undefined ? undefined : utcFilterText(parseLocalTime(createdAt));
}

/** --conn-type: a code 0–4, or its name in any case, with or without spaces (e.g. file-transfer). */
function parseConnType(text: string): number {
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const simple = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
  const match = Object.entries(CONN_TYPE_NAMES).find(([, name]) => simple(name) === simple(text));
  if (match) return Number(match[0]);
  const known = Object.entries(CONN_TYPE_NAMES).map(([code, name]) => `${code} ${name}`);
  throw new UsageError(`--conn-type must be one of: ${known.join(', ')}; got "${text}"`);
}

// ------------------------------------------------------------------------------------------- flags

const PAGE_FLAGS: FlagSpec[] = [
  {
    name: 'page-size',
    type: 'integer',
    default: 10,
    description: `records per page (at most ${MAX_PAGE_SIZE})`,
  },
  { name: 'current', type: 'integer', default: 1, description: 'page number, from 1' },
  {
    name: 'created-at',
    description: 'only records since this local time, "YYYY-MM-DD HH:MM:SS"',
    valueName: 'TIME',
  },
  {
    name: 'days-ago',
    type: 'integer',
    description: 'only records of the last N days (wins over --created-at)',
    valueName: 'N',
  },
];
/*
 * In RustDesk the "remote ID" is the ID connected to, so audits.py's --remote is the controlled device,
 * as in Server Pro (rustdesk-server-pro#499); --peer adds the controlling side, which that issue asks for.
 */
const REMOTE: FlagSpec = {
  name: 'remote',
  description: 'RustDesk ID of the controlled device, as in audits.py (% is a wildcard)',
  valueName: 'ID',
};
const DEVICE: FlagSpec = {
  name: 'device',
  description: 'RustDesk ID of the controlled device (% is a wildcard)',
  valueName: 'ID',
};
const DEVICE_OF_CONNECTION: FlagSpec = {
  ...DEVICE,
  description: 'RustDesk ID of the controlled device, the same as --remote (% is a wildcard)',
};
const PEER: FlagSpec = {
  name: 'peer',
  description: 'the controlling side: its RustDesk ID or name (% is a wildcard)',
  valueName: 'ID_OR_NAME',
};

// ------------------------------------------------------------------------------------------ columns

const both = (main: string, extra: string) => (row: LogRow) => {
  const first = formatCell(row[main]);
  const second = formatCell(row[extra]);
  return second ? `${first} (${second})` : first;
};

/** The two ends of a connection or transfer, each column named by its side. */
const SIDE_COLUMNS: Column<LogRow>[] = [
  { key: 'id', title: 'CONTROLLED DEVICE', format: (_value, row) => both('id', 'device_name')(row) },
  {
    key: 'remote_id',
    title: 'CONTROLLING SIDE',
    format: (_value, row) => both('remote_id', 'remote_name')(row),
  },
  { key: 'ip', title: 'CONTROLLING IP' },
];

const CONN_COLUMNS: Column<LogRow>[] = [
  { key: 'created_at', title: 'TIME', format: timeFormat },
  {
    key: 'end_time',
    title: 'ENDED',
    format: (value, row) => (row.online === true ? 'still open' : timeFormat(value)),
  },
  ...SIDE_COLUMNS,
  {
    key: 'conn_type',
    title: 'TYPE',
    format: (value) =>
      value === undefined || value === null ? NOT_LOGGED_IN : codeFormat(CONN_TYPE_NAMES)(value),
  },
  { key: 'note', title: 'NOTE' },
];

const FILE_COLUMNS: Column<LogRow>[] = [
  { key: 'created_at', title: 'TIME', format: timeFormat },
  ...SIDE_COLUMNS,
  { key: 'type', title: 'DIRECTION', format: codeFormat(FILE_DIRECTION_NAMES) },
  { key: 'path', title: 'PATH' },
  { key: 'num', title: 'FILES' },
];

const ALARM_COLUMNS: Column<LogRow>[] = [
  { key: 'created_at', title: 'TIME', format: timeFormat },
  { key: 'id', title: 'TARGET DEVICE', format: (_value, row) => both('id', 'device_name')(row) },
  { key: 'typ', title: 'TYPE', format: codeFormat(ALARM_TYPE_NAMES) },
  { key: 'ip', title: 'FROM IP' },
  { key: 'info', title: 'DETAILS' },
];

const CONSOLE_COLUMNS: Column<LogRow>[] = [
  { key: 'created_at', title: 'TIME', format: timeFormat },
  { key: 'operator', title: 'OPERATOR' },
  { key: 'typ', title: 'AREA', format: codeFormat(CONSOLE_AREA_NAMES) },
  { key: 'iop', title: 'OPERATION', format: codeFormat(CONSOLE_OPERATION_NAMES) },
  { key: 'detail', title: 'DETAIL' },
  { key: 'ip', title: 'IP' },
];

// ----------------------------------------------------------------------------------------- commands

/** --remote and --device (the controlled device) and --peer (the controlling side), fuzzy like audits.py's. */
function sideFilters(flags: Flags): Query {
  return {
    remote: fuzzy(flags.string('remote')),
    device: fuzzy(flags.string('device')),
    peer: fuzzy(flags.string('peer')),
  };
}

interface LogView {
  name: string;
  log: 'conn' | 'file' | 'alarm' | 'console';
  noun: string;
  flags: FlagSpec[];
  filters(context: CommandContext): Query;
  columns: Column<LogRow>[];
  examples: string[];
}

function viewCommand(view: LogView): CommandSpec {
  return {
    name: view.name,
    summary: `Show one page of the ${view.noun} log, newest first`,
    description:
      'Needs a token with the Audit Log permission (read). Times are shown in local time; --json prints\n' +
      'the page as the server sends it, with epoch-second times and numeric codes.',
    flags: [...PAGE_FLAGS, ...view.flags],
    examples: view.examples,
    async run(context) {
      const { api, io, flags, json } = context;
      const pageSize = flags.integer('page-size') ?? 10;
      const current = flags.integer('current') ?? 1;
      if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw new UsageError(`--page-size must be between 1 and ${MAX_PAGE_SIZE}, got ${pageSize}`);
      }
      if (current < 1) throw new UsageError(`--current must be 1 or more, got ${current}`);
      const query: Query = {
        pageSize,
        current,
        created_at: createdAtFilter(context),
        ...view.filters(context),
      };
      const { data, total } = await api.page<LogRow>(`/api/audits/${view.log}`, query);
      if (json) {
        printJson(io, { data, total, current, pageSize });
        return 0;
      }
      if (data.length > 0) printTable(io, data, view.columns);
      const pages = Math.max(1, Math.ceil(total / pageSize));
      const summary = `Page ${current} of ${pages}: ${data.length} of ${total} ${view.noun} record(s)`;
      io.stdout.write(
        `${data.length === 0 ? 'No records. ' : '\n'}${summary}${current < pages ? '; see --current' : ''}\n`,
      );
      return 0;
    },
  };
}

const VIEWS: LogView[] = [
  {
    name: 'view-conn',
    log: 'conn',
    noun: 'connection',
    flags: [
      REMOTE,
      DEVICE_OF_CONNECTION,
      PEER,
      {
        name: 'conn-type',
        description:
          '0 Remote Desktop, 1 File Transfer, 2 Port Transfer, 3 View Camera, 4 Terminal (code or name)',
        valueName: 'TYPE',
      },
    ],
    filters: ({ flags }) => {
      const connType = flags.string('conn-type');
      return {
        ...sideFilters(flags),
        conn_type: connType === undefined ? undefined : parseConnType(connType),
      };
    },
    columns: CONN_COLUMNS,
    examples: [
      'rdconsole audits view-conn --remote 123456789 --days-ago 7',
      'rdconsole audits view-conn --peer helpdesk --conn-type 1 --page-size 50',
    ],
  },
  {
    name: 'view-file',
    log: 'file',
    noun: 'file transfer',
    flags: [REMOTE, DEVICE_OF_CONNECTION, PEER],
    filters: ({ flags }) => sideFilters(flags),
    columns: FILE_COLUMNS,
    examples: [
      "rdconsole audits view-file --created-at '2025-09-01 00:00:00'",
      'rdconsole audits view-file --remote 123456789 --peer 987654321',
    ],
  },
  {
    name: 'view-alarm',
    log: 'alarm',
    noun: 'alarm',
    flags: [DEVICE],
    filters: ({ flags }) => ({ device: fuzzy(flags.string('device')) }),
    columns: ALARM_COLUMNS,
    examples: ['rdconsole audits view-alarm --device 123456789 --days-ago 30'],
  },
  {
    name: 'view-console',
    log: 'console',
    noun: 'console',
    flags: [
      { name: 'operator', description: 'user name of the operator (% is a wildcard)', valueName: 'NAME' },
    ],
    filters: ({ flags }) => ({ operator: fuzzy(flags.string('operator')) }),
    columns: CONSOLE_COLUMNS,
    examples: ['rdconsole audits view-console --operator admin --days-ago 1'],
  },
];

export const auditsTool: ToolSpec = {
  name: 'audits',
  aliases: ['audit'],
  summary: 'Connection, file transfer, alarm and console logs (audits.py)',
  description:
    'String filters match anywhere in the value (admin-api.md §0.4): "123" finds "91234"; use % to anchor\n' +
    '("123%" = starts with 123) and "-" for an empty value.',
  commands: VIEWS.map(viewCommand),
};
