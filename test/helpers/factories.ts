import type { Db } from '../../src/db/schema.js';
import { findUserGroupByName } from '../../src/domain/user-groups/repository.js';
import { insertUser } from '../../src/domain/users/repository.js';
import { DEFAULT_GROUP_NAME } from '../../src/domain/users/service.js';
import { uuidv7 } from '../../src/lib/ids.js';
import { hashPassword } from '../../src/lib/passwords.js';

/**
 * Factories insert rows straight into the database, for tests of areas whose management API
 * comes later. Each returns the new row's id.
 */
export async function createUser(
  db: Db,
  user: { name: string; password: string; isAdmin?: boolean; status?: number; groupId?: number },
): Promise<number> {
  const groupId = user.groupId ?? (await findUserGroupByName(db, DEFAULT_GROUP_NAME))?.id;
  if (groupId === undefined) throw new Error('bootstrap first');
  const now = Date.now();
  return insertUser(db, {
    guid: uuidv7(),
    name: user.name,
    display_name: '',
    email: '',
    note: '',
    password_hash: await hashPassword(user.password),
    is_admin: user.isAdmin ? 1 : 0,
    status: user.status ?? 1,
    group_id: groupId,
    created_at: now,
    updated_at: now,
  });
}

export async function createUserGroup(db: Db, name: string): Promise<number> {
  const now = Date.now();
  const row = await db
    .insertInto('user_groups')
    .values({ guid: uuidv7(), name, note: '', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createDeviceGroup(db: Db, name: string): Promise<number> {
  const now = Date.now();
  const row = await db
    .insertInto('device_groups')
    .values({ guid: uuidv7(), name, note: '', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createDevice(
  db: Db,
  device: {
    peerId: string;
    uuid?: string;
    userId?: number | null;
    deviceGroupId?: number | null;
    status?: number;
    hostname?: string;
    username?: string;
    os?: string;
    version?: string;
    note?: string;
    /** Epoch ms; now when absent. */
    createdAt?: number;
    lastOnline?: number | null;
  },
): Promise<number> {
  const now = device.createdAt ?? Date.now();
  const row = await db
    .insertInto('devices')
    .values({
      guid: uuidv7(),
      peer_id: device.peerId,
      uuid: device.uuid ?? `uuid-${device.peerId}`,
      status: device.status ?? 1,
      user_id: device.userId ?? null,
      device_group_id: device.deviceGroupId ?? null,
      note: device.note ?? '',
      hostname: device.hostname ?? `host-${device.peerId}`,
      username: device.username ?? 'user',
      os: device.os ?? 'windows / Windows 11 Pro - 11 (22631)',
      cpu: '',
      memory: '',
      version: device.version ?? '1.4.9',
      created_at: now,
      updated_at: now,
      last_online: device.lastOnline ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A cross-group access edge: `from` (a user group or a user) may reach `to` (a user group or a device group). */
export async function createGroupAccess(
  db: Db,
  edge: { fromUserGroupId?: number; fromUserId?: number; toUserGroupId?: number; toDeviceGroupId?: number },
): Promise<void> {
  await db
    .insertInto('group_access')
    .values({
      from_user_group_id: edge.fromUserGroupId ?? null,
      from_user_id: edge.fromUserId ?? null,
      to_user_group_id: edge.toUserGroupId ?? null,
      to_device_group_id: edge.toDeviceGroupId ?? null,
      created_at: Date.now(),
    })
    .execute();
}

/** A shared address book; its owner is the bootstrap administrator unless given. */
export async function createSharedBook(
  db: Db,
  book: { name: string; ownerId?: number; password?: string; note?: string },
): Promise<{ id: number; guid: string }> {
  const ownerId =
    book.ownerId ??
    (await db.selectFrom('users').select('id').where('name', '=', 'admin').executeTakeFirstOrThrow()).id;
  const now = Date.now();
  return db
    .insertInto('address_books')
    .values({
      guid: uuidv7(),
      name: book.name,
      note: book.note ?? '',
      owner_id: ownerId,
      personal: 0,
      password: book.password ?? '',
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'guid'])
    .executeTakeFirstOrThrow();
}

/** A row of the settings table as the server stored it (e.g. to check what is sealed). */
export async function storedSetting(db: Db, key: string): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.value) as Record<string, unknown>;
}
