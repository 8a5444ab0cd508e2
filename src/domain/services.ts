import { sql } from 'kysely';
import type { Db } from '../db/schema.js';
import { type Clock, DAY_MS, HOUR_MS, MINUTE_MS } from '../lib/clock.js';
import { FixedWindowLimiter } from '../lib/rate-limiter.js';
import type { SecretKey } from '../lib/secret-box.js';
import { AccessService } from './access/service.js';
import { AccountLinksService } from './account-links/service.js';
import { AddressBooksService } from './address-books/service.js';
import { AlarmMailer } from './audits/alarm-mail.js';
import { AuditsService } from './audits/service.js';
import { CustomClientsService } from './custom-clients/service.js';
import { DashboardService } from './dashboard/service.js';
import { DeviceGroupsService } from './device-groups/service.js';
import { DeviceDirectory } from './devices/directory.js';
import { DeviceManagementService } from './devices/management.js';
import { PresenceTracker } from './devices/presence.js';
import { ProvisioningService } from './devices/provisioning.js';
import { DevicesService } from './devices/service.js';
import { LdapService } from './ldap/service.js';
import { MailService } from './mail/service.js';
import type { SmtpSettings } from './mail/smtp-settings.js';
import { OidcProvidersService } from './oidc/providers.js';
import { OidcLoginService } from './oidc/service.js';
import {
  ADDRESS_LIMITS,
  LoginThrottle,
  type ThrottleLimits,
  USER_LIMITS,
} from './sessions/login-throttle.js';
import { SessionsService } from './sessions/service.js';
import type { HbbsKeyFile } from './settings/hbbs-key-file.js';
import { SettingsService } from './settings/service.js';
import { SsoAccountsService } from './sso/accounts.js';
import { StrategiesService } from './strategies/service.js';
import { TfaService } from './tfa/service.js';
import { TokensService } from './tokens/service.js';
import { TrustedDevicesService } from './trusted-devices/service.js';
import { UserGroupsService } from './user-groups/service.js';
import { UsersService } from './users/service.js';

/** Every service of one server, built once over one database; routes reach them as `app.services`. */
export interface Services {
  clock: Clock;
  users: UsersService;
  sessions: SessionsService;
  tfa: TfaService;
  trustedDevices: TrustedDevicesService;
  tokens: TokensService;
  settings: SettingsService;
  addressBooks: AddressBooksService;
  audits: AuditsService;
  access: AccessService;
  presence: PresenceTracker;
  strategies: StrategiesService;
  devices: DevicesService;
  provisioning: ProvisioningService;
  /** The device cache of the heartbeat; anything that changes a device's assignments must tell it. */
  deviceDirectory: DeviceDirectory;
  userGroups: UserGroupsService;
  deviceGroups: DeviceGroupsService;
  deviceManagement: DeviceManagementService;
  dashboard: DashboardService;
  mail: MailService;
  accountLinks: AccountLinksService;
  customClients: CustomClientsService;
  /** The accounts LDAP and OIDC users sign in as. */
  ssoAccounts: SsoAccountsService;
  /** Settings → LDAP and the password logins it checks. */
  ldap: LdapService;
  /** Settings → OIDC. */
  oidcProviders: OidcProvidersService;
  /** Logins through an OIDC provider, for the console and RustDesk clients. */
  oidcLogins: OidcLoginService;
  alarmMail: AlarmMailer;
  /** Answers when the database answers a query (GET /api/health). */
  pingDatabase(): Promise<void>;
}

/** What one client address may do without credentials; 0 is no limit. */
export interface RateLimits {
  newDevicesPerHour: number;
  auditsPerMinute: number;
}

/** Generous for an office of a thousand machines behind one NAT address, yet bounded. */
export const DEFAULT_RATE_LIMITS: RateLimits = { newDevicesPerHour: 1000, auditsPerMinute: 600 };

/**
 * "Forgot password?": requests one client address may make per 15 minutes, and reset mails one account
 * gets per hour however many addresses ask.
 */
export const PASSWORD_RESET_LIMITS = { perAddress: 10, perAccount: 3 } as const;

export interface ServiceOptions {
  clock: Clock;
  sessionTtlDays: number;
  throttleLimits?: { user: ThrottleLimits; address: ThrottleLimits };
  rateLimits?: RateLimits;
  /** From --smtp-url: in force instead of Settings → SMTP. */
  smtp?: SmtpSettings | undefined;
  /** From --hbbs-key-file: the server key in force instead of Settings → Key. */
  hbbsKey?: HbbsKeyFile | undefined;
  /** From --relay-servers: in force instead of Settings → Relay. */
  relayServers?: string[] | undefined;
  /** Seals the secrets the server must read back (TOTP secrets, stored passwords); kept outside the database. */
  secretKey: SecretKey;
}

export function createServices(db: Db, options: ServiceOptions): Services {
  const throttle = new LoginThrottle(
    options.throttleLimits ?? { user: USER_LIMITS, address: ADDRESS_LIMITS },
  );
  const { clock } = options;
  const rateLimits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const settings = new SettingsService(db, clock, options.secretKey, {
    smtp: options.smtp,
    hbbsKey: options.hbbsKey,
    relayServers: options.relayServers,
  });
  const addressBooks = new AddressBooksService(db, clock, settings);
  const deviceDirectory = new DeviceDirectory(db);
  const presence = new PresenceTracker(db, clock);
  const strategies = new StrategiesService(db, clock, deviceDirectory);
  const access = new AccessService(db, settings);
  const tfa = new TfaService(db, clock, options.secretKey, throttle);
  const mail = new MailService(db, clock, settings);
  const trustedDevices = new TrustedDevicesService(db, clock, deviceDirectory, strategies);
  const tokens = new TokensService(db, clock);
  const ssoAccounts = new SsoAccountsService(db, clock);
  const ldap = new LdapService(db, clock, options.secretKey, ssoAccounts);
  const sessions = new SessionsService(
    db,
    clock,
    throttle,
    tfa,
    trustedDevices,
    mail,
    settings,
    options.sessionTtlDays * DAY_MS,
    ldap,
  );
  const oidcProviders = new OidcProvidersService(db, clock, options.secretKey);
  return {
    clock,
    dashboard: new DashboardService(db, clock, presence, settings),
    users: new UsersService(db, clock, deviceDirectory, throttle, settings, mail),
    sessions,
    tfa,
    trustedDevices,
    tokens,
    customClients: new CustomClientsService(db, clock, settings, tokens, options.secretKey),
    settings,
    addressBooks,
    audits: new AuditsService(
      db,
      clock,
      settings,
      presence,
      new FixedWindowLimiter(rateLimits.auditsPerMinute, MINUTE_MS, clock),
    ),
    access,
    presence,
    strategies,
    devices: new DevicesService(
      db,
      clock,
      deviceDirectory,
      presence,
      strategies,
      settings,
      addressBooks,
      new FixedWindowLimiter(rateLimits.newDevicesPerHour, HOUR_MS, clock),
    ),
    provisioning: new ProvisioningService(db, clock, deviceDirectory, settings, addressBooks),
    deviceDirectory,
    userGroups: new UserGroupsService(db, clock),
    deviceGroups: new DeviceGroupsService(db, clock, deviceDirectory),
    deviceManagement: new DeviceManagementService(
      db,
      clock,
      deviceDirectory,
      presence,
      addressBooks,
      settings,
    ),
    mail,
    alarmMail: new AlarmMailer(db, clock, settings, mail),
    pingDatabase: async () => {
      await sql`select 1`.execute(db);
    },
    accountLinks: new AccountLinksService(db, clock, settings, mail, {
      perAddress: new FixedWindowLimiter(PASSWORD_RESET_LIMITS.perAddress, 15 * MINUTE_MS, clock),
      perAccount: new FixedWindowLimiter(PASSWORD_RESET_LIMITS.perAccount, HOUR_MS, clock),
    }),
    ssoAccounts,
    ldap,
    oidcProviders,
    oidcLogins: new OidcLoginService(db, clock, options.secretKey, oidcProviders, ssoAccounts, sessions),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}
