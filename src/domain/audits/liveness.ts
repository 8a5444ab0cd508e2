import type { PresenceTracker } from '../devices/presence.js';

/** What the heartbeat tells about a device's connections, kept in memory by the presence tracker. */
export type ConnectionPresence = Pick<PresenceTracker, 'isOnline' | 'get'>;

/**
 * A connection is live while its record is open, its device is online and lists the connection's id in
 * its heartbeat. Conn ids restart with the device process, so an open record that a newer record of
 * the same id superseded (its close was lost) is not the connection the device means.
 */
export function isConnectionLive(
  presence: ConnectionPresence,
  record: { device_peer_id: string; conn_id: number; end_time: number | null; superseded: boolean },
): boolean {
  if (record.end_time !== null || record.superseded) return false;
  if (!presence.isOnline(record.device_peer_id)) return false;
  return presence.get(record.device_peer_id)?.conns.includes(record.conn_id) ?? false;
}
