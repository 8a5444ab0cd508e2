import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { AccessService } from '../access/service.js';
import type { AddressBooksService } from '../address-books/service.js';
import type { SettingsService } from '../settings/service.js';
import type { StrategiesService } from '../strategies/service.js';
import type { DeviceDirectory } from './directory.js';
import type { PresenceTracker } from './presence.js';

/** The management side of devices: listing, editing, enabling, deleting, assigning (devices.py, console). */
export class DeviceManagementService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
    private readonly presence: PresenceTracker,
    private readonly strategies: StrategiesService,
    private readonly settings: SettingsService,
    private readonly addressBooks: AddressBooksService,
    private readonly access: AccessService,
  ) {}
}
