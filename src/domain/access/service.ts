import type { Db } from '../../db/schema.js';
import { Forbidden } from '../../http/errors.js';
import type { Page } from '../paging.js';
import type { SettingsService } from '../settings/service.js';
import { presentAccessibleUser, presentUserPayload } from '../users/presenter.js';
import type { UserWithGroup } from '../users/repository.js';
import { type AccessScope, accessScope } from './policy.js';
import { presentAccessiblePeer } from './presenter.js';
import {
  findAccessEdgesFrom,
  listReachableDeviceGroups,
  listReachableDevices,
  listReachableUsers,
} from './repository.js';

/** The client looks for the word "disabled" in this message to clear its tab (client-api.md §9). */
/** Optional narrowing the client sends (`status=1`: enabled only). */
export interface AccessibleFilter {
  status?: number;
}

/** Which devices, users and device groups a logged-in user may reach. */
export class AccessService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
  ) {}

  /** The scope of a user (features §9), for any caller that decides about devices. */
  async scopeOf(user: UserWithGroup): Promise<AccessScope> {
    const subject = {
      id: user.id,
      groupId: user.group_id,
      isAdmin: user.is_admin === 1,
      status: user.status,
    };
    const edges = subject.isAdmin ? [] : await findAccessEdgesFrom(this.db, subject);
    return accessScope(subject, edges);
  }

  async accessibleDeviceGroups(user: UserWithGroup, page: Page) {
    await this.ensureListingAllowed();
    const { total, rows } = await listReachableDeviceGroups(this.db, await this.scopeOf(user), page);
    return { total, data: rows.map((row) => ({ name: row.name })) };
  }

  async accessibleUsers(user: UserWithGroup, filter: AccessibleFilter, page: Page) {
    await this.ensureListingAllowed();
    const scope = await this.scopeOf(user);
    const { total, rows } = await listReachableUsers(this.db, scope, user.id, filter, page);
    const present = user.is_admin === 1 ? presentUserPayload : presentAccessibleUser;
    return { total, data: rows.map((row) => present(row)) };
  }

  async accessiblePeers(user: UserWithGroup, filter: AccessibleFilter, page: Page) {
    await this.ensureListingAllowed();
    const { total, rows } = await listReachableDevices(this.db, await this.scopeOf(user), filter, page);
    return { total, data: rows.map(presentAccessiblePeer) };
  }

  /** Settings → Others → "Disable retrieving accessible devices" (features §9). */
  private async ensureListingAllowed(): Promise<void> {
    if ((await this.settings.get()).disable_accessible_devices) {
      throw new Forbidden('accessible_disabled');
    }
  }
}
