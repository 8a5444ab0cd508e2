import type { Db, DeviceRow } from '../../db/schema.js';
import { Conflict, Forbidden, TooManyRequests } from '../../http/errors.js';
import { type Clock, HOUR_MS } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import type { FixedWindowLimiter } from '../../lib/rate-limiter.js';
import type { AddressBooksService } from '../address-books/service.js';
import { ID_CLAIMED_ALARM } from '../audits/codes.js';
import { hasAlarmSince, insertAlarmAudit } from '../audits/repository.js';
import type { SettingsService } from '../settings/service.js';
import { decidePush, type EffectiveOptions, samePushState } from '../strategies/effective.js';
import type { StrategiesService } from '../strategies/service.js';
import { applyNamedAssignments, type NamedAssignments } from './assignments.js';
import {
  type DeviceDirectory,
  type HeartbeatFacts,
  hasSentSysinfo,
  isRegisteredMachine,
} from './directory.js';
import type { PresenceTracker } from './presence.js';
import { findDeviceByPeerId, insertDevice, updateDevice } from './repository.js';

export interface HeartbeatInput {
  id: string;
  uuid: string;
  ver: number;
  conns: number[];
  /** The strategy stamp the client holds (its `modified_at`). */
  modifiedAt: number;
  ip: string;
}

export interface HeartbeatResponse {
  sysinfo?: boolean;
  disconnect?: number[];
  modified_at?: number;
  strategy?: { config_options: Record<string, string> };
}

export interface SysinfoInput {
  id: string;
  /** Never empty: the machine's identity, checked against the registered one. */
  uuid: string;
  /** The address it came from, for the alarm when the uuid is another machine's. */
  ip: string;
  info: { hostname: string; username: string; os: string; cpu: string; memory: string; version: string };
  presets: NamedAssignments;
  addressBook?: { name: string; tag?: string; alias?: string; password?: string; note?: string };
}

/** The device side of the client API: presence and strategy push on heartbeat, registration on sysinfo. */
export class DevicesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
    private readonly presence: PresenceTracker,
    private readonly strategies: StrategiesService,
    private readonly settings: SettingsService,
    private readonly addressBooks: AddressBooksService,
    /** New registrations per client address: sysinfo needs no credentials, and every device is a row. */
    private readonly newDevices: FixedWindowLimiter,
  ) {}

  /**
   * Cheap by design: reads cached facts, updates presence in memory, writes only when a push changes.
   * Answers at once, without a promise, when nothing has to be read or written: every heartbeat of a
   * known device but those around a push or a change of its facts.
   */
  heartbeat(input: HeartbeatInput): HeartbeatResponse | Promise<HeartbeatResponse> {
    const facts = this.directory.peek(input.id);
    return facts === undefined
      ? this.directory.get(input.id).then((read) => this.answerHeartbeat(read, input))
      : this.answerHeartbeat(facts, input);
  }

  private answerHeartbeat(
    facts: HeartbeatFacts | null,
    input: HeartbeatInput,
  ): HeartbeatResponse | Promise<HeartbeatResponse> {
    // Unknown here (never registered, or deleted by an administrator), or not provably the machine that
    // registered: ask it to register.
    if (!isRegisteredMachine(facts, input.uuid)) return { sysinfo: true };

    // facts.peerId, not input.id: the same text, but the string the directory already keeps.
    facts.presence = this.presence.seen(
      facts.peerId,
      facts.id,
      { conns: input.conns, ver: input.ver, ip: input.ip },
      facts.presence,
    );
    const response: HeartbeatResponse = {};
    if (!facts.hasSysinfo || (input.ver > 0 && facts.versionNumber !== input.ver)) response.sysinfo = true;
    const disconnect = this.presence.takeDisconnects(input.id);
    if (disconnect) response.disconnect = disconnect;

    const target = this.strategies.optionsInEffectNow(facts.strategies);
    return target
      ? this.push(facts, input.modifiedAt, target, response)
      : this.strategies
          .optionsInEffect(facts.strategies)
          .then((loaded) => this.push(facts, input.modifiedAt, loaded, response));
  }

  /** Adds the strategy push the device needs, if any, to `response`. */
  private push(
    facts: HeartbeatFacts,
    clientStamp: number,
    target: EffectiveOptions,
    response: HeartbeatResponse,
  ): HeartbeatResponse | Promise<HeartbeatResponse> {
    const decision = decidePush(clientStamp, facts.pushState, target);
    if (decision.push) Object.assign(response, decision.push);
    if (samePushState(decision.state, facts.pushState)) return response;
    // Written only when what we told the device changes: on a push, and once when it acknowledges.
    facts.pushState = decision.state;
    return updateDevice(this.db, facts.id, { strategy_push: JSON.stringify(decision.state) }).then(
      () => response,
    );
  }

  /**
   * Registers or refreshes a device from its sysinfo. Sysinfo carries no credentials, so its preset-*
   * options apply only while the device registers (this sysinfo creates it, or is the first after
   * --deploy or --assign), and even then only to empty fields: a later one cannot move a device or
   * rewrite a shared book. A sysinfo with another machine's uuid changes nothing (Conflict) and leaves
   * an alarm. Returns messages about presets naming things that do not exist (they are skipped).
   */
  async sysinfo(input: SysinfoInput): Promise<string[]> {
    const settings = await this.settings.get();
    const now = this.clock();
    const outcome = await this.db.transaction().execute(async (trx) => {
      let device: DeviceRow | undefined = await findDeviceByPeerId(trx, input.id);
      // An empty stored uuid (registered by --assign without one) is taken by the first sysinfo.
      if (device && device.uuid !== '' && device.uuid !== input.uuid) {
        await recordIdClaim(trx, input, now);
        return null;
      }
      const registering = !device || !hasSentSysinfo(device);
      if (device) {
        // A device reporting is online now; the heartbeat keeps last_online current from here.
        await updateDevice(trx, device.id, {
          ...input.info,
          uuid: input.uuid,
          last_online: now,
          updated_at: now,
        });
      } else {
        if (settings.disable_new_devices) throw new Forbidden('new_devices_disabled');
        if (settings.require_deployment) {
          throw new Forbidden('deployment_required');
        }
        const wait = this.newDevices.take(input.ip);
        if (wait > 0) throw new TooManyRequests('new_devices_throttled', wait);
        device = await insertDevice(
          trx,
          { guid: uuidv7(now), peerId: input.id, uuid: input.uuid, now },
          input.info,
        );
      }
      if (!registering) return { registering, warnings: [] };
      const unknown = await applyNamedAssignments(trx, device, input.presets, { fillEmptyOnly: true, now });
      return { registering, warnings: unknown.map((error) => error.message) };
    });
    if (!outcome) throw new Conflict('device_id_taken');
    this.directory.forget(input.id);
    const { registering, warnings } = outcome;
    if (registering && input.addressBook) {
      const { name, ...fields } = input.addressBook;
      if (!(await this.addressBooks.addPeerToBookByName(name, input.id, fields, { fillEmptyOnly: true }))) {
        warnings.push(`Address book '${name}' not found or full`);
      }
    }
    return warnings;
  }
}

/** One alarm per device and address an hour: a machine retrying every 2 minutes must not flood the log. */
async function recordIdClaim(db: Db, input: SysinfoInput, now: number): Promise<void> {
  const alarm = { peerId: input.id, typ: ID_CLAIMED_ALARM, ip: input.ip };
  if (await hasAlarmSince(db, { ...alarm, since: now - HOUR_MS })) return;
  await insertAlarmAudit(db, {
    guid: uuidv7(now),
    device_peer_id: input.id,
    typ: ID_CLAIMED_ALARM,
    conn_id: 0,
    ip: input.ip,
    // The shape of the client's own alarms ({"ip", "name"}), so that the logs show who tried.
    info: JSON.stringify({ ip: input.ip, name: input.info.hostname }),
    created_at: now,
  });
}
