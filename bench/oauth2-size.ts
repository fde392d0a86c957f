/**
 * How much a minimal OAuth 2.0 app costs: the authorization URL (state + PKCE S256), the
 * callback + code exchange, and one refresh, written with oauthkit and with each peer
 * library. Every app is bundled the same way (esbuild: bundle, minify, ESM, browser
 * platform, code splitting on) and we count the gzip size of the chunks the entry loads
 * eagerly: the entry chunk and every chunk it imports statically. Chunks reached only
 * through `import()` (oauthkit's `jose`, loaded by the JWT client-auth methods alone) are
 * listed apart and not counted, because this app never loads them. Each chunk is gzipped
 * on its own (level 9) and the sizes summed.
 *
 * Then the start-up cost: the median wall time of `node --input-type=module -e "await
 * import('oauthkit/oauth2')"` minus that of `node --input-type=module -e 0`, runs
 * interleaved, NODE_EXTRA_CA_CERTS cleared.
 *
 * Run: `npm run build && node --import tsx bench/oauth2-size.ts` (needs the built dist).
 *
 * Measured 2026-11-23 (fourth pass) on a 2-core machine:
 * - Eager gzip: oauthkit 5.20 kB in 1 chunk (size-budget.json's app: 5268 B, was 5467 B;
 *   5.40 kB before this pass, 5.78 kB before the third, 6.06 kB before the second, 8.53 kB in
 *   6 chunks before the lazy split); oauth4webapi 6.36, openid-client 8.51, arctic 4.58,
 *   @badgateway/oauth2-client 3.28 (same run). Loaded on first use, by the apps that take
 *   that path: 0.36 kB for client.fetch() with its 401 retry (bearer.js; size-budget.json's
 *   app that calls an API loads 5650 B, 5294 eager + 356, where it loaded 5498 B before this
 *   pass), 0.37 kB for the store and hooks code (store-hooks.js), ~5.7 kB for the rest
 *   (grants, device flow, discovery, lost-grant recovery, error wording: lazy.js), 0.36 kB
 *   for the wording of HTTP errors, plus jose (3.8 kB used) for JWT client auth.
 * - Start-up added to `node -e 0`, median of 15 interleaved runs: oauthkit 12.6 ms,
 *   oauth4webapi 12.3 ms (9.4 and 11.4 ms in an earlier run of this pass; 9.0 and 8.4 ms in
 *   the third pass's: wall times move with the machine's load; compare runs of the same
 *   session only).
 * - The fourth pass (5467 -> 5268 B) took: client.fetch() and its 401 retry moved to
 *   src/oauth2/bearer.ts, loaded on the first fetch() (-82 B, with the store code below;
 *   bearer.js sends through the client's sendRaw, handed over in ClientInternals: with its
 *   own copy of the HTTP layer and error classes it was 1.14 kB, and an app calling APIs
 *   would have loaded ~0.9 kB more than before instead of ~0.15 kB); the store branches of
 *   freshToken, the renewal and #accept moved to src/oauth2/store-hooks.ts, loaded when
 *   options.store is set, and the hooks runner with them when options.hooks is set (-31 B;
 *   one file for both, one loader stub; not part of bearer.js, whose 0.36 kB would
 *   otherwise have been 0.55 kB for every app calling APIs without a store); the JWT client
 *   auth built without naming ClientSecretJwt/PrivateKeyJwt (-24 B; a private key that is
 *   not an object is now refused by the first token request, with the same TypeError,
 *   instead of by the constructor); lazy exports named as the eager file already names
 *   things (client_secret_jwt, private_key_jwt, discover, fetch) and ClientInternals without
 *   `refresh` (-30 B); the default client-auth method resolved to a name first, one switch
 *   building it (-12 B: -16 B, +4 B for refusing a null method as before); the loaders imported under their short names instead of aliased
 *   by variables that minifiers keep, lazy.js's loader without a helper (-20 B).
 *   Measured and dropped: the eight lazy method stubs defined by a loop in a static block
 *   (-2 B: their names are the cost, not their bodies); the constructor's endpoints found by
 *   an "Endpoint" suffix in Object.entries(options) (-20 B, but an inherited or
 *   non-enumerable option would escape the URL check); error classes that only set a code
 *   written through a helper (cutting their constructors out altogether saves 53 B, most of
 *   it the codes, which must stay; the rest cannot go without changing their d.ts);
 *   freshToken in bearer.js (-45 B eager, but apps using getAccessToken() would then load
 *   bearer.js too).
 * - Then +74 B (5268 -> 5342 B; the app calling an API 5650 -> 5725 B): every error class
 *   now names itself in words (src/errors.ts). Named from the class, as before, an error
 *   in a minified app reported itself as the minified class name ("k: ..."); a test
 *   bundles the errors with minification and checks every name.
 * - The 5 kB goal is not met, nor 5.12 kB: the eager file is now mostly what the minimal app
 *   runs or must have synchronously. Measured by cutting each part out (parts share
 *   context, so they overlap): the eight grant and endpoint methods, which only name their
 *   lazy function, 134 B (the names are public API); freshToken with getAccessToken 68 B;
 *   authorizeRequest with the fetch() stub 60 B; sendRaw, kept eager for bearer.js, 59 B;
 *   discover 33 B. The third pass's breakdown otherwise holds: the callback validation with
 *   its constant-time compare and redaction ~0.75 kB (sync public API, so its messages
 *   cannot load lazily); HTTP send with timeout, size limit and error plumbing ~0.63 kB;
 *   the authorization URL with PKCE ~0.47 kB; constructor, post, requestToken, fetchToken
 *   ~0.46 kB; client-auth selection and strategies ~0.4 kB; single-flight refresh ~0.3 kB;
 *   token checks and expiry ~0.3 kB; error classes ~0.32 kB; URL/TLS checks ~0.24 kB. What
 *   is left to cut is behaviour (checks, synchronous errors), public API, or messages that
 *   no longer say what happened and what to try.
 */
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const AS = `const AS = { issuer: 'https://as.example', authorization_endpoint: 'https://as.example/authorize', token_endpoint: 'https://as.example/token' };
const REDIRECT = 'https://app.example/callback';`;

interface App {
  name: string;
  validates: string;
  code: string;
}

const apps: App[] = [
  {
    name: 'oauthkit',
    validates: 'yes',
    code: `import { OAuth2Client } from 'oauthkit/oauth2';
${AS}
const client = new OAuth2Client({ clientId: 'app', clientSecret: 's3cret', issuer: AS.issuer,
  authorizationEndpoint: AS.authorization_endpoint, tokenEndpoint: AS.token_endpoint, redirectUri: REDIRECT });
const { url, state, codeVerifier } = await client.createAuthorizationUrl({ scope: 'openid profile' });
console.log(url);
const token = await client.fetchToken({ authorizationResponse: location.href, state, codeVerifier });
console.log(token, await client.refreshToken());`,
  },
  {
    name: 'oauth4webapi',
    validates: 'yes',
    code: `import * as oauth from 'oauth4webapi';
${AS}
const client = { client_id: 'app' };
const auth = oauth.ClientSecretBasic('s3cret');
const verifier = oauth.generateRandomCodeVerifier();
const state = oauth.generateRandomState();
const url = new URL(AS.authorization_endpoint);
url.searchParams.set('client_id', 'app'); url.searchParams.set('redirect_uri', REDIRECT);
url.searchParams.set('response_type', 'code'); url.searchParams.set('scope', 'openid profile');
url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
url.searchParams.set('code_challenge_method', 'S256'); url.searchParams.set('state', state);
console.log(url.href);
const params = oauth.validateAuthResponse(AS, client, new URL(location.href), state);
const token = await oauth.processAuthorizationCodeResponse(AS, client,
  await oauth.authorizationCodeGrantRequest(AS, client, auth, params, REDIRECT, verifier));
console.log(token, await oauth.processRefreshTokenResponse(AS, client,
  await oauth.refreshTokenGrantRequest(AS, client, auth, token.refresh_token)));`,
  },
  {
    name: 'openid-client',
    validates: 'yes',
    code: `import * as oidc from 'openid-client';
${AS}
const config = new oidc.Configuration(AS, 'app', 's3cret');
const verifier = oidc.randomPKCECodeVerifier();
const state = oidc.randomState();
const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid profile', state,
  code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
console.log(url.href);
const token = await oidc.authorizationCodeGrant(config, new URL(location.href), { pkceCodeVerifier: verifier, expectedState: state });
console.log(token, await oidc.refreshTokenGrant(config, token.refresh_token));`,
  },
  {
    name: 'arctic',
    validates: 'partly (fields on access)',
    code: `import { CodeChallengeMethod, generateCodeVerifier, generateState, OAuth2Client } from 'arctic';
${AS}
const client = new OAuth2Client('app', 's3cret', REDIRECT);
const state = generateState();
const verifier = generateCodeVerifier();
console.log(client.createAuthorizationURLWithPKCE(AS.authorization_endpoint, state, CodeChallengeMethod.S256, verifier, ['openid', 'profile']).href);
const cb = new URL(location.href);
if (cb.searchParams.get('state') !== state) throw new Error('state');
const tokens = await client.validateAuthorizationCode(AS.token_endpoint, cb.searchParams.get('code'), verifier);
console.log(tokens.accessToken(), await client.refreshAccessToken(AS.token_endpoint, tokens.refreshToken(), []));`,
  },
  {
    name: '@badgateway/oauth2-client',
    validates: 'no',
    code: `import { generateCodeVerifier, OAuth2Client } from '@badgateway/oauth2-client';
${AS}
const client = new OAuth2Client({ clientId: 'app', clientSecret: 's3cret', server: AS.issuer,
  authorizationEndpoint: AS.authorization_endpoint, tokenEndpoint: AS.token_endpoint });
const codeVerifier = await generateCodeVerifier();
const state = crypto.randomUUID();
console.log(await client.authorizationCode.getAuthorizeUri({ redirectUri: REDIRECT, state, codeVerifier, scope: ['openid', 'profile'] }));
const token = await client.authorizationCode.getTokenFromCodeRedirect(location.href, { redirectUri: REDIRECT, state, codeVerifier });
console.log(token, await client.refreshToken(token));`,
  },
];

async function measure(
  app: App,
): Promise<{ eager: number; joined: number; lazy: number; chunks: number }> {
  const result = await build({
    stdin: { contents: app.code, resolveDir: root, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: `${root}.bench-out/${app.name.replace(/\W/g, '_')}`,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const meta = result.metafile as Metafile;
  const rel = (p: string) => p.slice(root.length);
  const gz = new Map(
    result.outputFiles.map((f) => [rel(f.path), gzipSync(f.contents, { level: 9 }).length]),
  );
  const text = new Map(result.outputFiles.map((f) => [rel(f.path), f.text]));
  const entry = Object.entries(meta.outputs).find(([, o]) => o.entryPoint)![0];
  const eager = new Set<string>();
  const visit = (out: string) => {
    if (eager.has(out)) return;
    eager.add(out);
    for (const imp of meta.outputs[out]!.imports)
      if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(entry);
  let eagerBytes = 0;
  let lazyBytes = 0;
  for (const [file, bytes] of gz) {
    if (!file.endsWith('.js')) continue;
    if (eager.has(file)) eagerBytes += bytes;
    else lazyBytes += bytes;
  }
  // The same eager code as one file (what a bundler that inlines shared chunks would emit).
  const joined = gzipSync([...eager].map((f) => text.get(f)).join('\n'), { level: 9 }).length;
  return { eager: eagerBytes, joined, lazy: lazyBytes, chunks: eager.size };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeNode(code: string): number {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    env,
    stdio: 'ignore',
  });
  if (r.status !== 0) throw new Error(`node -e ${code} failed`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} kB`;
console.log(
  'Minimal app: authorization URL + code exchange + refresh (esbuild minify, gzip -9, eager chunks)\n',
);
console.log(
  '| library | eager gzip (sum of chunks) | eager as one file | lazy chunks gzip (not counted) | validates responses |',
);
console.log('|---|---|---|---|---|');
const sizes: Record<string, number> = {};
for (const app of apps) {
  const m = await measure(app);
  sizes[app.name] = m.eager;
  console.log(
    `| ${app.name} | ${kb(m.eager)} (${m.chunks} chunk${m.chunks > 1 ? 's' : ''}) | ${kb(m.joined)} | ${m.lazy ? kb(m.lazy) : '-'} | ${app.validates} |`,
  );
}

const runs = Number(process.env.RUNS ?? 15);
// Interleaved runs, so machine load hits every case alike; peers for scale.
const startCases: Record<string, string> = {
  'node -e 0': '0',
  oauthkit: "await import('oauthkit/oauth2')",
  oauth4webapi: "await import('oauth4webapi')",
  'openid-client': "await import('openid-client')",
};
const times: Record<string, number[]> = Object.fromEntries(
  Object.keys(startCases).map((k) => [k, []]),
);
for (const code of Object.values(startCases)) timeNode(code); // warm the file cache
for (let i = 0; i < runs; i++) {
  for (const [name, code] of Object.entries(startCases)) times[name]!.push(timeNode(code));
}
const baseMs = median(times['node -e 0']!);
console.log(`\nStart-up, median of ${runs} interleaved runs (node --input-type=module -e ...):`);
console.log('| import | median | added to node -e 0 |');
console.log('|---|---|---|');
for (const [name, xs] of Object.entries(times)) {
  console.log(
    `| ${name} | ${median(xs).toFixed(1)} ms | ${name === 'node -e 0' ? '-' : `${(median(xs) - baseMs).toFixed(1)} ms`} |`,
  );
}
const added = median(times.oauthkit!) - baseMs;
console.log(
  `oauthkit/oauth2 adds ${added.toFixed(1)} ms (goal <= 20 ms): ${added <= 20 ? 'within' : 'OVER'}`,
);
const validating = ['oauthkit', 'oauth4webapi', 'openid-client'];
const smallest = validating.every((n) => sizes.oauthkit! <= sizes[n]!);
console.log(
  `oauthkit ${kb(sizes.oauthkit!)} (goal <= 5 kB): ${sizes.oauthkit! <= 5 * 1024 ? 'within' : 'OVER'}; smallest of the validating libraries: ${smallest ? 'yes' : 'no'}`,
);
