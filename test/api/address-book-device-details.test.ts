import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDevice,
  createDeviceGroup,
  createSharedBook,
  createUser,
  createUserGroup,
} from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A peer of a book shows the registered device's own names, platform and group only to callers who may
 * reach that device (src/domain/access/policy.ts). Anyone may type any RustDesk ID into a book, so
 * otherwise a member learns the hostname, user name, OS and device group of every registered device.
 */
describe('peers show device details only to those who may reach the device', () => {
  let t: TestApp;
  let admin: string;
  let alice: string;
  let shared: { id: number; guid: string };

  const FOREIGN = '900000001';
  const OWN = '900000002';
  /** What a book holds when its writer knows nothing of the device. */
  const stored = { username: '', hostname: '', platform: '', same_server: false, device_group_name: '' };
  const foreign = {
    same_server: true,
    hostname: 'bob-laptop',
    username: 'bob-windows',
    platform: 'Windows',
    device_group_name: 'Finance',
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    const finance = await createUserGroup(t.db, 'Finance users');
    const aliceId = await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    const bobId = await createUser(t.db, { name: 'bob', password: 'bob-pass', groupId: finance });
    alice = await t.login('alice', 'alice-pass');
    await createDevice(t.db, {
      peerId: FOREIGN,
      userId: bobId,
      hostname: 'bob-laptop',
      username: 'bob-windows',
      deviceGroupId: await createDeviceGroup(t.db, 'Finance'),
    });
    await createDevice(t.db, { peerId: OWN, userId: aliceId, hostname: 'alice-pc' });

    shared = await createSharedBook(t.db, { name: 'Everyone reads' });
    await t.db
      .insertInto('ab_rules')
      .values({
        guid: 'rule-everyone',
        ab_id: shared.id,
        user_id: null,
        user_group_id: null,
        rule: 1,
        created_at: 0,
      })
      .execute();
    for (const id of [FOREIGN, OWN]) {
      const added = await t.call('POST', `/api/ab/peer/add/${shared.guid}`, { token: admin, body: { id } });
      expect(added.statusCode, added.body).toBe(200);
    }
  });
  afterAll(() => t.close());

  const peers = async (token: string, guid: string) => {
    const response = await t.call('POST', `/api/ab/peers?ab=${guid}&current=1&pageSize=100`, { token });
    expect(response.statusCode, response.body).toBe(200);
    return new Map<string, Record<string, unknown>>(
      response.json().data.map((p: Record<string, unknown>) => [p.id, p]),
    );
  };
  const personalGuid = async (token: string): Promise<string> =>
    (await t.call('POST', '/api/ab/personal', { token })).json().guid;

  it('a reader of a shared book does not learn a foreign device’s details, but sees their own', async () => {
    const seen = await peers(alice, shared.guid);
    expect(seen.get(FOREIGN)).toMatchObject(stored);
    expect(seen.get(OWN)).toMatchObject({ same_server: true, hostname: 'alice-pc' });
  });

  it('typing a foreign ID into the personal book reveals nothing (new API and legacy pull)', async () => {
    const guid = await personalGuid(alice);
    const added = await t.call('POST', `/api/ab/peer/add/${guid}`, { token: alice, body: { id: FOREIGN } });
    expect(added.statusCode, added.body).toBe(200);
    expect((await peers(alice, guid)).get(FOREIGN)).toMatchObject(stored);

    const legacy = JSON.parse((await t.call('GET', '/api/ab', { token: alice })).json().data);
    expect(legacy.peers.find((p: { id: string }) => p.id === FOREIGN)).toMatchObject({
      hostname: '',
      username: '',
      platform: '',
    });
  });

  it('nor does the recycle bin', async () => {
    const guid = await personalGuid(alice);
    const deleted = await t.call('DELETE', `/api/ab/peer/${guid}`, { token: alice, body: [FOREIGN] });
    expect(deleted.statusCode, deleted.body).toBe(200);
    const bin = await t.call('GET', `/api/ab/recycle-bin/${guid}`, { token: alice });
    expect(bin.statusCode, bin.body).toBe(200);
    expect(bin.json().data[0]).toMatchObject({ id: FOREIGN, ...stored });
  });

  it('an administrator sees every device’s details', async () => {
    expect((await peers(admin, shared.guid)).get(FOREIGN)).toMatchObject(foreign);
  });
});
