/**
 * Bad input, each case its own test, over real sockets: callbacks that must be refused and
 * token endpoints that misbehave. Each yields its documented error type; none hangs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AuthorizationResponseError,
  InsecureUrlError,
  NetworkError,
  OAuthError,
  OAuthResponseError,
  StateMismatchError,
  TimeoutError,
  UnexpectedResponseError,
} from '../../src/errors.js';
import {
  ClientSecretBasic,
  defaultTokenType,
  githubQuirks,
  http200ErrorResponse,
  OAuth2Client,
  PrivateKeyJwt,
} from '../../src/oauth2/index.js';
import { startServer, streamTenMegabytes, type TestServer } from '../helpers/server.js';

const json = (body: unknown) => JSON.stringify(body);
const TOKEN = { access_token: 'at-1234567890', token_type: 'Bearer', expires_in: 3600 };

describe('the callback', () => {
  const client = new OAuth2Client({
    clientId: 'app',
    authorizationEndpoint: 'https://as.example/authorize',
    tokenEndpoint: 'https://as.example/token',
  });
  const cb = (q: string) => `https://app.example/cb?${q}`;

  test('error=access_denied is AuthorizationResponseError', async () => {
    await assert.rejects(
      client.parseAuthorizationResponse(cb('error=access_denied&error_description=no&state=s1'), {
        state: 's1',
      }),
      (e: unknown) =>
        e instanceof AuthorizationResponseError &&
        e.error === 'access_denied' &&
        e.errorDescription === 'no',
    );
  });
  test('a missing state is StateMismatchError', async () => {
    await assert.rejects(
      client.parseAuthorizationResponse(cb('code=c'), { state: 's1' }),
      StateMismatchError,
    );
  });
  test('a different state is StateMismatchError', async () => {
    await assert.rejects(
      client.parseAuthorizationResponse(cb('code=c&state=s2'), { state: 's1' }),
      {
        code: 'ERR_STATE_MISMATCH',
      },
    );
  });
  test('a state nobody sent is StateMismatchError', async () => {
    await assert.rejects(
      client.parseAuthorizationResponse(cb('code=c&state=s2'), { state: undefined }),
      StateMismatchError,
    );
  });
  test('a missing code is refused', async () => {
    await assert.rejects(client.parseAuthorizationResponse(cb('state=s1'), { state: 's1' }), {
      code: 'ERR_CALLBACK_INVALID',
    });
  });
  test('duplicated parameters are refused', async () => {
    await assert.rejects(
      client.parseAuthorizationResponse(cb('code=a&code=b&state=s1'), { state: 's1' }),
      {
        code: 'ERR_CALLBACK_INVALID',
      },
    );
    await assert.rejects(
      client.parseAuthorizationResponse(cb('code=a&state=s1&state=s1'), { state: 's1' }),
      {
        code: 'ERR_CALLBACK_INVALID',
      },
    );
  });
  test('a good callback gives the code', async () => {
    assert.deepEqual(
      await client.parseAuthorizationResponse(cb('code=c&state=s1'), { state: 's1' }),
      {
        code: 'c',
        state: 's1',
      },
    );
  });
  test('fetchToken validates the callback before any request', async () => {
    await assert.rejects(
      client.fetchToken({ authorizationResponse: cb('code=c&state=bad'), state: 's1' }),
      StateMismatchError,
    );
  });
});

describe('createAuthorizationUrl', () => {
  test('state, PKCE S256, scope array and extra parameters', async () => {
    const client = new OAuth2Client({
      clientId: 'app',
      authorizationEndpoint: 'https://as.example/authorize?tenant=t1',
      redirectUri: 'https://app.example/cb',
    });
    const r = await client.createAuthorizationUrl({
      scope: ['openid', 'email'],
      loginHint: 'a@b.c',
      audience: 'api',
      nonce: true,
      codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    });
    const u = new URL(r.url);
    assert.equal(u.searchParams.get('tenant'), 't1');
    assert.equal(u.searchParams.get('response_type'), 'code');
    assert.equal(u.searchParams.get('scope'), 'openid email');
    assert.equal(u.searchParams.get('state'), r.state);
    assert.ok(r.state.length >= 43);
    // RFC 7636 Appendix B
    assert.equal(
      u.searchParams.get('code_challenge'),
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    assert.equal(u.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(u.searchParams.get('login_hint'), 'a@b.c');
    assert.equal(u.searchParams.get('audience'), 'api');
    assert.equal(u.searchParams.get('nonce'), r.nonce);
    assert.equal(u.searchParams.get('redirect_uri'), 'https://app.example/cb');
  });
  test('http:// endpoints are refused off loopback unless allowed', () => {
    assert.throws(
      () => new OAuth2Client({ clientId: 'a', tokenEndpoint: 'http://as.example/token' }),
      InsecureUrlError,
    );
    assert.doesNotThrow(
      () =>
        new OAuth2Client({
          clientId: 'a',
          tokenEndpoint: 'http://as.example/token',
          allowInsecureRequests: true,
        }),
    );
    assert.doesNotThrow(
      () => new OAuth2Client({ clientId: 'a', tokenEndpoint: 'http://127.0.0.1:9/token' }),
    );
  });
});

describe('client authentication options', () => {
  const base = { clientId: 'app', tokenEndpoint: 'https://as.example/token' };

  test('a method without its secret or key is a TypeError at construction', () => {
    for (const method of [
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
    ] as const) {
      assert.throws(() => new OAuth2Client({ ...base, tokenEndpointAuthMethod: method }), {
        name: 'TypeError',
        message: `clientSecret is required for ${method}`,
      });
    }
    assert.throws(() => new OAuth2Client({ ...base, tokenEndpointAuthMethod: 'private_key_jwt' }), {
      name: 'TypeError',
      message: 'clientPrivateKey is required for private_key_jwt',
    });
    assert.throws(
      () =>
        new OAuth2Client({
          ...base,
          tokenEndpointAuthMethod: 'client_secret_jwt',
          clientSecret: 42 as unknown as string,
        }),
      { name: 'TypeError', message: 'clientSecret must be a string' },
    );
  });

  test('an unknown method, null included, is a TypeError at construction', () => {
    for (const method of ['client_secret', null]) {
      assert.throws(() => new OAuth2Client({ ...base, tokenEndpointAuthMethod: method as never }), {
        name: 'TypeError',
        message: `tokenEndpointAuthMethod ${JSON.stringify(method)} is not supported`,
      });
    }
  });

  test('a private key that is not an object is refused by the first token request (PrivateKeyJwt: at once)', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----' as unknown as CryptoKey;
    const message = 'clientPrivateKey must be a CryptoKey or a private JWK';
    assert.throws(() => PrivateKeyJwt(pem), { name: 'TypeError', message });
    const client = new OAuth2Client({
      ...base,
      clientPrivateKey: pem,
      fetch: () => Promise.reject(new Error('no request is sent')),
    });
    await assert.rejects(client.refreshToken('rt'), { name: 'TypeError', message });
  });
});

describe('token endpoints that misbehave', () => {
  let srv: TestServer;
  let lastAuthorization: string | undefined;
  let slowDownSent = false;
  before(async () => {
    srv = await startServer((req, res) => {
      lastAuthorization = req.headers.authorization;
      const send = (status: number, type: string, body: string) => {
        res.statusCode = status;
        res.setHeader('content-type', type);
        res.end(body);
      };
      switch (req.url) {
        case '/ok':
          return send(
            200,
            'application/json;charset=UTF-8',
            json({ ...TOKEN, refresh_token: 'rt-1234567890' }),
          );
        case '/html':
          return send(
            502,
            'text/html',
            '<html><body><h1>502 Bad Gateway</h1> code=abcdefghijklmnop</body></html>',
          );
        case '/invalid-json':
          return send(200, 'application/json', '{"access_token": "at-123456789",');
        case '/big':
          return streamTenMegabytes(res);
        case '/text-plain':
          return send(200, 'text/plain', json(TOKEN));
        case '/error-200':
          return send(
            200,
            'application/json',
            json({ error: 'bad_verification_code', error_description: 'The code is wrong' }),
          );
        case '/error-400':
          return send(
            400,
            'application/json',
            json({ error: 'invalid_grant', error_description: 'code=abcdefgh1234 expired' }),
          );
        case '/no-access-token':
          return send(200, 'application/json', json({ token_type: 'Bearer', expires_in: 60 }));
        case '/no-token-type':
          return send(
            200,
            'application/json',
            json({ access_token: 'at-1234567890', expires_in: '60' }),
          );
        case '/github':
          return send(
            200,
            'application/x-www-form-urlencoded; charset=utf-8',
            'access_token=gho_123456&scope=repo&token_type=bearer',
          );
        case '/reset':
          return void req.socket.destroy();
        case '/hang':
          return;
        case '/device-slow-down':
          if (!slowDownSent) {
            slowDownSent = true;
            return send(400, 'application/json', json({ error: 'slow_down' }));
          }
          return send(200, 'application/json', json(TOKEN));
        case '/resource-401':
          res.setHeader('www-authenticate', 'Bearer realm="api", error="invalid_token"');
          return send(401, 'application/json', '{}');
        default:
          return send(404, 'text/plain', 'not found');
      }
    });
  });
  after(() => srv.close());

  const at = (path: string, extra: Partial<ConstructorParameters<typeof OAuth2Client>[0]> = {}) =>
    new OAuth2Client({
      clientId: 'app',
      clientSecret: 'secret',
      tokenEndpoint: `${srv.url}${path}`,
      timeout: 2000,
      ...extra,
    });
  const exchange = (c: OAuth2Client) => c.fetchToken({ code: 'the-code' });

  test('a good response: expires_at from expires_in, Basic auth sent', async () => {
    const now = 1_700_000_000_000;
    const token = await exchange(at('/ok', { now: () => now }));
    assert.equal(token.expires_at, 1_700_000_000 + 3600);
    assert.equal(lastAuthorization, `Basic ${btoa('app:secret')}`);
  });
  test('an HTML 502 is UnexpectedResponseError quoting the redacted body', async () => {
    await assert.rejects(exchange(at('/html')), (e: unknown) => {
      assert.ok(e instanceof UnexpectedResponseError);
      assert.equal(e.status, 502);
      assert.match(e.message, /502 Bad Gateway/);
      assert.doesNotMatch(e.message, /abcdefghijklmnop/);
      return true;
    });
  });
  test('invalid JSON is UnexpectedResponseError', async () => {
    await assert.rejects(exchange(at('/invalid-json')), { code: 'ERR_UNEXPECTED_RESPONSE' });
  });
  test('a 10 MB body is cut off (ERR_RESPONSE_TOO_LARGE)', async () => {
    await assert.rejects(exchange(at('/big')), (e: unknown) => {
      assert.ok(e instanceof UnexpectedResponseError);
      assert.equal(e.code, 'ERR_RESPONSE_TOO_LARGE');
      return true;
    });
  });
  test('JSON sent as text/plain is UnexpectedResponseError', async () => {
    await assert.rejects(exchange(at('/text-plain')), UnexpectedResponseError);
  });
  test('an error with HTTP 200 is UnexpectedResponseError, or OAuthResponseError with the fix', async () => {
    await assert.rejects(exchange(at('/error-200')), UnexpectedResponseError);
    await assert.rejects(
      exchange(at('/error-200', { hooks: { tokenResponse: http200ErrorResponse } })),
      (e: unknown) => {
        assert.ok(e instanceof OAuthResponseError);
        assert.equal(e.error, 'bad_verification_code');
        return true;
      },
    );
  });
  test('an RFC 6749 §5.2 error is OAuthResponseError with the server fields, redacted', async () => {
    await assert.rejects(exchange(at('/error-400')), (e: unknown) => {
      assert.ok(e instanceof OAuthResponseError);
      assert.equal(e.error, 'invalid_grant');
      assert.equal(e.status, 400);
      assert.doesNotMatch(e.message, /abcdefgh1234/);
      return true;
    });
  });
  test('no access_token is UnexpectedResponseError', async () => {
    await assert.rejects(exchange(at('/no-access-token')), UnexpectedResponseError);
  });
  test('no token_type is UnexpectedResponseError, or Bearer with the fix', async () => {
    await assert.rejects(exchange(at('/no-token-type')), UnexpectedResponseError);
    const token = await exchange(
      at('/no-token-type', { hooks: { tokenResponse: [defaultTokenType] } }),
    );
    assert.equal(token.token_type, 'Bearer');
    assert.equal(token.expires_in, 60);
  });
  test("GitHub's form-encoded body works with githubQuirks", async () => {
    await assert.rejects(exchange(at('/github')), UnexpectedResponseError);
    const token = await exchange(at('/github', { hooks: { tokenResponse: githubQuirks } }));
    assert.equal(token.access_token, 'gho_123456');
    assert.equal(token.scope, 'repo');
  });
  test('a connection reset is NetworkError', async () => {
    await assert.rejects(exchange(at('/reset')), NetworkError);
  });
  test('a server that never answers ends at the timeout', async () => {
    const t0 = Date.now();
    await assert.rejects(exchange(at('/hang', { timeout: 300 })), TimeoutError);
    assert.ok(Date.now() - t0 < 3000);
  });
  test('client_secret_basic form-encodes id and secret before Base64 (RFC 6749 §2.3.1)', async () => {
    const id = 'id:ü %+';
    const secret = 'sé:cr%e+t €';
    await exchange(at('/ok', { clientId: id, tokenEndpointAuthMethod: ClientSecretBasic(secret) }));
    const decoded = new TextDecoder().decode(
      Uint8Array.from(atob(lastAuthorization!.slice(6)), (c) => c.charCodeAt(0)),
    );
    assert.equal(decoded, 'id%3A%C3%BC+%25%2B:s%C3%A9%3Acr%25e%2Bt+%E2%82%AC');
    const [u, p] = decoded.split(':').map((x) => decodeURIComponent(x.replace(/\+/g, ' ')));
    assert.deepEqual([u, p], [id, secret]);
  });
  test('slow_down adds 5 seconds to the polling interval (RFC 8628 §3.5)', async () => {
    const c = at('/device-slow-down');
    const t0 = Date.now();
    const token = await c.pollDeviceToken({ device_code: 'dc', interval: 0.05, expires_in: 600 });
    const waited = Date.now() - t0;
    assert.equal(token.access_token, TOKEN.access_token);
    assert.ok(waited >= 5000, `waited ${waited} ms`);
  });
  test('fetch: a second 401 is returned, not looped', async () => {
    let refreshes = 0;
    const c = new OAuth2Client({
      clientId: 'app',
      tokenEndpoint: `${srv.url}/ok`,
      token: { access_token: 'old-1234567', token_type: 'Bearer', refresh_token: 'rt-1234567' },
      onToken: () => {
        refreshes++;
      },
    });
    const res = await c.fetch(`${srv.url}/resource-401`);
    assert.equal(res.status, 401);
    assert.equal(refreshes, 1);
  });
  test('fetch: a streamed body is not replayed, the 401 is returned', async () => {
    let refreshes = 0;
    const c = new OAuth2Client({
      clientId: 'app',
      tokenEndpoint: `${srv.url}/ok`,
      token: { access_token: 'old-1234567', token_type: 'Bearer', refresh_token: 'rt-1234567' },
      onToken: () => {
        refreshes++;
      },
    });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data'));
        controller.close();
      },
    });
    const res = await c.fetch(`${srv.url}/resource-401`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 401);
    assert.equal(refreshes, 0);
  });
  test('a client without a token says so', async () => {
    await assert.rejects(at('/ok').getAccessToken(), OAuthError);
  });
});
