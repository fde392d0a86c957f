/**
 * The OAuth 2.0 client against oidc-provider 9 in-process: every client authentication
 * method, refresh with rotation, client credentials, the device flow, revocation and
 * introspection, discovery, RFC 9207, single flight, and awkward client credentials.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { GrantLostError, OAuthError, OAuthResponseError } from '../../src/errors.js';
import {
  type ClientAuthMethod,
  OAuth2Client,
  type OAuth2ClientOptions,
} from '../../src/oauth2/index.js';
import { MemoryTokenStore } from '../../src/tokens/stores/index.js';
import type { TokenSet } from '../../src/tokens/token.js';
import { REDIRECT_URI, type RunningProvider, startProvider } from '../helpers/oidc-provider.js';

const SECRET = 'a-client-secret-that-is-long-enough-for-hs256-and-more-0123456789';
// RFC 6749 Appendix A.1/A.2 limits client_id and client_secret to VSCHAR (%x20-7E) and
// oidc-provider enforces it, so the non-ASCII case runs against Authlib instead.
const WEIRD_ID = 'id:with%25plus+and %41';
const WEIRD_SECRET = 'se:cr%et+with spaces&=-0123456789abcdef0123456789abcdef';

describe('OAuth2Client against oidc-provider', () => {
  let op: RunningProvider;
  let privateKey: CryptoKey;

  before(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const codeGrants = ['authorization_code', 'refresh_token'];
    op = await startProvider({
      clients: [
        {
          client_id: 'basic',
          client_secret: SECRET,
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: [...codeGrants, 'client_credentials'],
        },
        {
          client_id: 'post',
          client_secret: SECRET,
          token_endpoint_auth_method: 'client_secret_post',
        },
        {
          client_id: 'jwt',
          client_secret: SECRET,
          token_endpoint_auth_method: 'client_secret_jwt',
        },
        {
          client_id: 'pkjwt',
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [publicJwk] },
        },
        { client_id: 'public', token_endpoint_auth_method: 'none' },
        {
          client_id: WEIRD_ID,
          client_secret: WEIRD_SECRET,
          token_endpoint_auth_method: 'client_secret_basic',
        },
        {
          client_id: 'device',
          token_endpoint_auth_method: 'none',
          grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
          response_types: [],
          redirect_uris: [],
        },
        {
          client_id: 'device-short',
          token_endpoint_auth_method: 'none',
          grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
          response_types: [],
          redirect_uris: [],
        },
      ],
      ttl: {
        DeviceCode: (_ctx: unknown, _token: unknown, client: { clientId: string }) =>
          client.clientId === 'device-short' ? 2 : 600,
      },
    });
  });
  after(() => op.close());

  const client = (options: Partial<OAuth2ClientOptions> & { clientId: string }) =>
    OAuth2Client.discover(op.issuer, { redirectUri: REDIRECT_URI, ...options });

  async function login(c: OAuth2Client, scope = 'openid offline_access'): Promise<TokenSet> {
    const { url, state, codeVerifier } = await c.createAuthorizationUrl({
      scope,
      prompt: 'consent',
    });
    const callback = await op.authorize(url);
    return c.fetchToken({ authorizationResponse: callback, state, codeVerifier });
  }

  test('discovery reads the metadata and checks the issuer', async () => {
    const c = await client({ clientId: 'public' });
    assert.equal(c.issuer, op.issuer);
    assert.equal(c.metadata?.token_endpoint, `${op.issuer}/token`);
    await assert.rejects(
      OAuth2Client.discover(`${op.issuer}/`, { clientId: 'x' }),
      (e: unknown) => {
        assert.ok(e instanceof OAuthError);
        return true;
      },
    );
  });

  const methods: [ClientAuthMethod, Partial<OAuth2ClientOptions> & { clientId: string }][] = [
    ['client_secret_basic', { clientId: 'basic', clientSecret: SECRET }],
    ['client_secret_post', { clientId: 'post', clientSecret: SECRET }],
    ['none', { clientId: 'public' }],
    ['client_secret_jwt', { clientId: 'jwt', clientSecret: SECRET }],
    ['private_key_jwt', { clientId: 'pkjwt', clientAssertion: { kid: 'k1' } }],
  ];
  for (const [method, options] of methods) {
    test(`code + PKCE with ${method}`, async () => {
      const c = await client({
        ...options,
        tokenEndpointAuthMethod: method,
        ...(method === 'private_key_jwt' ? { clientPrivateKey: privateKey } : {}),
      });
      const token = await login(c);
      assert.equal(typeof token.access_token, 'string');
      assert.equal(token.token_type, 'Bearer');
      assert.equal(typeof token.expires_at, 'number');
      assert.equal(typeof token.refresh_token, 'string');
      const me = await c.fetch(`${op.issuer}/me`);
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { sub: string }).sub, 'alice');
    });
  }

  test('refresh with rotation: the client holds the new refresh token, the old one is refused', async () => {
    const c = await client({ clientId: 'basic', clientSecret: SECRET });
    const first = await login(c);
    const second = await c.refreshToken();
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.notEqual(second.access_token, first.access_token);
    assert.equal(c.token?.refresh_token, second.refresh_token);
    const other = await client({ clientId: 'basic', clientSecret: SECRET });
    await assert.rejects(other.refreshToken(first.refresh_token!), (e: unknown) => {
      assert.ok(e instanceof OAuthResponseError);
      assert.equal(e.error, 'invalid_grant');
      return true;
    });
  });

  test('a refresh response without refresh_token keeps the old one', async () => {
    const noRotation = await startProvider({
      clients: [
        {
          client_id: 'basic',
          client_secret: SECRET,
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      rotateRefreshToken: false,
    });
    try {
      const c = await OAuth2Client.discover(noRotation.issuer, {
        clientId: 'basic',
        clientSecret: SECRET,
        redirectUri: REDIRECT_URI,
      });
      const { url, state, codeVerifier } = await c.createAuthorizationUrl({
        scope: 'openid offline_access',
        prompt: 'consent',
      });
      const first = await c.fetchToken({
        authorizationResponse: await noRotation.authorize(url),
        state,
        codeVerifier,
      });
      const second = await c.refreshToken();
      assert.equal(second.refresh_token, first.refresh_token);
      assert.notEqual(second.access_token, first.access_token);
    } finally {
      await noRotation.close();
    }
  });

  test('client credentials, fetched again when the token expires', async () => {
    let now = Date.now();
    const c = await client({ clientId: 'basic', clientSecret: SECRET, now: () => now });
    const before = op.tokenRequests.get('client_credentials') ?? 0;
    const token = await c.clientCredentials();
    assert.equal(token.token_type, 'Bearer');
    assert.equal(token.refresh_token, undefined);
    const info = await c.introspectToken(token.access_token);
    assert.equal(info.active, true);
    assert.equal(info.client_id, 'basic');
    now += (token.expires_in! + 1) * 1000;
    const next = await c.getAccessToken();
    assert.notEqual(next, token.access_token);
    assert.equal(op.tokenRequests.get('client_credentials'), before + 2);
  });

  test('device flow: approved after some polls', async () => {
    const c = await client({ clientId: 'device' });
    const auth = await c.deviceAuthorization({ scope: 'openid offline_access' });
    assert.equal(typeof auth.user_code, 'string');
    assert.ok(auth.verification_uri.startsWith(op.issuer));
    const before = op.tokenRequests.get('urn:ietf:params:oauth:grant-type:device_code') ?? 0;
    setTimeout(() => void op.approveDevice(auth.user_code), 400);
    const token = await c.pollDeviceToken({ ...auth, interval: 0.1 });
    assert.equal(typeof token.access_token, 'string');
    assert.equal(typeof token.refresh_token, 'string');
    const polls = op.tokenRequests.get('urn:ietf:params:oauth:grant-type:device_code')! - before;
    assert.ok(polls >= 2, `polled ${polls} times`);
    assert.equal(c.token?.access_token, token.access_token);
  });

  test('device flow: denied', async () => {
    const c = await client({ clientId: 'device' });
    const auth = await c.deviceAuthorization({ scope: 'openid' });
    setTimeout(() => void op.denyDevice(auth.user_code), 250);
    await assert.rejects(c.pollDeviceToken({ ...auth, interval: 0.1 }), (e: unknown) => {
      assert.ok(e instanceof OAuthResponseError);
      assert.equal(e.error, 'access_denied');
      return true;
    });
  });

  test('device flow: expired', async () => {
    const c = await client({ clientId: 'device-short' });
    const auth = await c.deviceAuthorization({ scope: 'openid' });
    assert.equal(auth.expires_in, 2);
    await assert.rejects(c.pollDeviceToken({ ...auth, interval: 0.5 }), (e: unknown) => {
      assert.ok(e instanceof OAuthResponseError);
      assert.equal(e.error, 'expired_token');
      return true;
    });
  });

  test('device flow: an AbortSignal stops the polling', async () => {
    const c = await client({ clientId: 'device' });
    const auth = await c.deviceAuthorization({ scope: 'openid' });
    const t0 = Date.now();
    await assert.rejects(
      c.pollDeviceToken({ ...auth, interval: 0.1 }, { signal: AbortSignal.timeout(300) }),
      (e: unknown) => (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError',
    );
    assert.ok(Date.now() - t0 < 2000);
  });

  test('revocation, then introspection shows active: false', async () => {
    const c = await client({ clientId: 'basic', clientSecret: SECRET });
    const token = await login(c);
    assert.equal((await c.introspectToken(token.access_token)).active, true);
    await c.revokeToken(token.access_token, { tokenTypeHint: 'access_token' });
    assert.equal((await c.introspectToken(token.access_token)).active, false);
    await c.revokeToken(); // the held refresh token
    assert.equal(
      (await c.introspectToken(token.refresh_token!, { tokenTypeHint: 'refresh_token' })).active,
      false,
    );
  });

  test('RFC 9207: iss is accepted when right and refused when forged or missing', async () => {
    const c = await client({ clientId: 'public' });
    assert.equal(c.metadata?.authorization_response_iss_parameter_supported, true);
    const { url, state } = await c.createAuthorizationUrl({ scope: 'openid' });
    const callback = new URL(await op.authorize(url));
    assert.equal(callback.searchParams.get('iss'), op.issuer);
    assert.equal((await c.parseAuthorizationResponse(callback, { state })).iss, op.issuer);
    const forged = new URL(callback);
    forged.searchParams.set('iss', 'https://attacker.example');
    await assert.rejects(c.parseAuthorizationResponse(forged, { state }), (e: unknown) => {
      assert.equal((e as OAuthError).code, 'ERR_ISSUER_MISMATCH');
      return true;
    });
    const missing = new URL(callback);
    missing.searchParams.delete('iss');
    await assert.rejects(c.parseAuthorizationResponse(missing, { state }), {
      code: 'ERR_ISSUER_MISMATCH',
    });
  });

  test('client id and secret with ":", "%", "+", "&", "=" and spaces work with client_secret_basic', async () => {
    const c = await client({
      clientId: WEIRD_ID,
      clientSecret: WEIRD_SECRET,
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    const token = await login(c);
    assert.equal((await c.introspectToken(token.access_token)).active, true);
    const wrong = await client({ clientId: WEIRD_ID, clientSecret: `${WEIRD_SECRET}x` });
    await assert.rejects(wrong.introspectToken(token.access_token), {
      code: 'ERR_OAUTH_RESPONSE',
      error: 'invalid_client',
    });
  });

  test('single flight: 100 concurrent fetch() calls with an expired token make one refresh', async () => {
    const seed = await client({ clientId: 'basic', clientSecret: SECRET });
    const token = await login(seed);
    let updates = 0;
    const c = await client({
      clientId: 'basic',
      clientSecret: SECRET,
      token: { ...token, expires_at: Math.floor(Date.now() / 1000) - 10 },
      onToken: async () => {
        await new Promise((r) => setTimeout(r, 20));
        updates++;
      },
    });
    const before = op.tokenRequests.get('refresh_token') ?? 0;
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => c.fetch(`${op.issuer}/me`)),
    );
    assert.deepEqual(new Set(responses.map((r) => r.status)), new Set([200]));
    assert.equal(op.tokenRequests.get('refresh_token'), before + 1);
    assert.equal(updates, 1);
  });

  test('fetch: a 401 invalid_token refreshes once and retries with the body', async () => {
    const seed = await client({ clientId: 'basic', clientSecret: SECRET });
    const token = await login(seed);
    // An access token the resource server no longer knows (oidc-provider revokes the whole
    // grant when an access token is revoked, so a bogus one stands in for an expired one).
    const c = await client({
      clientId: 'basic',
      clientSecret: SECRET,
      token: { ...token, access_token: 'no-longer-valid' },
    });
    const before = op.tokenRequests.get('refresh_token') ?? 0;
    const res = await c.fetch(`${op.issuer}/me`, {
      method: 'POST',
      body: new URLSearchParams({ claims: '{}' }),
    });
    assert.equal(res.status, 200);
    assert.equal(op.tokenRequests.get('refresh_token'), before + 1);
    assert.notEqual(c.token?.access_token, 'no-longer-valid');
  });

  test('onToken is awaited before the token is handed out', async () => {
    const seen: string[] = [];
    const c = await client({
      clientId: 'basic',
      clientSecret: SECRET,
      onToken: async (t) => {
        await new Promise((r) => setTimeout(r, 50));
        seen.push(t.access_token);
      },
    });
    const token = await login(c);
    assert.deepEqual(seen, [token.access_token]);
  });

  describe('with a shared store', () => {
    test('two clients on one store: one refresh, both get the new token, persisted before use', async () => {
      const store = new MemoryTokenStore();
      const seed = await client({ clientId: 'basic', clientSecret: SECRET });
      const token = await login(seed);
      await store.set('alice', { ...token, expires_at: 0 });
      const make = () =>
        client({ clientId: 'basic', clientSecret: SECRET, store, storeKey: 'alice' });
      const [a, b] = await Promise.all([make(), make()]);
      const before = op.tokenRequests.get('refresh_token') ?? 0;
      const [ta, tb] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
      assert.equal(ta, tb);
      assert.equal(op.tokenRequests.get('refresh_token'), before + 1);
      assert.equal((await store.get('alice'))?.access_token, ta);
    });

    test('invalid_grant after another process rotated: the store is re-read, no GrantLostError', async () => {
      const mem = new MemoryTokenStore();
      const seed = await client({ clientId: 'basic', clientSecret: SECRET });
      const token = await login(seed);
      await mem.set('bob', { ...token, expires_at: 0 });
      const other = await client({
        clientId: 'basic',
        clientSecret: SECRET,
        store: mem,
        storeKey: 'bob',
      });
      let raced = false;
      // A store without withLock whose first read races with the other process's refresh.
      const racy = {
        get: async (key: string) => {
          const old = await mem.get(key);
          if (!raced) {
            raced = true;
            await other.getAccessToken();
          }
          return old;
        },
        set: (key: string, t: TokenSet) => mem.set(key, t),
        delete: (key: string) => mem.delete(key),
      };
      const c = await client({
        clientId: 'basic',
        clientSecret: SECRET,
        store: racy,
        storeKey: 'bob',
      });
      const at = await c.getAccessToken();
      assert.equal(at, (await mem.get('bob'))?.access_token);
      assert.equal(at, other.token?.access_token);
    });

    test('invalid_grant with nothing newer in the store is GrantLostError', async () => {
      const store = new MemoryTokenStore();
      const seed = await client({ clientId: 'basic', clientSecret: SECRET });
      const token = await login(seed);
      await seed.revokeToken(token.refresh_token!, { tokenTypeHint: 'refresh_token' });
      await store.set('carol', { ...token, expires_at: 0 });
      const c = await client({ clientId: 'basic', clientSecret: SECRET, store, storeKey: 'carol' });
      await assert.rejects(c.getAccessToken(), (e: unknown) => {
        assert.ok(e instanceof GrantLostError);
        assert.equal(e.code, 'ERR_GRANT_LOST');
        assert.equal(e.error, 'invalid_grant');
        return true;
      });
    });
  });
});
