/**
 * `jose` stays out of the code an OpenID Connect app loads eagerly (it costs ~60 ms of cold
 * start): bundle a code-flow OidcClient app with splitting and look at what the entry
 * imports statically.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleInputs } from '../helpers/eager-bundle.js';

test('an OidcClient code-flow app loads jose lazily', async () => {
  const { eager: eagerInputs, all } = await bundleInputs(
    `import { OidcClient } from './packages/oauthkit/src/oidc/index.ts';
const c = new OidcClient({ clientId: 'a', issuer: 'https://op', tokenEndpoint: 'https://op/t', authorizationEndpoint: 'https://op/a', jwksUri: 'https://op/jwks' });
const a = await c.createAuthorizationUrl();
console.log(await c.fetchToken({ authorizationResponse: location.href, state: a.state, codeVerifier: a.codeVerifier, nonce: a.nonce }), await c.claims());`,
  );
  assert.ok(
    all.some((i) => i.includes('node_modules/jose/')),
    'jose is bundled',
  );
  assert.ok(!eagerInputs.some((i) => i.includes('node_modules/jose/')), 'jose is loaded eagerly');
  assert.ok(eagerInputs.some((i) => i.includes('oidc/client.ts')));
});
