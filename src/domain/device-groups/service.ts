import type { Db } from '../../db/schema.js';
import { BadRequest, Conflict, NotFound, throwAll } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit } from '../console-audit/record.js';
import type { DeviceDirectory } from '../devices/directory.js';
import { findDevicesByPeerIds, updateDevicesByIds } from '../devices/repository.js';
import type { Page } from '../paging.js';
import { findUserGroupByName } from '../user-groups/repository.js';
import { findUserByName } from '../users/repository.js';
import {
  ACCESS_FROM_USER,
  ACCESS_FROM_USER_GROUP,
  type PresentedDeviceGroup,
  presentDeviceGroup,
} from './presenter.js';
import {
  type DeviceGroupRow,
  deleteDeviceGroup,
  findDeviceGroupByGuid,
  findDeviceGroupByName,
  findIncomingAccess,
  findListedDeviceGroup,
  insertDeviceGroup,
  listDeviceGroups,
  listMemberPeerIds,
  replaceIncomingAccess,
  updateDeviceGroup,
} from './repository.js';

/** One element of `allowed_incomings`: who may reach the group's devices, by name. */
export interface AccessRuleInput {
  type: number;
  name: string;
}

export interface DeviceGroupChanges {
  name?: string | undefined;
  note?: string | undefined;
  /** A given list replaces the group's rules; [] removes them all. */
  allowedIncomings?: readonly AccessRuleInput[] | undefined;
}

/** Above this many changed devices the heartbeat cache starts over instead of forgetting one by one. */
const FORGET_ONE_BY_ONE = 1000;

/** Device groups, their members and who may reach them (device_group.py, the console). */
export class DeviceGroupsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
  ) {}

  async list(filter: { name?: string | undefined }, page: Page) {
    const { total, rows } = await listDeviceGroups(this.db, filter, page);
    const incoming = await findIncomingAccess(
      this.db,
      rows.map((row) => row.id),
    );
    return { total, data: rows.map((row) => presentDeviceGroup(row, incoming)) };
  }

  async create(input: DeviceGroupChanges & { name: string }, actor: Actor): Promise<PresentedDeviceGroup> {
    const name = checkName(input.name);
    const now = this.clock();
    const id = await this.db.transaction().execute(async (trx) => {
      if (await findDeviceGroupByName(trx, name)) throw new Conflict('device_group_exists', { name });
      const sources = await resolveIncomings(trx, input.allowedIncomings ?? []);
      const created = await insertDeviceGroup(trx, { guid: uuidv7(now), name, note: input.note ?? '', now });
      await replaceIncomingAccess(trx, created, sources, now);
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.group,
        operation: CONSOLE_OPERATION.addGroup,
        detail: describe('device groups', [name]),
        now,
      });
      return created;
    });
    return this.present(id);
  }

  async update(guid: string, changes: DeviceGroupChanges, actor: Actor): Promise<PresentedDeviceGroup> {
    const name = changes.name === undefined ? undefined : checkName(changes.name);
    const now = this.clock();
    const group = await this.db.transaction().execute(async (trx) => {
      const found = await findGroup(trx, guid);
      if (name !== undefined && name !== found.name && (await findDeviceGroupByName(trx, name))) {
        throw new Conflict('device_group_exists', { name });
      }
      if (changes.allowedIncomings !== undefined) {
        const sources = await resolveIncomings(trx, changes.allowedIncomings);
        await replaceIncomingAccess(trx, found.id, sources, now);
      }
      await updateDeviceGroup(trx, found.id, {
        ...(name !== undefined ? { name } : {}),
        ...(changes.note !== undefined ? { note: changes.note } : {}),
        updated_at: now,
      });
      const changed = [
        name !== undefined && name !== found.name ? `name: ${name}` : '',
        changes.note !== undefined ? 'note' : '',
        changes.allowedIncomings !== undefined
          ? `allowed_incomings: ${changes.allowedIncomings.map((rule) => rule.name).join(', ') || '(none)'}`
          : '',
      ].filter(Boolean);
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.group,
        operation: CONSOLE_OPERATION.updateGroup,
        detail: [describe('device groups', [found.name]), ...changed].join('; '),
        now,
      });
      return found;
    });
    return this.present(group.id);
  }

  /** Deletes a group; its devices become ungrouped (and lose the group's strategy). */
  async remove(guid: string, actor: Actor): Promise<void> {
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      const found = await findGroup(trx, guid);
      const members = await listMemberPeerIds(trx, found.id);
      await deleteDeviceGroup(trx, found.id);
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.group,
        operation: CONSOLE_OPERATION.deleteGroups,
        detail:
          members.length > 0
            ? `${describe('device groups', [found.name])}; ${describe('ungrouped devices', members)}`
            : describe('device groups', [found.name]),
        now,
      });
    });
    this.directory.clear();
  }

  /** Puts devices (by RustDesk ID) in the group, moving them from any other; all or none. */
  async addDevices(guid: string, peerIds: readonly string[], actor: Actor): Promise<number> {
    return this.changeMembers(guid, peerIds, actor, 'add');
  }

  /** Takes devices (by RustDesk ID) out of the group; devices of other groups are left alone. */
  async removeDevices(guid: string, peerIds: readonly string[], actor: Actor): Promise<number> {
    return this.changeMembers(guid, peerIds, actor, 'remove');
  }

  private async changeMembers(
    guid: string,
    peerIds: readonly string[],
    actor: Actor,
    change: 'add' | 'remove',
  ): Promise<number> {
    const now = this.clock();
    const changed = await this.db.transaction().execute(async (trx) => {
      const group = await findGroup(trx, guid);
      const unique = [...new Set(peerIds)];
      const devices = await findDevicesByPeerIds(trx, unique);
      if (devices.length < unique.length) {
        const known = new Set(devices.map((d) => d.peer_id));
        throw new NotFound('devices_not_found', { ids: unique.filter((id) => !known.has(id)) });
      }
      const affected =
        change === 'add' ? devices : devices.filter((device) => device.device_group_id === group.id);
      await updateDevicesByIds(
        trx,
        affected.map((d) => d.id),
        { device_group_id: change === 'add' ? group.id : null, updated_at: now },
      );
      const peers = affected.map((d) => d.peer_id);
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.group,
        operation: CONSOLE_OPERATION.updateGroup,
        detail: `${describe('device groups', [group.name])}; ${describe(change === 'add' ? 'added devices' : 'removed devices', peers)}`,
        now,
      });
      return peers;
    });
    if (changed.length > FORGET_ONE_BY_ONE) this.directory.clear();
    else for (const peerId of changed) this.directory.forget(peerId);
    return changed.length;
  }

  private async present(id: number): Promise<PresentedDeviceGroup> {
    const row = await findListedDeviceGroup(this.db, id);
    if (!row) throw new NotFound('device_group_guid_not_found');
    return presentDeviceGroup(row, await findIncomingAccess(this.db, [id]));
  }
}

async function findGroup(db: Db, guid: string): Promise<DeviceGroupRow> {
  const found = await findDeviceGroupByGuid(db, guid);
  if (!found) throw new NotFound('device_group_guid_not_found');
  return found;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new BadRequest('field_empty', { field: 'name' });
  return trimmed;
}

/**
 * `allowed_incomings` by name → the user groups and users they name. Type 1 (a device group) cannot
 * reach a device group; unknown names are all named in one 404.
 */
async function resolveIncomings(
  db: Db,
  rules: readonly AccessRuleInput[],
): Promise<Array<{ userGroupId: number } | { userId: number }>> {
  const sources = new Map<string, { userGroupId: number } | { userId: number }>();
  const unknown: NotFound[] = [];
  for (const [index, rule] of rules.entries()) {
    if (rule.type === 1) {
      throw new BadRequest('incoming_rule_device_group', { field: `allowed_incomings[${index}]` });
    }
    if (rule.type !== ACCESS_FROM_USER_GROUP && rule.type !== ACCESS_FROM_USER) {
      throw new BadRequest('incoming_rule_type', { field: `allowed_incomings[${index}]` });
    }
    if (rule.type === ACCESS_FROM_USER_GROUP) {
      const group = await findUserGroupByName(db, rule.name);
      if (group) sources.set(`g${group.id}`, { userGroupId: group.id });
      else unknown.push(new NotFound('user_group_not_found', { name: rule.name }));
    } else {
      const user = await findUserByName(db, rule.name);
      if (user) sources.set(`u${user.id}`, { userId: user.id });
      else unknown.push(new NotFound('user_not_found', { name: rule.name }));
    }
  }
  throwAll(unknown);
  return [...sources.values()];
}
