import { isUniqueViolation } from '../../db/errors.js';
import type { Db } from '../../db/schema.js';
import { BadRequest, Conflict, NotFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit } from '../console-audit/record.js';
import { findDeviceGroupByName } from '../device-groups/repository.js';
import type { Page } from '../paging.js';
import { requireUsers } from '../users/changes.js';
import { findUserByName, updateUsers } from '../users/repository.js';
import { DEFAULT_GROUP_NAME } from '../users/service.js';
import { type AccessRule, checkRules, RULE_TYPE, type RuleDirection } from './access-rules.js';
import { presentUserGroups } from './presenter.js';
import {
  countMembers,
  deleteIncomingEdges,
  deleteOutgoingEdges,
  deleteUserGroup,
  findUserGroupByGuid,
  findUserGroupByName,
  insertAccessEdges,
  insertUserGroup,
  listUserGroups,
  type NewAccessEdge,
  updateUserGroup,
} from './repository.js';

/** A user group as user_group.py sends it; absent fields stay as they are (on update). */
export interface UserGroupInput {
  name?: string | undefined;
  note?: string | undefined;
  allowed_incomings?: AccessRule[] | undefined;
  allowed_outgoings?: AccessRule[] | undefined;
}

/** User groups and their cross-group access rules. */
export class UserGroupsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async list(filter: { name?: string | undefined }, page: Page) {
    const { total, rows } = await listUserGroups(this.db, filter, page);
    return { total, data: await presentUserGroups(this.db, rows) };
  }

  async create(input: UserGroupInput & { name: string }, actor: Actor) {
    const name = checkGroupName(input.name);
    const rules = checkedRules(input);
    const now = this.clock();
    const guid = uuidv7(now);
    await this.transaction(name, async (trx) => {
      if (await findUserGroupByName(trx, name)) throw new Conflict('user_group_exists', { name });
      const id = await insertUserGroup(trx, { guid, name, note: input.note ?? '', now });
      // Resolved after the insert, so that a group may name itself.
      await replaceRules(trx, id, rules, now);
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.group,
        operation: CONSOLE_OPERATION.addGroup,
        detail: describe('user group', [name]),
        now,
      });
    });
    return this.present(guid);
  }

  /** Changes the given fields; a given rule list replaces the group's rules in that direction. */
  async update(guid: string, input: UserGroupInput, actor: Actor) {
    const name = input.name === undefined ? undefined : checkGroupName(input.name);
    const rules = checkedRules(input);
    const now = this.clock();
    await this.transaction(name, async (trx) => {
      const group = await requireGroup(trx, guid);
      const said: string[] = [];
      const changes: { name?: string; note?: string; updated_at: number } = { updated_at: now };
      if (name !== undefined && name !== group.name) {
        if (group.name === DEFAULT_GROUP_NAME) {
          throw new BadRequest('default_group_rename', { name: DEFAULT_GROUP_NAME });
        }
        if (await findUserGroupByName(trx, name)) throw new Conflict('user_group_exists', { name });
        changes.name = name;
        said.push(`renamed to ${name}`);
      }
      if (input.note !== undefined && input.note !== group.note) {
        changes.note = input.note;
        said.push('note');
      }
      if (said.length > 0) await updateUserGroup(trx, group.id, changes);
      await replaceRules(trx, group.id, rules, now);
      if (rules.allowed_outgoings) said.push('may access');
      if (rules.allowed_incomings) said.push('accessed from');
      if (said.length === 0) return;
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.group,
        operation: CONSOLE_OPERATION.updateGroup,
        detail: `${describe('user group', [group.name])} (${said.join(', ')})`,
        now,
      });
    });
    return this.present(guid);
  }

  /** Deletes an empty group other than Default; its access rules go with it. */
  async delete(guid: string, actor: Actor): Promise<void> {
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      const group = await requireGroup(trx, guid);
      if (group.name === DEFAULT_GROUP_NAME) {
        throw new BadRequest('default_group_delete', { name: DEFAULT_GROUP_NAME });
      }
      const members = (await countMembers(trx, [group.id])).get(group.id) ?? 0;
      if (members > 0) {
        throw members === 1
          ? new BadRequest('user_group_has_a_member', { name: group.name })
          : new BadRequest('user_group_has_members', { name: group.name, count: members });
      }
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.group,
        operation: CONSOLE_OPERATION.deleteGroups,
        detail: describe('user groups', [group.name]),
        now,
      });
      await deleteUserGroup(trx, group.id);
    });
  }

  /** Moves these users (by guid) into the group; an unknown guid moves nobody. */
  async addUsers(guid: string, userGuids: readonly string[], actor: Actor): Promise<void> {
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      const group = await requireGroup(trx, guid);
      const users = await requireUsers(trx, userGuids);
      await updateUsers(
        trx,
        users.map((user) => user.id),
        { group_id: group.id, updated_at: now },
      );
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.group,
        operation: CONSOLE_OPERATION.updateGroup,
        detail: `${describe('user group', [group.name])} (${describe(
          'users added',
          users.map((user) => user.name),
        )})`,
        now,
      });
    });
  }

  /** A transaction that may insert or rename a group to `name`, reporting a lost race for it as a conflict. */
  private async transaction(name: string | undefined, work: (trx: Db) => Promise<void>): Promise<void> {
    try {
      await this.db.transaction().execute(work);
    } catch (error) {
      if (name !== undefined && isUniqueViolation(error)) {
        throw new Conflict('user_group_exists', { name });
      }
      throw error;
    }
  }

  private async present(guid: string) {
    const group = await requireGroup(this.db, guid);
    const [payload] = await presentUserGroups(this.db, [group]);
    if (!payload) throw new NotFound('user_group_guid_not_found', { guid });
    return payload;
  }
}

type CheckedRules = Partial<Record<RuleDirection, AccessRule[]>>;

function checkGroupName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new BadRequest('field_empty', { field: 'name' });
  return trimmed;
}

function checkedRules(input: UserGroupInput): CheckedRules {
  const rules: CheckedRules = {};
  for (const direction of ['allowed_incomings', 'allowed_outgoings'] as const) {
    const given = input[direction];
    if (given !== undefined) rules[direction] = checkRules(direction, given);
  }
  return rules;
}

async function requireGroup(db: Db, guid: string) {
  const group = await findUserGroupByGuid(db, guid);
  if (!group) throw new NotFound('user_group_guid_not_found', { guid });
  return group;
}

/** Replaces the group's edges in each direction given; both views of an edge between two groups stay one edge. */
async function replaceRules(db: Db, groupId: number, rules: CheckedRules, now: number): Promise<void> {
  const edges: NewAccessEdge[] = [];
  if (rules.allowed_outgoings) {
    await deleteOutgoingEdges(db, groupId);
    for (const rule of rules.allowed_outgoings) edges.push(await outgoingEdge(db, groupId, rule));
  }
  if (rules.allowed_incomings) {
    await deleteIncomingEdges(db, groupId);
    for (const rule of rules.allowed_incomings) edges.push(await incomingEdge(db, groupId, rule));
  }
  const seen = new Set<string>();
  const unique = edges.filter((edge) => {
    const key = [edge.fromUserGroupId, edge.fromUserId, edge.toUserGroupId, edge.toDeviceGroupId].join();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  await insertAccessEdges(db, unique, now);
}

const NO_EDGE: NewAccessEdge = {
  fromUserGroupId: null,
  fromUserId: null,
  toUserGroupId: null,
  toDeviceGroupId: null,
};

async function outgoingEdge(db: Db, groupId: number, rule: AccessRule): Promise<NewAccessEdge> {
  if (rule.type === RULE_TYPE.userGroup) {
    return { ...NO_EDGE, fromUserGroupId: groupId, toUserGroupId: await userGroupId(db, rule.name) };
  }
  const deviceGroup = await findDeviceGroupByName(db, rule.name);
  if (!deviceGroup) throw new NotFound('device_group_not_found', { name: rule.name });
  return { ...NO_EDGE, fromUserGroupId: groupId, toDeviceGroupId: deviceGroup.id };
}

async function incomingEdge(db: Db, groupId: number, rule: AccessRule): Promise<NewAccessEdge> {
  if (rule.type === RULE_TYPE.userGroup) {
    return { ...NO_EDGE, fromUserGroupId: await userGroupId(db, rule.name), toUserGroupId: groupId };
  }
  const user = await findUserByName(db, rule.name);
  if (!user) throw new NotFound('user_not_found', { name: rule.name });
  return { ...NO_EDGE, fromUserId: user.id, toUserGroupId: groupId };
}

async function userGroupId(db: Db, name: string): Promise<number> {
  const group = await findUserGroupByName(db, name);
  if (!group) throw new NotFound('user_group_not_found', { name });
  return group.id;
}
