/**
 * `jose` and the rarely used parts of the OAuth 2.0 client must stay out of the code an app
 * loads eagerly: bundle a code-flow app with splitting and look at what the entry imports
 * statically.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleInputs } from '../helpers/eager-bundle.js';

test('a code-flow app loads jose, the JWT client auth, the device flow, discovery and the rare client paths lazily', async () => {
  const { eager: eagerInputs } = await bundleInputs(
    `import { OAuth2Client } from './packages/oauthkit/src/oauth2/index.ts';
const c = new OAuth2Client({ clientId: 'a', tokenEndpoint: 'https://as/t', authorizationEndpoint: 'https://as/a' });
const a = await c.createAuthorizationUrl();
console.log(await c.fetchToken({ authorizationResponse: location.href, state: a.state, codeVerifier: a.codeVerifier }), await c.refreshToken());`,
  );
  for (const lazy of [
    'node_modules/jose/',
    'client-auth-jwt.ts',
    'oauth2/device.ts',
    'oauth2/discovery.ts',
    'oauth2/grants.ts',
    'oauth2/client-rare.ts',
    'oauth2/bearer.ts',
    'oauth2/store-hooks.ts',
  ]) {
    assert.ok(!eagerInputs.some((i) => i.includes(lazy)), `${lazy} is loaded eagerly`);
  }
  assert.ok(eagerInputs.some((i) => i.includes('oauth2/client.ts')));
});

test('client.fetch() loads bearer.ts on first use, and a store or hooks store-hooks.ts: neither loads the grants', async () => {
  const app = await bundleInputs(
    `import { OAuth2Client } from './packages/oauthkit/src/oauth2/index.ts';
const c = new OAuth2Client({ clientId: 'a', tokenEndpoint: 'https://as/t', store: globalThis.store, hooks: globalThis.hooks });
console.log(await c.refreshToken(), await c.fetch('https://api/me'));`,
  );
  for (const file of ['oauth2/bearer.ts', 'oauth2/store-hooks.ts']) {
    assert.ok(!app.eager.some((i) => i.includes(file)), `${file} is loaded eagerly`);
    const loaded = app.loadedWith(file);
    assert.ok(loaded.some((i) => i.includes(file)));
    for (const rare of [
      'grants.ts',
      'client-rare.ts',
      'discovery.ts',
      'device.ts',
      'response.ts',
    ]) {
      assert.ok(!loaded.some((i) => i.includes(rare)), `${file} loads ${rare} with it`);
    }
  }
});
