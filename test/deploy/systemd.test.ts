import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deployFile, ROOT, runTool, SERVE_ENVIRONMENT } from './tools.js';

const UNIT = deployFile('rdconsole.service');

/** The unit's directives: name → every value given (comments and section headers left out). */
function directives(unit: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of unit.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    found.set(match[1], [...(found.get(match[1]) ?? []), match[2] ?? '']);
  }
  return found;
}

describe('deploy/rdconsole.service', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-unit-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  /** The unit with ExecStart pointing at this machine's Node.js and this checkout, as installed. */
  function installedCopy(): string {
    const unit = UNIT.replace(
      /^ExecStart=\/usr\/bin\/node \/opt\/rdconsole\/bin\/rdconsole\.js serve$/m,
      `ExecStart=${process.execPath} ${path.join(ROOT, 'bin/rdconsole.js')} serve`,
    );
    expect(unit).not.toBe(UNIT);
    const file = path.join(folder, 'rdconsole.service');
    fs.writeFileSync(file, unit);
    return file;
  }

  it('passes systemd-analyze verify without a single warning (an unknown or misspelt directive is one)', () => {
    const verify = runTool('systemd-analyze', ['verify', installedCopy()]);
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
    // The check is real: a misspelt directive and a missing program are reported.
    const broken = path.join(folder, 'broken.service');
    fs.writeFileSync(
      broken,
      UNIT.replace('NoNewPrivileges=', 'NoNewPrivilege=').replace('/usr/bin/node', '/nonexistent'),
    );
    const refused = runTool('systemd-analyze', ['verify', broken]);
    expect(refused.stderr).toContain("Unknown key 'NoNewPrivilege'");
    expect(refused.status).not.toBe(0);
  });

  it('is hardened: systemd-analyze security rates its exposure at most 2.0 of 10', () => {
    const security = runTool('systemd-analyze', [
      'security',
      '--offline=yes',
      '--threshold=20',
      installedCopy(),
    ]);
    expect(security.stdout).toMatch(/Overall exposure level for rdconsole\.service: [01]\.\d/);
    expect(security.status).toBe(0);
  });

  it('runs as its own user with a private state folder, and leaves V8 its JIT', () => {
    const unit = directives(UNIT);
    expect(unit.get('User')).toEqual(['rdconsole']);
    expect(unit.get('StateDirectory')).toEqual(['rdconsole']);
    expect(unit.get('Environment')).toContain('RDCONSOLE_DATA_DIR=/var/lib/rdconsole');
    for (const [name, value] of Object.entries({
      NoNewPrivileges: 'yes',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      CapabilityBoundingSet: '',
      RestrictAddressFamilies: 'AF_INET AF_INET6 AF_UNIX',
    })) {
      expect(unit.get(name), name).toEqual([value]);
    }
    expect(unit.get('SystemCallFilter')).toContain('@system-service');
    // V8 compiles JavaScript into memory it then runs: MemoryDenyWriteExecute would kill Node.js.
    expect(unit.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('names only environment variables that rdconsole reads', () => {
    const named = [...UNIT.matchAll(/\b(RDCONSOLE_[A-Z_]+|DATABASE_URL)\b/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(3);
    for (const name of named) expect(SERVE_ENVIRONMENT, name).toContain(name);
  });
});
