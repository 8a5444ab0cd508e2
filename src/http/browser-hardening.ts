import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every answer (the console, the API reference and API JSON alike): a Content
 * Security Policy that runs only the server's own scripts, no framing (clickjacking), no MIME sniffing
 * and no referrer. The console and Swagger UI at /api/docs load nothing from other hosts and have no
 * inline script, so one policy fits both.
 */
export async function registerBrowserHardening(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // The two-factor QR code and Swagger UI's icons are data: images.
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // antd (CSS-in-JS) inserts <style> elements and sets style attributes at run time, as does
        // Swagger UI; styles cannot run code, scripts stay 'self' only.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Not upgrade-insecure-requests: rdconsole is often reached over plain HTTP on a LAN, where
        // upgrading the console's own requests to https would break it.
      },
    },
    // HSTS belongs to whoever terminates TLS (a reverse proxy); rdconsole itself speaks HTTP.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
