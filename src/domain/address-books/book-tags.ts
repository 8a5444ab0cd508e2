import type { Db } from '../../db/schema.js';
import { cleanTags } from './peer-fields.js';
import { insertTag } from './repository.js';
import { defaultTagColor } from './tag-colors.js';

/**
 * Tags put on a peer (added, updated or restored from the recycle bin) become tags of the book, so
 * that every client shows them with a colour; tags the book has keep theirs.
 */
export async function createMissingTags(db: Db, abId: number, names: readonly string[], now: number) {
  for (const name of cleanTags(names)) {
    await insertTag(db, { ab_id: abId, name, color: defaultTagColor(name), created_at: now });
  }
}
