/**
 * Every preset: absolute https URLs, and a spread into the client options that constructs
 * (the constructors check every URL). Bad preset options are TypeErrors naming the option.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OAuth2Client } from '../../src/oauth2/index.js';
import { OidcClient } from '../../src/oidc/index.js';
import {
  apple,
  auth0,
  discord,
  github,
  gitlab,
  google,
  keycloak,
  linkedin,
  microsoft,
  type OidcProviderPreset,
  okta,
  type ProviderPreset,
  slack,
  spotify,
  x,
  xOAuth1,
} from '../../src/providers/index.js';

const oidcPresets: Record<string, OidcProviderPreset> = {
  apple: apple(),
  'auth0 { domain }': auth0({ domain: 'example.eu.auth0.com' }),
  gitlab: gitlab(),
  'gitlab { baseUrl }': gitlab({ baseUrl: 'https://gitlab.example.com/' }),
  google: google(),
  'keycloak { baseUrl, realm }': keycloak({ baseUrl: 'https://sso.example.com/', realm: 'main' }),
  linkedin: linkedin(),
  microsoft: microsoft(),
  'microsoft { tenant: organizations }': microsoft({ tenant: 'organizations' }),
  'microsoft { tenant: GUID }': microsoft({ tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' }),
  'okta { domain }': okta({ domain: 'example.okta.com' }),
  'okta { domain, authorizationServerId }': okta({
    domain: 'example.okta.com',
    authorizationServerId: 'default',
  }),
  slack: slack(),
};
const oauth2Presets: Record<string, ProviderPreset> = {
  discord: discord(),
  github: github(),
  spotify: spotify(),
  x: x(),
};

const URL_KEYS = [
  'issuer',
  'authorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'userinfoEndpoint',
  'deviceAuthorizationEndpoint',
  'jwksUri',
] as const;

function assertHttpsUrls(name: string, values: Record<string, unknown>): number {
  let n = 0;
  for (const [key, value] of Object.entries(values)) {
    if (!(URL_KEYS as readonly string[]).includes(key) && !key.endsWith('Url')) continue;
    assert.equal(typeof value, 'string', `${name}.${key}`);
    const url = new URL(value as string); // throws unless absolute
    assert.equal(url.protocol, 'https:', `${name}.${key} is https`);
    assert.equal(url.search + url.hash, '', `${name}.${key} has no query or fragment`);
    n++;
  }
  return n;
}

describe('every preset', () => {
  for (const [name, preset] of Object.entries({ ...oidcPresets, ...oauth2Presets })) {
    test(`${name}: absolute https URLs, default scopes, spreads into OAuth2Client`, () => {
      assert.ok(assertHttpsUrls(name, { ...preset }) >= 2);
      assert.ok(preset.scope.length > 0);
      const client = new OAuth2Client({
        ...preset,
        clientId: 'app',
        clientSecret: 'secret',
        redirectUri: 'https://app.example/cb',
      });
      assert.equal(client.issuer, preset.issuer);
    });
  }
  for (const [name, preset] of Object.entries(oidcPresets)) {
    test(`${name}: spreads into OidcClient`, async () => {
      const client = new OidcClient({
        ...preset,
        clientId: 'app',
        clientSecret: 'secret',
        redirectUri: 'https://app.example/cb',
      });
      assert.equal(client.issuer, preset.issuer);
      const { url } = await client.createAuthorizationUrl();
      const params = new URL(url).searchParams;
      assert.equal(url.split('?')[0], preset.authorizationEndpoint);
      assert.ok(params.get('scope')?.split(' ').includes('openid'));
      assert.ok(params.get('nonce'));
    });
  }
  test('xOAuth1: absolute https URLs for OAuth1Client', () => {
    assert.equal(assertHttpsUrls('xOAuth1', { ...xOAuth1() }), 3);
  });
  test('the OAuth 2 presets send the default scope and PKCE', async () => {
    const client = new OAuth2Client({ ...github(), clientId: 'app', clientSecret: 's' });
    const params = new URL((await client.createAuthorizationUrl()).url).searchParams;
    assert.equal(params.get('scope'), github().scope);
    assert.equal(params.get('code_challenge_method'), 'S256');
  });
});

describe('preset options', () => {
  test('a domain that is not a bare host name is a TypeError', () => {
    for (const domain of ['https://example.okta.com', 'example.okta.com/path', '', 'a b']) {
      assert.throws(() => okta({ domain }), TypeError, domain);
      assert.throws(() => auth0({ domain }), TypeError, domain);
    }
  });
  test('a baseUrl that is not an absolute URL is a TypeError', () => {
    for (const baseUrl of [
      'gitlab.example.com',
      'ftp://gitlab.example.com',
      'https://g.example/?q=1',
    ]) {
      assert.throws(() => gitlab({ baseUrl }), TypeError, baseUrl);
      assert.throws(() => keycloak({ baseUrl, realm: 'main' }), TypeError, baseUrl);
    }
    assert.throws(() => keycloak({ baseUrl: 'https://sso.example.com', realm: '' }), TypeError);
  });
  test('a tenant with URL syntax in it is a TypeError', () => {
    for (const tenant of ['common/../x', 'a?b', '']) {
      assert.throws(() => microsoft({ tenant }), TypeError, tenant);
    }
  });
  test('an http baseUrl on a public host is refused by the client (TLS required)', () => {
    assert.throws(
      () => new OidcClient({ ...gitlab({ baseUrl: 'http://gitlab.example.com' }), clientId: 'a' }),
      { code: 'ERR_INSECURE_URL' },
    );
  });
});
