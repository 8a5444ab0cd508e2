import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({}, {})).toEqual({
      port: 21114,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      logLevel: 'info',
      sessionTtlDays: 30,
      trustProxy: false,
      newDevicesPerHour: 1000,
      auditsPerMinute: 600,
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      RDCONSOLE_PORT: '21200',
      RDCONSOLE_HOST: '127.0.0.1',
      RDCONSOLE_DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rd',
      RDCONSOLE_LOG_LEVEL: 'warn',
      RDCONSOLE_SESSION_TTL_DAYS: '7',
      RDCONSOLE_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8',
      RDCONSOLE_NEW_DEVICES_PER_HOUR: '50',
      RDCONSOLE_AUDITS_PER_MINUTE: '0',
    };
    expect(loadConfig({}, env)).toEqual({
      port: 21200,
      host: '127.0.0.1',
      dataDir: '/tmp/x',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/rd',
      logLevel: 'warn',
      sessionTtlDays: 7,
      trustProxy: ['10.0.0.1', '10.0.0.0/8'],
      newDevicesPerHour: 50,
      auditsPerMinute: 0,
    });
    expect(
      loadConfig(
        { port: '21300', 'data-dir': '/tmp/y', 'new-devices-per-hour': '5', 'audits-per-minute': '7' },
        env,
      ),
    ).toMatchObject({ port: 21300, dataDir: '/tmp/y', newDevicesPerHour: 5, auditsPerMinute: 7 });
  });

  it.each([
    [{ port: '0' }, '--port must be an integer from 1 to 65535'],
    [{ port: '70000' }, '--port must be an integer from 1 to 65535'],
    [{ port: 'abc' }, '--port must be an integer from 1 to 65535'],
    [{ 'log-level': 'loud' }, '--log-level must be one of'],
    [{ 'database-url': 'mysql://x' }, '--database-url must start with postgres://'],
    [{ 'session-ttl-days': '0' }, '--session-ttl-days must be an integer'],
    [{ host: 'a b' }, '--host must be an address'],
    [{ 'new-devices-per-hour': '-1' }, '--new-devices-per-hour must be an integer from 0 to 1000000'],
    [{ 'audits-per-minute': 'many' }, '--audits-per-minute must be an integer from 0 to 1000000'],
  ])('rejects %o with one clear line', (flags, message) => {
    expect(() => loadConfig(flags, {})).toThrow(ConfigError);
    expect(() => loadConfig(flags, {})).toThrow(message);
  });
});
