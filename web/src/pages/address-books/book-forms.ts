/**
 * What the page may offer on a book, and how its forms become API bodies: the pure part of the
 * Address books page, tested beside it.
 */

/** A caller's rule on a book, as the API gives it: 1 read-only, 2 read/write, 3 full control. */
export type BookRule = 1 | 2 | 3;
export const RULES: readonly BookRule[] = [1, 2, 3];

export function isBookRule(value: number): value is BookRule {
  return value === 1 || value === 2 || value === 3;
}

export interface BookAbilities {
  /** Add, import, edit and delete peers, and the recycle bin. */
  editPeers: boolean;
  /** Rename, share and delete the book: full control of a shared book. */
  manage: boolean;
}

/** Read/write covers peers; full control adds managing a shared book. A personal book is never managed. */
export function abilitiesOf(book: { personal: boolean; rule: number }): BookAbilities {
  return { editPeers: book.rule >= 2, manage: !book.personal && book.rule === 3 };
}

/** The Add/Edit peer form. The password fields exist for shared books only. */
export interface PeerFormValues {
  id: string;
  alias?: string;
  tags?: string[];
  note?: string;
  password?: string;
  removePassword?: boolean;
}

/** The body of POST /api/ab/peer/add/{guid} and PUT /api/ab/peer/update/{guid}. */
export interface PeerBody {
  id: string;
  alias: string;
  tags: string[];
  note: string;
  password?: string;
}

/**
 * A personal book keeps the client's password hashes, which the console never writes. In a shared
 * book an empty password field leaves the password as it is, unless "remove" is ticked.
 */
export function peerBodyOf(values: PeerFormValues, personal: boolean): PeerBody {
  const body: PeerBody = {
    id: values.id.trim(),
    alias: values.alias?.trim() ?? '',
    tags: [...new Set((values.tags ?? []).map((tag) => tag.trim()).filter((tag) => tag !== ''))],
    note: values.note ?? '',
  };
  if (personal) return body;
  if (values.removePassword) body.password = '';
  else if (values.password) body.password = values.password;
  return body;
}

/** The Create/Edit shared book form. */
export interface BookFormValues {
  name: string;
  note?: string;
  password?: string;
  removePassword?: boolean;
}

export interface NewBookBody {
  name: string;
  note: string;
  info?: { password: string };
}

export interface BookChangesBody extends NewBookBody {
  guid: string;
}

/** Creating: a default password only when one is typed. */
export function newBookBodyOf(values: BookFormValues): NewBookBody {
  const body: NewBookBody = { name: values.name.trim(), note: values.note ?? '' };
  if (values.password) body.info = { password: values.password };
  return body;
}

/** Editing: an empty password field keeps the book's default password, unless "remove" is ticked. */
export function bookChangesOf(guid: string, values: BookFormValues): BookChangesBody {
  const { info: _typed, ...body } = newBookBodyOf(values);
  if (values.removePassword) return { guid, ...body, info: { password: '' } };
  return values.password ? { guid, ...body, info: { password: values.password } } : { guid, ...body };
}

export type RuleTarget = 'user' | 'group' | 'everyone';

/** The Share dialog's "add a rule" form. */
export interface RuleFormValues {
  target: RuleTarget;
  name?: string;
  rule: BookRule;
}

export interface NewRuleBody {
  guid: string;
  rule: BookRule;
  user?: string;
  group?: string;
}

/** A rule for a user or a user group names it; a rule for everyone names neither. */
export function newRuleBodyOf(book: string, values: RuleFormValues): NewRuleBody {
  const name = values.name?.trim() ?? '';
  if (values.target === 'user') return { guid: book, rule: values.rule, user: name };
  if (values.target === 'group') return { guid: book, rule: values.rule, group: name };
  return { guid: book, rule: values.rule };
}

/** One sharing rule as GET /api/ab/rules lists it. */
export interface ShareRule {
  guid: string;
  user: string | null;
  group: string | null;
  rule: number;
  created_at: number;
}

export function targetOf(rule: ShareRule): RuleTarget {
  if (rule.user !== null) return 'user';
  return rule.group !== null ? 'group' : 'everyone';
}

/** What a batch of peer additions came to: how many were added, how many were there already. */
export interface ImportOutcome {
  added: number;
  present: number;
  /** The first refusal other than "already there", which stops the import. */
  error?: unknown;
}

/**
 * Adds the IDs one by one (the API adds one peer per call). A 409 means the peer is in the book
 * already and is counted, not fatal; any other refusal (a full book, lost access) stops the batch.
 */
export async function addEach(
  ids: readonly string[],
  add: (id: string) => Promise<unknown>,
  isConflict: (error: unknown) => boolean,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { added: 0, present: 0 };
  for (const id of new Set(ids)) {
    try {
      await add(id);
      outcome.added += 1;
    } catch (error) {
      if (!isConflict(error)) return { ...outcome, error };
      outcome.present += 1;
    }
  }
  return outcome;
}
