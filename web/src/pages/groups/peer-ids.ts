/** The API's limits on one add/remove request (src/api/manage/device-groups.ts). */
export const MAX_PEER_ID_LENGTH = 64;
export const MAX_PEER_IDS = 10_000;

export interface ParsedPeerIds {
  /** The IDs, each once, in the order typed. */
  ids: string[];
  /** Pieces too long to be a RustDesk ID. */
  tooLong: string[];
}

/**
 * RustDesk IDs typed or pasted several at once: separated by commas, semicolons, spaces or new
 * lines, as they come out of a spreadsheet column or a chat message.
 */
export function parsePeerIds(text: string): ParsedPeerIds {
  const pieces = text.split(/[\s,;]+/).filter((piece) => piece !== '');
  const ids = [...new Set(pieces)];
  return { ids, tooLong: ids.filter((id) => id.length > MAX_PEER_ID_LENGTH) };
}
