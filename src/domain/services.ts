import type { Db } from '../db/schema.js';
import { type Clock, DAY_MS } from '../lib/clock.js';
import {
  ADDRESS_LIMITS,
  LoginThrottle,
  type ThrottleLimits,
  USER_LIMITS,
} from './sessions/login-throttle.js';
import { SessionsService } from './sessions/service.js';
import { TokensService } from './tokens/service.js';
import { UsersService } from './users/service.js';

/** Every service of one server, built once over one database; routes reach them as `app.services`. */
export interface Services {
  users: UsersService;
  sessions: SessionsService;
  tokens: TokensService;
}

export interface ServiceOptions {
  clock: Clock;
  sessionTtlDays: number;
  throttleLimits?: { user: ThrottleLimits; address: ThrottleLimits };
}

export function createServices(db: Db, options: ServiceOptions): Services {
  const throttle = new LoginThrottle(
    options.throttleLimits ?? { user: USER_LIMITS, address: ADDRESS_LIMITS },
  );
  return {
    users: new UsersService(db, options.clock),
    sessions: new SessionsService(db, options.clock, throttle, options.sessionTtlDays * DAY_MS),
    tokens: new TokensService(db, options.clock),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}
