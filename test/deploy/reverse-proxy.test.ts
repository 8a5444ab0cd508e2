import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, freePort, spawnRdconsole, waitForOutput } from '../helpers/cli.js';
import { deployFile, runTool } from './tools.js';

const HOST = 'rustdesk.example.com';
const HBBS_KEY = 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * deploy/nginx.conf run for real: nginx on free ports instead of 80 and 443, with a self-signed
 * certificate for rustdesk.example.com, in front of rdconsole started as the example says.
 */
describe('deploy/nginx.conf in front of rdconsole --trust-proxy', () => {
  let folder: string;
  let certificate: string;
  let httpsPort: number;
  let httpPort: number;
  let nginx: ChildProcess;
  let rdconsole: ChildProcess;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-nginx-'));
    const made = runTool('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${HOST}`,
      '-addext',
      `subjectAltName=DNS:${HOST}`,
      '-keyout',
      path.join(folder, 'key.pem'),
      '-out',
      path.join(folder, 'cert.pem'),
    ]);
    expect(made.status, made.stderr).toBe(0);
    certificate = fs.readFileSync(path.join(folder, 'cert.pem'), 'utf8');

    const keyFile = path.join(folder, 'id_ed25519.pub');
    fs.writeFileSync(keyFile, HBBS_KEY);
    const rdconsolePort = await freePort();
    rdconsole = spawnRdconsole(
      ['serve', '--host', '127.0.0.1', '--port', String(rdconsolePort), '--trust-proxy', '127.0.0.1'],
      {
        RDCONSOLE_DATA_DIR: path.join(folder, 'data'),
        RDCONSOLE_HBBS_KEY_FILE: keyFile,
        RDCONSOLE_RELAY_SERVERS: `${HOST}:21117`,
      },
    );
    await waitForOutput(rdconsole, /listening on/);

    httpsPort = await freePort();
    httpPort = await freePort();
    const site = deployFile('nginx.conf')
      .replaceAll(`/etc/letsencrypt/live/${HOST}/fullchain.pem`, path.join(folder, 'cert.pem'))
      .replaceAll(`/etc/letsencrypt/live/${HOST}/privkey.pem`, path.join(folder, 'key.pem'))
      .replaceAll('listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`)
      .replaceAll('listen 80;', `listen 127.0.0.1:${httpPort};`)
      .replaceAll(/^\s*listen \[::\].*$/gm, '')
      .replaceAll('http://127.0.0.1:21114', `http://127.0.0.1:${rdconsolePort}`)
      .replaceAll('https://$host$request_uri', `https://$host:${httpsPort}$request_uri`);
    fs.writeFileSync(path.join(folder, 'site.conf'), site);
    // The example is a server block for nginx's http block; this is the rest of an nginx.conf around it.
    fs.writeFileSync(
      path.join(folder, 'nginx.conf'),
      [
        'daemon off;',
        'master_process off;',
        `pid ${folder}/nginx.pid;`,
        `error_log ${folder}/error.log;`,
        'events {}',
        'http {',
        '  access_log off;',
        `  client_body_temp_path ${folder}/body;`,
        `  proxy_temp_path ${folder}/proxy;`,
        `  include ${folder}/site.conf;`,
        '}',
        '',
      ].join('\n'),
    );
    const nginxArgs = [
      '-p',
      folder,
      '-c',
      path.join(folder, 'nginx.conf'),
      '-e',
      path.join(folder, 'error.log'),
    ];
    const check = runTool('nginx', ['-t', ...nginxArgs]);
    expect(check.stderr).toContain('test is successful');
    expect(check.status).toBe(0);
    nginx = spawn('nginx', nginxArgs, { stdio: 'ignore' });
    await waitForPort(httpsPort);
  });

  afterAll(async () => {
    nginx?.kill('SIGQUIT');
    if (rdconsole) {
      const finished = collect(rdconsole);
      rdconsole.kill('SIGTERM');
      await finished;
    }
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** A request to https://rustdesk.example.com, reaching nginx on its test port. */
  function request(method: string, url: string, options: { body?: unknown; token?: string } = {}) {
    return new Promise<Answer>((resolve, reject) => {
      const headers: Record<string, string> = { host: HOST };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const req = https.request(
        { host: '127.0.0.1', port: httpsPort, servername: HOST, ca: certificate, method, path: url, headers },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
    });
  }

  it('answers GET /api/health over HTTPS', async () => {
    const health = await request('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('rdconsole sees https://rustdesk.example.com (the API server for clients) and the key hbbs made', async () => {
    const login = await request('POST', '/api/login', { body: { username: 'admin', password: 'test1234' } });
    expect(login.status).toBe(200);
    const token = JSON.parse(login.body).access_token as string;
    const dashboard = JSON.parse((await request('GET', '/api/dashboard', { token })).body);
    expect(dashboard).toMatchObject({
      api_server_hint: `https://${HOST}`,
      server_public_key: HBBS_KEY,
      relay_servers: [`${HOST}:21117`],
    });
  });

  it('sends plain http to https', async () => {
    // fetch() would not send another Host header.
    const location = await new Promise<string | undefined>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: httpPort, path: '/api/health', headers: { host: HOST } }, (res) => {
          expect(res.statusCode).toBe(301);
          res.resume();
          resolve(res.headers.location);
        })
        .on('error', reject);
    });
    expect(location).toBe(`https://${HOST}:${httpsPort}/api/health`);
  });
});

describe('deploy/Caddyfile', () => {
  const file = path.join(import.meta.dirname, '../../deploy/Caddyfile');
  // Caddy keeps state in the home folder, even when it only reads a configuration.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-caddy-'));
  const env = {
    HOME: home,
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
  };
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('is valid and formatted as caddy fmt writes it', () => {
    const validate = runTool('caddy', ['validate', '--config', file, '--adapter', 'caddyfile'], { env });
    expect(validate.stdout + validate.stderr).toContain('Valid configuration');
    expect(validate.status).toBe(0);
    const formatted = runTool('caddy', ['fmt', file], { env });
    expect(formatted.stdout).toBe(deployFile('Caddyfile'));
  });

  it('serves rustdesk.example.com over HTTPS by proxying to 127.0.0.1:21114', () => {
    const adapted = runTool('caddy', ['adapt', '--config', file, '--adapter', 'caddyfile'], { env });
    expect(adapted.status, adapted.stderr).toBe(0);
    const config = JSON.parse(adapted.stdout);
    const server = Object.values(config.apps.http.servers)[0] as {
      listen: string[];
      routes: { match: { host: string[] }[]; handle: unknown[] }[];
    };
    expect(server.listen).toEqual([':443']);
    expect(server.routes[0]?.match).toEqual([{ host: [HOST] }]);
    expect(JSON.stringify(server.routes[0]?.handle)).toContain('"upstreams":[{"dial":"127.0.0.1:21114"}]');
  });
});

/** Resolves once something accepts connections on the port. */
async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on port ${port}`);
}
