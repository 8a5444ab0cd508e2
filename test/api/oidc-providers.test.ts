import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser, createUserGroup } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('Settings → OIDC providers', () => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterEach(() => t.close());

  const create = (body: Record<string, unknown>) =>
    t.call('POST', '/api/oidc/providers', { token: admin, body });

  it('creates presets with their issuers; the secret is sealed and never answered, kept when sent empty', async () => {
    const entra = await create({
      name: 'Microsoft',
      kind: 'azure',
      tenant: TENANT,
      client_id: 'app-id',
      client_secret: 's3cret',
    });
    expect(entra.statusCode, entra.body).toBe(200);
    expect(entra.json()).toEqual({
      id: expect.any(Number),
      name: 'Microsoft',
      kind: 'azure',
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      tenant: TENANT,
      client_id: 'app-id',
      client_secret_set: true,
      scopes: 'openid profile email',
      enabled: true,
      auto_create: true,
      max_users: 0,
      groups_claim: 'groups',
      group_mapping: 'off',
      group_table: [],
    });
    expect(entra.body).not.toContain('s3cret');
    const row = await t.db.selectFrom('oidc_providers').selectAll().executeTakeFirstOrThrow();
    expect(row.client_secret).toMatch(/^v1:/);

    const google = (await create({ name: 'Google', kind: 'google', client_id: 'g' })).json();
    expect(google).toMatchObject({ issuer: 'https://accounts.google.com', client_secret_set: false });
    const github = (
      await create({ name: 'GitHub', kind: 'github', client_id: 'gh', client_secret: 'x' })
    ).json();
    expect(github).toMatchObject({ issuer: '', scopes: 'read:user user:email' });
    const gitlab = (
      await create({ name: 'GitLab', kind: 'gitlab', client_id: 'gl', client_secret: 'x' })
    ).json();
    expect(gitlab.issuer).toBe('https://gitlab.com');
    const keycloak = await create({
      name: 'Keycloak',
      kind: 'keycloak',
      issuer: 'https://sso.example.com/realms/staff',
      client_id: 'rdconsole',
      client_secret: 'x',
    });
    expect(keycloak.json().issuer).toBe('https://sso.example.com/realms/staff');

    const kept = await t.call('PATCH', `/api/oidc/providers/${entra.json().id}`, {
      token: admin,
      body: { client_secret: '', enabled: false },
    });
    expect(kept.json()).toMatchObject({ client_secret_set: true, enabled: false });
    const after = await t.db
      .selectFrom('oidc_providers')
      .selectAll()
      .where('id', '=', entra.json().id)
      .executeTakeFirstOrThrow();
    expect(after.client_secret).toBe(row.client_secret);

    const listed = await t.call('GET', '/api/oidc/providers', {
      token: admin,
      headers: { host: 'console.example.com' },
    });
    expect(listed.json().callback_url).toBe('http://console.example.com/api/oidc/callback');
    expect(listed.json().data.map((p: { name: string }) => p.name)).toEqual([
      'GitHub',
      'GitLab',
      'Google',
      'Keycloak',
      'Microsoft',
    ]);
    expect(listed.body).not.toContain('s3cret');
    expect((await t.call('GET', '/api/login-options')).json()).toEqual([
      'oidc/GitHub',
      'oidc/GitLab',
      'oidc/Google',
      'oidc/Keycloak',
    ]);
  });

  it('refuses wrong input with error codes', async () => {
    const refuse = async (body: Record<string, unknown>, status: number, code: string) => {
      const response = await create({
        name: 'X',
        kind: 'generic',
        issuer: 'https://idp.example.com',
        client_id: 'c',
        ...body,
      });
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
    };
    await refuse({ name: 'a/b' }, 400, 'oidc_provider_name_invalid');
    await refuse({ name: 'under_score' }, 400, 'oidc_provider_name_invalid');
    await refuse({ issuer: 'http://idp.example.com' }, 400, 'oidc_issuer_invalid');
    await refuse({ issuer: 'not a url' }, 400, 'oidc_issuer_invalid');
    await refuse({ issuer: undefined }, 400, 'field_required');
    await refuse({ kind: 'azure', tenant: 'contoso.com' }, 400, 'oidc_tenant_invalid');
    await refuse({ kind: 'unknown' }, 400, 'field_enum');
    await refuse({ scopes: 'profile email' }, 400, 'oidc_scopes_openid');
    await refuse({ group_table: [{ value: 'a', group: 'Nope' }] }, 404, 'user_group_not_found');
    await createUserGroup(t.db, 'Sales');
    await refuse(
      {
        group_table: [
          { value: 'a', group: 'Sales' },
          { value: 'a', group: 'Sales' },
        ],
      },
      400,
      'oidc_group_value_twice',
    );
    await refuse({ client_secret_set: true }, 400, 'field_not_allowed');
    expect(
      (await create({ name: 'Okta', kind: 'okta', issuer: 'https://acme.okta.com', client_id: 'c' }))
        .statusCode,
    ).toBe(200);
    await refuse({ name: 'Okta' }, 409, 'oidc_provider_exists');
    const missing = await t.call('PATCH', '/api/oidc/providers/999', {
      token: admin,
      body: { enabled: false },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('oidc_provider_not_found');
    const renamed = await t.call('PATCH', '/api/oidc/providers/1', { token: admin, body: { name: 'Other' } });
    expect(renamed.statusCode).toBe(400);
  });

  it('is for administrators only, and every change is in the console audit', async () => {
    await createUser(t.db, { name: 'eve', password: 'eve-password-1' });
    const eve = await t.login('eve', 'eve-password-1');
    expect((await t.call('GET', '/api/oidc/providers', { token: eve })).statusCode).toBe(403);
    expect(
      (await create({ name: 'Okta', kind: 'okta', issuer: 'https://acme.okta.com/', client_id: 'c' })).json()
        .issuer,
    ).toBe('https://acme.okta.com/');
    const id = (await t.call('GET', '/api/oidc/providers', { token: admin })).json().data[0].id;
    await t.call('PATCH', `/api/oidc/providers/${id}`, {
      token: admin,
      body: { client_secret: 'new', max_users: 5 },
    });
    const deleted = await t.call('DELETE', `/api/oidc/providers/${id}`, { token: admin });
    expect(deleted.statusCode).toBe(200);
    const audits = (await t.db.selectFrom('console_audits').select('detail').orderBy('id').execute()).map(
      (a) => a.detail,
    );
    expect(audits.filter((d) => d.startsWith('OIDC provider'))).toEqual([
      'OIDC provider Okta: added (okta, client id c)',
      'OIDC provider Okta: client secret, max_users = 5',
      'OIDC provider Okta: deleted',
    ]);
  });

  it('never sends the stored client secret to a new issuer or tenant unless it is typed again', async () => {
    const patch = (id: number, body: Record<string, unknown>) =>
      t.call('PATCH', `/api/oidc/providers/${id}`, { token: admin, body });
    const stored = async (id: number) =>
      t.db.selectFrom('oidc_providers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const entra = (
      await create({
        name: 'Microsoft',
        kind: 'azure',
        tenant: TENANT,
        client_id: 'a',
        client_secret: 's3cret',
      })
    ).json().id as number;
    const keycloak = (
      await create({
        name: 'Keycloak',
        kind: 'keycloak',
        issuer: 'https://sso.example.com/realms/staff',
        client_id: 'k',
        client_secret: 's3cret',
      })
    ).json().id as number;
    const before = [await stored(entra), await stored(keycloak)];

    const OTHER_TENANT = '00000000-0000-0000-0000-000000000001';
    for (const [id, changes] of [
      [entra, { tenant: OTHER_TENANT }],
      [entra, { tenant: OTHER_TENANT, client_secret: '' }],
      [keycloak, { issuer: 'https://attacker.example.net/realms/staff' }],
      [keycloak, { issuer: 'https://attacker.example.net/realms/staff', enabled: false }],
    ] as const) {
      const refused = await patch(id, changes);
      expect(refused.statusCode, JSON.stringify(changes)).toBe(400);
      expect(refused.json().code).toBe('oidc_client_secret_required');
    }
    // Nothing was saved.
    expect([await stored(entra), await stored(keycloak)]).toEqual(before);

    // What does not move the secret needs no retyping: the same issuer, other fields.
    expect(
      (await patch(keycloak, { issuer: 'https://sso.example.com/realms/staff', max_users: 3 })).statusCode,
    ).toBe(200);
    expect((await patch(entra, { tenant: TENANT.toUpperCase() })).statusCode).toBe(200);
    // Typed again, it may go.
    const moved = await patch(entra, { tenant: OTHER_TENANT, client_secret: 'new-secret' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().tenant).toBe(OTHER_TENANT);
    expect((await stored(entra)).client_secret).not.toBe(before[0]?.client_secret);
    // A public client (no secret) has nothing to protect.
    const okta = (
      await create({ name: 'Okta', kind: 'okta', issuer: 'https://acme.okta.com', client_id: 'o' })
    ).json().id as number;
    expect((await patch(okta, { issuer: 'https://other.okta.com' })).statusCode).toBe(200);
  });
});
