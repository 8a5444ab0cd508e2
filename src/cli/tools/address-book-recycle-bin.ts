import { confirm } from '../manage/confirm.js';
import { type Column, printList, printOutcome, timeFormat } from '../manage/output.js';
import type { CommandContext, CommandSpec, FlagSpec } from '../manage/tool.js';
import {
  BOOK_FLAGS,
  PEER_COLUMNS,
  PEER_FILTERS,
  type Peer,
  peerFilterQuery,
  resolveBook,
} from './address-book-shared.js';

/** rdconsole's own (not in ab.py): the recycle bin that `ab delete-peer` moves peers to. */

const PEER_IDS: FlagSpec = {
  name: 'peer-id',
  description: 'RustDesk IDs of peers in the bin, comma-separated',
  required: true,
  valueName: 'IDS',
};

function peerIdsOf(context: CommandContext): string[] {
  return context.flags.requireList('peer-id', 'RustDesk IDs');
}

const BIN_COLUMNS: Column<Peer>[] = [
  ...PEER_COLUMNS,
  { key: 'deleted_at', title: 'DELETED', format: timeFormat },
];

export const recycleBinCommands: CommandSpec[] = [
  {
    name: 'view-recycle-bin',
    summary: "List the deleted peers in a book's recycle bin",
    flags: PEER_FILTERS,
    examples: ['rdconsole ab view-recycle-bin --ab-name Sales'],
    async run(context) {
      const book = await resolveBook(context);
      const peers = await context.api.listAll<Peer>(
        `/api/ab/recycle-bin/${book.guid}`,
        peerFilterQuery(context),
      );
      const empty = `The recycle bin of address book ${book.label} is empty.`;
      printList(context.io, context.json, peers, BIN_COLUMNS, empty);
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
      const { io, json } = context;
      const book = await resolveBook(context);
      const bin = `the recycle bin of address book ${book.label}`;
      const { total } = await context.api.page(`/api/ab/recycle-bin/${book.guid}`, { pageSize: 1 });
      if (total === 0) {
        printOutcome(io, json, `The recycle bin of address book ${book.label} is already empty.`, {
          deleted: 0,
        });
        return 0;
      }
      const question = `Delete the ${total} peer(s) in ${bin} for good?`;
      if (total > 1 && !(await confirm(io, question, context.yes))) return 0;
      await context.api.request('DELETE', `/api/ab/recycle-bin/${book.guid}/all`);
      printOutcome(io, json, `Emptied ${bin}`, { deleted: total });
      return 0;
    },
  },
];
