import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SIGNATURE_METHODS } from 'oauthkit/oauth1';
import { oauth1Options, oauth2Options } from '../src/client-options.js';
import { OAUTH1_SIGNATURE_METHODS } from '../src/config.js';
import { createContext } from '../src/context.js';

const ctx = (env: Record<string, string> = {}) =>
  createContext({ timeout: '5s' }, { ...env, NO_COLOR: '1' });

describe('profile to library options', () => {
  test("--signature-method offers exactly the library's signature methods", () => {
    assert.deepEqual([...OAUTH1_SIGNATURE_METHODS], [...SIGNATURE_METHODS]);
  });
  test('OAuth 2: endpoints, scope, timeout and fetch from the profile; the env secret wins over the stored one', async () => {
    const c = ctx({ OAUTHKIT_CLIENT_SECRET: 'from-env-secret' });
    const o = await oauth2Options(c, 'p', {
      issuer: 'https://id.example.com',
      clientId: 'cli',
      clientSecret: 'stored-secret',
      scope: 'openid email',
    });
    assert.equal(o.clientId, 'cli');
    assert.equal(o.issuer, 'https://id.example.com');
    assert.equal(o.clientSecret, 'from-env-secret');
    assert.equal(o.scope, 'openid email');
    assert.equal(o.timeout, 5000);
    assert.equal(typeof o.fetch, 'function');
    const stored = await oauth2Options(ctx(), 'p', {
      issuer: 'https://id.example.com',
      clientId: 'cli',
      clientSecret: 'stored-secret',
    });
    assert.equal(stored.clientSecret, 'stored-secret');
  });

  test('OAuth 2: a public client needs no secret; a confidential one without a secret fails with exit-5 code', async () => {
    const pub = await oauth2Options(ctx(), 'p', {
      issuer: 'https://id.example.com',
      clientId: 'cli',
    });
    assert.equal(pub.clientSecret, undefined);
    await assert.rejects(
      oauth2Options(ctx(), 'p', {
        issuer: 'https://id.example.com',
        clientId: 'cli',
        tokenEndpointAuthMethod: 'client_secret_post',
      }),
      { code: 'ERR_SECRET_UNAVAILABLE' },
    );
    await assert.rejects(oauth2Options(ctx(), 'p', { issuer: 'https://id.example.com' }), {
      code: 'ERR_CONFIG',
    });
  });

  test('OAuth 1: consumer key and secret, endpoints', async () => {
    const o = await oauth1Options(ctx(), 'x', {
      oauth1: {
        consumerKey: 'ck',
        consumerSecret: 'cs-secret',
        accessTokenUrl: 'https://api.example.com/at',
        signatureMethod: 'HMAC-SHA256',
      },
    });
    assert.equal(o.clientId, 'ck');
    assert.equal(o.clientSecret, 'cs-secret');
    assert.equal(o.signatureMethod, 'HMAC-SHA256');
    await assert.rejects(oauth1Options(ctx(), 'x', { oauth1: { consumerKey: 'ck' } }), {
      code: 'ERR_SECRET_UNAVAILABLE',
    });
    await assert.rejects(oauth1Options(ctx(), 'x', {}), { code: 'ERR_CONFIG' });
  });
});
