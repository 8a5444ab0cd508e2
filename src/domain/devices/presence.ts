import type { Db } from '../../db/schema.js';
import { type Clock, MINUTE_MS } from '../../lib/clock.js';
import { writePresence } from './repository.js';

/** A device counts as online while its last heartbeat is this recent (three idle intervals of 15 s). */
export const ONLINE_WINDOW_MS = 45_000;
/**
 * last_online is written again once it is this much older than the last heartbeat, plus up to a minute
 * that depends on the device, so that devices seen together (all of them, after a restart) are not all
 * written again in the same few seconds. Online devices show their presence from memory; the stored time
 * matters for offline devices (written at once when the server stops) and after a crash.
 */
const PERSIST_GRANULARITY_MS = 5 * MINUTE_MS;
const persistAfter = (deviceId: number) => PERSIST_GRANULARITY_MS + (deviceId % 60) * 1000;
/** Rows per statement when writing presence; the event loop gets a turn between chunks. */
const CHUNK = 500;

const NO_CONNS: readonly number[] = Object.freeze([]);

export interface Presence {
  deviceId: number;
  lastSeen: number;
  /** Ids of the connections the device reported in its last heartbeat. */
  conns: readonly number[];
  /** Numeric client version from the heartbeat. */
  ver: number;
  ip: string;
  /** The last_online value last written to the database. */
  persisted: number | null;
  /**
   * Whether the tracker still holds this object for its device: `forget` and a new device taking the ID
   * let go of it. A caller that kept it (see `seen`) must then not update it.
   */
  tracked: boolean;
}

/**
 * Presence lives in memory: a heartbeat arrives every 15 s (3 s with connections) from every device and
 * must not cost a database write. Changes are written in batches by `flush`.
 */
export class PresenceTracker {
  private readonly byPeer = new Map<string, Presence>();
  private readonly dirty = new Set<string>();
  private readonly disconnects = new Map<string, Set<number>>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a heartbeat and returns the device's presence. `last`, what this returned for the device
   * before, saves looking it up among all devices (the heartbeat keeps it with the device's facts).
   */
  seen(
    peerId: string,
    deviceId: number,
    report: { conns: readonly number[]; ver: number; ip: string },
    last?: Presence,
  ): Presence {
    const now = this.clock();
    let presence = last?.tracked && last.deviceId === deviceId ? last : this.byPeer.get(peerId);
    if (!presence || presence.deviceId !== deviceId) {
      if (presence) presence.tracked = false;
      presence = { deviceId, lastSeen: now, conns: NO_CONNS, ver: 0, ip: '', persisted: null, tracked: true };
      this.byPeer.set(peerId, presence);
    }
    presence.lastSeen = now;
    // Most devices have no connection: one shared empty list instead of one per device.
    presence.conns = report.conns.length === 0 ? NO_CONNS : report.conns;
    presence.ver = report.ver;
    if (presence.ip !== report.ip) {
      presence.ip = report.ip;
      this.dirty.add(peerId);
    }
    if (presence.persisted === null || now - presence.persisted >= persistAfter(deviceId))
      this.dirty.add(peerId);
    return presence;
  }

  get(peerId: string): Presence | undefined {
    return this.byPeer.get(peerId);
  }

  isOnline(peerId: string): boolean {
    const presence = this.byPeer.get(peerId);
    return presence !== undefined && this.clock() - presence.lastSeen <= ONLINE_WINDOW_MS;
  }

  /** Devices seen within the online window. */
  onlineCount(): number {
    const cutoff = this.clock() - ONLINE_WINDOW_MS;
    let count = 0;
    for (const presence of this.byPeer.values()) if (presence.lastSeen >= cutoff) count += 1;
    return count;
  }

  /** Asks the device to close these connections; its next heartbeat carries them in `disconnect`. */
  requestDisconnect(peerId: string, connIds: number[]): void {
    const pending = this.disconnects.get(peerId) ?? new Set<number>();
    for (const id of connIds) pending.add(id);
    this.disconnects.set(peerId, pending);
  }

  /** The connections to close that the device has not been told of yet; undefined when there are none. */
  takeDisconnects(peerId: string): number[] | undefined {
    const pending = this.disconnects.get(peerId);
    if (!pending) return undefined;
    this.disconnects.delete(peerId);
    return [...pending];
  }

  forget(peerId: string): void {
    const presence = this.byPeer.get(peerId);
    if (presence) presence.tracked = false;
    this.byPeer.delete(peerId);
    this.dirty.delete(peerId);
    this.disconnects.delete(peerId);
  }

  /**
   * Writes last_online (and address) of the devices that need it. `everything` (at shutdown) also writes
   * those whose last heartbeat is newer than what is stored but within the granularity.
   */
  async flush(everything = false): Promise<number> {
    const peers = everything
      ? [...this.byPeer.entries()].filter(([, p]) => p.persisted === null || p.lastSeen > p.persisted)
      : [...this.dirty].flatMap((peerId) => {
          const presence = this.byPeer.get(peerId);
          return presence ? [[peerId, presence] as const] : [];
        });
    this.dirty.clear();
    for (let start = 0; start < peers.length; start += CHUNK) {
      const chunk = peers.slice(start, start + CHUNK);
      const rows = chunk.map(([, p]) => ({ id: p.deviceId, lastOnline: p.lastSeen, ip: p.ip }));
      try {
        await writePresence(this.db, rows);
        chunk.forEach(([, presence], i) => {
          presence.persisted = rows[i]?.lastOnline ?? presence.persisted;
        });
      } catch (error) {
        for (const [peerId] of chunk) this.dirty.add(peerId);
        throw error;
      }
      if (start + CHUNK < peers.length) await new Promise((resolve) => setImmediate(resolve));
    }
    return peers.length;
  }
}
