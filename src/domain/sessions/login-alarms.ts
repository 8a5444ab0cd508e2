import type { Db } from '../../db/schema.js';
import { HOUR_MS, MINUTE_MS } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { insertAlarmAudit } from '../audits/repository.js';

/** Server Pro's alarm types for logins (ALARM_TYPE_NAMES): over 30 in a row (until the user name logs in)… */
const CONSECUTIVE = { typ: 3, count: 31, windowMs: null } as const;
/** …and `count` failures within `windowMs`: several within one minute, many within one hour. */
const RULES = [
  CONSECUTIVE,
  { typ: 4, count: 6, windowMs: MINUTE_MS },
  { typ: 5, count: 20, windowMs: HOUR_MS },
] as const;
const LONGEST_WINDOW_MS = Math.max(...RULES.map((rule) => rule.windowMs ?? 0));
/** The most recent failure times a tally needs to keep: the largest count with a window. */
const KEPT_TIMES = Math.max(...RULES.map((rule) => (rule.windowMs === null ? 0 : rule.count)));
const MAX_TALLIES = 100_000;

interface Tally {
  consecutive: number;
  /** The times of the last KEPT_TIMES failures, oldest first. */
  times: number[];
  /** The alarm types this key is over now: recorded when crossed, not again until it falls below. */
  raised: Set<number>;
}

/**
 * Counts failed logins per user name and per address in memory (a restart forgets them) and says when
 * one of them crosses an alarm's threshold, so that each crossing is recorded once.
 */
export class LoginAlarms {
  private readonly tallies = new Map<string, Tally>();

  /** A failed login (a wrong password, or refused by the throttle): the alarm types it newly crosses. */
  failed(username: string, address: string, now: number): number[] {
    if (this.tallies.size > MAX_TALLIES) this.sweep(now);
    const crossed = new Set<number>();
    for (const key of [userKey(username), `a:${address}`]) {
      let tally = this.tallies.get(key);
      if (!tally) {
        tally = { consecutive: 0, times: [], raised: new Set() };
        this.tallies.set(key, tally);
      }
      tally.consecutive += 1;
      tally.times.push(now);
      if (tally.times.length > KEPT_TIMES) tally.times.shift();
      for (const rule of RULES) {
        const { windowMs } = rule;
        const reached =
          windowMs === null
            ? tally.consecutive >= rule.count
            : tally.times.filter((time) => now - time < windowMs).length >= rule.count;
        if (!reached) tally.raised.delete(rule.typ);
        else if (!tally.raised.has(rule.typ)) {
          tally.raised.add(rule.typ);
          crossed.add(rule.typ);
        }
      }
    }
    return [...crossed].sort();
  }

  /** A login that succeeded ends the user name's run (not the address's: one known account must not reset it). */
  succeeded(username: string): void {
    const tally = this.tallies.get(userKey(username));
    if (!tally) return;
    tally.consecutive = 0;
    tally.raised.delete(CONSECUTIVE.typ);
  }

  /** Records the alarms a failed login crossed, with the address and the user name tried. */
  async record(db: Db, username: string, address: string, now: number): Promise<void> {
    for (const typ of this.failed(username, address, now)) {
      await insertAlarmAudit(db, {
        guid: uuidv7(now),
        device_peer_id: '',
        typ,
        conn_id: 0,
        ip: address,
        info: JSON.stringify({ ip: address, name: username }),
        created_at: now,
      });
    }
  }

  private sweep(now: number): void {
    for (const [key, tally] of this.tallies) {
      const last = tally.times.at(-1) ?? 0;
      if (now - last > LONGEST_WINDOW_MS) this.tallies.delete(key);
    }
  }
}

const userKey = (username: string) => `u:${username.toLowerCase()}`;
