import { describe, expect, it } from 'vitest';
import { identityFromClaims, mappedGroups } from '../../src/domain/oidc/identity.js';

const provider = (
  mapping: 'off' | 'name' | 'table',
  extra: { groups_claim?: string; group_table?: string } = {},
) => ({
  name: 'Acme',
  groups_claim: extra.groups_claim ?? 'groups',
  group_mapping: mapping,
  group_table: extra.group_table ?? '[]',
});

describe('OIDC claims → SSO identity', () => {
  it('keys by issuer and sub (the bare sub finds older accounts), takes the user name (preferred_username, else e-mail, else sub) and a verified flag', () => {
    expect(
      identityFromClaims(provider('off'), {
        iss: 'https://idp.example.com',
        sub: 'x1',
        preferred_username: ' alice ',
        email: 'alice@example.com',
        email_verified: 'true',
        name: 'Alice',
        groups: ['a'],
      }),
    ).toEqual({
      source: 'oidc/Acme',
      subject: 'https://idp.example.com#x1',
      formerSubject: 'x1',
      username: 'alice',
      email: 'alice@example.com',
      emailVerified: true,
      displayName: 'Alice',
      groups: null,
    });
    const bare = identityFromClaims(provider('off'), { sub: 'x2', email: 'bob@example.com' });
    // No issuer, no key: the login is refused rather than keyed by a sub any issuer could send.
    expect(bare).toMatchObject({
      subject: '',
      username: 'bob@example.com',
      emailVerified: false,
      displayName: '',
    });
    expect(identityFromClaims(provider('off'), { sub: 'x3', email: 42 })).toMatchObject({
      username: 'x3',
      email: '',
    });
  });

  it('maps groups by name (without Keycloak’s leading slash), by table in its order, from a dotted claim', () => {
    expect(mappedGroups(provider('name'), { groups: ['/Engineering', 'Sales', 7] })).toEqual([
      'Engineering',
      'Sales',
    ]);
    expect(mappedGroups(provider('name'), { groups: 'Solo' })).toEqual(['Solo']);
    expect(mappedGroups(provider('name'), {})).toEqual([]);
    expect(
      mappedGroups(provider('name', { groups_claim: 'realm_access.roles' }), {
        realm_access: { roles: ['ops'] },
      }),
    ).toEqual(['ops']);
    const table = JSON.stringify([
      { value: 'b-guid', group: 'Support' },
      { value: 'a-guid', group: 'Engineering' },
    ]);
    expect(
      mappedGroups(provider('table', { group_table: table }), { groups: ['a-guid', 'b-guid', 'c'] }),
    ).toEqual(['Support', 'Engineering']);
    expect(mappedGroups(provider('off'), { groups: ['a'] })).toBeNull();
  });
});
