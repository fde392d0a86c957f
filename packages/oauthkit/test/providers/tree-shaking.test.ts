/**
 * An app that imports one preset bundles that preset only (each is its own module and the
 * package has no side effects), and `jose` only with appleClientSecret, lazily.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleInputs } from '../helpers/eager-bundle.js';

const PRESETS = [
  'apple',
  'auth0',
  'discord',
  'github',
  'gitlab',
  'google',
  'keycloak',
  'linkedin',
  'microsoft',
  'okta',
  'slack',
  'spotify',
  'x',
];

test('github() with OAuth2Client bundles no other preset, and loads no jose eagerly', async () => {
  const { all, eager } = await bundleInputs(
    `import { OAuth2Client } from './packages/oauthkit/src/oauth2/index.ts';
import { github } from './packages/oauthkit/src/providers/index.ts';
const c = new OAuth2Client({ ...github(), clientId: 'a', clientSecret: 's' });
console.log(await c.createAuthorizationUrl());`,
  );
  assert.ok(all.some((i) => i.endsWith('providers/github.ts')));
  for (const name of PRESETS.filter((p) => p !== 'github')) {
    assert.ok(!all.some((i) => i.endsWith(`providers/${name}.ts`)), `${name}.ts is bundled`);
  }
  assert.ok(!eager.some((i) => i.includes('node_modules/jose/')), 'jose is loaded eagerly');
});

test('appleClientSecret loads jose lazily', async () => {
  const { eager, all } = await bundleInputs(
    `import { appleClientSecret } from './packages/oauthkit/src/providers/index.ts';
console.log(await appleClientSecret(globalThis.options));`,
  );
  assert.ok(all.some((i) => i.includes('node_modules/jose/')));
  assert.ok(!eager.some((i) => i.includes('node_modules/jose/')), 'jose is loaded eagerly');
});
