import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, runnerImport } from 'vite';

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

/** The theme files of antd's static styles (web/src/app/antd-static-style.ts), by `${theme}-${motion}`. */
const ANTD_STYLES_MODULE = 'virtual:antd-styles';
/** The variant that index.html links: the light theme with motion, what a first visit shows. */
const DEFAULT_ANTD_STYLE = 'light-motion';

/**
 * Writes antd's styles for each theme of the console into CSS files (web/src/app/antd-static-style.ts) and
 * links the default one from index.html, before the scripts. `virtual:antd-styles` gives main.tsx the
 * files' addresses, for a browser whose preferences start it in another theme. Not in development:
 * there antd computes its styles in the browser as it always can.
 */
function antdStyles(): Plugin {
  const resolved = `\0${ANTD_STYLES_MODULE}`;
  let defaultRef = '';
  return {
    name: 'rdconsole-antd-styles',
    resolveId(id) {
      return id === ANTD_STYLES_MODULE ? resolved : undefined;
    },
    async load(id) {
      if (id !== resolved) return undefined;
      if (this.environment.mode !== 'build') return 'export default {};';
      // Run through Vite (it is TypeScript and imports antd), outside the server's type check.
      const { module } = await runnerImport<{
        antdStaticStyle(options: { dark: boolean; motion: boolean }): string;
      }>(path.join(WEB_DIR, 'src/app/antd-static-style.ts'), {
        configFile: false,
        root: WEB_DIR,
        logLevel: 'error',
      });
      const { antdStaticStyle } = module;
      const entries: string[] = [];
      for (const dark of [false, true]) {
        for (const motion of [true, false]) {
          const key = `${dark ? 'dark' : 'light'}-${motion ? 'motion' : 'still'}`;
          const ref = this.emitFile({
            type: 'asset',
            name: `antd-${key}.css`,
            source: antdStaticStyle({ dark, motion }),
          });
          if (key === DEFAULT_ANTD_STYLE) defaultRef = ref;
          entries.push(`${JSON.stringify(key)}: import.meta.ROLLUP_FILE_URL_${ref}`);
        }
      }
      return `export default {${entries.join(', ')}};`;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (!context.bundle || !defaultRef) return html;
        const file = Object.values(context.bundle).find(
          (output) => output.type === 'asset' && output.names.includes(`antd-${DEFAULT_ANTD_STYLE}.css`),
        );
        if (!file) throw new Error(`antd-${DEFAULT_ANTD_STYLE}.css is missing from the build`);
        // Before the scripts and the console's own styles (which then win over antd's where both apply).
        const link = `<link rel="stylesheet" href="/${file.fileName}" data-antd-style="${DEFAULT_ANTD_STYLE}">\n    `;
        const at = html.indexOf('<script type="module"');
        if (at < 0) throw new Error('index.html has no module script');
        return html.slice(0, at) + link + html.slice(at);
      },
    },
  };
}

export default defineConfig({
  root: WEB_DIR,
  base: '/',
  plugins: [react(), antdStyles(), precompress()],
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
