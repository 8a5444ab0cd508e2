import { MAX_COLOR, MIN_COLOR } from '../../domain/address-books/tag-colors.js';
import { UsageError } from '../manage/errors.js';
import { splitList } from '../manage/filters.js';
import { type Column, printList, printOutcome } from '../manage/output.js';
import type { CommandContext, CommandSpec, FlagSpec, ToolSpec } from '../manage/tool.js';
import { recycleBinCommands } from './address-book-recycle-bin.js';
import { permissionFormat, ruleCommands } from './address-book-rules.js';
import {
  AB_NAME,
  BOOK_FLAGS,
  PEER_COLUMNS,
  PEER_FILTERS,
  PEER_ID,
  type Peer,
  PROFILES_PATH,
  peerFilterQuery,
  resolveBook,
} from './address-book-shared.js';

/**
 * `rdconsole ab`: ab.py, the address book manager (admin-api.md §3): shared books, their peers and
 * tags here; sharing rules and rdconsole's recycle bin of deleted peers in their own files.
 */

interface Profile extends Record<string, unknown> {
  guid: string;
  name: string;
  owner: string;
  note: string;
  rule: number;
}
interface Tag extends Record<string, unknown> {
  name: string;
  color: number;
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
  return splitList(trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed);
}

const colorText = (value: unknown) =>
  typeof value === 'number' ? `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}` : '';

// ------------------------------------------------------------------------------------------- flags

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

// --------------------------------------------------------------------------------------- commands

const bookCommands: CommandSpec[] = [
  {
    name: 'view-ab',
    summary: 'List the shared address books you can see (personal ones excluded)',
    flags: [{ name: 'ab-name', description: 'only this name (% is a wildcard)' }],
    examples: ['rdconsole ab view-ab', "rdconsole ab view-ab --ab-name 'Sales%' --json"],
    async run({ api, io, flags, json }) {
      const name = flags.string('ab-name');
      const profiles = await api.listAll<Profile>(PROFILES_PATH, { name });
      const columns: Column<Profile>[] = [
        { key: 'name', title: 'NAME' },
        { key: 'guid', title: 'GUID' },
        { key: 'owner', title: 'OWNER' },
        { key: 'rule', title: 'YOUR PERMISSION', format: permissionFormat },
        { key: 'note', title: 'NOTE' },
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
    flags: PEER_FILTERS,
    examples: ['rdconsole ab view-peer --ab-name Sales --alias reception'],
    async run(context) {
      const { api, io, json } = context;
      const book = await resolveBook(context);
      const peers = await api.listAll<Peer>('/api/ab/peers', { ab: book.guid, ...peerFilterQuery(context) });
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

const tagCommands: CommandSpec[] = [
  {
    name: 'view-tag',
    summary: 'List the tags of a book with their colours',
    flags: BOOK_FLAGS,
    examples: ['rdconsole ab view-tag --ab-name Sales'],
    async run(context) {
      const book = await resolveBook(context);
      const tags = await context.api.list<Tag>(`/api/ab/tags/${book.guid}`);
      const columns: Column<Tag>[] = [
        { key: 'name', title: 'NAME' },
        { key: 'color', title: 'COLOR', format: colorText },
      ];
      printList(context.io, context.json, tags, columns, `No tags in address book ${book.label}.`);
      return 0;
    },
  },
  {
    name: 'add-tag',
    summary: 'Add a tag to a book (without --tag-color it gets the colour ab.py would pick)',
    description:
      'A tag the book already has is no error: --tag-color then sets its colour, and without it the\n' +
      'colour stays as it is.',
    flags: [...BOOK_FLAGS, TAG_NAME, TAG_COLOR],
    examples: ['rdconsole ab add-tag --ab-name Sales --tag-name office --tag-color 0xFF2196F3'],
    async run(context) {
      const name = context.flags.requireString('tag-name');
      const colorFlag = context.flags.string('tag-color');
      const color = colorFlag === undefined ? undefined : parseTagColor(colorFlag);
      const book = await resolveBook(context);
      // Only to say what happened: the server adds the tag or sets its colour either way.
      const tags = await context.api.list<Tag>(`/api/ab/tags/${book.guid}`);
      const added = !tags.some((tag) => tag.name === name);
      await context.api.request('POST', `/api/ab/tag/add/${book.guid}`, {
        body: { name, ...(color !== undefined ? { color } : {}) },
      });
      let message = `Added tag '${name}' to address book ${book.label}`;
      if (!added) {
        message =
          `Tag '${name}' is already in address book ${book.label}; ` +
          (color === undefined ? 'its colour is unchanged' : `its colour is now ${colorText(color)}`);
      }
      printOutcome(context.io, context.json, message, { name, added });
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
