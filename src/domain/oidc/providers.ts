import type { Updateable } from 'kysely';
import { isUniqueViolation } from '../../db/errors.js';
import type { Db, OidcGroupMapping, OidcProviderRow, OidcProviderTable } from '../../db/schema.js';
import { BadRequest, Conflict, NotFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { type SecretKey, seal } from '../../lib/secret-box.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, recordConsoleAudit } from '../console-audit/record.js';
import { findUserGroupByName } from '../user-groups/repository.js';
import { DEFAULT_GROUPS_CLAIM, defaultScopes, type ProviderKind, resolveIssuer } from './presets.js';
import {
  deleteProvider,
  findProviderById,
  findProviderByName,
  insertProvider,
  listProviders,
  updateProvider,
} from './repository.js';

/** One row of an explicit group mapping: a value of the groups claim and the user group it means. */
export interface GroupTableEntry {
  value: string;
  group: string;
}

/** A provider as Settings → OIDC sends it; the name and kind are fixed once created. */
export interface ProviderInput {
  name: string;
  kind: ProviderKind;
  issuer?: string | undefined;
  tenant?: string | undefined;
  client_id: string;
  /** Not given or empty: kept (none when creating: a public client, PKCE only). */
  client_secret?: string | undefined;
  scopes?: string | undefined;
  enabled?: boolean | undefined;
  auto_create?: boolean | undefined;
  max_users?: number | undefined;
  groups_claim?: string | undefined;
  group_mapping?: OidcGroupMapping | undefined;
  group_table?: GroupTableEntry[] | undefined;
}

export type ProviderChanges = Partial<Omit<ProviderInput, 'name' | 'kind'>>;

/** Letters, digits, spaces, dots and dashes: shown on buttons, sent as the client's `op`, part of auth_source. */
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} .-]{0,39}$/u;

/** Settings → OIDC: the identity providers, each change audited. Console administrators only. */
export class OidcProvidersService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly secretKey: SecretKey,
  ) {}

  list(): Promise<OidcProviderRow[]> {
    return listProviders(this.db);
  }

  /** An enabled provider by the name a client sends as `op`. */
  async enabled(name: string): Promise<OidcProviderRow> {
    const provider = await findProviderByName(this.db, name);
    if (provider?.enabled !== 1) throw new NotFound('oidc_provider_unknown', { name });
    return provider;
  }

  async get(id: number): Promise<OidcProviderRow> {
    const provider = await findProviderById(this.db, id);
    if (!provider) throw new NotFound('oidc_provider_not_found');
    return provider;
  }

  async create(input: ProviderInput, actor: Actor): Promise<OidcProviderRow> {
    const name = input.name.trim();
    if (!NAME.test(name)) throw new BadRequest('oidc_provider_name_invalid');
    const now = this.clock();
    const fields = await this.checked(
      input.kind,
      { ...input, scopes: input.scopes ?? defaultScopes(input.kind) },
      true,
    );
    const id = await this.db
      .transaction()
      .execute(async (trx) => {
        if (await findProviderByName(trx, name)) throw new Conflict('oidc_provider_exists', { name });
        const id = await insertProvider(trx, {
          name,
          kind: input.kind,
          issuer: fields.issuer ?? '',
          client_id: fields.client_id ?? '',
          client_secret: fields.client_secret ?? '',
          scopes: fields.scopes ?? defaultScopes(input.kind),
          enabled: fields.enabled ?? 1,
          auto_create: fields.auto_create ?? 1,
          max_users: fields.max_users ?? 0,
          groups_claim: fields.groups_claim ?? DEFAULT_GROUPS_CLAIM,
          group_mapping: fields.group_mapping ?? 'off',
          group_table: fields.group_table ?? '[]',
          created_at: now,
          updated_at: now,
        });
        await audit(
          trx,
          actor,
          `OIDC provider ${name}: added (${input.kind}, client id ${fields.client_id})`,
          now,
        );
        return id;
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? new Conflict('oidc_provider_exists', { name }) : error;
      });
    return this.get(id);
  }

  async update(id: number, changes: ProviderChanges, actor: Actor): Promise<OidcProviderRow> {
    const current = await this.get(id);
    const kind = current.kind as ProviderKind;
    const fields = await this.checked(kind, changes, false);
    // The secret goes to the issuer's token endpoint: a stolen administrator session that points the
    // provider at its own issuer must not receive the stored one.
    const moved = fields.issuer !== undefined && fields.issuer !== current.issuer;
    if (moved && current.client_secret !== '' && fields.client_secret === undefined) {
      throw new BadRequest('oidc_client_secret_required');
    }
    const changed = (Object.keys(fields) as Array<keyof typeof fields>).filter(
      (key) => fields[key] !== current[key],
    );
    if (changed.length === 0) return current;
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      await updateProvider(trx, id, { ...fields, updated_at: now });
      const said = changed.map((key) =>
        key === 'client_secret' ? 'client secret' : `${key} = ${fields[key]}`,
      );
      await audit(trx, actor, `OIDC provider ${current.name}: ${said.join(', ')}`, now);
    });
    return this.get(id);
  }

  async remove(id: number, actor: Actor): Promise<void> {
    const current = await this.get(id);
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      await deleteProvider(trx, id);
      await audit(trx, actor, `OIDC provider ${current.name}: deleted`, now);
    });
  }

  /** The given fields checked and in their stored form; fields not given are absent (but the issuer of a new one). */
  private async checked(
    kind: ProviderKind,
    input: ProviderChanges,
    creating: boolean,
  ): Promise<Updateable<OidcProviderTable>> {
    const fields: Updateable<OidcProviderTable> = {};
    if (creating || input.issuer !== undefined || input.tenant !== undefined) {
      fields.issuer = resolveIssuer(kind, input);
    }
    if (input.client_id !== undefined) {
      const clientId = input.client_id.trim();
      if (clientId === '') throw new BadRequest('field_empty', { field: 'client_id' });
      fields.client_id = clientId;
    }
    if (input.client_secret !== undefined && input.client_secret !== '') {
      fields.client_secret = seal(this.secretKey(), input.client_secret);
    }
    if (input.scopes !== undefined) {
      const scopes = input.scopes.split(/\s+/).filter(Boolean);
      if (kind !== 'github' && !scopes.includes('openid')) throw new BadRequest('oidc_scopes_openid');
      fields.scopes = [...new Set(scopes)].join(' ');
    }
    if (input.enabled !== undefined) fields.enabled = input.enabled ? 1 : 0;
    if (input.auto_create !== undefined) fields.auto_create = input.auto_create ? 1 : 0;
    if (input.max_users !== undefined) fields.max_users = input.max_users;
    if (input.groups_claim !== undefined) {
      const claim = input.groups_claim.trim();
      fields.groups_claim = claim === '' ? DEFAULT_GROUPS_CLAIM : claim;
    }
    if (input.group_mapping !== undefined) fields.group_mapping = input.group_mapping;
    if (input.group_table !== undefined)
      fields.group_table = JSON.stringify(await this.checkTable(input.group_table));
    return fields;
  }

  /** Each claim value once, each group an existing user group. */
  private async checkTable(entries: readonly GroupTableEntry[]): Promise<GroupTableEntry[]> {
    const table: GroupTableEntry[] = [];
    for (const [index, entry] of entries.entries()) {
      const value = entry.value.trim();
      const group = entry.group.trim();
      if (value === '') throw new BadRequest('field_empty', { field: `group_table[${index}].value` });
      if (table.some((row) => row.value === value)) throw new BadRequest('oidc_group_value_twice', { value });
      if (!(await findUserGroupByName(this.db, group)))
        throw new NotFound('user_group_not_found', { name: group });
      table.push({ value, group });
    }
    return table;
  }
}

async function audit(trx: Db, actor: Actor, detail: string, now: number): Promise<void> {
  await recordConsoleAudit(trx, actor, {
    area: CONSOLE_AREA.settings,
    operation: CONSOLE_OPERATION.updateSettings,
    detail,
    now,
  });
}
