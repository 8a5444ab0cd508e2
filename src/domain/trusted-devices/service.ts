import type { Db, TrustedDeviceRow } from '../../db/schema.js';
import { NotFound } from '../../http/errors.js';
import { type Clock, DAY_MS, toSeconds } from '../../lib/clock.js';
import { hashSecret, newSecret, uuidv7 } from '../../lib/ids.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, recordConsoleAudit } from '../console-audit/record.js';
import { type DeviceDirectory, isRegisteredMachine } from '../devices/directory.js';
import type { StrategiesService } from '../strategies/service.js';
import {
  deleteExpiredTrustedDevices,
  deleteTrustedDevice,
  deleteTrustedDevicesOfUsers,
  findTrustedDevice,
  insertTrustedDevice,
  listTrustedDevices,
  pruneTrustedDevices,
  touchTrustedDevice,
} from './repository.js';
import { browserLabel } from './user-agent.js';

/** How long a device stays trusted after the second step it passed. */
export const TRUSTED_DEVICE_DAYS = 30;
/** Trusted devices kept per user; trusting one more forgets the least recently used. */
export const MAX_TRUSTED_DEVICES = 50;
/** The token a browser keeps to be recognised (console); a client is recognised by its ID and uuid. */
const CONSOLE_TOKEN_PREFIX = 'rdtd_';
/** The client option that lets trusted devices skip the second step (a strategy may set it to N). */
export const TRUSTED_DEVICES_OPTION = 'enable-trusted-devices';

/** What a login says about where it comes from. */
export interface LoginDevice {
  /** A RustDesk client's ID, uuid and what it says of itself; empty strings for the console. */
  client: { id: string; uuid: string; os: string; name: string };
  /** The token a browser got when it was trusted (console only). */
  consoleToken?: string | undefined;
  userAgent?: string | undefined;
  address: string;
}

/**
 * "Remember this device" for two-factor login (features.md §3.3, "Manage signed devices"): after a
 * right second step, the browser (when the user ticks it) or the RustDesk client (unless its strategy
 * sets enable-trusted-devices to N) skips the second step for TRUSTED_DEVICE_DAYS. A client is known by
 * its ID and uuid, and only while that pair is the registered device; a browser by a random token.
 * Changing, disabling or resetting 2FA forgets every trusted device of the user.
 */
export class TrustedDevicesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
    private readonly strategies: StrategiesService,
  ) {}

  /** Whether this login comes from a device the user trusted; records that it was used. */
  async recognises(userId: number, device: LoginDevice): Promise<boolean> {
    const key = await this.keyOf(device);
    if (key === null) return false;
    const now = this.clock();
    const row = await findTrustedDevice(this.db, userId, key, now);
    if (!row) return false;
    await touchTrustedDevice(this.db, row.id, { now, ip: device.address });
    return true;
  }

  /**
   * Trusts the device of a login whose second step was right: a browser that asked to be remembered
   * (returns the token it keeps), a client its strategy allows. Undefined when nothing was trusted.
   */
  async remember(
    user: { id: number; name: string },
    device: LoginDevice,
    browserAsked: boolean,
  ): Promise<{ consoleToken?: string } | undefined> {
    const isClient = device.client.id !== '';
    if (isClient ? !(await this.clientMayBeTrusted(device.client)) : !browserAsked) return undefined;
    const consoleToken = isClient ? undefined : newSecret(CONSOLE_TOKEN_PREFIX);
    const key = consoleToken === undefined ? clientKey(device.client) : hashSecret(consoleToken);
    const now = this.clock();
    const label = isClient
      ? { name: device.client.name, os: device.client.os }
      : browserLabel(device.userAgent ?? '');
    const row = {
      guid: uuidv7(now),
      user_id: user.id,
      key_hash: key,
      kind: isClient ? ('client' as const) : ('console' as const),
      client_id: device.client.id,
      name: label.name,
      os: label.os,
      ip: device.address,
      created_at: now,
      expires_at: now + TRUSTED_DEVICE_DAYS * DAY_MS,
      last_used_at: now,
    };
    await this.db.transaction().execute(async (trx) => {
      await insertTrustedDevice(trx, row);
      await pruneTrustedDevices(trx, user.id, MAX_TRUSTED_DEVICES);
      await this.audit(
        trx,
        { userId: user.id, name: user.name, ip: device.address, via: 'session' },
        `trusted device added for user ${user.name}: ${describe(row)}, for ${TRUSTED_DEVICE_DAYS} days`,
      );
    });
    return consoleToken === undefined ? {} : { consoleToken };
  }

  async list(userId: number) {
    const rows = await listTrustedDevices(this.db, userId, this.clock());
    return rows.map(present);
  }

  /** Forgets one of the caller's trusted devices; 404 when it is not theirs or already gone. */
  async revoke(actor: Actor & { userId: number }, guid: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await deleteTrustedDevice(trx, actor.userId, guid);
      if (!row) throw new NotFound('trusted_device_not_found');
      await this.audit(trx, actor, `trusted device removed for user ${actor.name}: ${describe(row)}`);
    });
  }

  /** Forgets every trusted device of the caller. */
  async revokeAll(actor: Actor & { userId: number }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const count = await deleteTrustedDevicesOfUsers(trx, [actor.userId]);
      if (count > 0)
        await this.audit(trx, actor, `all ${count} trusted devices removed for user ${actor.name}`);
    });
  }

  async purgeExpired(): Promise<void> {
    await deleteExpiredTrustedDevices(this.db, this.clock());
  }

  /** The key a login presents, or null when it presents none (or a client its strategy keeps out). */
  private async keyOf(device: LoginDevice): Promise<string | null> {
    if (device.client.id === '') return device.consoleToken ? hashSecret(device.consoleToken) : null;
    return (await this.clientMayBeTrusted(device.client)) ? clientKey(device.client) : null;
  }

  /** A client is trusted only as the registered device of its ID, and not where a strategy says N. */
  private async clientMayBeTrusted(client: LoginDevice['client']): Promise<boolean> {
    const facts = await this.directory.get(client.id);
    if (!isRegisteredMachine(facts, client.uuid)) return false;
    const { options } = await this.strategies.optionsInEffect(facts.strategies);
    return options[TRUSTED_DEVICES_OPTION] !== 'N';
  }

  private audit(trx: Db, actor: Actor, detail: string) {
    return recordConsoleAudit(trx, actor, {
      area: CONSOLE_AREA.user,
      operation: CONSOLE_OPERATION.updateUser,
      detail,
      now: this.clock(),
    });
  }
}

const clientKey = (client: LoginDevice['client']) => hashSecret(`client\n${client.id}\n${client.uuid}`);

function describe(row: Pick<TrustedDeviceRow, 'kind' | 'client_id' | 'name' | 'os'>): string {
  return row.kind === 'client' ? `RustDesk client ${row.client_id}` : `browser (${row.name} on ${row.os})`;
}

function present(row: TrustedDeviceRow) {
  return {
    guid: row.guid,
    kind: row.kind,
    client_id: row.client_id,
    name: row.name,
    os: row.os,
    ip: row.ip,
    created_at: toSeconds(row.created_at),
    expires_at: toSeconds(row.expires_at),
    last_used_at: toSeconds(row.last_used_at),
  };
}
