import type { Db } from '../../db/schema.js';
import { BadRequest, Conflict, NotFound, throwAll } from '../../http/errors.js';
import { type Clock, DAY_MS } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { type SecretKey, seal, unseal } from '../../lib/secret-box.js';
import { findSharedBookByName } from '../address-books/repository.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, recordConsoleAudit } from '../console-audit/record.js';
import { findDeviceGroupByName } from '../device-groups/repository.js';
import { isServerPublicKey } from '../settings/hbbs-key-file.js';
import { isHostAndPort } from '../settings/host.js';
import type { SettingsService } from '../settings/service.js';
import { validateOptions } from '../strategies/catalogue.js';
import { findStrategyByName } from '../strategies/repository.js';
import type { TokensService } from '../tokens/service.js';
import { findUserByName } from '../users/repository.js';
import { configStringOf, type PresentedCustomClient, parseJson, presentCustomClient } from './presenter.js';
import {
  deleteCustomClient,
  findCustomClientByGuid,
  findCustomClientByName,
  insertCustomClient,
  type ListedCustomClient,
  listCustomClients,
  renameApiToken,
  updateCustomClient,
} from './repository.js';
import { ASSIGNMENT_FLAGS, type Assignments, type Platform, type ScriptInput } from './scripts.js';

/** The server part of a package: what `rustdesk --config` sets. */
export interface ServerConfig {
  host: string;
  key: string;
  api: string;
  relay: string;
}

/** What a package is made of; on update, what is given replaces what was (password null: none). */
export interface CustomClientFields {
  name?: string | undefined;
  note?: string | undefined;
  host?: string | undefined;
  key?: string | undefined;
  api?: string | undefined;
  relay?: string | undefined;
  password?: string | null | undefined;
  defaultOptions?: Record<string, string> | undefined;
  overrideOptions?: Record<string, string> | undefined;
  assignments?: Assignments | undefined;
  platforms?: readonly Platform[] | undefined;
}

/** How long a new assignment token works unless the administrator says otherwise. */
export const DEFAULT_TOKEN_DAYS = 30;
export const MAX_TOKEN_DAYS = 365;

/** `rustdesk --assign` needs devices read-write (POST /api/devices/cli), and nothing else. */
const ASSIGNMENT_TOKEN_PERMISSIONS = { device: 'rw' } as const;
const tokenName = (packageName: string) => `custom client: ${packageName}`;

/**
 * Custom clients: deployment packages for stock RustDesk clients (a config, options, a preset password,
 * assignments with their own API token) and the install scripts made from them.
 */
export class CustomClientsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly tokens: TokensService,
    private readonly secretKey: SecretKey,
  ) {}

  /**
   * The config a new package starts from: the server's key and first relay, and this server's address
   * (Settings → console_url, else where the request reached it) as the API and, without its port, the host.
   */
  async defaults(requestOrigin: string): Promise<ServerConfig> {
    const settings = await this.settings.get();
    const api = settings.console_url || requestOrigin;
    return {
      host: new URL(api).hostname,
      key: settings.server_public_key,
      api,
      relay: settings.relay_servers[0] ?? '',
    };
  }

  async list(): Promise<PresentedCustomClient[]> {
    const now = this.clock();
    return (await listCustomClients(this.db)).map((row) => presentCustomClient(row, now));
  }

  async get(guid: string): Promise<PresentedCustomClient> {
    return presentCustomClient(await findPackage(this.db, guid), this.clock());
  }

  async create(
    input: CustomClientFields & { name: string },
    tokenDays: number,
    requestOrigin: string,
    actor: Actor,
  ): Promise<PresentedCustomClient> {
    const defaults = await this.defaults(requestOrigin);
    const name = checkName(input.name);
    const config = checkConfig({
      host: input.host ?? defaults.host,
      key: input.key ?? defaults.key,
      api: input.api ?? defaults.api,
      relay: input.relay ?? defaults.relay,
    });
    const options = checkOptions(input.defaultOptions ?? {}, input.overrideOptions ?? {});
    const password = input.password == null ? null : checkPassword(input.password);
    const assignments = checkAssignments(input.assignments ?? {});
    const now = this.clock();
    const guid = uuidv7(now);
    await this.db.transaction().execute(async (trx) => {
      if (await findCustomClientByName(trx, name)) throw new Conflict('custom_client_exists', { name });
      await checkAssignmentsExist(trx, assignments);
      const token = hasAssignments(assignments)
        ? await this.makeToken(trx, name, tokenDays, actor)
        : { api_token_id: null, token_sealed: null };
      await insertCustomClient(trx, {
        guid,
        name,
        note: input.note ?? '',
        host: config.host,
        server_key: config.key,
        api: config.api,
        relay: config.relay,
        password_sealed: password === null ? null : seal(this.secretKey(), password),
        default_options: JSON.stringify(options.defaults),
        override_options: JSON.stringify(options.overrides),
        assignments: JSON.stringify(assignments),
        platforms: JSON.stringify(checkPlatforms(input.platforms)),
        ...token,
        created_at: now,
        updated_at: now,
      });
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.customClient,
        operation: CONSOLE_OPERATION.addCustomClient,
        detail: `custom client: ${name}`,
        now,
      });
    });
    return this.get(guid);
  }

  /**
   * Changes the fields given. A package that starts assigning gets a token; one that stops revokes its
   * token, which nothing needs any more.
   */
  async update(
    guid: string,
    input: CustomClientFields,
    tokenDays: number,
    actor: Actor,
  ): Promise<PresentedCustomClient> {
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      const found = await findPackage(trx, guid);
      const name = input.name === undefined ? found.name : checkName(input.name);
      if (name !== found.name && (await findCustomClientByName(trx, name))) {
        throw new Conflict('custom_client_exists', { name });
      }
      const config = checkConfig({
        host: input.host ?? found.host,
        key: input.key ?? found.server_key,
        api: input.api ?? found.api,
        relay: input.relay ?? found.relay,
      });
      const options = checkOptions(
        input.defaultOptions ?? parseJson(found.default_options),
        input.overrideOptions ?? parseJson(found.override_options),
      );
      const assignments =
        input.assignments === undefined
          ? parseJson<Assignments>(found.assignments)
          : checkAssignments(input.assignments);
      if (input.assignments !== undefined) await checkAssignmentsExist(trx, assignments);
      let token: { api_token_id: number | null; token_sealed: string | null } | undefined;
      if (!hasAssignments(assignments) && found.token_guid !== null) {
        await this.tokens.revokeIn(trx, found.token_guid, actor);
        token = { api_token_id: null, token_sealed: null };
      } else if (hasAssignments(assignments) && found.token_guid === null) {
        token = await this.makeToken(trx, name, tokenDays, actor);
      } else if (found.api_token_id !== null && name !== found.name) {
        await renameApiToken(trx, found.api_token_id, tokenName(name));
      }
      const password =
        input.password === undefined
          ? found.password_sealed
          : input.password === null
            ? null
            : seal(this.secretKey(), checkPassword(input.password));
      await updateCustomClient(trx, found.id, {
        name,
        ...(input.note !== undefined ? { note: input.note } : {}),
        host: config.host,
        server_key: config.key,
        api: config.api,
        relay: config.relay,
        password_sealed: password,
        default_options: JSON.stringify(options.defaults),
        override_options: JSON.stringify(options.overrides),
        assignments: JSON.stringify(assignments),
        ...(input.platforms !== undefined
          ? { platforms: JSON.stringify(checkPlatforms(input.platforms)) }
          : {}),
        ...token,
        updated_at: now,
      });
      const changed = Object.keys(input).filter(
        (key) => input[key as keyof CustomClientFields] !== undefined && key !== 'name',
      );
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.customClient,
        operation: CONSOLE_OPERATION.updateCustomClient,
        detail: [
          `custom client: ${found.name}`,
          ...(name !== found.name ? [`name: ${name}`] : []),
          ...(changed.length > 0 ? [`changed: ${changed.map(snakeCase).join(', ')}`] : []),
        ].join('; '),
        now,
      });
    });
    return this.get(guid);
  }

  /** Deletes a package and revokes its assignment token. */
  async remove(guid: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const found = await findPackage(trx, guid);
      if (found.token_guid !== null) await this.tokens.revokeIn(trx, found.token_guid, actor);
      await deleteCustomClient(trx, found.id);
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.customClient,
        operation: CONSOLE_OPERATION.deleteCustomClient,
        detail: `custom client: ${found.name}`,
        now: this.clock(),
      });
    });
  }

  /** Makes the package a new assignment token that expires in `days`, revoking the one it had. */
  async regenerateToken(guid: string, days: number, actor: Actor): Promise<PresentedCustomClient> {
    await this.db.transaction().execute(async (trx) => {
      const found = await findPackage(trx, guid);
      if (!hasAssignments(parseJson(found.assignments))) throw new Conflict('custom_client_no_assignments');
      if (found.token_guid !== null) await this.tokens.revokeIn(trx, found.token_guid, actor);
      const token = await this.makeToken(trx, found.name, days, actor);
      await updateCustomClient(trx, found.id, { ...token, updated_at: this.clock() });
    });
    return this.get(guid);
  }

  /**
   * What the scripts and command lines are made from, secrets unsealed. Refused when the package has
   * no script for the platform, or assigns with no token that works.
   */
  async scriptInput(guid: string, platform: Platform): Promise<ScriptInput> {
    const found = await findPackage(this.db, guid);
    if (!parseJson<Platform[]>(found.platforms).includes(platform)) {
      throw new NotFound('custom_client_platform_not_included', { platform });
    }
    const assignments = parseJson<Assignments>(found.assignments);
    const tokenWorks =
      found.token_sealed !== null &&
      found.token_guid !== null &&
      (found.token_expires_at === null || found.token_expires_at > this.clock());
    if (hasAssignments(assignments) && !tokenWorks)
      throw new Conflict('custom_client_token_needed', { guid });
    const options = new Map(Object.entries(parseJson<Record<string, string>>(found.default_options)));
    for (const [key, value] of Object.entries(parseJson<Record<string, string>>(found.override_options))) {
      options.delete(key);
      options.set(key, value);
    }
    return {
      name: found.name,
      configString: configStringOf(found),
      options: [...options],
      password: found.password_sealed === null ? null : this.unseal(found.password_sealed),
      assign:
        hasAssignments(assignments) && found.token_sealed !== null
          ? { token: this.unseal(found.token_sealed), assignments }
          : null,
    };
  }

  private async makeToken(trx: Db, packageName: string, days: number, actor: Actor) {
    // The routes take an administrator's session, so there is always a user for the token to act for.
    if (actor.userId === null) throw new Error('an assignment token must act for a user');
    const expiresAt = Math.floor((this.clock() + days * DAY_MS) / 1000);
    const { row, secret } = await this.tokens.createIn(
      trx,
      {
        name: tokenName(packageName),
        expiresAt,
        permissions: ASSIGNMENT_TOKEN_PERMISSIONS,
        createdBy: actor.userId,
      },
      actor,
    );
    return { api_token_id: row.id, token_sealed: seal(this.secretKey(), secret) };
  }

  private unseal(sealed: string): string {
    try {
      return unseal(this.secretKey(), sealed);
    } catch {
      throw new Conflict('custom_client_secret_unreadable');
    }
  }
}

async function findPackage(db: Db, guid: string): Promise<ListedCustomClient> {
  const found = await findCustomClientByGuid(db, guid);
  if (!found) throw new NotFound('custom_client_not_found');
  return found;
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new BadRequest('field_empty', { field: 'name' });
  return trimmed;
}

function checkConfig(config: ServerConfig): ServerConfig {
  const checked = {
    host: config.host.trim(),
    key: config.key.trim(),
    api: config.api.trim().replace(/\/+$/, ''),
    relay: config.relay.trim(),
  };
  if (checked.host === '') throw new BadRequest('field_empty', { field: 'host' });
  if (!isHostAndPort(checked.host)) throw new BadRequest('custom_client_host_invalid', { field: 'host' });
  if (checked.relay !== '' && !isHostAndPort(checked.relay)) {
    throw new BadRequest('custom_client_host_invalid', { field: 'relay' });
  }
  if (checked.key !== '' && !isServerPublicKey(checked.key))
    throw new BadRequest('custom_client_key_invalid');
  if (!isHttpAddress(checked.api)) throw new BadRequest('custom_client_api_invalid');
  return checked;
}

function isHttpAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      isHostAndPort(url.host) &&
      url.username === '' &&
      url.password === '' &&
      !/[?#\s]/.test(text)
    );
  } catch {
    return false;
  }
}

function checkOptions(defaults: Record<string, string>, overrides: Record<string, string>) {
  throwAll(
    [validateOptions(defaults, 'default_options'), validateOptions(overrides, 'override_options')].filter(
      (error) => error !== null,
    ),
  );
  return { defaults, overrides };
}

/** Characters no command line can carry (NUL) or that would only garble one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkPassword(password: string): string {
  if (CONTROL.test(password)) throw new BadRequest('field_control_characters', { field: 'password' });
  return password;
}

/** Trimmed, empty ones dropped; tag, alias and note only with a book, as the client requires. */
function checkAssignments(input: Assignments): Assignments {
  const checked: Assignments = {};
  for (const field of ASSIGNMENT_FLAGS) {
    const value = input[field]?.trim();
    if (!value) continue;
    if (CONTROL.test(value)) {
      throw new BadRequest('field_control_characters', { field: `assignments.${field}` });
    }
    checked[field] = value;
  }
  for (const field of ['address_book_tag', 'address_book_alias', 'address_book_note'] as const) {
    if (checked[field] !== undefined && checked.address_book_name === undefined) {
      throw new BadRequest('custom_client_book_fields_need_book', { field: `assignments.${field}` });
    }
  }
  return checked;
}

function hasAssignments(assignments: Assignments): boolean {
  return Object.keys(assignments).length > 0;
}

/** Every named user, strategy, device group and shared address book exists; all the missing in one 404. */
async function checkAssignmentsExist(db: Db, assignments: Assignments): Promise<void> {
  const missing: NotFound[] = [];
  const { user_name, strategy_name, device_group_name, address_book_name } = assignments;
  if (user_name !== undefined && !(await findUserByName(db, user_name))) {
    missing.push(new NotFound('user_not_found', { name: user_name }));
  }
  if (strategy_name !== undefined && !(await findStrategyByName(db, strategy_name))) {
    missing.push(new NotFound('strategy_not_found', { name: strategy_name }));
  }
  if (device_group_name !== undefined && !(await findDeviceGroupByName(db, device_group_name))) {
    missing.push(new NotFound('device_group_not_found', { name: device_group_name }));
  }
  if (address_book_name !== undefined && !(await findSharedBookByName(db, address_book_name))) {
    missing.push(new NotFound('address_book_not_found', { name: address_book_name }));
  }
  throwAll(missing);
}

function checkPlatforms(platforms: readonly Platform[] | undefined): Platform[] {
  return platforms === undefined ? ['windows', 'linux', 'macos'] : [...new Set(platforms)];
}
