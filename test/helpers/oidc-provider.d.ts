/** The little of npm oidc-provider (v9, untyped) the test identity provider uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    /** Koa's middleware: the provider is a Koa application. */
    use(middleware: (context: { body: unknown }, next: () => Promise<void>) => Promise<void>): this;
  }
  export type { Account };
}
