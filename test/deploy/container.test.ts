import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collect, freePort, spawnRdconsole, waitForOutput } from '../helpers/cli.js';
import { deployFile, ROOT, SERVE_ENVIRONMENT } from './tools.js';

/**
 * No image is built here: this machine reaches no container registry, so neither Docker nor podman
 * can pull node:24-bookworm-slim or rustdesk/rustdesk-server. What can be checked without them is.
 */

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments left out, by build stage. */
function stages(dockerfile: string): Instruction[][] {
  const joined = dockerfile.replace(/\s*\\\n\s*/g, ' ');
  const result: Instruction[][] = [];
  for (const line of joined.split('\n')) {
    const match = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (!match?.[1] || match[2] === undefined) continue;
    if (match[1] === 'FROM') result.push([]);
    result.at(-1)?.push({ keyword: match[1], args: match[2].trim() });
  }
  return result;
}

describe('deploy/Dockerfile', () => {
  const [build = [], runtime = []] = stages(deployFile('Dockerfile'));
  const args = (stage: Instruction[], keyword: string) =>
    stage.filter((i) => i.keyword === keyword).map((i) => i.args);

  it('builds in one stage and runs the compiled code with production dependencies only in another', () => {
    expect(args(build, 'FROM')[0]).toMatch(/^node:\d+\S* AS build$/);
    expect(args(build, 'RUN').join('\n')).toMatch(/npm ci[\s\S]*npm run build && npm prune --omit=dev/);
    expect(args(runtime, 'FROM')[0]).toMatch(/^node:\d+/);
    expect(args(runtime, 'COPY').map((a) => a.split(' ')[2])).toEqual([
      './',
      './bin',
      './dist',
      './node_modules',
    ]);
    expect(args(runtime, 'ENV').join(' ')).toContain('RDCONSOLE_DATA_DIR=/data');
  });

  it('runs as an unprivileged user, with the data in a volume, on port 21114', () => {
    const user = args(runtime, 'USER');
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    const keywords = runtime.map((i) => i.keyword);
    expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('ENTRYPOINT'));
    expect(args(runtime, 'VOLUME')).toEqual(['["/data"]']);
    expect(args(runtime, 'EXPOSE')).toEqual(['21114']);
    expect(JSON.parse(args(runtime, 'ENTRYPOINT')[0] ?? '')).toEqual(['node', 'bin/rdconsole.js']);
    expect(JSON.parse(args(runtime, 'CMD')[0] ?? '')).toEqual(['serve']);
  });

  it('leaves out of the build context what the image must not hold', () => {
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.git', '*.sqlite3', 'secret.key']) {
      expect(ignored).toContain(entry);
    }
  });

  describe('its HEALTHCHECK, run with Node.js as the container would', () => {
    const healthcheck = args(runtime, 'HEALTHCHECK')[0] ?? '';
    const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-health-'));
    afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

    const check = (port: number) =>
      promisify(execFile)(process.execPath, command.slice(1), {
        env: { ...process.env, RDCONSOLE_PORT: String(port) },
      }).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );

    it('succeeds while rdconsole answers GET /api/health, and fails when nothing answers', async () => {
      expect(command[0]).toBe('node');
      expect(healthcheck).toMatch(/^--interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+ CMD /);
      const port = await freePort();
      const server = spawnRdconsole(['serve', '--host', '127.0.0.1'], {
        RDCONSOLE_DATA_DIR: folder,
        RDCONSOLE_PORT: String(port),
      });
      const finished = collect(server);
      try {
        // A start through tsx on a busy 2-core machine can take longer than the default wait.
        await waitForOutput(server, /listening on/, 45_000);
        expect(await check(port)).toBe(0);
      } finally {
        server.kill('SIGTERM');
        expect((await finished).code).toBe(0);
      }
      expect(await check(port)).toBe(1);
    }, 90_000);
  });
});

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
}

describe('deploy/compose.yaml', () => {
  const compose = parse(deployFile('compose.yaml')) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
  };
  const { hbbs = {}, hbbr = {}, rdconsole = {} } = compose.services;
  /** Where each named volume is mounted in a service: volume → [path, options]. */
  const mounts = (service: ComposeService) =>
    new Map((service.volumes ?? []).map((v) => [v.split(':')[0], v.split(':').slice(1)] as const));
  /** The container ports a service publishes, as "port" or "port/udp". */
  const published = (service: ComposeService) => (service.ports ?? []).map((p) => p.split(':').at(-1));

  it('runs hbbs, hbbr and rdconsole, on the ports RustDesk documents', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['hbbr', 'hbbs', 'rdconsole']);
    expect(hbbs.image).toMatch(/^rustdesk\/rustdesk-server:/);
    expect(hbbr.image).toBe(hbbs.image);
    expect(hbbs.command?.[0]).toBe('hbbs');
    expect(hbbr.command?.[0]).toBe('hbbr');
    expect(published(hbbs)).toEqual(['21115', '21116', '21116/udp', '21118']);
    expect(published(hbbr)).toEqual(['21117', '21119']);
    expect(published(rdconsole)).toEqual(['21114']);
  });

  it('builds rdconsole from deploy/Dockerfile with its data in a volume', () => {
    const context = path.resolve(ROOT, 'deploy', rdconsole.build?.context ?? '');
    expect(context).toBe(ROOT);
    expect(fs.existsSync(path.join(context, rdconsole.build?.dockerfile ?? ''))).toBe(true);
    expect(mounts(rdconsole).get('rdconsole-data')).toEqual(['/data']);
  });

  it("shares hbbs's key with hbbr and, read-only, with rdconsole, which reads it with --hbbs-key-file", () => {
    expect(mounts(hbbs).get('./rustdesk-data')).toEqual(['/root']);
    expect(mounts(hbbr).get('./rustdesk-data')).toEqual(['/root']);
    const [where, mode] = mounts(rdconsole).get('./rustdesk-data') ?? [];
    expect(mode).toBe('ro');
    expect(rdconsole.environment?.RDCONSOLE_HBBS_KEY_FILE).toBe(`${where}/id_ed25519.pub`);
    expect(Object.keys(compose.volumes)).toEqual(['rdconsole-data']);
    // hbbs's private key must stay out of images built from the repository and out of git.
    expect(fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')).toContain('deploy/rustdesk-data');
    expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8')).toContain('deploy/rustdesk-data/');
  });

  it('gives clients the relay that hbbs gets with -r', () => {
    const relay = hbbs.command?.[hbbs.command.indexOf('-r') + 1] ?? '';
    expect(relay).toMatch(/^\$\{RUSTDESK_HOST:\?[^}]+\}:21117$/);
    expect(rdconsole.environment?.RDCONSOLE_RELAY_SERVERS).toMatch(/^\$\{RUSTDESK_HOST\}:21117$/);
  });

  it('names only environment variables that rdconsole reads', () => {
    for (const name of Object.keys(rdconsole.environment ?? {}))
      expect(SERVE_ENVIRONMENT, name).toContain(name);
  });
});
