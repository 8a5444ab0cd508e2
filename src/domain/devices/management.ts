import type { Db, DeviceRow } from '../../db/schema.js';
import { BadRequest, Conflict, Forbidden, NotFound, throwAll } from '../../http/errors.js';
import { type Clock, DAY_MS } from '../../lib/clock.js';
import { findSharedBookByName } from '../address-books/repository.js';
import type { AddressBooksService } from '../address-books/service.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import {
  type Actor,
  describe,
  recordConsoleAudit,
  reviseConsoleAudit,
  SYSTEM_ACTOR,
} from '../console-audit/record.js';
import { offsetOf, type Page } from '../paging.js';
import type { SettingsService } from '../settings/service.js';
import { applyNamedAssignments } from './assignments.js';
import {
  type AddressBookPlacement,
  type DeviceChanges,
  describeChanges,
  describePlacement,
  OWNER_EDITABLE,
  parseAssignment,
} from './device-changes.js';
import type { DeviceDirectory } from './directory.js';
import {
  DEFAULT_DEVICE_SORT,
  type DeviceFilter,
  type DeviceSort,
  findManagedDeviceByGuid,
  findManagedDevicesByIds,
  listManagedDeviceKeys,
  listManagedDevices,
  type ManagedDeviceRow,
} from './listing.js';
import { type BulkAssign, resolveNames, splitChanges } from './name-resolution.js';
import type { PresenceTracker } from './presence.js';
import { type DevicePresence, type ManagedDevice, presentManagedDevice } from './presenter.js';
import {
  deleteDevicesByIds,
  findDeviceByGuid,
  findDevicesByGuids,
  listDevicesOfflineSince,
  updateDevice,
  updateDevicesByIds,
} from './repository.js';

/** Who is looking: an administrator (or an API token) sees every device, a user only their own. */
export type DeviceViewer = { kind: 'administrator' } | { kind: 'owner'; userId: number };

/** The list's filters: the stored ones plus what presence in memory decides. */
export interface DeviceQuery extends Omit<DeviceFilter, 'ownerId' | 'lastOnlineBefore'> {
  online?: boolean | undefined;
  /** Not seen for at least this many days, or never (devices.py --offline_days). */
  offlineDays?: number | undefined;
  sort?: DeviceSort | undefined;
}

/** What `POST /api/devices/bulk` does to every device it names. */
export type BulkAction =
  | { action: 'enable' | 'disable' }
  | { action: 'delete'; force: boolean }
  | { action: 'assign'; changes: BulkAssign };

type KeyRow = { id: number; peer_id: string; last_online: number | null };

/** Devices deleted per transaction by the offline purge: each batch holds the database only briefly. */
const PURGE_BATCH = 500;
/** RustDesk IDs the purge's console record lists; the count says how many more there were. */
const PURGE_IDS_SHOWN = 100;

/** The management side of devices: listing, editing, enabling, deleting, assigning (devices.py, console). */
export class DeviceManagementService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
    private readonly presence: PresenceTracker,
    private readonly addressBooks: AddressBooksService,
    private readonly settings: SettingsService,
  ) {}

  async list(query: DeviceQuery, page: Page, viewer: DeviceViewer) {
    const filter = this.filterOf(query, viewer);
    const sort = query.sort ?? DEFAULT_DEVICE_SORT;
    const test = this.presenceTest(query);
    if (!test) {
      const { total, rows } = await listManagedDevices(this.db, filter, sort, page);
      return { total, data: rows.map((row) => this.present(row)) };
    }
    // Presence is in memory: the matching devices are scanned narrowly, then one page is read whole.
    const keys = (await listManagedDeviceKeys(this.db, filter, sort)).filter(test);
    const start = offsetOf(page);
    const ids = keys.slice(start, start + page.pageSize).map((key) => key.id);
    const rows = await findManagedDevicesByIds(this.db, ids);
    return { total: keys.length, data: rows.map((row) => this.present(row)) };
  }

  /**
   * Every device of the list's filters, for a CSV export: the matching ids are read once, then pages
   * of full rows, so the export costs one pass however many devices there are.
   */
  async exporter(
    query: DeviceQuery,
    viewer: DeviceViewer,
  ): Promise<(page: Page) => Promise<ManagedDevice[]>> {
    const test = this.presenceTest(query);
    const keys = await listManagedDeviceKeys(
      this.db,
      this.filterOf(query, viewer),
      query.sort ?? DEFAULT_DEVICE_SORT,
    );
    const ids = (test ? keys.filter(test) : keys).map((key) => key.id);
    return async (page) => {
      const start = offsetOf(page);
      const rows = await findManagedDevicesByIds(this.db, ids.slice(start, start + page.pageSize));
      return rows.map((row) => this.present(row));
    };
  }

  async get(guid: string, viewer: DeviceViewer): Promise<ManagedDevice> {
    const row = await findManagedDeviceByGuid(this.db, guid);
    if (!row) throw new NotFound('device_guid_not_found');
    if (viewer.kind === 'owner' && row.user_id !== viewer.userId) throw notYours();
    return this.present(row);
  }

  /** PATCH: names are resolved here; a user may change only the note and names of their own devices. */
  async update(guid: string, changes: DeviceChanges, viewer: DeviceViewer, actor: Actor) {
    if (viewer.kind === 'owner') {
      const forbidden = (Object.keys(changes) as Array<keyof DeviceChanges>).filter(
        (key) => changes[key] !== undefined && !OWNER_EDITABLE.includes(key),
      );
      if (forbidden.length > 0) {
        throw new Forbidden('own_device_fields_only');
      }
    }
    const device = await this.applyToOne(guid, changes, actor, (found) => {
      if (viewer.kind === 'owner' && found.user_id !== viewer.userId) throw notYours();
    });
    return this.get(device.guid, viewer);
  }

  /** `POST /api/devices/{guid}/assign {type, value}` as devices.py sends it. */
  async assign(guid: string, type: string, value: string, actor: Actor): Promise<void> {
    const assignment = parseAssignment(type, value);
    if (assignment.kind === 'device') {
      await this.applyToOne(guid, assignment.changes, actor);
      return;
    }
    await this.placeInAddressBook(guid, assignment.placement, actor);
  }

  async setEnabled(guids: readonly string[], enabled: boolean, actor: Actor): Promise<number> {
    const now = this.clock();
    return this.db.transaction().execute(async (trx) => {
      const devices = await loadAll(trx, guids);
      await updateDevicesByIds(
        trx,
        devices.map((d) => d.id),
        { status: enabled ? 1 : 0, updated_at: now },
      );
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.device,
        operation: enabled ? CONSOLE_OPERATION.enableDevices : CONSOLE_OPERATION.disableDevices,
        detail: describeDevices(devices),
        now,
      });
      return devices.length;
    });
  }

  /**
   * Deletes devices. As in Server Pro only a disabled device may be deleted; `force` (bulk only) disables
   * the enabled ones first, in the same transaction.
   */
  async remove(guids: readonly string[], options: { force: boolean }, actor: Actor): Promise<number> {
    const now = this.clock();
    const devices = await this.db.transaction().execute(async (trx) => {
      const found = await loadAll(trx, guids);
      const enabled = found.filter((d) => d.status !== 0);
      if (enabled.length > 0 && !options.force) {
        throw guids.length === 1
          ? new BadRequest('device_disable_first')
          : new BadRequest('devices_disable_first', { ids: enabled.map((d) => d.peer_id) });
      }
      if (enabled.length > 0) {
        await updateDevicesByIds(
          trx,
          enabled.map((d) => d.id),
          { status: 0, updated_at: now },
        );
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.device,
          operation: CONSOLE_OPERATION.disableDevices,
          detail: describeDevices(enabled),
          now,
        });
      }
      await deleteDevicesByIds(
        trx,
        found.map((d) => d.id),
      );
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.device,
        operation: CONSOLE_OPERATION.deleteDevice,
        detail: describeDevices(found),
        now,
      });
      return found;
    });
    this.forgetDeleted(devices);
    return devices.length;
  }

  /**
   * Settings → Others "delete devices offline for more than N days", run by the hourly purge. Devices
   * go as `remove` deletes them, in batches that each have their own transaction; one console record
   * per run, brought up to date in each batch's transaction, says how many went, which setting removed
   * them and their RustDesk IDs. A device never online counts from its registration. Answers the IDs.
   */
  async purgeOffline(): Promise<string[]> {
    const days = (await this.settings.get()).delete_devices_offline_days;
    if (!(days > 0)) return [];
    const now = this.clock();
    const cutoff = now - days * DAY_MS;
    const removed: string[] = [];
    let record: string | undefined;
    let afterId = 0;
    for (;;) {
      const { scanned, deleted } = await this.db.transaction().execute(async (trx) => {
        const rows = await listDevicesOfflineSince(trx, cutoff, afterId, PURGE_BATCH);
        // Heartbeats are written every few seconds; one seen since then in memory stays.
        const stale = rows.filter((row) => (this.presenceOf(row).lastOnline ?? row.created_at) < cutoff);
        if (stale.length > 0) {
          await deleteDevicesByIds(
            trx,
            stale.map((d) => d.id),
          );
          removed.push(...stale.map((d) => d.peer_id));
          const detail = describe(
            `devices offline for more than ${days} days (setting delete_devices_offline_days), removed ${removed.length}`,
            removed,
            PURGE_IDS_SHOWN,
          );
          if (record === undefined) {
            record = await recordConsoleAudit(trx, SYSTEM_ACTOR, {
              area: CONSOLE_AREA.device,
              operation: CONSOLE_OPERATION.deleteDevice,
              detail,
              now,
            });
          } else {
            await reviseConsoleAudit(trx, record, detail);
          }
        }
        return { scanned: rows, deleted: stale };
      });
      this.forgetDeleted(deleted);
      if (scanned.length < PURGE_BATCH) break;
      afterId = scanned[scanned.length - 1]?.id ?? afterId;
    }
    return removed;
  }

  /** Assigns many devices to one user, device group or strategy (by name; null takes it away). */
  async assignMany(guids: readonly string[], changes: BulkAssign, actor: Actor): Promise<number> {
    if (Object.values(changes).every((value) => value === undefined)) {
      throw new BadRequest('assign_nothing');
    }
    const now = this.clock();
    const count = await this.db.transaction().execute(async (trx) => {
      const devices = await loadAll(trx, guids);
      const columns = await resolveNames(trx, changes);
      await updateDevicesByIds(
        trx,
        devices.map((d) => d.id),
        { ...columns, updated_at: now },
      );
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.device,
        operation: CONSOLE_OPERATION.updateDevice,
        detail: `${describeDevices(devices)}; ${describeChanges(changes)}`,
        now,
      });
      return devices.length;
    });
    this.directory.clear();
    return count;
  }

  async bulk(guids: readonly string[], request: BulkAction, actor: Actor): Promise<number> {
    switch (request.action) {
      case 'enable':
      case 'disable':
        return this.setEnabled(guids, request.action === 'enable', actor);
      case 'delete':
        return this.remove(guids, { force: request.force }, actor);
      case 'assign':
        return this.assignMany(guids, request.changes, actor);
    }
  }

  private async applyToOne(
    guid: string,
    changes: DeviceChanges,
    actor: Actor,
    check: (device: DeviceRow) => void = () => {},
  ): Promise<DeviceRow> {
    const now = this.clock();
    const device = await this.db.transaction().execute(async (trx) => {
      const found = await findDeviceByGuid(trx, guid);
      if (!found) throw new NotFound('device_guid_not_found');
      check(found);
      const { names, cleared } = splitChanges(changes);
      const unknown = await applyNamedAssignments(trx, found, names, { fillEmptyOnly: false, now });
      throwAll(unknown);
      if (Object.keys(cleared).length > 0) await updateDevice(trx, found.id, { ...cleared, updated_at: now });
      const summary = describeChanges(changes);
      if (summary !== '') {
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.device,
          operation: CONSOLE_OPERATION.updateDevice,
          detail: `${describeDevices([found])}; ${summary}`,
          now,
        });
      }
      return found;
    });
    this.directory.forget(device.peer_id);
    return device;
  }

  /** The address book service writes in its own transaction; the audit record follows it. */
  private async placeInAddressBook(guid: string, placement: AddressBookPlacement, actor: Actor) {
    const device = await findDeviceByGuid(this.db, guid);
    if (!device) throw new NotFound('device_guid_not_found');
    if (!(await findSharedBookByName(this.db, placement.name))) {
      throw new NotFound('address_book_not_found', { name: placement.name });
    }
    const { name, ...fields } = placement;
    if (!(await this.addressBooks.addPeerToBookByName(name, device.peer_id, fields))) {
      throw new Conflict('address_book_full', { name });
    }
    await recordConsoleAudit(this.db, actor, {
      area: CONSOLE_AREA.device,
      operation: CONSOLE_OPERATION.updateDevice,
      detail: `${describeDevices([device])}; ${describePlacement(placement)}`,
      now: this.clock(),
    });
  }

  private filterOf(query: DeviceQuery, viewer: DeviceViewer): DeviceFilter {
    const { online: _online, offlineDays, sort: _sort, ...stored } = query;
    return {
      ...stored,
      ...(offlineDays !== undefined ? { lastOnlineBefore: this.offlineCutoff(offlineDays) } : {}),
      ...(viewer.kind === 'owner' ? { ownerId: viewer.userId } : {}),
    };
  }

  private offlineCutoff(days: number): number {
    return this.clock() - days * DAY_MS;
  }

  /** The part of the filter that only presence in memory can decide, or null when there is none. */
  private presenceTest(query: DeviceQuery): ((key: KeyRow) => boolean) | null {
    const { online, offlineDays } = query;
    if (online === undefined && offlineDays === undefined) return null;
    const cutoff = offlineDays === undefined ? 0 : this.offlineCutoff(offlineDays);
    return (key) => {
      if (online !== undefined && this.presence.isOnline(key.peer_id) !== online) return false;
      if (offlineDays !== undefined) {
        const last = this.presenceOf(key).lastOnline;
        if (last !== null && last > cutoff) return false;
      }
      return true;
    };
  }

  /** A deleted device's cached facts and presence go with it: a heartbeat from it is told to register again. */
  private forgetDeleted(devices: ReadonlyArray<{ peer_id: string }>): void {
    for (const device of devices) {
      this.directory.forget(device.peer_id);
      this.presence.forget(device.peer_id);
    }
  }

  /** Stored last_online is written in batches; the heartbeat in memory may be newer. */
  private presenceOf(row: { peer_id: string; last_online: number | null }): DevicePresence {
    const seen = this.presence.get(row.peer_id)?.lastSeen;
    const stored = row.last_online;
    const lastOnline = seen === undefined ? stored : stored === null ? seen : Math.max(seen, stored);
    return { online: this.presence.isOnline(row.peer_id), lastOnline };
  }

  private present(row: ManagedDeviceRow): ManagedDevice {
    return presentManagedDevice(row, this.presenceOf(row));
  }
}

function notYours(): Forbidden {
  return new Forbidden('device_not_yours');
}

function describeDevices(devices: ReadonlyArray<{ peer_id: string }>): string {
  return describe(
    'devices',
    devices.map((d) => d.peer_id),
  );
}

/** The devices of these guids, all of them, or a 404 naming the ones that do not exist. */
async function loadAll(db: Db, guids: readonly string[]): Promise<DeviceRow[]> {
  const unique = [...new Set(guids)];
  const found = await findDevicesByGuids(db, unique);
  if (found.length < unique.length) {
    const known = new Set(found.map((d) => d.guid));
    const missing = unique.filter((guid) => !known.has(guid));
    throw missing.length === 1 && unique.length === 1
      ? new NotFound('device_guid_not_found')
      : new NotFound('devices_not_found', { ids: missing });
  }
  // In the caller's order, so that audit details read as the request did.
  const order = new Map(unique.map((guid, index) => [guid, index]));
  return found.sort((a, b) => (order.get(a.guid) ?? 0) - (order.get(b.guid) ?? 0));
}
