import { BadRequest } from '../../http/errors.js';

export const LDAP_SCOPES = ['one', 'sub'] as const;
/** Where a user's groups come from: none, the entry's memberOf attribute, or a search of group entries. */
export const LDAP_GROUP_SOURCES = ['none', 'member_of', 'search'] as const;
export const LDAP_TEXT_MAX = 1024;

/** Settings → LDAP (features.md §17), plus auto-create and group mapping, which Server Pro lacks. */
export interface LdapSettings {
  enabled: boolean;
  /** `example.com`, or a URL `ldap://example.com` / `ldaps://example.com[:port]`. */
  host: string;
  /** 0: the scheme's port (389, 636 for ldaps://). */
  port: number;
  base_dn: string;
  scope: (typeof LDAP_SCOPES)[number];
  /** Empty: search anonymously. */
  bind_dn: string;
  /** The bind password sealed with the server's secret key (lib/secret-box.ts); empty: none. */
  bind_password_sealed: string;
  /** Only entries that match may log in, e.g. `(objectClass=person)`; empty: any entry. */
  filter: string;
  /** The attribute the user name is matched against; empty: `uid`, then `cn`. */
  username_attribute: string;
  start_tls: boolean;
  no_tls_verify: boolean;
  /** A user of the directory gets an account at their first login. */
  auto_create: boolean;
  group_source: (typeof LDAP_GROUP_SOURCES)[number];
  /** group_source 'search': where group entries are, and which hold the user (`{dn}`: the user's DN). */
  group_base_dn: string;
  group_filter: string;
}

/** The settings a conversation with the directory uses: the bind password in clear. */
export type LdapConnection = Omit<LdapSettings, 'bind_password_sealed'> & { bind_password: string };

/** What Settings → LDAP's form sends: fields to change, and a bind password typed in it. */
export type LdapChanges = Partial<LdapConnection>;

export const DEFAULT_LDAP: LdapSettings = {
  enabled: false,
  host: '',
  port: 0,
  base_dn: '',
  scope: 'sub',
  bind_dn: '',
  bind_password_sealed: '',
  filter: '',
  username_attribute: '',
  start_tls: false,
  no_tls_verify: false,
  auto_create: true,
  group_source: 'none',
  group_base_dn: '',
  group_filter: '(|(member={dn})(uniqueMember={dn}))',
};

/** The settings as the API shows them: never the bind password, only whether one is stored. */
export function presentLdap(settings: LdapSettings) {
  const { bind_password_sealed: sealed, ...shown } = settings;
  return { ...shown, bind_password_set: sealed !== '' };
}

/** The URL ldapts connects to. */
export function ldapUrl(settings: Pick<LdapSettings, 'host' | 'port'>): string {
  const match = /^(ldaps?):\/\/([^/:]+|\[[^\]]+\])(?::(\d+))?\/?$/i.exec(settings.host);
  const scheme = match?.[1]?.toLowerCase() ?? 'ldap';
  const host = match?.[2] ?? settings.host;
  const port = settings.port || Number(match?.[3] ?? 0) || (scheme === 'ldaps' ? 636 : 389);
  return `${scheme}://${host}:${port}`;
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/;

/** The bind password the form typed; empty: none (the stored one is kept). */
export const typedBindPassword = (changes: LdapChanges): string => changes.bind_password?.trim() ?? '';

/**
 * Whether `after` sends the bind password where `before` did not: to another server (host, port,
 * ldap/ldaps), without the StartTLS or the certificate check it went through, or with another bind DN.
 */
export function movesBindPassword(before: LdapSettings, after: LdapSettings): boolean {
  return (
    after.bind_dn !== '' &&
    (ldapUrl(before) !== ldapUrl(after) ||
      before.bind_dn !== after.bind_dn ||
      (before.start_tls && !after.start_tls) ||
      (!before.no_tls_verify && after.no_tls_verify))
  );
}

/**
 * The stored settings with the form's changes, the bind password still the stored one (sealed): the
 * caller seals one the form typed. Checks the syntax of what will be used (the connection is tested by
 * LdapService), and that a stored bind password goes nowhere new unless it is typed again: else a
 * stolen administrator session could point the directory at its own server and read the password there.
 */
export function mergeLdapChanges(current: LdapSettings, changes: LdapChanges): LdapSettings {
  const merged: LdapSettings = { ...current };
  for (const [key, value] of Object.entries(changes) as Array<[keyof LdapChanges, unknown]>) {
    if (value === undefined || key === 'bind_password') continue;
    Object.assign(merged, { [key]: typeof value === 'string' ? value.trim() : value });
  }
  if (merged.host !== '') {
    const bare = merged.host.replace(/^ldaps?:\/\//i, '').replace(/(:\d+)?\/?$/, '');
    if (!HOST.test(bare)) throw new BadRequest('ldap_host_invalid');
  }
  if (merged.enabled) {
    for (const field of ['host', 'base_dn'] as const) {
      if (merged[field] === '') throw new BadRequest('ldap_required', { field });
    }
    if (merged.group_source === 'search' && merged.group_base_dn === '') {
      throw new BadRequest('ldap_required', { field: 'group_base_dn' });
    }
  }
  for (const field of ['filter', 'group_filter'] as const) {
    const filter = merged[field];
    if (filter !== '' && !balancedFilter(filter)) throw new BadRequest('ldap_filter_invalid', { field });
  }
  if (merged.username_attribute !== '' && !/^[A-Za-z][A-Za-z0-9-]*$/.test(merged.username_attribute)) {
    throw new BadRequest('ldap_attribute_invalid', { field: 'username_attribute' });
  }
  if (
    current.bind_password_sealed !== '' &&
    typedBindPassword(changes) === '' &&
    movesBindPassword(current, merged)
  ) {
    throw new BadRequest('ldap_bind_password_required');
  }
  return merged;
}

/** A filter in parentheses whose parentheses balance: what the server would reject as a syntax error. */
function balancedFilter(filter: string): boolean {
  if (!filter.startsWith('(') || !filter.endsWith(')')) return false;
  let depth = 0;
  for (const char of filter) {
    if (char === '(') depth += 1;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** "ldap: host, bind password" — which fields a change touched, for the console audit (never a value). */
export function describeLdapChanges(before: LdapSettings, after: LdapSettings): string[] {
  return (Object.keys(after) as Array<keyof LdapSettings>)
    .filter((field) => before[field] !== after[field])
    .map((field) =>
      field === 'bind_password_sealed'
        ? 'ldap.bind_password changed'
        : `ldap.${field} = ${JSON.stringify(after[field])}`,
    );
}
