import type { Db } from '../../db/schema.js';
import { type Clock, DAY_MS } from '../../lib/clock.js';
import type { PresenceTracker } from '../devices/presence.js';
import type { SettingsService } from '../settings/service.js';
import { countUsers, peerIdsOfUser } from '../users/repository.js';
import { countAllDevices, countDeviceLogsSince, countDevicesSeenSince } from './repository.js';

/** Who is looking at the Welcome page. */
export interface DashboardViewer {
  userId: number;
  isAdmin: boolean;
}

export interface DashboardFigures {
  users: number;
  devices: number;
  devices_online: number;
  devices_seen_7_days: number;
  devices_seen_30_days: number;
  /** null: the viewer may not read the logs (Settings → Others "only admin can access logs"). */
  connections_24_hours: number | null;
  alarms_24_hours: number | null;
  server_public_key: string;
  relay_servers: string[];
}

/**
 * The Welcome page's figures. An administrator sees the whole server; anyone else sees their own
 * devices only, and counts as the one user they can see. "Today" is the last 24 hours: the same for
 * every viewer whatever their time zone.
 */
export class DashboardService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly presence: PresenceTracker,
    private readonly settings: SettingsService,
  ) {}

  async figures(viewer: DashboardViewer): Promise<DashboardFigures> {
    const settings = await this.settings.get();
    const ownerId = viewer.isAdmin ? null : viewer.userId;
    const showLogs = viewer.isAdmin || !settings.only_admin_can_access_logs;
    // Heartbeats of the last seconds are still in memory: written first, the "seen" figures include them.
    await this.presence.flush();
    const now = this.clock();
    const logsSince = (table: 'conn_audits' | 'alarm_audits') =>
      showLogs ? countDeviceLogsSince(this.db, table, now - DAY_MS, ownerId) : Promise.resolve(null);
    const [seen7, seen30, connections, alarms] = await Promise.all([
      countDevicesSeenSince(this.db, now - 7 * DAY_MS, ownerId),
      countDevicesSeenSince(this.db, now - 30 * DAY_MS, ownerId),
      logsSince('conn_audits'),
      logsSince('alarm_audits'),
    ]);
    const shared = {
      devices_seen_7_days: seen7,
      devices_seen_30_days: seen30,
      connections_24_hours: connections,
      alarms_24_hours: alarms,
      server_public_key: settings.server_public_key,
      relay_servers: settings.relay_servers,
    };
    if (viewer.isAdmin) {
      const [users, devices] = await Promise.all([countUsers(this.db), countAllDevices(this.db)]);
      return { users, devices, devices_online: this.presence.onlineCount(), ...shared };
    }
    const peerIds = await peerIdsOfUser(this.db, viewer.userId);
    const online = peerIds.filter((peerId) => this.presence.isOnline(peerId)).length;
    return { users: 1, devices: peerIds.length, devices_online: online, ...shared };
  }
}
