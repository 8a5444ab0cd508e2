import { MAX_COLOR, MIN_COLOR } from '../../domain/address-books/tag-colors.js';
import { confirm } from '../manage/confirm.js';
import { CliError, UsageError } from '../manage/errors.js';
import { findExact, fuzzy, splitList } from '../manage/filters.js';
import { type Column, printList, printOutcome, timeFormat } from '../manage/output.js';
import type { CommandContext, CommandSpec, FlagSpec, ToolSpec } from '../manage/tool.js';

/**
 * `rdconsole ab`: ab.py, the address book manager (admin-api.md §3): shared books, their peers, tags and
 * sharing rules, plus rdconsole's recycle bin of deleted peers.
 */

interface Profile extends Record<string, unknown> {
  guid: string;
  name: string;
  owner: string;
  note: string;
  rule: number;
}
interface Peer extends Record<string, unknown> {
  id: string;
  alias: string;
  tags: string[];
}
interface Tag extends Record<string, unknown> {
  name: string;
  color: number;
}
interface Rule extends Record<string, unknown> {
  guid: string;
  user: string | null;
  group: string | null;
  rule: number;
}

/** Address book permission codes (admin-api.md §3.6). */
const PERMISSION_CODES: Record<string, 1 | 2 | 3> = { ro: 1, rw: 2, full: 3 };
const PERMISSION_NAMES: Record<number, string> = {
  1: 'ro (read)',
  2: 'rw (read/write)',
  3: 'full (full control)',
};

const permissionFormat = (value: unknown) =>
  typeof value === 'number' ? (PERMISSION_NAMES[value] ?? `Unknown (${value})`) : '';

/** ro / rw / full (any case) or 1 / 2 / 3, as ab.py reads --rule-permission. */
function parsePermission(text: string): 1 | 2 | 3 {
  const lower = text.trim().toLowerCase();
  const code =
    PERMISSION_CODES[lower] ?? (['1', '2', '3'].includes(lower) ? (Number(lower) as 1 | 2 | 3) : undefined);
  if (code === undefined) {
    throw new UsageError(`Invalid permission value: ${text}. Must be one of: ro, rw, full, 1, 2, 3`);
  }
  return code;
}

/** `0x…` is hexadecimal, anything else decimal, as ab.py reads --tag-color; 32-bit ARGB. */
function parseTagColor(text: string): number {
  const trimmed = text.trim();
  const value = /^0x[0-9a-f]+$/i.test(trimmed)
    ? Number.parseInt(trimmed.slice(2), 16)
    : /^-?\d+$/.test(trimmed)
      ? Number(trimmed)
      : Number.NaN;
  if (!Number.isSafeInteger(value) || value < MIN_COLOR || value > MAX_COLOR) {
    throw new UsageError(
      `--tag-color must be a 32-bit ARGB colour like 0xFFFF0000 or 4294901760, got "${text}"`,
    );
  }
  return value;
}

/** ab.py's --tags: `[]` clears; otherwise one optional pair of brackets around comma-separated names. */
function parseTags(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '[]') return [];
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return inner
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

const colorText = (value: unknown) =>
  typeof value === 'number' ? `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}` : '';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ------------------------------------------------------------------------------------------- flags

const AB_NAME: FlagSpec = { name: 'ab-name', description: 'the shared address book, by its exact name' };
const AB_GUID: FlagSpec = { name: 'ab-guid', description: 'the shared address book, by its GUID' };
const BOOK_FLAGS = [AB_NAME, AB_GUID];
const PEER_ID: FlagSpec = { name: 'peer-id', description: 'RustDesk ID of the peer', valueName: 'ID' };
const PEER_FIELDS: FlagSpec[] = [
  { name: 'alias', description: 'alias shown instead of the ID' },
  { name: 'tags', description: 'comma-separated tag names, e.g. "a,b"; "[]" clears the tags' },
  { name: 'note', description: 'note of the peer' },
  { name: 'password', description: 'password stored with the peer' },
];
const TAG_NAME: FlagSpec = { name: 'tag-name', description: 'name of the tag', required: true };
const TAG_COLOR: FlagSpec = {
  name: 'tag-color',
  description: '32-bit ARGB colour, hexadecimal (0xFFFF0000) or decimal',
  valueName: 'COLOR',
};
const RULE_PERMISSION: FlagSpec = {
  name: 'rule-permission',
  description: 'ro (read), rw (read/write), full (full control), or 1, 2, 3',
  required: true,
  valueName: 'PERMISSION',
};
const RULE_GUID: FlagSpec = {
  name: 'rule-guid',
  description: 'GUID of the rule (see view-rule)',
  required: true,
};

// ---------------------------------------------------------------------------------------- lookups

interface Book {
  guid: string;
  /** How messages name it: its name, or its GUID when given by GUID. */
  label: string;
}

/** The book of --ab-name or --ab-guid (exactly one), looked up like ab.py's get_ab_by_name. */
async function resolveBook(context: CommandContext): Promise<Book> {
  const book = await resolveOptionalBook(context);
  if (!book) throw new UsageError('--ab-name or --ab-guid is required for this command');
  return book;
}

async function resolveOptionalBook({ api, flags }: CommandContext): Promise<Book | undefined> {
  const name = flags.string('ab-name');
  const guid = flags.string('ab-guid');
  if (name !== undefined && guid !== undefined)
    throw new UsageError('Cannot specify both --ab-name and --ab-guid');
  if (guid !== undefined) {
    if (!GUID.test(guid)) throw new UsageError(`--ab-guid must be a 36-character GUID, got "${guid}"`);
    return { guid, label: guid };
  }
  if (name === undefined) return undefined;
  const match = await findExact<Profile>(api, '/api/ab/shared/profiles', 'name', name);
  if (!match) throw new CliError(`Address book '${name}' not found`);
  return { guid: match.guid, label: `'${match.name}'` };
}

// --------------------------------------------------------------------------------------- commands

const bookCommands: CommandSpec[] = [
  {
    name: 'view-ab',
    summary: 'List the shared address books you can see (personal ones excluded)',
    flags: [{ name: 'ab-name', description: 'only this name (% is a wildcard)' }],
    examples: ['rdconsole ab view-ab', "rdconsole ab view-ab --ab-name 'Sales%' --json"],
    async run({ api, io, flags, json }) {
      const name = flags.string('ab-name');
      const profiles = await api.listAll<Profile>('/api/ab/shared/profiles', { name });
      const columns: Column<Profile>[] = [
        { key: 'name', title: 'Name' },
        { key: 'guid', title: 'GUID' },
        { key: 'owner', title: 'Owner' },
        { key: 'rule', title: 'Your permission', format: permissionFormat },
        { key: 'note', title: 'Note' },
      ];
      printList(io, json, profiles, columns, 'No shared address books.');
      return 0;
    },
  },
  {
    name: 'get-personal-ab',
    summary: "Show the GUID of the token owner's personal address book",
    flags: [],
    examples: ['rdconsole ab get-personal-ab'],
    async run({ api, io, json }) {
      const personal = await api.request<{ guid: string }>('GET', '/api/ab/personal');
      printOutcome(io, json, `Personal address book GUID: ${personal.guid}`, personal);
      return 0;
    },
  },
  {
    name: 'add-ab',
    summary: 'Create a shared address book owned by the token owner',
    flags: [
      { ...AB_NAME, description: 'name of the new book', required: true },
      { name: 'note', description: 'note of the book' },
      { name: 'password', description: 'default password of its peers' },
    ],
    examples: ["rdconsole ab add-ab --ab-name Sales --note 'Sales team machines'"],
    async run({ api, io, flags, json }) {
      const name = flags.requireString('ab-name');
      const password = flags.string('password');
      const created = await api.request<{ guid: string }>('POST', '/api/ab/shared/add', {
        body: { name, note: flags.string('note') ?? null, ...(password ? { info: { password } } : {}) },
      });
      printOutcome(io, json, `Added shared address book '${name}' (GUID: ${created.guid})`, created);
      return 0;
    },
  },
  {
    name: 'update-ab',
    summary: 'Rename a shared book, or change its note, owner or default password',
    flags: [
      ...BOOK_FLAGS,
      { name: 'ab-update-name', description: 'the new name', valueName: 'NAME' },
      { name: 'note', description: 'the new note ("" clears it)' },
      { name: 'owner', description: 'user name of the new owner' },
      { name: 'password', description: 'the new default peer password ("" clears it)' },
    ],
    examples: ['rdconsole ab update-ab --ab-name Sales --ab-update-name Sales-EU --owner mike'],
    async run(context) {
      const { api, io, flags, json } = context;
      const name = flags.string('ab-update-name');
      const note = flags.string('note');
      const owner = flags.string('owner');
      const password = flags.string('password');
      if ([name, note, owner, password].every((value) => value === undefined)) {
        throw new UsageError('At least one of --ab-update-name, --note, --owner or --password is required');
      }
      const book = await resolveBook(context);
      await api.request('PUT', '/api/ab/shared/update/profile', {
        body: {
          guid: book.guid,
          ...(name !== undefined ? { name } : {}),
          ...(note !== undefined ? { note } : {}),
          ...(owner !== undefined ? { owner } : {}),
          ...(password !== undefined ? { info: { password } } : {}),
        },
      });
      printOutcome(io, json, `Updated shared address book ${book.label}`, { guid: book.guid });
      return 0;
    },
  },
  {
    name: 'delete-ab',
    summary: 'Delete a shared address book with its peers, tags and rules',
    flags: BOOK_FLAGS,
    examples: ['rdconsole ab delete-ab --ab-name Sales'],
    async run(context) {
      const book = await resolveBook(context);
      await context.api.request('DELETE', '/api/ab/shared', { body: [book.guid] });
      printOutcome(context.io, context.json, `Deleted shared address book ${book.label}`, {
        guid: book.guid,
      });
      return 0;
    },
  },
];

/** The body keys of --alias, --tags, --note, --password; `keep` decides which given values count. */
function peerFieldsOf(context: CommandContext, keep: (value: string) => boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of ['alias', 'note', 'password'] as const) {
    const value = context.flags.string(key);
    if (value !== undefined && keep(value)) fields[key] = value;
  }
  const tags = context.flags.string('tags');
  if (tags !== undefined) fields.tags = parseTags(tags);
  return fields;
}

const peerCommands: CommandSpec[] = [
  {
    name: 'view-peer',
    summary: 'List the peers of a book',
    flags: [
      ...BOOK_FLAGS,
      { ...PEER_ID, description: 'only IDs containing this (% is a wildcard)' },
      { name: 'alias', description: 'only aliases containing this (% is a wildcard)' },
    ],
    examples: ['rdconsole ab view-peer --ab-name Sales --alias reception'],
    async run(context) {
      const { api, io, flags, json } = context;
      const book = await resolveBook(context);
      const peers = await api.listAll<Peer>('/api/ab/peers', {
        ab: book.guid,
        id: fuzzy(flags.string('peer-id')),
        alias: fuzzy(flags.string('alias')),
      });
      printList(io, json, peers, PEER_COLUMNS, `No peers in address book ${book.label}.`);
      return 0;
    },
  },
  {
    name: 'add-peer',
    summary: 'Add a peer to a book',
    flags: [...BOOK_FLAGS, { ...PEER_ID, required: true }, ...PEER_FIELDS],
    examples: [
      "rdconsole ab add-peer --ab-name Sales --peer-id 123456789 --alias 'Front desk' --tags 'office,windows'",
    ],
    async run(context) {
      const id = context.flags.requireString('peer-id');
      const book = await resolveBook(context);
      // Like ab.py: note always goes (null when not given); empty alias, tags and password do not.
      const fields = peerFieldsOf(context, (value) => value !== '');
      if (Array.isArray(fields.tags) && fields.tags.length === 0) delete fields.tags;
      await context.api.request('POST', `/api/ab/peer/add/${book.guid}`, {
        body: { id, ...fields, note: context.flags.string('note') ?? null },
      });
      printOutcome(context.io, context.json, `Added peer ${id} to address book ${book.label}`, { id });
      return 0;
    },
  },
  {
    name: 'update-peer',
    summary: 'Change the alias, tags, note or password of a peer in a book',
    flags: [...BOOK_FLAGS, { ...PEER_ID, required: true }, ...PEER_FIELDS],
    examples: ["rdconsole ab update-peer --ab-name Sales --peer-id 123456789 --tags '[]' --note 'moved'"],
    async run(context) {
      const id = context.flags.requireString('peer-id');
      const fields = peerFieldsOf(context, () => true);
      if (Object.keys(fields).length === 0) {
        throw new UsageError('At least one of --alias, --tags, --note or --password is required');
      }
      const book = await resolveBook(context);
      await context.api.request('PUT', `/api/ab/peer/update/${book.guid}`, { body: { id, ...fields } });
      printOutcome(context.io, context.json, `Updated peer ${id} in address book ${book.label}`, { id });
      return 0;
    },
  },
  {
    name: 'delete-peer',
    summary: "Delete a peer from a book (it goes to the book's recycle bin)",
    flags: [...BOOK_FLAGS, { ...PEER_ID, required: true }],
    examples: ['rdconsole ab delete-peer --ab-name Sales --peer-id 123456789'],
    async run(context) {
      const id = context.flags.requireString('peer-id');
      const book = await resolveBook(context);
      await context.api.request('DELETE', `/api/ab/peer/${book.guid}`, { body: [id] });
      printOutcome(
        context.io,
        context.json,
        `Deleted peer ${id} from address book ${book.label} (see view-recycle-bin)`,
        { id },
      );
      return 0;
    },
  },
];

const PEER_COLUMNS: Column<Peer>[] = [
  { key: 'id', title: 'ID' },
  { key: 'alias', title: 'Alias' },
  { key: 'hostname', title: 'Hostname' },
  { key: 'username', title: 'Username' },
  { key: 'platform', title: 'Platform' },
  { key: 'tags', title: 'Tags', format: (tags) => (Array.isArray(tags) ? tags.join(', ') : '') },
  { key: 'note', title: 'Note' },
];

const tagCommands: CommandSpec[] = [
  {
    name: 'view-tag',
    summary: 'List the tags of a book with their colours',
    flags: BOOK_FLAGS,
    examples: ['rdconsole ab view-tag --ab-name Sales'],
    async run(context) {
      const book = await resolveBook(context);
      const tags = await context.api.request<Tag[]>('GET', `/api/ab/tags/${book.guid}`);
      const columns: Column<Tag>[] = [
        { key: 'name', title: 'Name' },
        { key: 'color', title: 'Color', format: colorText },
      ];
      printList(context.io, context.json, tags, columns, `No tags in address book ${book.label}.`);
      return 0;
    },
  },
  {
    name: 'add-tag',
    summary: 'Add a tag to a book (without --tag-color it gets the colour ab.py would pick)',
    flags: [...BOOK_FLAGS, TAG_NAME, TAG_COLOR],
    examples: ['rdconsole ab add-tag --ab-name Sales --tag-name office --tag-color 0xFF2196F3'],
    async run(context) {
      const name = context.flags.requireString('tag-name');
      const colorFlag = context.flags.string('tag-color');
      const color = colorFlag === undefined ? undefined : parseTagColor(colorFlag);
      const book = await resolveBook(context);
      await context.api.request('POST', `/api/ab/tag/add/${book.guid}`, {
        body: { name, ...(color !== undefined ? { color } : {}) },
      });
      printOutcome(context.io, context.json, `Added tag '${name}' to address book ${book.label}`, { name });
      return 0;
    },
  },
  {
    name: 'update-tag',
    summary: 'Change the colour of a tag',
    flags: [...BOOK_FLAGS, TAG_NAME, { ...TAG_COLOR, required: true }],
    examples: ['rdconsole ab update-tag --ab-name Sales --tag-name office --tag-color 0xFFFF0000'],
    async run(context) {
      const name = context.flags.requireString('tag-name');
      const color = parseTagColor(context.flags.requireString('tag-color'));
      const book = await resolveBook(context);
      await context.api.request('PUT', `/api/ab/tag/update/${book.guid}`, { body: { name, color } });
      printOutcome(context.io, context.json, `Updated tag '${name}' in address book ${book.label}`, {
        name,
        color,
      });
      return 0;
    },
  },
  {
    name: 'delete-tag',
    summary: 'Delete a tag from a book and from its peers',
    flags: [...BOOK_FLAGS, TAG_NAME],
    examples: ['rdconsole ab delete-tag --ab-name Sales --tag-name office'],
    async run(context) {
      const name = context.flags.requireString('tag-name');
      const book = await resolveBook(context);
      await context.api.request('DELETE', `/api/ab/tag/${book.guid}`, { body: [name] });
      printOutcome(context.io, context.json, `Deleted tag '${name}' from address book ${book.label}`, {
        name,
      });
      return 0;
    },
  },
];

/** Who a rule is for, in words. */
function ruleTarget(rule: Pick<Rule, 'user' | 'group'>): string {
  if (rule.user) return `user '${rule.user}'`;
  if (rule.group) return `group '${rule.group}'`;
  return 'everyone';
}

/** ab.py's --rule-type / --rule-user / --rule-group resolution (admin-api.md §3.5), with its messages. */
function ruleTargetOf(context: CommandContext): { user?: string; group?: string } {
  const type = context.flags.string('rule-type');
  const user = context.flags.string('rule-user');
  const group = context.flags.string('rule-group');
  if (type === undefined) {
    if (user !== undefined && group !== undefined)
      throw new UsageError('Cannot specify both --rule-user and --rule-group');
    if (user !== undefined) return { user };
    if (group !== undefined) return { group };
    throw new UsageError('Must specify --rule-type=everyone, --rule-user, or --rule-group');
  }
  if (type === 'user') {
    if (user === undefined) throw new UsageError('--rule-user is required when rule-type=user');
    if (group !== undefined) throw new UsageError('Cannot specify --rule-group when rule-type=user');
    return { user };
  }
  if (type === 'group') {
    if (group === undefined) throw new UsageError('--rule-group is required when rule-type=group');
    if (user !== undefined) throw new UsageError('Cannot specify --rule-user when rule-type=group');
    return { group };
  }
  if (user !== undefined || group !== undefined) {
    throw new UsageError('Cannot specify --rule-user or --rule-group when rule-type=everyone');
  }
  return {};
}

const RULE_BOOK_NOTE =
  'The book flags are optional here (the rule GUID names the rule); when given, the book must exist.';

const ruleCommands: CommandSpec[] = [
  {
    name: 'view-rule',
    summary: 'List the sharing rules of a book (needs full control of it)',
    flags: BOOK_FLAGS,
    examples: ['rdconsole ab view-rule --ab-name Sales'],
    async run(context) {
      const book = await resolveBook(context);
      const rules = await context.api.listAll<Rule>('/api/ab/rules', { ab: book.guid });
      const columns: Column<Rule>[] = [
        { key: 'guid', title: 'GUID' },
        { key: 'user', title: 'Shared with', format: (_value, rule) => ruleTarget(rule) },
        { key: 'rule', title: 'Permission', format: permissionFormat },
        { key: 'created_at', title: 'Created', format: timeFormat },
      ];
      printList(context.io, context.json, rules, columns, `No sharing rules on address book ${book.label}.`);
      return 0;
    },
  },
  {
    name: 'add-rule',
    summary: 'Share a book with a user, a user group or everyone',
    flags: [
      ...BOOK_FLAGS,
      {
        name: 'rule-type',
        description: 'who the rule is for',
        choices: ['user', 'group', 'everyone'],
        valueName: 'TYPE',
      },
      { name: 'rule-user', description: 'user name (rule type user)', valueName: 'USER' },
      { name: 'rule-group', description: 'user group name (rule type group)', valueName: 'GROUP' },
      RULE_PERMISSION,
    ],
    examples: [
      'rdconsole ab add-rule --ab-name Sales --rule-user mike --rule-permission ro',
      'rdconsole ab add-rule --ab-name Sales --rule-type everyone --rule-permission rw',
    ],
    async run(context) {
      const permission = parsePermission(context.flags.requireString('rule-permission'));
      const target = ruleTargetOf(context);
      const book = await resolveBook(context);
      const created = await context.api.request<{ guid: string }>('POST', '/api/ab/rule', {
        body: { guid: book.guid, rule: permission, ...target },
      });
      printOutcome(
        context.io,
        context.json,
        `Shared address book ${book.label} with ${ruleTarget({ user: target.user ?? null, group: target.group ?? null })}: ` +
          `${PERMISSION_NAMES[permission]} (rule GUID: ${created.guid})`,
        created,
      );
      return 0;
    },
  },
  {
    name: 'update-rule',
    summary: 'Change the permission of a sharing rule',
    description: RULE_BOOK_NOTE,
    flags: [...BOOK_FLAGS, RULE_GUID, RULE_PERMISSION],
    examples: [
      'rdconsole ab update-rule --rule-guid 01983006-fcca-7c12-9a91-b1df483c6073 --rule-permission rw',
    ],
    async run(context) {
      const guid = context.flags.requireString('rule-guid');
      const permission = parsePermission(context.flags.requireString('rule-permission'));
      await resolveOptionalBook(context);
      await context.api.request('PATCH', '/api/ab/rule', { body: { guid, rule: permission } });
      printOutcome(context.io, context.json, `Updated rule ${guid}: ${PERMISSION_NAMES[permission]}`, {
        guid,
        rule: permission,
      });
      return 0;
    },
  },
  {
    name: 'delete-rule',
    summary: 'Delete a sharing rule',
    description: RULE_BOOK_NOTE,
    flags: [...BOOK_FLAGS, RULE_GUID],
    examples: ['rdconsole ab delete-rule --rule-guid 01983006-fcca-7c12-9a91-b1df483c6073'],
    async run(context) {
      const guid = context.flags.requireString('rule-guid');
      await resolveOptionalBook(context);
      await context.api.request('DELETE', '/api/ab/rules', { body: [guid] });
      printOutcome(context.io, context.json, `Deleted rule ${guid}`, { guid });
      return 0;
    },
  },
];

const PEER_IDS: FlagSpec = {
  name: 'peer-id',
  description: 'RustDesk IDs of peers in the bin, comma-separated',
  required: true,
  valueName: 'IDS',
};

function peerIdsOf(context: CommandContext): string[] {
  const ids = splitList(context.flags.requireString('peer-id'));
  if (ids.length === 0) throw new UsageError('--peer-id names no peer');
  return ids;
}

/** rdconsole's own: the recycle bin that delete-peer moves peers to (not in ab.py). */
const recycleBinCommands: CommandSpec[] = [
  {
    name: 'view-recycle-bin',
    summary: "List the deleted peers in a book's recycle bin",
    flags: [
      ...BOOK_FLAGS,
      { ...PEER_ID, description: 'only IDs containing this (% is a wildcard)' },
      { name: 'alias', description: 'only aliases containing this (% is a wildcard)' },
    ],
    examples: ['rdconsole ab view-recycle-bin --ab-name Sales'],
    async run(context) {
      const book = await resolveBook(context);
      const peers = await context.api.listAll<Peer>(`/api/ab/recycle-bin/${book.guid}`, {
        id: fuzzy(context.flags.string('peer-id')),
        alias: fuzzy(context.flags.string('alias')),
      });
      const columns: Column<Peer>[] = [
        ...PEER_COLUMNS,
        { key: 'deleted_at', title: 'Deleted', format: timeFormat },
      ];
      printList(
        context.io,
        context.json,
        peers,
        columns,
        `The recycle bin of address book ${book.label} is empty.`,
      );
      return 0;
    },
  },
  {
    name: 'restore-peer',
    summary: 'Put deleted peers back into their book',
    flags: [...BOOK_FLAGS, PEER_IDS],
    examples: ['rdconsole ab restore-peer --ab-name Sales --peer-id 123456789,987654321'],
    async run(context) {
      const ids = peerIdsOf(context);
      const book = await resolveBook(context);
      await context.api.request('POST', `/api/ab/recycle-bin/${book.guid}/restore`, { body: ids });
      printOutcome(context.io, context.json, `Restored ${ids.join(', ')} in address book ${book.label}`, {
        ids,
      });
      return 0;
    },
  },
  {
    name: 'purge-peer',
    summary: 'Delete peers in the recycle bin for good',
    flags: [...BOOK_FLAGS, PEER_IDS],
    examples: ['rdconsole ab purge-peer --ab-name Sales --peer-id 123456789'],
    async run(context) {
      const ids = peerIdsOf(context);
      const book = await resolveBook(context);
      const question = `Delete ${ids.length} peer(s) of address book ${book.label} for good: ${ids.join(', ')}?`;
      if (ids.length > 1 && !(await confirm(context.io, question, context.yes))) return 0;
      await context.api.request('DELETE', `/api/ab/recycle-bin/${book.guid}`, { body: ids });
      printOutcome(context.io, context.json, `Deleted ${ids.join(', ')} for good`, { ids });
      return 0;
    },
  },
  {
    name: 'empty-recycle-bin',
    summary: "Delete every peer in a book's recycle bin for good",
    flags: BOOK_FLAGS,
    examples: ['rdconsole ab empty-recycle-bin --ab-name Sales --yes'],
    async run(context) {
      const book = await resolveBook(context);
      const binned = await context.api.request<{ total: number }>('GET', `/api/ab/recycle-bin/${book.guid}`, {
        query: { pageSize: 1 },
      });
      if (binned.total === 0) {
        printOutcome(
          context.io,
          context.json,
          `The recycle bin of address book ${book.label} is already empty.`,
          {
            deleted: 0,
          },
        );
        return 0;
      }
      const question = `Delete the ${binned.total} peer(s) in the recycle bin of address book ${book.label} for good?`;
      if (binned.total > 1 && !(await confirm(context.io, question, context.yes))) return 0;
      await context.api.request('DELETE', `/api/ab/recycle-bin/${book.guid}/all`);
      printOutcome(context.io, context.json, `Emptied the recycle bin of address book ${book.label}`, {
        deleted: binned.total,
      });
      return 0;
    },
  },
];

export const addressBooksTool: ToolSpec = {
  name: 'ab',
  aliases: ['address-books'],
  summary: 'Shared address books, their peers, tags and sharing rules (ab.py)',
  description:
    'Needs a token with the Address Book permission (read for view-*, read/write for the rest). Commands\n' +
    'that work on one book take --ab-name (exact name) or --ab-guid. Permissions: ro = read, rw = read/write,\n' +
    'full = full control.',
  commands: [...bookCommands, ...peerCommands, ...tagCommands, ...ruleCommands, ...recycleBinCommands],
};
