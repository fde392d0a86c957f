#!/usr/bin/env node
// Post-build step of the oauthkit package: `tsc` emits one .js per source module, and Node
// pays for every file it loads (~3 ms each on a loaded 2-core machine, 15 files for
// `oauthkit/oauth2`). So the `oauthkit/oauth2` entry is re-bundled with esbuild into one
// file plus the chunks it shares with its lazily loaded parts (grants, discovery, JWT client
// auth): `import('oauthkit/oauth2')` then reads 3 files instead of 15. `../errors.js` stays
// external so `instanceof` works across `oauthkit/errors` and `oauthkit/oauth2`; `jose`
// stays external and lazy. Not minified: apps minify; this keeps stack traces readable.
// The .d.ts files are tsc's, untouched.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../packages/oauthkit/dist/', import.meta.url).pathname;

// Chunks of an earlier build (their names carry a content hash) would linger in dist.
for (const name of readdirSync(`${dist}oauth2`)) {
  if (/-[A-Z0-9]{8}\.js(\.map)?$/.test(name)) rmSync(`${dist}oauth2/${name}`);
}

await build({
  entryPoints: [`${dist}oauth2/index.js`],
  outdir: `${dist}oauth2`,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  external: ['jose'],
  logLevel: 'warning',
  plugins: [
    {
      name: 'errors-external',
      setup(b) {
        // Every module reaches dist/errors.js as '../errors.js', and so does dist/oauth2/.
        b.onResolve({ filter: /^\.\.\/errors\.js$/ }, () => ({
          path: '../errors.js',
          external: true,
        }));
      },
    },
  ],
});
