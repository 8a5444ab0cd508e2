import { createPublicKey, verify } from 'node:crypto';
import type { Db } from '../../db/schema.js';
import { Forbidden, NotFound, throwAll } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import type { AddressBooksService } from '../address-books/service.js';
import type { SettingsService } from '../settings/service.js';
import { applyNamedAssignments, type NamedAssignments } from './assignments.js';
import type { DeviceDirectory } from './directory.js';
import { findDeviceByPeerId, insertDevice, updateDevice } from './repository.js';

export type DeployResult = 'OK' | 'NOT_ENABLED' | 'INVALID_INPUT' | 'ID_TAKEN';

/** A RustDesk ID: generated ones are digits; custom ones (--set-id, --deploy --id) 6 to 16 of [A-Za-z0-9_-]. */
const PEER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{5,15}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The DER prefix of an ed25519 public key in SubjectPublicKeyInfo form; the raw 32 bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** How far a switch-grant timestamp may be from our clock before the client must re-sign with ours. */
const SWITCH_GRANT_SKEW_SECONDS = 60;

/** `rustdesk --assign` and `--deploy` (with an API token), and the switch-sides grant. */
export class ProvisioningService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
    private readonly settings: SettingsService,
    private readonly addressBooks: AddressBooksService,
  ) {}

  /**
   * Applies every given assignment, or none when one names something that does not exist (NotFound
   * listing them). A device not registered yet is registered: provisioning often runs right after install.
   */
  async assign(input: {
    id: string;
    uuid: string;
    names: NamedAssignments;
    addressBook?: { name: string; tag?: string; alias?: string; password?: string; note?: string };
  }): Promise<void> {
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      if (input.addressBook && !(await sharedBookExists(trx, input.addressBook.name))) {
        throw new NotFound('address_book_not_found', { name: input.addressBook.name });
      }
      const device =
        (await findDeviceByPeerId(trx, input.id)) ??
        (await insertDevice(trx, { guid: uuidv7(now), peerId: input.id, uuid: input.uuid, now }));
      const unknown = await applyNamedAssignments(trx, device, input.names, { fillEmptyOnly: false, now });
      throwAll(unknown);
    });
    this.directory.forget(input.id);
    if (input.addressBook) {
      const { name, ...fields } = input.addressBook;
      if (!(await this.addressBooks.addPeerToBookByName(name, input.id, fields))) {
        throw new Forbidden('address_book_full', { name });
      }
    }
  }

  /** Registers a device ahead of its first sysinfo when the server requires deployment. */
  async deploy(input: { id: string; uuid: string; pk: string }): Promise<DeployResult> {
    if (!(await this.settings.get()).require_deployment) return 'NOT_ENABLED';
    if (!PEER_ID.test(input.id) || !BASE64.test(input.uuid) || !isEd25519PublicKey(input.pk))
      return 'INVALID_INPUT';
    const now = this.clock();
    const result = await this.db.transaction().execute(async (trx): Promise<DeployResult> => {
      const existing = await findDeviceByPeerId(trx, input.id);
      if (existing && existing.uuid !== '' && existing.uuid !== input.uuid) return 'ID_TAKEN';
      if (existing) {
        await updateDevice(trx, existing.id, {
          uuid: input.uuid,
          pk: input.pk,
          deployed_at: now,
          updated_at: now,
        });
      } else {
        await insertDevice(
          trx,
          { guid: uuidv7(now), peerId: input.id, uuid: input.uuid, now },
          { pk: input.pk, deployed_at: now },
        );
      }
      return 'OK';
    });
    this.directory.forget(input.id);
    return result;
  }

  /**
   * Checks a switch-sides grant signed by the device's key (client-api.md §4.8). A timestamp too far
   * from ours is answered with our time so that the client re-signs.
   */
  async switchGrant(input: {
    id: string;
    verifier: string;
    timestamp: string;
    signature: string;
  }): Promise<{ accepted: true } | { accepted: false; server_time: number }> {
    const device = await findDeviceByPeerId(this.db, input.id);
    if (!device || !isEd25519PublicKey(device.pk)) {
      throw new NotFound('device_has_no_key', { id: input.id });
    }
    const message = Buffer.from(`switch-grant\0${input.id}\0${input.verifier}\0${input.timestamp}`);
    const key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(device.pk, 'base64')]),
      format: 'der',
      type: 'spki',
    });
    const signature = Buffer.from(input.signature, 'base64');
    if (signature.length !== 64 || !verify(null, message, key, signature))
      throw new Forbidden('signature_invalid');
    const serverTime = Math.floor(this.clock() / 1000);
    if (Math.abs(serverTime - Number(input.timestamp)) > SWITCH_GRANT_SKEW_SECONDS) {
      return { accepted: false, server_time: serverTime };
    }
    return { accepted: true };
  }
}

function isEd25519PublicKey(pk: string): boolean {
  return BASE64.test(pk) && Buffer.from(pk, 'base64').length === 32;
}

async function sharedBookExists(db: Db, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('address_books')
    .select('id')
    .where('name', '=', name)
    .where('personal', '=', 0)
    .executeTakeFirst();
  return row !== undefined;
}
