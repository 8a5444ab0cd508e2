import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const WEB_DIR = path.dirname(fileURLToPath(import.meta.url));
/** The server serves the console from here (src/http/static.ts). */
const OUT_DIR = path.resolve(WEB_DIR, '../dist/web');
const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

/**
 * Writes .gz and .br copies of the larger files beside them, so that the server can send the
 * compressed bytes without compressing on every request.
 */
function precompress(): Plugin {
  const gzipAsync = promisify(gzip);
  const brotliAsync = promisify(brotliCompress);
  return {
    name: 'rdconsole-precompress',
    apply: 'build',
    async closeBundle() {
      const files = (await readdir(OUT_DIR, { recursive: true })).filter((f) => COMPRESSIBLE.test(f));
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(OUT_DIR, file);
          const content = await readFile(full);
          if (content.length < 1024) return;
          await writeFile(`${full}.gz`, await gzipAsync(content, { level: 9 }));
          await writeFile(
            `${full}.br`,
            await brotliAsync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
          );
        }),
      );
    },
  };
}

export default defineConfig({
  root: WEB_DIR,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: OUT_DIR,
    // The browser tests rebuild while other test files' pages are open: they keep the old hashed
    // files so that a page loaded from the previous index.html still finds its lazy chunks.
    emptyOutDir: process.env.RDCONSOLE_KEEP_OLD_ASSETS !== '1',
    target: 'es2022',
    // antd is one large library; its chunk is cached for a year (hashed name), so allow it.
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          if (/node_modules\/(i18next|react-i18next|@tanstack)\//.test(id)) return 'libs';
          return undefined;
        },
      },
    },
  },
  // `npx vite web` for development: the API comes from a server started with `npm run dev`.
  server: { proxy: { '/api': 'http://127.0.0.1:21114' } },
});
