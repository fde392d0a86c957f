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
  ]) {
    assert.ok(!eagerInputs.some((i) => i.includes(lazy)), `${lazy} is loaded eagerly`);
  }
  assert.ok(eagerInputs.some((i) => i.includes('oauth2/client.ts')));
});
