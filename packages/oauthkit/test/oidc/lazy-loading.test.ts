/**
 * `jose` stays out of the code an OpenID Connect app loads eagerly (it costs ~60 ms of cold
 * start): bundle a code-flow OidcClient app with splitting and look at what the entry
 * imports statically.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';

const root = new URL('../../../../', import.meta.url).pathname;

test('an OidcClient code-flow app loads jose lazily', async () => {
  const result = await build({
    stdin: {
      contents: `import { OidcClient } from './packages/oauthkit/src/oidc/index.ts';
const c = new OidcClient({ clientId: 'a', issuer: 'https://op', tokenEndpoint: 'https://op/t', authorizationEndpoint: 'https://op/a', jwksUri: 'https://op/jwks' });
const a = await c.createAuthorizationUrl();
console.log(await c.fetchToken({ authorizationResponse: location.href, state: a.state, codeVerifier: a.codeVerifier, nonce: a.nonce }), await c.claims());`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: `${root}.bench-out/oidc-lazy-test`,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint)!;
  const eager = new Set<string>();
  const visit = (out: string) => {
    if (eager.has(out)) return;
    eager.add(out);
    for (const i of outputs[out]!.imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry);
  const eagerInputs = [...eager].flatMap((o) => Object.keys(outputs[o]!.inputs));
  const all = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));
  assert.ok(
    all.some((i) => i.includes('node_modules/jose/')),
    'jose is bundled',
  );
  assert.ok(!eagerInputs.some((i) => i.includes('node_modules/jose/')), 'jose is loaded eagerly');
  assert.ok(eagerInputs.some((i) => i.includes('oidc/client.ts')));
});
