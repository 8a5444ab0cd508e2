import { Client, type Entry, escapeFilter, InvalidCredentialsError, NoSuchObjectError } from 'ldapts';
import { AppError } from '../../http/errors.js';
import { type LdapConnection, ldapUrl } from './settings.js';

/** Bounds every connection and operation, so that a dead directory server cannot hang a login. */
export const LDAP_TIMEOUT_MS = 8000;

/** Active Directory's userAccountControl flag of a disabled account. */
const AD_ACCOUNT_DISABLED = 0x2;

/**
 * Attributes that name an entry for good, whatever its DN becomes: OpenLDAP's entryUUID (RFC 4530),
 * Active Directory's objectGUID, 389 Directory Server's nsUniqueId, FreeIPA's ipaUniqueID.
 */
const ENTRY_ID_ATTRIBUTES = ['entryUUID', 'objectGUID', 'nsUniqueId', 'ipaUniqueID'];

/** What the directory says about a user whose password it has just accepted. */
export interface DirectoryUser {
  dn: string;
  /**
   * The entry's own id, `<attribute>:<value>` (e.g. `entryUUID:3f2a…`), which survives a rename or a
   * move and is never given to another entry; empty when the directory has none of ENTRY_ID_ATTRIBUTES.
   */
  entryId: string;
  username: string;
  email: string;
  displayName: string;
  /** The CNs of the user's groups (memberOf or the group search), as group mapping matches them; null: group_source none. */
  groups: string[] | null;
}

/**
 * One conversation with the directory: connect (StartTLS when asked), then `use` the client; the
 * connection is always closed. Network and TLS failures become `ldap_unreachable`.
 */
async function withClient<T>(settings: LdapConnection, use: (client: Client) => Promise<T>): Promise<T> {
  const tlsOptions = { rejectUnauthorized: !settings.no_tls_verify };
  const url = ldapUrl(settings);
  const client = new Client({
    url,
    timeout: LDAP_TIMEOUT_MS,
    connectTimeout: LDAP_TIMEOUT_MS,
    // ldapts speaks TLS from the start whenever tlsOptions are given: only for ldaps://.
    ...(url.startsWith('ldaps:') ? { tlsOptions } : {}),
  });
  try {
    if (settings.start_tls) {
      await client.startTLS(tlsOptions).catch((error: unknown) => {
        throw unreachable(error);
      });
    }
    return await use(client);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreachable(error);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);
const unreachable = (error: unknown) =>
  new AppError(502, 'ldap_unreachable', { reason: reason(error) }).causedBy(error);

/** Binds with the configured bind DN, or stays anonymous without one. */
async function bindService(client: Client, settings: LdapConnection): Promise<void> {
  if (settings.bind_dn === '') return;
  try {
    await client.bind(settings.bind_dn, settings.bind_password);
  } catch (error) {
    if (error instanceof InvalidCredentialsError) throw new AppError(502, 'ldap_bind_failed').causedBy(error);
    throw error;
  }
}

/**
 * Settings → LDAP "Submit": the bind and a search of the base DN with the filter. Answers how many
 * entries the filter finds (at most 1000 are counted); throws a coded 502 naming what failed.
 */
export async function testDirectory(settings: LdapConnection): Promise<{ entries: number }> {
  return withClient(settings, async (client) => {
    await bindService(client, settings);
    try {
      const { searchEntries } = await client.search(settings.base_dn, {
        scope: settings.scope,
        filter: settings.filter || '(objectClass=*)',
        attributes: ['dn'],
        sizeLimit: 1000,
      });
      return { entries: searchEntries.length };
    } catch (error) {
      if (error instanceof NoSuchObjectError)
        throw new AppError(502, 'ldap_base_dn_not_found').causedBy(error);
      if (error instanceof Error && error.name === 'SizeLimitExceededError') return { entries: 1000 };
      throw new AppError(502, 'ldap_search_failed', { reason: reason(error) }).causedBy(error);
    }
  });
}

/**
 * Checks a user name and password against the directory: finds the one entry the filter admits whose
 * user-name attribute is `username` (escaped, RFC 4515), then binds as it. Undefined when there is no
 * such entry, several, a disabled Active Directory account, or a wrong password. An empty password is
 * refused before asking: most servers take a bind with a DN and no password as an anonymous bind.
 */
export async function authenticate(
  settings: LdapConnection,
  username: string,
  password: string,
): Promise<DirectoryUser | undefined> {
  if (password === '' || username === '') return undefined;
  const attributes = settings.username_attribute ? [settings.username_attribute] : ['uid', 'cn'];
  return withClient(settings, async (client) => {
    await bindService(client, settings);
    const byName = attributes.map((attribute) => `(${attribute}=${escapeFilter`${username}`})`).join('');
    const filter = `(&${settings.filter}${attributes.length > 1 ? `(|${byName})` : byName})`;
    const { searchEntries } = await client.search(settings.base_dn, {
      scope: settings.scope,
      filter,
      attributes: [
        ...attributes,
        'mail',
        'displayName',
        'cn',
        'memberOf',
        'userAccountControl',
        ...ENTRY_ID_ATTRIBUTES,
      ],
      // A binary GUID, not text.
      explicitBufferAttributes: ['objectGUID'],
      sizeLimit: 2,
    });
    const [entry, another] = searchEntries;
    if (!entry || another || disabledInActiveDirectory(entry)) return undefined;
    try {
      await client.bind(entry.dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return undefined;
      throw error;
    }
    const groups = await groupsOf(client, settings, entry);
    const name = attributes.map((attribute) => first(entry, attribute)).find((value) => value !== '');
    return {
      dn: entry.dn,
      entryId: entryIdOf(entry),
      username: name ?? username,
      email: first(entry, 'mail'),
      displayName: first(entry, 'displayName') || first(entry, 'cn'),
      groups,
    };
  });
}

/** The CNs of the user's groups: from memberOf, or from a search (as the bind DN) of group entries holding the user. */
async function groupsOf(client: Client, settings: LdapConnection, entry: Entry): Promise<string[] | null> {
  if (settings.group_source === 'member_of') return all(entry, 'memberOf').map(cnOf).filter(Boolean);
  if (settings.group_source !== 'search') return null;
  await bindService(client, settings);
  const filter = settings.group_filter.replaceAll('{dn}', escapeFilter`${entry.dn}`);
  const { searchEntries } = await client.search(settings.group_base_dn, {
    scope: 'sub',
    filter,
    attributes: ['cn'],
    sizeLimit: 1000,
  });
  return searchEntries.map((group) => first(group, 'cn')).filter(Boolean);
}

function values(entry: Entry, attribute: string): Array<string | Buffer> {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const all = (entry: Entry, attribute: string) => values(entry, attribute).map((item) => item.toString());

function entryIdOf(entry: Entry): string {
  for (const attribute of ENTRY_ID_ATTRIBUTES) {
    const [value] = values(entry, attribute);
    const text = Buffer.isBuffer(value) ? value.toString('hex') : (value?.toLowerCase() ?? '');
    if (text !== '') return `${attribute}:${text}`;
  }
  return '';
}

const first = (entry: Entry, attribute: string) => all(entry, attribute)[0] ?? '';

/** "cn=Support,ou=groups,dc=example" → "Support" (escaped characters unescaped). */
function cnOf(dn: string): string {
  const match = /^\s*cn\s*=\s*((?:\\.|[^,+])*)/i.exec(dn);
  return match?.[1]?.replace(/\\(.)/g, '$1').trim() ?? '';
}

function disabledInActiveDirectory(entry: Entry): boolean {
  const flags = Number(first(entry, 'userAccountControl'));
  return Number.isInteger(flags) && (flags & AD_ACCOUNT_DISABLED) !== 0;
}
