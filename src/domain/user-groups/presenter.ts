import type { Db, UserGroupRow } from '../../db/schema.js';
import { rulesByGroup } from './access-rules.js';
import { countMembers, findIncomingEdges, findOutgoingEdges } from './repository.js';

/**
 * User groups as user_group.py and the console read them: each with its access rules in both
 * directions and its number of users. Three queries for a whole page, whatever its size.
 */
export async function presentUserGroups(db: Db, groups: readonly UserGroupRow[]) {
  const ids = groups.map((group) => group.id);
  const incoming = rulesByGroup(await findIncomingEdges(db, ids));
  const outgoing = rulesByGroup(await findOutgoingEdges(db, ids));
  const members = await countMembers(db, ids);
  return groups.map((group) => ({
    guid: group.guid,
    name: group.name,
    note: group.note,
    created_at: Math.floor(group.created_at / 1000),
    allowed_incomings: incoming.get(group.id) ?? [],
    allowed_outgoings: outgoing.get(group.id) ?? [],
    user_count: members.get(group.id) ?? 0,
  }));
}

export type UserGroupPayload = Awaited<ReturnType<typeof presentUserGroups>>[number];
