/**
 * OidcClient's error paths and request shaping, with tokens minted here (jose) and an
 * injected fetch standing in for the provider. The flows against a real provider are in
 * test/interop/oidc-client.test.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as jose from 'jose';
import { IdTokenValidationError, OAuthError, OAuthResponseError } from '../../src/errors.js';
import type { FetchLike } from '../../src/http/send.js';
import { OAuth2Client } from '../../src/oauth2/index.js';
import { OidcClient, type OidcClientOptions } from '../../src/oidc/index.js';
import { leftHalfHash, makeKey, sign, type TestKey } from '../helpers/jose-keys.js';

const NOW = 1_800_000_000;
const ISSUER = 'https://op.example.com';
const CLIENT = 'client-1';

type Handler = (request: Request) => Response | Promise<Response>;

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('OidcClient', () => {
  let key: TestKey;
  let ecKey: TestKey;

  before(async () => {
    [key, ecKey] = await Promise.all([makeKey('RS256', 'k1'), makeKey('ES256', 'k2')]);
  });

  const idToken = (claims: jose.JWTPayload = {}, k: TestKey = key) =>
    sign(
      { iss: ISSUER, aud: CLIENT, sub: 'alice', iat: NOW, exp: NOW + 300, ...claims },
      { alg: k.alg, kid: k.kid, privateKey: k.privateKey },
    );

  /** A client whose fetch is `handler`; the requests it saw are in `seen`. */
  function client(handler: Handler, options: Partial<OidcClientOptions> = {}) {
    const seen: Request[] = [];
    const fetch: FetchLike = async (input, init) => {
      const request = new Request(input, init);
      seen.push(request.clone());
      return handler(request);
    };
    const c = new OidcClient({
      clientId: CLIENT,
      clientSecret: 'secret',
      issuer: ISSUER,
      authorizationEndpoint: `${ISSUER}/authorize`,
      tokenEndpoint: `${ISSUER}/token`,
      userinfoEndpoint: `${ISSUER}/userinfo`,
      endSessionEndpoint: `${ISSUER}/logout`,
      redirectUri: 'https://app.example/cb',
      jwks: { keys: [key.publicJwk, ecKey.publicJwk] },
      now: () => NOW * 1000,
      fetch,
      ...options,
    });
    return { client: c, seen };
  }

  const tokenResponse = async (extra: Record<string, unknown> = {}) => ({
    access_token: 'at-1',
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: 'rt-1',
    id_token: await idToken({ nonce: 'n-1' }),
    ...extra,
  });

  const isCode = (code: string) => (e: unknown) =>
    e instanceof IdTokenValidationError && e.code === code;

  test('is an OAuth2Client, and needs an issuer', () => {
    assert.ok(client(() => json({})).client instanceof OAuth2Client);
    assert.throws(
      () => new OidcClient({ clientId: CLIENT, tokenEndpoint: `${ISSUER}/token` }),
      TypeError,
    );
  });

  test('createAuthorizationUrl: openid added once, a nonce by default, nonce:false leaves it out', async () => {
    const { client: c } = client(() => json({}));
    const a = await c.createAuthorizationUrl({ scope: 'email openid profile' });
    const q = new URL(a.url).searchParams;
    assert.equal(q.get('scope'), 'email openid profile');
    assert.ok(a.nonce);
    assert.equal(q.get('nonce'), a.nonce);
    const b = new URL((await c.createAuthorizationUrl({ scope: ['email'], nonce: false })).url);
    assert.equal(b.searchParams.get('scope'), 'openid email');
    assert.equal(b.searchParams.get('nonce'), null);
  });

  test('a code exchange without an id_token is refused: ERR_ID_TOKEN_INVALID', async () => {
    const body = await tokenResponse();
    delete (body as { id_token?: string }).id_token;
    const { client: c } = client(() => json(body));
    await assert.rejects(
      c.fetchToken({ code: 'code-1', codeVerifier: 'v'.repeat(43) }),
      isCode('ERR_ID_TOKEN_INVALID'),
    );
    assert.equal(c.token, undefined, 'nothing held');
  });

  test('an id_token with a nonce needs the nonce passed to fetchToken: ERR_ID_TOKEN_NONCE', async () => {
    const { client: c } = client(async () => json(await tokenResponse()));
    await assert.rejects(c.fetchToken({ code: 'code-1' }), isCode('ERR_ID_TOKEN_NONCE'));
    await assert.rejects(
      c.fetchToken({ code: 'code-1', nonce: 'n-2' }),
      isCode('ERR_ID_TOKEN_NONCE'),
    );
    await c.fetchToken({ code: 'code-1', nonce: 'n-1' });
  });

  test('validateIdToken: the same checks with the client’s settings', async () => {
    const { client: c } = client(() => json({}));
    const token = await idToken({ nonce: 'n-9' });
    assert.equal((await c.validateIdToken(token, { nonce: 'n-9' })).sub, 'alice');
    await assert.rejects(c.validateIdToken(token, { nonce: 'n-8' }), isCode('ERR_ID_TOKEN_NONCE'));
    const foreign = await idToken({ iss: 'https://evil.example' });
    await assert.rejects(c.validateIdToken(foreign), isCode('ERR_ID_TOKEN_ISS'));
  });

  test('at_hash and c_hash are checked on the code exchange', async () => {
    const good = await idToken({ at_hash: leftHalfHash('at-1'), c_hash: leftHalfHash('code-1') });
    const ok = client(async () => json(await tokenResponse({ id_token: good })));
    await ok.client.fetchToken({ code: 'code-1' });
    assert.equal((await ok.client.claims()).sub, 'alice');

    const badAt = await idToken({ at_hash: leftHalfHash('another-token') });
    const a = client(async () => json(await tokenResponse({ id_token: badAt })));
    await assert.rejects(a.client.fetchToken({ code: 'code-1' }), isCode('ERR_ID_TOKEN_AT_HASH'));

    const badC = await idToken({ c_hash: leftHalfHash('another-code') });
    const c = client(async () => json(await tokenResponse({ id_token: badC })));
    await assert.rejects(c.client.fetchToken({ code: 'code-1' }), isCode('ERR_ID_TOKEN_C_HASH'));
  });

  test('the alg allow-list comes from the metadata', async () => {
    const { client: c } = client(async () => json(await tokenResponse()), {
      metadata: { issuer: ISSUER, id_token_signing_alg_values_supported: ['ES256'] },
    });
    await assert.rejects(c.fetchToken({ code: 'code-1' }), isCode('ERR_ID_TOKEN_ALG'));
    const es = await idToken({}, ecKey);
    const ok = client(async () => json(await tokenResponse({ id_token: es })), {
      metadata: { issuer: ISSUER, id_token_signing_alg_values_supported: ['ES256'] },
    });
    await ok.client.fetchToken({ code: 'code-1' });
  });

  test('userinfo whose sub is not the id_token’s: ERR_ID_TOKEN_SUB', async () => {
    const { client: c } = client(async (r) =>
      r.url.endsWith('/token') ? json(await tokenResponse()) : json({ sub: 'mallory' }),
    );
    await c.fetchToken({ code: 'code-1', nonce: 'n-1' });
    await assert.rejects(c.userinfo(), isCode('ERR_ID_TOKEN_SUB'));
  });

  test('a signed (application/jwt) userinfo response is verified', async () => {
    const signed = await sign(
      { iss: ISSUER, aud: CLIENT, sub: 'alice', email: 'alice@example.com' },
      key,
    );
    const { client: c, seen } = client(async (r) =>
      r.url.endsWith('/token')
        ? json(await tokenResponse())
        : new Response(signed, { headers: { 'content-type': 'application/jwt' } }),
    );
    await c.fetchToken({ code: 'code-1', nonce: 'n-1' });
    assert.equal((await c.userinfo()).email, 'alice@example.com');
    assert.equal(seen.at(-1)?.headers.get('authorization'), 'Bearer at-1');
  });

  test('a refreshed id_token for another sub is refused: ERR_ID_TOKEN_SUB, old token kept', async () => {
    let sub = 'alice';
    const { client: c } = client(async () =>
      json(await tokenResponse({ id_token: await idToken({ sub }), access_token: `at-${sub}` })),
    );
    const first = await c.fetchToken({ code: 'code-1' });
    sub = 'mallory';
    await assert.rejects(c.refreshToken(), isCode('ERR_ID_TOKEN_SUB'));
    assert.equal(c.token, first);
    assert.equal((await c.claims()).sub, 'alice');
  });

  test('a refresh response without an id_token keeps the previous one', async () => {
    let withIdToken = true;
    const { client: c } = client(async () => {
      const body = await tokenResponse({ id_token: await idToken({}) });
      if (!withIdToken) delete (body as { id_token?: string }).id_token;
      return json(body);
    });
    const first = await c.fetchToken({ code: 'code-1' });
    withIdToken = false;
    const refreshed = await c.refreshToken();
    assert.equal(refreshed.id_token, first.id_token);
    assert.equal((await c.claims()).sub, 'alice');
  });

  test('a refreshed id_token for another audience is refused: ERR_ID_TOKEN_AUD', async () => {
    let aud: string | string[] = CLIENT;
    const { client: c } = client(async () =>
      json(await tokenResponse({ id_token: await idToken({ aud, azp: CLIENT }) })),
    );
    await c.fetchToken({ code: 'code-1' });
    aud = [CLIENT, 'another-client'];
    await assert.rejects(c.refreshToken(), isCode('ERR_ID_TOKEN_AUD'));
  });

  test('endSessionUrl: id_token_hint of the held token, client_id, redirect and state', async () => {
    const { client: c } = client(async () => json(await tokenResponse()));
    await c.fetchToken({ code: 'code-1', nonce: 'n-1' });
    const url = new URL(
      c.endSessionUrl({ postLogoutRedirectUri: 'https://app.example/bye', state: 's1' }),
    );
    assert.equal(`${url.origin}${url.pathname}`, `${ISSUER}/logout`);
    assert.equal(url.searchParams.get('id_token_hint'), c.token?.id_token);
    assert.equal(url.searchParams.get('client_id'), CLIENT);
    assert.equal(url.searchParams.get('post_logout_redirect_uri'), 'https://app.example/bye');
    assert.equal(url.searchParams.get('state'), 's1');
    assert.equal(
      new URL(c.endSessionUrl({ idTokenHint: false })).searchParams.get('id_token_hint'),
      null,
    );
    const none = client(() => json({}), { endSessionEndpoint: undefined }).client;
    assert.throws(() => none.endSessionUrl(), TypeError);
  });

  test('form_post: a body string, URLSearchParams or Request; a POST of another type is refused', async () => {
    const { client: c } = client(() => json({}));
    const body = 'code=c1&state=s1';
    assert.equal((await c.parseAuthorizationResponse(body, { state: 's1' })).code, 'c1');
    assert.equal(
      (await c.parseAuthorizationResponse(new URLSearchParams(body), { state: 's1' })).code,
      'c1',
    );
    const form = new Request('https://app.example/cb', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    assert.equal((await c.parseAuthorizationResponse(form, { state: 's1' })).code, 'c1');
    const jsonPost = new Request('https://app.example/cb', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await assert.rejects(
      c.parseAuthorizationResponse(jsonPost, { state: 's1' }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_CALLBACK_INVALID',
    );
  });

  test('DPoP: dpop_jkt on the authorization URL, one use_dpop_nonce retry and no more', async () => {
    let nonce = 0;
    const { client: c, seen } = client(
      () =>
        json({ error: 'use_dpop_nonce' }, 400, {
          'dpop-nonce': `nonce-${++nonce}`,
        }),
      { dpop: true },
    );
    const a = new URL((await c.createAuthorizationUrl()).url);
    assert.match(a.searchParams.get('dpop_jkt') ?? '', /^[\w-]{43}$/);
    await assert.rejects(
      c.fetchToken({ code: 'code-1' }),
      (e: unknown) => e instanceof OAuthResponseError && e.error === 'use_dpop_nonce',
    );
    assert.equal(seen.length, 2, 'one retry, not a loop');
    assert.equal(c.dpopNonceRetries, 1);
    const proof = jose.decodeJwt(seen[1]?.headers.get('dpop') ?? '');
    assert.equal(proof.nonce, 'nonce-1', 'the retry carries the nonce');
    assert.equal(proof.htm, 'POST');
    assert.equal(proof.htu, `${ISSUER}/token`);
  });
  test('a saved id_token that no longer verifies still fixes the identity a refresh must keep', async () => {
    const retired = await makeKey('RS256', 'retired');
    const saved = {
      access_token: 'old',
      token_type: 'Bearer',
      refresh_token: 'rt-0',
      id_token: await idToken({}, retired),
    };
    let sub = 'mallory';
    const mk = () =>
      client(async () => json(await tokenResponse({ id_token: await idToken({ sub }) })), {
        token: saved,
      }).client;
    await assert.rejects(mk().refreshToken(), isCode('ERR_ID_TOKEN_SUB'));
    sub = 'alice';
    const ok = mk();
    await ok.refreshToken();
    assert.equal((await ok.claims()).sub, 'alice');
  });

  test('DPoP fetch: a DPoP invalid_token 401 refreshes once and retries with a new proof', async () => {
    let n = 0;
    const { client: c, seen } = client(
      async (r) => {
        if (r.url.endsWith('/token')) {
          n++;
          return json(await tokenResponse({ token_type: 'DPoP', access_token: `at-${n}` }), 200, {
            'dpop-nonce': 'as-nonce',
          });
        }
        return r.headers.get('authorization') === 'DPoP at-1'
          ? new Response(null, {
              status: 401,
              headers: { 'www-authenticate': 'DPoP error="invalid_token", algs="ES256"' },
            })
          : json({ ok: true });
      },
      { dpop: true },
    );
    await c.fetchToken({ code: 'code-1', nonce: 'n-1' });
    const res = await c.fetch('https://api.example/data');
    assert.equal(res.status, 200);
    const api = seen.filter((r) => r.url.startsWith('https://api.example/'));
    assert.deepEqual(
      api.map((r) => r.headers.get('authorization')),
      ['DPoP at-1', 'DPoP at-2'],
    );
    const proof = jose.decodeJwt(api[1]?.headers.get('dpop') ?? '');
    assert.equal(proof.htm, 'GET');
    assert.equal(proof.htu, 'https://api.example/data');
    assert.equal(typeof proof.ath, 'string');
  });
});
