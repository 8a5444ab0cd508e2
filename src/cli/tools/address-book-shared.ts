import { CliError, UsageError } from '../manage/errors.js';
import { findExact, fuzzy, nameOrGuid } from '../manage/filters.js';
import type { Query } from '../manage/http.js';
import type { Column } from '../manage/output.js';
import type { CommandContext, FlagSpec } from '../manage/tool.js';

/** What the commands of `rdconsole ab` share: the book flags and lookup, and how peers are shown. */

export const PROFILES_PATH = '/api/ab/shared/profiles';

export interface Peer extends Record<string, unknown> {
  id: string;
  alias: string;
  tags: string[];
}

export const AB_NAME: FlagSpec = {
  name: 'ab-name',
  description: 'the shared address book, by its exact name',
};
const AB_GUID: FlagSpec = { name: 'ab-guid', description: 'the shared address book, by its GUID' };
export const BOOK_FLAGS = [AB_NAME, AB_GUID];
export const PEER_ID: FlagSpec = { name: 'peer-id', description: 'RustDesk ID of the peer', valueName: 'ID' };

/** The filters of view-peer and view-recycle-bin, with the book flags. */
export const PEER_FILTERS: FlagSpec[] = [
  ...BOOK_FLAGS,
  { ...PEER_ID, description: 'only IDs containing this (% is a wildcard)' },
  { name: 'alias', description: 'only aliases containing this (% is a wildcard)' },
];

export function peerFilterQuery({ flags }: CommandContext): Query {
  return { id: fuzzy(flags.string('peer-id')), alias: fuzzy(flags.string('alias')) };
}

export const PEER_COLUMNS: Column<Peer>[] = [
  { key: 'id', title: 'ID' },
  { key: 'alias', title: 'ALIAS' },
  { key: 'hostname', title: 'HOSTNAME' },
  { key: 'username', title: 'USERNAME' },
  { key: 'platform', title: 'PLATFORM' },
  { key: 'tags', title: 'TAGS', format: (tags) => (Array.isArray(tags) ? tags.join(', ') : '') },
  { key: 'note', title: 'NOTE' },
];

export interface Book {
  guid: string;
  /** How messages name it: its name, or its GUID when given by GUID. */
  label: string;
}

/** The book of --ab-name or --ab-guid (exactly one), looked up like ab.py's get_ab_by_name. */
export async function resolveBook(context: CommandContext): Promise<Book> {
  const book = await resolveOptionalBook(context);
  if (!book) throw new UsageError('--ab-name or --ab-guid is required for this command');
  return book;
}

/** The book of --ab-name or --ab-guid when one is given (then it must exist). */
export async function resolveOptionalBook({ api, flags }: CommandContext): Promise<Book | undefined> {
  const given = nameOrGuid(flags, 'ab-name', 'ab-guid');
  if (given?.guid !== undefined) return { guid: given.guid, label: given.guid };
  if (given === undefined) return undefined;
  const match = await findExact<{ guid: string; name: string }>(api, PROFILES_PATH, 'name', given.name);
  if (!match) throw new CliError(`Address book '${given.name}' not found`);
  return { guid: match.guid, label: `'${match.name}'` };
}
