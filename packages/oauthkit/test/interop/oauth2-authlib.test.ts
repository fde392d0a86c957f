/**
 * The OAuth 2.0 client against Authlib (Debian python3-authlib + python3-flask) as a
 * second, independent authorization server: code + PKCE, refresh with rotation, client
 * credentials, password, revocation, introspection, RFC 8414 discovery.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { OAuthResponseError } from '../../src/errors.js';
import { OAuth2Client, type OAuth2ClientOptions } from '../../src/oauth2/index.js';
import { needsPeer, pythonHas, SYSTEM_PYTHON } from '../helpers/peers.js';

const FIXTURE = new URL('./fixtures/authlib_oauth2_server.py', import.meta.url).pathname;
const REDIRECT_URI = 'http://127.0.0.1:1/callback';
const SECRET = 'authlib-secret-0123456789';
const NON_ASCII_SECRET = 'sécret-ü-€-:%+&= 0123';
const CLIENTS = [
  { client_id: 'basic', client_secret: SECRET, token_endpoint_auth_method: 'client_secret_basic' },
  { client_id: 'post', client_secret: SECRET, token_endpoint_auth_method: 'client_secret_post' },
  {
    client_id: 'public',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
  },
  {
    client_id: 'unicode',
    client_secret: NON_ASCII_SECRET,
    token_endpoint_auth_method: 'client_secret_post',
  },
];

async function startAuthlib(): Promise<{ issuer: string; child: ChildProcess }> {
  const child = spawn(SYSTEM_PYTHON, [FIXTURE], {
    env: { ...process.env, OAUTHKIT_CLIENTS: JSON.stringify(CLIENTS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the Authlib fixture exited with ${code}`)));
  });
  return { issuer: `http://127.0.0.1:${Number(line)}`, child };
}

describe(
  'OAuth2Client against Authlib',
  needsPeer(
    'Authlib',
    pythonHas('authlib', 'flask'),
    'apt-get install python3-authlib python3-flask',
  ),
  () => {
    let issuer: string;
    let child: ChildProcess;
    before(async () => {
      ({ issuer, child } = await startAuthlib());
    });
    after(() => {
      child.kill();
    });

    const client = (options: Partial<OAuth2ClientOptions> & { clientId: string }) =>
      OAuth2Client.discover(issuer, { redirectUri: REDIRECT_URI, ...options });
    const counts = async () =>
      (await (await fetch(`${issuer}/_counts`)).json()) as Record<string, number>;

    async function login(c: OAuth2Client) {
      const { url, state, codeVerifier } = await c.createAuthorizationUrl({ scope: 'profile' });
      const res = await fetch(url, { redirect: 'manual' });
      const callback = res.headers.get('location');
      assert.ok(
        callback?.startsWith(REDIRECT_URI),
        `no redirect: ${res.status} ${await res.text()}`,
      );
      return c.fetchToken({ authorizationResponse: callback!, state, codeVerifier });
    }

    test('RFC 8414 discovery', async () => {
      const c = await client({ clientId: 'basic', clientSecret: SECRET });
      assert.equal(c.metadata?.issuer, issuer);
      assert.equal(c.metadata?.token_endpoint, `${issuer}/token`);
    });

    for (const [id, secret] of [
      ['basic', SECRET],
      ['post', SECRET],
      ['public', undefined],
    ] as const) {
      test(`code + PKCE (${id})`, async () => {
        const c = await client({
          clientId: id,
          ...(secret
            ? {
                clientSecret: secret,
                tokenEndpointAuthMethod:
                  id === 'post' ? 'client_secret_post' : 'client_secret_basic',
              }
            : {}),
        });
        const token = await login(c);
        assert.equal(token.token_type, 'Bearer');
        assert.equal(typeof token.refresh_token, 'string');
        const me = await c.fetch(`${issuer}/api/me`);
        assert.equal(me.status, 200);
        assert.deepEqual(await me.json(), { user: 'alice', client_id: id });
      });
    }

    test('a wrong PKCE verifier is refused', async () => {
      const c = await client({ clientId: 'basic', clientSecret: SECRET });
      const { url, state } = await c.createAuthorizationUrl({ scope: 'profile' });
      const callback = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
      await assert.rejects(
        c.fetchToken({ authorizationResponse: callback, state, codeVerifier: 'x'.repeat(43) }),
        (e: unknown) => e instanceof OAuthResponseError && e.error === 'invalid_grant',
      );
    });

    test('refresh with rotation', async () => {
      const c = await client({ clientId: 'basic', clientSecret: SECRET });
      const first = await login(c);
      const before = (await counts()).refresh_token ?? 0;
      const second = await c.refreshToken();
      assert.notEqual(second.access_token, first.access_token);
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.equal(c.token?.refresh_token, second.refresh_token);
      assert.equal((await counts()).refresh_token, before + 1);
      await assert.rejects(c.refreshToken(first.refresh_token!), { error: 'invalid_grant' });
    });

    test('client credentials', async () => {
      const c = await client({ clientId: 'basic', clientSecret: SECRET });
      const token = await c.clientCredentials({ scope: 'api' });
      assert.equal(token.refresh_token, undefined);
      const info = await c.introspectToken(token.access_token);
      assert.equal(info.active, true);
      assert.equal(info.client_id, 'basic');
    });

    test('password grant', async () => {
      const c = await client({
        clientId: 'post',
        clientSecret: SECRET,
        tokenEndpointAuthMethod: 'client_secret_post',
      });
      const token = await c.passwordGrant({
        username: 'alice',
        password: 'wonderland',
        scope: 'profile',
      });
      assert.equal(typeof token.access_token, 'string');
      assert.equal((await c.introspectToken(token.access_token)).username, 'alice');
      await assert.rejects(
        c.passwordGrant({ username: 'alice', password: 'wrong' }),
        OAuthResponseError,
      );
    });

    test('revocation, then introspection shows active: false', async () => {
      const c = await client({ clientId: 'basic', clientSecret: SECRET });
      const token = await login(c);
      assert.equal((await c.introspectToken(token.access_token)).active, true);
      await c.revokeToken(token.access_token, { tokenTypeHint: 'access_token' });
      assert.equal((await c.introspectToken(token.access_token)).active, false);
      await c.revokeToken();
      assert.equal(
        (await c.introspectToken(token.refresh_token!, { tokenTypeHint: 'refresh_token' })).active,
        false,
      );
    });

    test('a non-ASCII secret authenticates (client_secret_post)', async () => {
      const c = await client({
        clientId: 'unicode',
        clientSecret: NON_ASCII_SECRET,
        tokenEndpointAuthMethod: 'client_secret_post',
      });
      const token = await c.passwordGrant({ username: 'alice', password: 'wonderland' });
      assert.equal(typeof token.access_token, 'string');
    });
  },
);
