#!/usr/bin/env node
// Post-build step of the oauthkit package. `tsc` emits one .js per source module; two
// things go wrong with that, both measured by bench/oauth2-size.ts:
// - Node pays for every file it loads (~3 ms each on a loaded 2-core machine), and
//   `import('oauthkit/oauth2')` loaded 15 of them.
// - Bundlers with code splitting (esbuild) assign whole modules to chunks: a module reached
//   both from the eager path and from the lazily imported one (say response.ts, whose error
//   wording only the lazy path needs) lands in a shared chunk that the app loads eagerly,
//   with every part either path uses.
// So dist/oauth2/index.js, dist/oauth2/lazy.js (the grants and rare paths OAuth2Client
// loads on first use), dist/oauth2/bearer.js (its bearer fetch()) and
// dist/oauth2/store-hooks.js (the code of its store and hooks options), the last three
// loaded on first use, are each re-bundled into one self-contained file, the first
// importing the others only through `import()`. Code they share is in each file: an app
// loads a lazy copy only when it takes that path. `../errors.js` stays external, so there
// is one copy of each error class and `instanceof` holds across oauthkit/errors and
// oauthkit/oauth2 (lazy.js is handed the classes instead of importing them: see
// injectedErrors below; bearer.js and store-hooks.js need none); `jose` stays external and
// lazy. Not minified (apps minify; stack traces stay readable). The .d.ts
// files are tsc's, untouched.
//
// dist/oauth1 the same way, with one difference: index.js stays tsc's file of re-exports,
// and auth.js (OAuth1Auth and the signing core), client.js (OAuth1Client) and lazy.js
// (RSA, oauth_body_hash, sign(Request), fetch(), the timeout layer, error text) are each
// bundled. esbuild counts a file as reached by an entry when a module the entry uses
// imports it, even for names nobody uses; so had index.js been one file, its import of
// ../errors.js (for OAuth1Client) would have made errors.js a chunk shared with lazy.js and
// loaded eagerly (+373 B gzip). A re-export whose names go unused is dropped whole, so an
// app that signs with OAuth1Auth never reaches client.js nor errors.js eagerly.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../packages/oauthkit/dist/', import.meta.url).pathname;

const keep = (filter, path) => ({
  name: `external ${path}`,
  setup(b) {
    // sideEffects: false (true of the whole package): an import whose names all went unused
    // is dropped instead of kept for its effects.
    b.onResolve({ filter }, () => ({ path, external: true, sideEffects: false }));
  },
});

// An import the bundled file must not have: for code splitting, an import of ../errors.js by
// both the eager file and a lazy one makes errors.js a chunk every app loads eagerly.
const refuse = (filter, text) => ({
  name: `refuse ${filter}`,
  setup(b) {
    b.onResolve({ filter }, () => ({ errors: [{ text }] }));
  },
});

// dist/oauth2/lazy.js does not import ../errors.js: an app bundled with code splitting would
// make errors.js a chunk shared by the eager and lazy paths, loaded eagerly as a file of its
// own (+237 B gzip for the minimal OAuth2Client app). Its error classes are instead module
// variables set by `injectErrors`, which src/oauth2/load-lazy.ts calls with the real classes
// when it loads lazy.js (so there is still one copy of each). This plugin is that module,
// made of the names the lazy code imports from ../errors.js. load-lazy.ts hands them over as
// an array, whose order this reads from dist/oauth2/load-lazy.js (an object's keys would
// ship the class names in every app, ~60 B gzip): the build fails when that list is not
// exactly the names lazy.js needs, `injectErrors` throws if one is not a class, and the
// check at the end of this script loads lazy.js the way apps do. (dist/oauth2/bearer.js and
// store-hooks.js need no error class at all: their build fails if they import ../errors.js.)
async function injectedErrors(path) {
  const first = await build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    external: ['jose', '../errors.js'],
    logLevel: 'warning',
  });
  const names = new Set();
  for (const [, list] of first.outputFiles[0].text.matchAll(
    /import\s*\{([^}]*)\}\s*from\s*"\.\.\/errors\.js"/g,
  )) {
    for (const item of list.split(',')) names.add(item.trim().split(/\s+as\s+/)[0]);
  }
  names.delete('');
  const given = readFileSync(`${dist}oauth2/load-lazy.js`, 'utf8').match(
    /injectErrors\?\.\(\[([^\]]*)\]\)/,
  );
  const order =
    given?.[1]
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean) ?? [];
  if (order.length !== names.size || !order.every((n) => names.has(n))) {
    throw new Error(
      `src/oauth2/load-lazy.ts must hand lazy.js exactly these error classes: ${[...names].sort().join(', ')} (it hands ${order.join(', ') || 'none'})`,
    );
  }
  const all = order.join(', ');
  const contents = `export let ${all};
export function injectErrors(classes) {
  [${all}] = classes;
  for (const [name, value] of Object.entries({ ${all} })) {
    if (typeof value !== 'function') throw new Error(\`oauthkit: lazy.js needs the error class \${name}: add it to src/oauth2/load-lazy.ts\`);
  }
}`;
  return {
    name: 'injected errors',
    setup(b) {
      b.onResolve({ filter: /^\.\.\/errors\.js$/ }, () => ({
        path: 'errors',
        namespace: 'injected',
      }));
      b.onLoad({ filter: /.*/, namespace: 'injected' }, () => ({ contents, loader: 'js' }));
    },
  };
}

// [file, its imports kept as they are (besides ../errors.js)]
for (const [file, external] of [
  ['oauth2/index', ['./lazy.js', './bearer.js', './store-hooks.js']],
  ['oauth2/lazy', []],
  ['oauth2/bearer', []],
  ['oauth2/store-hooks', []],
  ['oauth1/auth', ['./lazy.js']],
  ['oauth1/client', ['./lazy.js', './auth.js']],
  ['oauth1/lazy', ['./lazy.js']],
]) {
  const path = `${dist}${file}.js`;
  const inject = file === 'oauth2/lazy' ? await injectedErrors(path) : undefined;
  await build({
    ...(inject
      ? {
          stdin: {
            contents: "export * from './lazy.js'; export { injectErrors } from '../errors.js';",
            resolveDir: `${dist}oauth2`,
            sourcefile: 'lazy-entry.js',
          },
        }
      : { entryPoints: [path] }),
    outfile: path,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    sourcemap: true,
    external: ['jose'],
    logLevel: 'warning',
    plugins: [
      // Every module reaches dist/errors.js as '../errors.js', and so do dist/oauth*/*.js.
      inject ??
        (file === 'oauth2/bearer' || file === 'oauth2/store-hooks'
          ? refuse(
              /^\.\.\/errors\.js$/,
              `${file}.js must not import ../errors.js (see src/${file}.ts)`,
            )
          : keep(/^\.\.\/errors\.js$/, '../errors.js')),
      // The wording of send()'s errors stays a file of its own, loaded by import() on the
      // first failure (see src/http/wording.ts), not inlined.
      keep(/^\.\/wording\.js$/, '../http/wording.js'),
      // The bundled file sits where its entry module was, so './x.js' still names dist/oauth*/x.js.
      ...external.map((x) => keep(new RegExp(`^${x.replace(/\./g, '\\.')}$`), x)),
    ],
  });
}

// The check: the bundled OAuth2Client loads lazy.js (discovery), which must get every error
// class it throws, the very ones of dist/errors.js.
{
  const { OAuth2Client } = await import(`${dist}oauth2/index.js`);
  const { NetworkError } = await import(`${dist}errors.js`);
  const offline = async () => {
    throw new TypeError('offline');
  };
  const error = await OAuth2Client.discover('https://as.example', {
    clientId: 'x',
    fetch: offline,
  }).then(
    () => undefined,
    (e) => e,
  );
  if (!(error instanceof NetworkError)) {
    throw new Error(
      `bundle check: discovery through lazy.js should fail with NetworkError, got ${error}`,
    );
  }
}

// The same for bearer.js and store-hooks.js: client.fetch() with a stored, expired token
// refreshes under the store's lock (each token response through the hooks), sends, gets a
// 401 invalid_token, refreshes once more and retries; then an API that cannot be reached
// fails with dist/errors.js's NetworkError.
{
  const { OAuth2Client } = await import(`${dist}oauth2/index.js`);
  const { NetworkError } = await import(`${dist}errors.js`);
  const stored = new Map([
    ['x', { access_token: 'at0', token_type: 'Bearer', refresh_token: 'rt', expires_at: 1 }],
  ]);
  let locks = 0;
  const store = {
    get: async (key) => stored.get(key),
    set: async (key, token) => void stored.set(key, token),
    delete: async (key) => void stored.delete(key),
    withLock: async (key, fn) => {
      locks++;
      return fn({ set: async (token) => void stored.set(key, token) });
    },
  };
  let issued = 0;
  let hooked = 0;
  const seen = [];
  const fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.url === 'https://as.example/token') {
      return Response.json({ access_token: `at${++issued}`, token_type: 'Bearer' });
    }
    if (request.url === 'https://offline.example/') throw new TypeError('offline');
    seen.push(`${request.headers.get('authorization')} ${await request.text()}`);
    return seen.length === 1
      ? new Response('', {
          status: 401,
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        })
      : new Response('ok');
  };
  const client = new OAuth2Client({
    clientId: 'x',
    tokenEndpoint: 'https://as.example/token',
    store,
    fetch,
    hooks: {
      tokenResponse: (raw) => {
        hooked++;
        return raw;
      },
    },
  });
  const response = await client.fetch('https://api.example/', { method: 'POST', body: 'b' });
  const text = await response.text();
  const error = await client.fetch('https://offline.example/').then(
    () => undefined,
    (e) => e,
  );
  const got = JSON.stringify({ text, seen, locks, hooked, stored: stored.get('x')?.access_token });
  const want = JSON.stringify({
    text: 'ok',
    seen: ['Bearer at1 b', 'Bearer at2 b'],
    locks: 2,
    hooked: 2,
    stored: 'at2',
  });
  if (got !== want || !(error instanceof NetworkError)) {
    throw new Error(
      `bundle check: client.fetch() through bearer.js and store-hooks.js should give ${want} and then a NetworkError, got ${got} and ${error}`,
    );
  }
}
