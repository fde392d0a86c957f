/**
 * OidcClient against oidc-provider 9 in-process: discovery, code + PKCE + nonce with the
 * id_token validated, claims() and userinfo() agreeing on sub, refresh keeping the
 * identity, RP-Initiated Logout accepted, form_post, RFC 9207 iss, PAR (asked for, and
 * required by the provider), JAR, and DPoP with the provider requiring nonces (RFC 9449
 * §8 and §9 retries counted), DPoP-bound userinfo and refresh for a public client.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import { IdTokenValidationError, OAuthError } from '../../src/errors.js';
import { OAuth2Client } from '../../src/oauth2/index.js';
import { OidcClient, type OidcClientOptions } from '../../src/oidc/index.js';
import type { TokenSet } from '../../src/tokens/token.js';
import { REDIRECT_URI, type RunningProvider, startProvider } from '../helpers/oidc-provider.js';

const SECRET = 'a-client-secret-that-is-long-enough-for-hs256-and-more-0123456789';
const LOGGED_OUT = 'http://127.0.0.1:1/logged-out';

/** A fetch that records every exchange (method, path, status, DPoP error). */
function recordingFetch() {
  const log: { method: string; path: string; status: number; nonceError: boolean }[] = [];
  const f = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const www = response.headers.get('www-authenticate') ?? '';
    let nonceError = /use_dpop_nonce/.test(www);
    if (response.status === 400) {
      nonceError ||= (await response.clone().text()).includes('use_dpop_nonce');
    }
    log.push({
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      nonceError,
    });
    return response;
  };
  return { log, fetch: f };
}

describe('OidcClient against oidc-provider', () => {
  let op: RunningProvider;
  let parOp: RunningProvider;
  let jarKey: CryptoKeyPair;

  before(async () => {
    jarKey = await jose.generateKeyPair('ES256', { extractable: true });
    const jarJwk = { ...(await jose.exportJWK(jarKey.publicKey)), kid: 'jar-1', use: 'sig' };
    op = await startProvider({
      clients: [
        {
          client_id: 'rp',
          client_secret: SECRET,
          post_logout_redirect_uris: [LOGGED_OUT],
        },
        {
          client_id: 'jar',
          client_secret: SECRET,
          request_object_signing_alg: 'ES256',
          jwks: { keys: [jarJwk] },
        },
        { client_id: 'spa', token_endpoint_auth_method: 'none' },
      ],
      features: {
        dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
        requestObjects: { enabled: true },
      },
    });
    parOp = await startProvider({
      clients: [{ client_id: 'rp', client_secret: SECRET }],
      features: {
        pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      },
    });
  });
  after(async () => {
    await Promise.all([op.close(), parOp.close()]);
  });

  const discover = (options: Partial<OidcClientOptions> = {}, provider = op) =>
    OidcClient.discover(provider.issuer, {
      clientId: 'rp',
      clientSecret: SECRET,
      redirectUri: REDIRECT_URI,
      allowInsecureRequests: true,
      ...options,
    });

  /** One login: authorization URL, the provider's redirect, the code exchange. */
  async function login(client: OidcClient, provider = op, params = {}) {
    const request = await client.createAuthorizationUrl(params);
    const callback = await provider.authorize(request.url);
    const token = await client.fetchToken({
      authorizationResponse: callback,
      state: request.state,
      codeVerifier: request.codeVerifier,
      nonce: request.nonce,
    });
    return { request, callback, token };
  }

  test('discovery: an OidcClient (and an OAuth2Client) with the OpenID endpoints', async () => {
    const client = await discover();
    assert.ok(client instanceof OidcClient);
    assert.ok(client instanceof OAuth2Client);
    assert.equal(client.issuer, op.issuer);
    assert.equal(client.metadata?.issuer, op.issuer);
    assert.equal(typeof client.metadata?.jwks_uri, 'string');
    assert.equal(client.metadata?.end_session_endpoint, `${op.issuer}/session/end`);
  });

  test('code + PKCE + nonce: id_token validated, RFC 9207 iss, claims() and userinfo() agree', async () => {
    const client = await discover();
    const request = await client.createAuthorizationUrl();
    const q = new URL(request.url).searchParams;
    assert.equal(q.get('scope'), 'openid', 'openid is added by default');
    assert.equal(q.get('nonce'), request.nonce);
    assert.ok(request.nonce && request.codeVerifier);
    assert.equal(q.get('code_challenge_method'), 'S256');

    const callback = await op.authorize(request.url);
    const parsed = await client.parseAuthorizationResponse(callback, { state: request.state });
    assert.equal(parsed.iss, op.issuer, 'RFC 9207: the provider sends iss, and it is checked');
    const forged = new URL(callback);
    forged.searchParams.set('iss', 'https://evil.example');
    await assert.rejects(
      client.parseAuthorizationResponse(forged, { state: request.state }),
      (e: unknown) => e instanceof OAuthError && e.code === 'ERR_ISSUER_MISMATCH',
    );

    const token = await client.fetchToken({
      authorizationResponse: callback,
      state: request.state,
      codeVerifier: request.codeVerifier,
      nonce: request.nonce,
    });
    assert.equal(typeof token.id_token, 'string');
    const claims = await client.claims();
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.nonce, request.nonce);
    assert.equal(claims.iss, op.issuer);
    const info = await client.userinfo();
    assert.equal(info.sub, claims.sub);

    // A saved token handed to a new client: its id_token is verified again (as of its iat).
    const restored = await discover({ token });
    assert.equal((await restored.claims()).sub, 'alice');
  });

  test('a code exchange with another login’s nonce is refused: ERR_ID_TOKEN_NONCE', async () => {
    const client = await discover();
    const request = await client.createAuthorizationUrl();
    const callback = await op.authorize(request.url);
    await assert.rejects(
      client.fetchToken({
        authorizationResponse: callback,
        state: request.state,
        codeVerifier: request.codeVerifier,
        nonce: 'the-nonce-of-another-login',
      }),
      (e: unknown) => e instanceof IdTokenValidationError && e.code === 'ERR_ID_TOKEN_NONCE',
    );
  });

  test('refresh: a new id_token, validated, for the same identity', async () => {
    const client = await discover();
    const { token } = await login(client, op, { scope: 'offline_access', prompt: 'consent' });
    assert.ok(token.refresh_token);
    const before = await client.claims();
    const refreshed = await client.refreshToken();
    assert.notEqual(refreshed.access_token, token.access_token);
    assert.equal(typeof refreshed.id_token, 'string', 'the refresh response has an id_token');
    assert.equal(op.tokenRequests.get('refresh_token') !== undefined, true);
    const afterClaims = await client.claims();
    assert.equal(afterClaims.sub, before.sub);
    assert.deepEqual(afterClaims.aud, before.aud);
    assert.equal((await client.userinfo()).sub, before.sub);
  });

  test('RP-Initiated Logout: the provider accepts the URL and redirects back with state', async () => {
    const client = await discover();
    await login(client);
    const state = 'logout-state-1';
    const url = client.endSessionUrl({ postLogoutRedirectUri: LOGGED_OUT, state });
    const q = new URL(url).searchParams;
    assert.equal(q.get('id_token_hint'), client.token?.id_token);
    assert.equal(q.get('client_id'), 'rp');

    const first = await fetch(url, { redirect: 'manual' });
    const html = await first.text();
    assert.equal(first.status, 200, html);
    assert.match(html, /action="[^"]*\/session\/end\/confirm"/, 'the logout confirmation form');
    assert.doesNotMatch(html, /error/i);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(xsrf);
    const cookie = first.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const confirm = await fetch(`${op.issuer}/session/end/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    assert.equal(confirm.status, 303, await confirm.text());
    const back = new URL(confirm.headers.get('location') ?? '');
    assert.equal(`${back.origin}${back.pathname}`, LOGGED_OUT);
    assert.equal(back.searchParams.get('state'), state);
  });

  test('response_mode=form_post: the POSTed callback Request is parsed and exchanged', async () => {
    const client = await discover();
    const request = await client.createAuthorizationUrl({ response_mode: 'form_post' });
    const fields = await op.authorizeFormPost(request.url);
    assert.ok(fields.get('code'));
    const post = () =>
      new Request(REDIRECT_URI, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields.toString(),
      });
    const parsed = await client.parseAuthorizationResponse(post(), { state: request.state });
    assert.equal(parsed.code, fields.get('code'));
    assert.equal(parsed.iss, op.issuer);
    assert.equal(
      (await client.parseAuthorizationResponse(fields.toString(), { state: request.state })).code,
      parsed.code,
      'a form body string works too',
    );
    await client.fetchToken({
      authorizationResponse: post(),
      state: request.state,
      codeVerifier: request.codeVerifier,
      nonce: request.nonce,
    });
    assert.equal((await client.claims()).nonce, request.nonce);
  });

  test('PAR: pushAuthorizationRequest returns the short URL, and the login completes', async () => {
    const client = await discover();
    const request = await client.pushAuthorizationRequest();
    const q = new URL(request.url).searchParams;
    assert.deepEqual([...q.keys()].sort(), ['client_id', 'request_uri']);
    assert.equal(q.get('request_uri'), request.requestUri);
    const callback = await op.authorize(request.url);
    await client.fetchToken({
      authorizationResponse: callback,
      state: request.state,
      codeVerifier: request.codeVerifier,
      nonce: request.nonce,
    });
    assert.equal((await client.claims()).sub, 'alice');
  });

  test('PAR required by the provider: createAuthorizationUrl pushes on its own', async () => {
    const client = await discover({}, parOp);
    assert.equal(client.metadata?.require_pushed_authorization_requests, true);
    const { request } = await login(client, parOp);
    assert.ok(new URL(request.url).searchParams.get('request_uri'), 'the short URL');
    assert.equal((await client.claims()).sub, 'alice');

    // The requirement is real: the same request sent through the front channel is refused.
    const plain = new OAuth2Client({
      clientId: 'rp',
      authorizationEndpoint: client.metadata?.authorization_endpoint,
      redirectUri: REDIRECT_URI,
    });
    const direct = await plain.createAuthorizationUrl({ scope: 'openid', nonce: true });
    const refused = new URL(await parOp.authorize(direct.url)).searchParams;
    assert.equal(refused.get('error'), 'invalid_request');
    assert.equal(refused.get('code'), null);
  });

  test('JAR: a signed request object is accepted, in the front channel and pushed', async () => {
    const requestObject = { key: jarKey.privateKey, alg: 'ES256', kid: 'jar-1' };
    const client = await discover({ clientId: 'jar', requestObject });
    const { request } = await login(client);
    const q = new URL(request.url).searchParams;
    const jwt = q.get('request');
    assert.ok(jwt, 'the parameters travel signed');
    assert.equal(q.get('state'), null);
    const inside = jose.decodeJwt(jwt);
    assert.equal(inside.nonce, request.nonce);
    assert.equal(inside.aud, op.issuer);
    assert.equal(jose.decodeProtectedHeader(jwt).typ, 'oauth-authz-req+jwt');
    assert.equal((await client.claims()).nonce, request.nonce);

    const pushed = await discover({
      clientId: 'jar',
      requestObject,
      pushAuthorizationRequests: true,
    });
    const { request: short } = await login(pushed);
    assert.ok(new URL(short.url).searchParams.get('request_uri'));
    assert.equal((await pushed.claims()).sub, 'alice');
  });

  test('DPoP: nonce retries (§8, §9), bound tokens, DPoP userinfo and fetch, bound refresh', async () => {
    const rec = recordingFetch();
    const keyPair = await jose.generateKeyPair('ES256');
    const client = await discover({
      clientId: 'spa',
      clientSecret: undefined,
      dpop: keyPair,
      fetch: rec.fetch,
    });
    const { request, token } = await login(client, op, {
      scope: 'offline_access',
      prompt: 'consent',
    });
    assert.ok(new URL(request.url).searchParams.get('dpop_jkt'), 'code bound to the key (§10)');
    assert.equal(token.token_type, 'DPoP');
    const tokenCalls = rec.log.filter((e) => e.path === '/token');
    assert.deepEqual(
      tokenCalls.map((e) => [e.status, e.nonceError]),
      [
        [400, true],
        [200, false],
      ],
      'the provider asked for a nonce once and the retry succeeded',
    );
    assert.equal(client.dpopNonceRetries, 1);

    // userinfo with the DPoP scheme and a proof with ath; the nonce is known by now.
    const info = await client.userinfo();
    assert.equal(info.sub, (await client.claims()).sub);
    const me = await client.fetch(client.metadata!.userinfo_endpoint as string);
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { sub: string }).sub, 'alice');

    // The same token presented as a Bearer token is refused.
    const bearer = await fetch(client.metadata!.userinfo_endpoint as string, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    assert.equal(bearer.status, 401);
    await bearer.body?.cancel();

    // A second client with the same key and the saved token knows no nonce yet: the
    // resource server's 401 use_dpop_nonce (§9) is retried once, for userinfo and fetch.
    const rec2 = recordingFetch();
    const other = await discover({
      clientId: 'spa',
      clientSecret: undefined,
      dpop: keyPair,
      fetch: rec2.fetch,
      token: client.token as TokenSet,
    });
    assert.equal((await other.userinfo()).sub, 'alice');
    assert.deepEqual(
      rec2.log.filter((e) => e.path === '/me').map((e) => [e.status, e.nonceError]),
      [
        [401, true],
        [200, false],
      ],
    );
    assert.equal(other.dpopNonceRetries, 1);
    const rec3 = recordingFetch();
    const third = await discover({
      clientId: 'spa',
      clientSecret: undefined,
      dpop: keyPair,
      fetch: rec3.fetch,
      token: client.token as TokenSet,
    });
    const viaFetch = await third.fetch(client.metadata!.userinfo_endpoint as string);
    assert.equal(viaFetch.status, 200);
    assert.equal(third.dpopNonceRetries, 1);

    // Refresh of a public client's DPoP-bound refresh token: proof with the same key.
    const refreshed = await client.refreshToken();
    assert.equal(refreshed.token_type, 'DPoP');
    assert.equal((await client.claims()).sub, 'alice');
    assert.equal((await client.userinfo()).sub, 'alice');

    // With another key, the bound refresh token is refused.
    const thief = await discover({
      clientId: 'spa',
      clientSecret: undefined,
      dpop: true,
      token: client.token as TokenSet,
    });
    await assert.rejects(thief.refreshToken(), (e: unknown) => e instanceof OAuthError);
  });
});
