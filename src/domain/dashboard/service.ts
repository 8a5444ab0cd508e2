import type { Db } from '../../db/schema.js';
import type { PresenceTracker } from '../devices/presence.js';
import type { SettingsService } from '../settings/service.js';
import { countUsers, peerIdsOfUser } from '../users/repository.js';
import { countAllDevices } from './repository.js';

/** Who is looking at the Welcome page. */
export interface DashboardViewer {
  userId: number;
  isAdmin: boolean;
}

export interface DashboardFigures {
  users: number;
  devices: number;
  devices_online: number;
  server_public_key: string;
  relay_servers: string[];
}

/**
 * The Welcome page's figures. An administrator sees the whole server; anyone else sees their own
 * devices only, and counts as the one user they can see.
 */
export class DashboardService {
  constructor(
    private readonly db: Db,
    private readonly presence: PresenceTracker,
    private readonly settings: SettingsService,
  ) {}

  async figures(viewer: DashboardViewer): Promise<DashboardFigures> {
    const settings = await this.settings.get();
    const shared = { server_public_key: settings.server_public_key, relay_servers: settings.relay_servers };
    if (viewer.isAdmin) {
      const [users, devices] = await Promise.all([countUsers(this.db), countAllDevices(this.db)]);
      return { users, devices, devices_online: this.presence.onlineCount(), ...shared };
    }
    const peerIds = await peerIdsOfUser(this.db, viewer.userId);
    const online = peerIds.filter((peerId) => this.presence.isOnline(peerId)).length;
    return { users: 1, devices: peerIds.length, devices_online: online, ...shared };
  }
}
