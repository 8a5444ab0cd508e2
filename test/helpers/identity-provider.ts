import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person known to the test identity provider: the claims it gives about them (`sub` is the login). */
export type TestAccount = Record<string, unknown>;

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People who can sign in, by login; change it at will between logins. */
  accounts: Map<string, TestAccount>;
  /**
   * Follows `authorizeUrl` through the provider's login and consent pages as a browser would (cookies,
   * redirects, the two forms) and answers the URL it finally sends the browser to: the callback.
   */
  signIn(authorizeUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (npm oidc-provider) on a free port of 127.0.0.1: discovery, the code
 * flow with PKCE required, signed ID tokens, userinfo, its development login and consent pages (any
 * password), one confidential client for `redirectUris`. The `groups` claim comes with the profile scope.
 */
export async function startIdentityProvider(redirectUris: string[]): Promise<TestIdentityProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'rdconsole';
  const clientSecret = randomBytes(16).toString('hex');
  const accounts = new Map<string, TestAccount>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'groups'],
    },
    findAccount: async (_context: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: async () => ({ sub: id, ...account }) } : undefined;
    },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    cookies: { keys: [randomBytes(16).toString('hex')] },
  });
  provider.on('server_error', () => {});
  // Its development pages load a web font from Google; the tests' browsers may ask nothing of the internet.
  provider.use(async (context, next) => {
    await next();
    if (typeof context.body === 'string') {
      context.body = context.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);/g, '');
    }
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signIn: (authorizeUrl, login) => browse(authorizeUrl, login, redirectUris),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A cookie jar and redirects by hand: what a browser does between the authorize URL and the callback. */
async function browse(start: string, login: string, redirectUris: string[]): Promise<URL> {
  const cookies = new Map<string, string>();
  const request = async (url: URL, form?: Record<string, string>) => {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };

  let url = new URL(start);
  let response = await request(url);
  for (let step = 0; step < 20; step++) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location') ?? '', url);
      if (redirectUris.some((uri) => url.href.startsWith(uri))) return url;
      response = await request(url);
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (response.status !== 200 || !action || !prompt) {
      throw new Error(`the identity provider answered ${response.status}: ${page.slice(0, 500)}`);
    }
    url = new URL(action.replaceAll('&amp;', '&'), url);
    response = await request(url, prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
  }
  throw new Error('the identity provider never sent the browser back');
}
