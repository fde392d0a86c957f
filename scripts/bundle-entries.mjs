#!/usr/bin/env node
// Post-build step of the oauthkit package. `tsc` emits one .js per source module; two
// things go wrong with that, both measured by bench/oauth2-size.ts:
// - Node pays for every file it loads (~3 ms each on a loaded 2-core machine), and
//   `import('oauthkit/oauth2')` loaded 15 of them.
// - Bundlers with code splitting (esbuild) assign whole modules to chunks: a module reached
//   both from the eager path and from the lazily imported one (say response.ts, whose error
//   wording only the lazy path needs) lands in a shared chunk that the app loads eagerly,
//   with every part either path uses.
// So dist/oauth2/index.js and dist/oauth2/lazy.js (everything OAuth2Client loads on first
// use) are each re-bundled into one self-contained file, the first importing the second only
// through `import('./lazy.js')`. Code both need is in both files: an app loads the lazy copy
// only when it takes a rarer path. `../errors.js` stays external, so there is one copy of
// each error class and `instanceof` holds across oauthkit/errors and oauthkit/oauth2; `jose`
// stays external and lazy. Not minified (apps minify; stack traces stay readable). The .d.ts
// files are tsc's, untouched.
import { build } from 'esbuild';

const dir = new URL('../packages/oauthkit/dist/oauth2/', import.meta.url).pathname;

const keep = (filter, path) => ({
  name: `external ${path}`,
  setup(b) {
    b.onResolve({ filter }, () => ({ path, external: true }));
  },
});

for (const [name, lazy] of [
  ['index', true],
  ['lazy', false],
]) {
  await build({
    entryPoints: [`${dir}${name}.js`],
    outfile: `${dir}${name}.js`,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    sourcemap: true,
    external: ['jose'],
    logLevel: 'warning',
    plugins: [
      // Every module reaches dist/errors.js as '../errors.js', and so do dist/oauth2/*.js.
      keep(/^\.\.\/errors\.js$/, '../errors.js'),
      ...(lazy ? [keep(/^\.\/lazy\.js$/, './lazy.js')] : []),
    ],
  });
}
