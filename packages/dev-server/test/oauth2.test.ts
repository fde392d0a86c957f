/**
 * The dev provider's OAuth 2 / OIDC endpoints, driven by an independent client
 * (oauth4webapi) and plain fetch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import { type DevServer, startDevServer } from '../src/index.js';
import { CookieJar, codeFlow, discover, followRedirects, insecure } from './helpers.js';

const basic = oauth.ClientSecretBasic('dev-client-secret');

describe('dev server with default options', () => {
  let server: DevServer;
  before(async () => {
    server = await startDevServer();
  });
  after(() => server.stop());

  test('binds 127.0.0.1 on a random port and serves discovery with RFC 9207 iss', async () => {
    assert.match(server.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(server.port, 0);
    const as = await discover(server);
    assert.equal(as.issuer, server.issuer);
    assert.equal(as.authorization_response_iss_parameter_supported, true);
    assert.ok(as.code_challenge_methods_supported?.includes('S256'));
    for (const field of [
      'token_endpoint',
      'userinfo_endpoint',
      'revocation_endpoint',
      'introspection_endpoint',
      'device_authorization_endpoint',
      'pushed_authorization_request_endpoint',
      'end_session_endpoint',
    ] as const) {
      assert.equal(typeof as[field], 'string', field);
    }
    assert.deepEqual(as.id_token_signing_alg_values_supported, ['RS256', 'ES256']);
    assert.ok(as.dpop_signing_alg_values_supported?.includes('ES256'));
  });

  test('JWKS has public RS256 and ES256 keys only', async () => {
    const response = await fetch(server.endpoints.jwks);
    assert.equal(response.status, 200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
    assert.deepEqual(keys.map((k) => k.alg).sort(), ['ES256', 'RS256']);
    for (const key of keys) {
      assert.equal(key.d, undefined);
      assert.equal(typeof key.kid, 'string');
    }
  });

  test('exposes the default clients and user', () => {
    const byId = new Map(server.clients.map((c) => [c.clientId, c]));
    assert.equal(byId.get('dev-client')?.tokenEndpointAuthMethod, 'client_secret_basic');
    assert.equal(byId.get('dev-client')?.clientSecret, 'dev-client-secret');
    assert.equal(byId.get('dev-public')?.tokenEndpointAuthMethod, 'none');
    assert.deepEqual(
      server.users.map((u) => u.accountId),
      ['alice'],
    );
  });

  test('authorization code + PKCE, auto-approved as alice, without a cookie jar', async () => {
    const { tokens, as, client } = await codeFlow(server);
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.equal(typeof tokens.access_token, 'string');
    assert.equal(typeof tokens.refresh_token, 'string');
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.iss, server.issuer);
    const userinfo = await oauth.processUserInfoResponse(
      as,
      client,
      'alice',
      await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
    );
    assert.equal(userinfo.email, 'alice@example.com');
    assert.equal(userinfo.name, 'Alice Example');
  });

  test('the authorization response carries iss (RFC 9207)', async () => {
    const as = await discover(server);
    const redirectUri = 'http://127.0.0.1:1234/callback';
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: 'dev-client',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: redirectUri,
      state: 's1',
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    }).toString();
    const callback = await followRedirects(url, redirectUri);
    assert.equal(callback.searchParams.get('iss'), server.issuer);
    assert.equal(callback.searchParams.get('state'), 's1');
  });

  test('with a cookie jar the session is reused for a second authorization', async () => {
    const jar = new CookieJar();
    await codeFlow(server, { jar });
    const { tokens } = await codeFlow(server, { jar });
    assert.equal(oauth.getValidatedIdTokenClaims(tokens)?.sub, 'alice');
  });

  test('public client with PKCE and a loopback redirect on any port (RFC 8252 §7.3)', async () => {
    for (const redirectUri of [
      'http://127.0.0.1:40001/callback',
      'http://localhost:51234/callback',
    ]) {
      const { tokens } = await codeFlow(server, {
        clientId: 'dev-public',
        clientAuth: oauth.None(),
        redirectUri,
      });
      assert.equal(typeof tokens.access_token, 'string');
    }
  });

  test('confidential (web) client also gets any-port loopback; other redirects are refused', async () => {
    const { tokens } = await codeFlow(server, { redirectUri: 'http://127.0.0.1:9/callback' });
    assert.equal(typeof tokens.access_token, 'string');
    const as = await discover(server);
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: 'dev-client',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1:9/other-path',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type') ?? '', /html/);
  });

  test('refresh rotates the refresh token; reusing the old one revokes the grant', async () => {
    const { as, client, tokens } = await codeFlow(server);
    const first = tokens.refresh_token!;
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, basic, first, insecure),
    );
    const second = refreshed.refresh_token!;
    assert.notEqual(second, first);

    await assert.rejects(
      async () =>
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, basic, first, insecure),
        ),
      (error: oauth.ResponseBodyError) => error.error === 'invalid_grant',
    );
    // Reuse detection: the whole grant is gone, so the newest refresh token fails too...
    await assert.rejects(
      async () =>
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, basic, second, insecure),
        ),
      (error: oauth.ResponseBodyError) => error.error === 'invalid_grant',
    );
    // ...and so are the access tokens issued from it.
    const introspection = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, basic, refreshed.access_token, insecure),
    );
    assert.equal(introspection.active, false);
  });

  test('client credentials', async () => {
    const as = await discover(server);
    const client = { client_id: 'dev-client' };
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(as, client, basic, { scope: 'api:read' }, insecure),
    );
    assert.equal(typeof tokens.access_token, 'string');
    assert.equal(tokens.scope, 'api:read');
    assert.equal(tokens.refresh_token, undefined);
  });

  test('client_secret_post works too; a wrong secret is invalid_client', async () => {
    const as = await discover(server);
    const client = { client_id: 'dev-client' };
    const post = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(
        as,
        client,
        oauth.ClientSecretPost('dev-client-secret'),
        {},
        insecure,
      ),
    );
    assert.equal(typeof post.access_token, 'string');
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic('wrong'),
      {},
      insecure,
    );
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_client');
  });

  test('device flow approved through approveDevice', async () => {
    const as = await discover(server);
    const client = { client_id: 'dev-public' };
    const none = oauth.None();
    const authorization = await oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(
        as,
        client,
        none,
        { scope: 'openid offline_access' },
        insecure,
      ),
    );
    assert.match(authorization.user_code, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(authorization.verification_uri, server.endpoints.deviceVerification);

    const pending = await oauth.deviceCodeGrantRequest(
      as,
      client,
      none,
      authorization.device_code,
      insecure,
    );
    await assert.rejects(
      () => oauth.processDeviceCodeResponse(as, client, pending),
      (error: oauth.ResponseBodyError) => error.error === 'authorization_pending',
    );

    await server.approveDevice(authorization.user_code.toLowerCase());
    const tokens = await oauth.processDeviceCodeResponse(
      as,
      client,
      await oauth.deviceCodeGrantRequest(as, client, none, authorization.device_code, insecure),
    );
    assert.equal(typeof tokens.access_token, 'string');
    assert.equal(typeof tokens.refresh_token, 'string');
    assert.equal(oauth.getValidatedIdTokenClaims(tokens)?.sub, 'alice');
    await assert.rejects(() => server.approveDevice(authorization.user_code), Error);
  });

  test('device flow denied through approveDevice answers access_denied', async () => {
    const as = await discover(server);
    const client = { client_id: 'dev-public' };
    const none = oauth.None();
    const authorization = await oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(as, client, none, { scope: 'openid' }, insecure),
    );
    await server.approveDevice(authorization.user_code, { deny: true });
    await assert.rejects(
      async () =>
        oauth.processDeviceCodeResponse(
          as,
          client,
          await oauth.deviceCodeGrantRequest(as, client, none, authorization.device_code, insecure),
        ),
      (error: oauth.ResponseBodyError) => error.error === 'access_denied',
    );
    await assert.rejects(() => server.approveDevice('ZZZZ-ZZZZ'), Error);
  });

  test('revocation, then introspection says active: false', async () => {
    const { as, client, tokens } = await codeFlow(server);
    const before = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, basic, tokens.access_token, insecure),
    );
    assert.equal(before.active, true);
    assert.equal(before.sub, 'alice');
    assert.equal(before.client_id, 'dev-client');

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, basic, tokens.access_token, insecure),
    );
    const afterRevoke = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, basic, tokens.access_token, insecure),
    );
    assert.equal(afterRevoke.active, false);
    const userinfo = await oauth.userInfoRequest(as, client, tokens.access_token, insecure);
    assert.equal(userinfo.status, 401);
  });

  test('PAR: pushed request, then authorization with request_uri', async () => {
    const as = await discover(server);
    const client = { client_id: 'dev-client' };
    const redirectUri = 'http://127.0.0.1:8765/callback';
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const par = await oauth.processPushedAuthorizationResponse(
      as,
      client,
      await oauth.pushedAuthorizationRequest(
        as,
        client,
        basic,
        {
          response_type: 'code',
          redirect_uri: redirectUri,
          scope: 'openid',
          state: 'par-state',
          code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
        },
        insecure,
      ),
    );
    assert.match(par.request_uri, /^urn:ietf:params:oauth:request_uri:/);
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: 'dev-client',
      request_uri: par.request_uri,
    }).toString();
    const callback = await followRedirects(url, redirectUri);
    const params = oauth.validateAuthResponse(as, client, callback, 'par-state');
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        basic,
        params,
        redirectUri,
        codeVerifier,
        insecure,
      ),
    );
    assert.equal(typeof tokens.access_token, 'string');
  });

  test('DPoP-bound access token: token_type DPoP, cnf.jkt, userinfo needs the proof', async () => {
    const as = await discover(server);
    const client: oauth.Client = { client_id: 'dev-client' };
    const keyPair = await oauth.generateKeyPair('ES256');
    const dpop = oauth.DPoP(client, keyPair);
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(as, client, basic, {}, { ...insecure, DPoP: dpop }),
    );
    assert.equal(tokens.token_type.toLowerCase(), 'dpop');
    const introspection = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, basic, tokens.access_token, insecure),
    );
    assert.equal(typeof (introspection.cnf as { jkt?: string } | undefined)?.jkt, 'string');

    const { tokens: userTokens } = await codeFlow(server);
    const bound = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, basic, userTokens.refresh_token!, {
        ...insecure,
        DPoP: dpop,
      }),
    );
    assert.equal(bound.token_type.toLowerCase(), 'dpop');
    const withProof = await oauth.userInfoRequest(as, client, bound.access_token, {
      ...insecure,
      DPoP: dpop,
    });
    assert.equal(withProof.status, 200);
    const bearer = await fetch(server.endpoints.userinfo, {
      headers: { authorization: `Bearer ${bound.access_token}` },
    });
    assert.equal(bearer.status, 401);
  });

  test('RP-initiated logout accepts the id_token_hint and returns to the client', async () => {
    const jar = new CookieJar();
    const { tokens } = await codeFlow(server, { jar });
    const postLogout = 'http://127.0.0.1:4444/after-logout';
    const url = new URL(server.endpoints.endSession);
    url.search = new URLSearchParams({
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: postLogout.replace('/after-logout', '/callback'),
      state: 'bye',
    }).toString();
    const page = await fetch(url, { headers: { cookie: jar.header() } });
    jar.store(page);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<html lang="en">/);
    const action = /action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(action && xsrf);
    const confirm = await fetch(new URL(action, server.issuer), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    assert.equal(confirm.status, 303);
    const location = new URL(confirm.headers.get('location')!);
    assert.equal(location.origin + location.pathname, 'http://127.0.0.1:4444/callback');
    assert.equal(location.searchParams.get('state'), 'bye');

    const bad = await fetch(`${server.endpoints.endSession}?id_token_hint=not-a-jwt`);
    assert.equal(bad.status, 400);
  });
});

describe('dev server with custom clients, users and lifetimes', () => {
  let server: DevServer;
  let clientKey: CryptoKeyPair;
  before(async () => {
    clientKey = await oauth.generateKeyPair('ES256', { extractable: true });
    const publicJwk = await crypto.subtle.exportKey('jwk', clientKey.publicKey);
    server = await startDevServer({
      users: [
        { accountId: 'bob', claims: { name: 'Bob', email: 'bob@example.test', team: 'blue' } },
        { accountId: 'carol', claims: { name: 'Carol' } },
      ],
      clients: [
        {
          clientId: 'jwt-client',
          tokenEndpointAuthMethod: 'private_key_jwt',
          jwks: { keys: [{ ...publicJwk, kty: 'EC', kid: 'k1', alg: 'ES256' }] },
          idTokenSignedResponseAlg: 'ES256',
        },
      ],
      scopes: ['reports'],
      ttl: { accessToken: 1 },
    });
  });
  after(() => server.stop());

  test('private_key_jwt client, ES256 id_token, custom user claims, login_hint picks the user', async () => {
    const clientAuth = oauth.PrivateKeyJwt({ key: clientKey.privateKey, kid: 'k1' });
    const { tokens, as, client } = await codeFlow(server, {
      clientId: 'jwt-client',
      clientAuth,
      params: { login_hint: 'carol', scope: 'openid profile reports' },
    });
    assert.equal(oauth.getValidatedIdTokenClaims(tokens)?.sub, 'carol');
    assert.equal(tokens.scope, 'openid profile reports');
    const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString());
    assert.equal(header.alg, 'ES256');
    const userinfo = await oauth.processUserInfoResponse(
      as,
      client,
      'carol',
      await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
    );
    assert.equal(userinfo.name, 'Carol');
  });

  test('default user is the first one; unknown claims are released under profile', async () => {
    const clientAuth = oauth.PrivateKeyJwt({ key: clientKey.privateKey, kid: 'k1' });
    const { tokens, as, client } = await codeFlow(server, { clientId: 'jwt-client', clientAuth });
    const userinfo = await oauth.processUserInfoResponse(
      as,
      client,
      'bob',
      await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
    );
    assert.equal(userinfo.team, 'blue');
  });

  test('access token ttl in seconds: expires_in and expiry', async () => {
    const clientAuth = oauth.PrivateKeyJwt({ key: clientKey.privateKey, kid: 'k1' });
    const { tokens, as, client } = await codeFlow(server, { clientId: 'jwt-client', clientAuth });
    assert.equal(tokens.expires_in, 1);
    const cc = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(as, client, clientAuth, {}, insecure),
    );
    assert.equal(cc.expires_in, 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const userinfo = await oauth.userInfoRequest(as, client, tokens.access_token, insecure);
    assert.equal(userinfo.status, 401);
  });

  test('invalid options are TypeErrors', async () => {
    await assert.rejects(() => startDevServer({ users: [] }), TypeError);
    await assert.rejects(
      () =>
        startDevServer({
          clients: [{ clientId: 'x', tokenEndpointAuthMethod: 'client_secret_basic' }],
        }),
      TypeError,
    );
    await assert.rejects(() => startDevServer({ defaultUser: 'nobody' }), TypeError);
    await assert.rejects(
      () => startDevServer({ port: server.port }),
      (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'EADDRINUSE',
    );
  });
});
