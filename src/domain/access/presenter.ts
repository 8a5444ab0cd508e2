import type { ReachableDeviceRow } from './repository.js';

/**
 * A device as the client's Accessible devices tab reads it (client-api.md §9, PeerPayload).
 * `info` must be an object (§13 pitfall 8); the console's name overrides win over what sysinfo reported.
 */
export function presentAccessiblePeer(row: ReachableDeviceRow) {
  return {
    id: row.peer_id,
    info: {
      username: row.device_username !== '' ? row.device_username : row.username,
      os: row.os,
      device_name: row.device_name !== '' ? row.device_name : row.hostname,
    },
    status: row.status,
    user: row.owner_guid ?? '',
    user_name: row.owner_name ?? '',
    device_group_name: row.device_group_name ?? '',
    note: row.note,
  };
}

export type AccessiblePeer = ReturnType<typeof presentAccessiblePeer>;
