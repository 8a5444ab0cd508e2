import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ldapts';

/**
 * A real OpenLDAP server (Debian's slapd) for the LDAP tests: a temporary mdb directory under
 * dc=example,dc=com, started as the current user on a free port of 127.0.0.1 with the memberof
 * overlay, and stopped by `stop`. The `.ci/run` script installs slapd when it is missing.
 */
export const SUFFIX = 'dc=example,dc=com';
export const ADMIN_DN = `cn=admin,${SUFFIX}`;
export const ADMIN_PASSWORD = 'directory-secret';
export const PEOPLE = `ou=people,${SUFFIX}`;
export const GROUPS = `ou=groups,${SUFFIX}`;

export interface Slapd {
  url: string;
  port: number;
  /** A connection bound as the directory's administrator, to change entries during a test. */
  admin(): Promise<Client>;
  stop(): Promise<void>;
}

export interface DirectoryPerson {
  uid: string;
  password: string;
  mail?: string;
  displayName?: string;
}

const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, process: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (process.exitCode !== null) throw new Error(`slapd exited with ${process.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('slapd did not start listening');
}

export function personLdif(person: DirectoryPerson): string {
  return [
    `dn: uid=${person.uid},${PEOPLE}`,
    'objectClass: inetOrgPerson',
    `uid: ${person.uid}`,
    `cn: ${person.displayName ?? person.uid}`,
    `sn: ${person.uid}`,
    ...(person.displayName ? [`displayName: ${person.displayName}`] : []),
    ...(person.mail ? [`mail: ${person.mail}`] : []),
    `userPassword: ${person.password}`,
    '',
  ].join('\n');
}

/** Starts slapd with the base entries and these people loaded (slapadd, before it starts). */
export async function startSlapd(people: DirectoryPerson[]): Promise<Slapd> {
  const dir = await mkdtemp(join(tmpdir(), 'rdconsole-slapd-'));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const config = join(dir, 'slapd.conf');
  await writeFile(
    config,
    [
      ...SCHEMAS.map((schema) => `include /etc/ldap/schema/${schema}.schema`),
      `pidfile ${join(dir, 'slapd.pid')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload memberof',
      'database mdb',
      `suffix "${SUFFIX}"`,
      `rootdn "${ADMIN_DN}"`,
      `rootpw ${ADMIN_PASSWORD}`,
      `directory ${dataDir}`,
      'maxsize 10485760',
      'overlay memberof',
      'memberof-group-oc groupOfNames',
      'memberof-member-ad member',
      'memberof-memberof-ad memberOf',
      'memberof-refint true',
      'access to attrs=userPassword by anonymous auth by self write by * none',
      'access to * by * read',
      '',
    ].join('\n'),
  );
  const ldif = [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n`,
    `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ${GROUPS}\nobjectClass: organizationalUnit\nou: groups\n`,
    ...people.map(personLdif),
  ].join('\n');
  const ldifFile = join(dir, 'base.ldif');
  await writeFile(ldifFile, ldif);
  await promisify(execFile)('/usr/sbin/slapadd', ['-f', config, '-l', ldifFile]);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const slapd = spawn('/usr/sbin/slapd', ['-f', config, '-h', `${url}/`, '-d', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await waitForPort(port, slapd);
  return {
    url,
    port,
    async admin() {
      const client = new Client({ url, timeout: 5000 });
      await client.bind(ADMIN_DN, ADMIN_PASSWORD);
      return client;
    },
    async stop() {
      if (slapd.exitCode === null) {
        const exited = new Promise((resolve) => slapd.once('exit', resolve));
        slapd.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Adds a groupOfNames (the memberof overlay then gives its members memberOf). */
export async function addGroup(slapd: Slapd, cn: string, memberUids: string[]): Promise<void> {
  const client = await slapd.admin();
  try {
    await client.add(`cn=${cn},${GROUPS}`, {
      objectClass: 'groupOfNames',
      cn,
      member: memberUids.map((uid) => `uid=${uid},${PEOPLE}`),
    });
  } finally {
    await client.unbind();
  }
}

/** Adds a person while slapd runs (a new entry: slapd gives it a new entryUUID). */
export async function addPerson(slapd: Slapd, person: DirectoryPerson): Promise<void> {
  const client = await slapd.admin();
  try {
    await client.add(`uid=${person.uid},${PEOPLE}`, {
      objectClass: 'inetOrgPerson',
      uid: person.uid,
      cn: person.uid,
      sn: person.uid,
      userPassword: person.password,
    });
  } finally {
    await client.unbind();
  }
}
