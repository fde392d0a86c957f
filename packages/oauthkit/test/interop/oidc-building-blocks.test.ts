/**
 * The oauthkit/oidc building blocks against a real peer: oidc-provider in-process on
 * 127.0.0.1. DPoP proofs and the use_dpop_nonce retry (RFC 9449 §8) at its token endpoint,
 * PAR (RFC 9126) and a JAR request object (RFC 9101) pushed to it. The full OidcClient flow
 * (code + PKCE + nonce, id_token, userinfo) comes with OidcClient.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import { OAuthResponseError } from '../../src/errors.js';
import { send } from '../../src/http/send.js';
import {
  calculateDpopJkt,
  createDpopProof,
  DpopNonceCache,
  generateDpopKeyPair,
  isDpopNonceError,
} from '../../src/oidc/dpop.js';
import { createRequestObject } from '../../src/oidc/jar.js';
import {
  createParAuthorizationUrl,
  createParRequestBody,
  validateParResponse,
} from '../../src/oidc/par.js';
import { startServer, type TestServer } from '../helpers/server.js';

const CLIENT = 'oidc-blocks';
const SECRET = 'a-client-secret-that-is-long-enough-32';
const REDIRECT = 'https://app.example/cb';
/** The slice of oidc-provider's API used here (the package ships no type declarations). */
type ProviderClass = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => { callback(): (req: IncomingMessage, res: ServerResponse) => void };

const basic = `Basic ${Buffer.from(`${CLIENT}:${SECRET}`).toString('base64')}`;

describe('oidc building blocks against oidc-provider', () => {
  let srv: TestServer;
  let issuer: string;
  let clientKey: CryptoKeyPair;

  before(async () => {
    clientKey = await jose.generateKeyPair('ES256', { extractable: true });
    const publicJwk = {
      ...(await jose.exportJWK(clientKey.publicKey)),
      kid: 'client-es256',
      use: 'sig',
    };
    const signing = await jose.generateKeyPair('RS256', { extractable: true });
    const providerJwk = {
      ...(await jose.exportJWK(signing.privateKey)),
      kid: 'op-rs256',
      use: 'sig',
      alg: 'RS256',
    };
    let callback: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
    srv = await startServer((req, res) => callback!(req, res));
    issuer = srv.url;
    // A non-literal specifier: no declaration file needed, the shape is ProviderClass.
    const specifier: string = 'oidc-provider';
    const { default: Provider } = (await import(specifier)) as { default: ProviderClass };
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT,
          client_secret: SECRET,
          grant_types: ['client_credentials', 'authorization_code'],
          response_types: ['code'],
          redirect_uris: [REDIRECT],
          token_endpoint_auth_method: 'client_secret_basic',
          request_object_signing_alg: 'ES256',
          jwks: { keys: [publicJwk] },
        },
      ],
      jwks: { keys: [providerJwk] },
      features: {
        clientCredentials: { enabled: true },
        introspection: { enabled: true },
        dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
        pushedAuthorizationRequests: { enabled: true },
        requestObjects: { enabled: true },
      },
      ttl: { ClientCredentials: 600, Interaction: 600 },
    });
    callback = provider.callback();
  });
  after(() => srv.close());

  test('DPoP: use_dpop_nonce, one retry with the nonce, a DPoP-bound token with our jkt', async () => {
    const keyPair = await generateDpopKeyPair();
    const nonces = new DpopNonceCache();
    const url = `${issuer}/token`;
    const attempt = async () =>
      send(url, {
        method: 'POST',
        headers: {
          authorization: basic,
          'content-type': 'application/x-www-form-urlencoded',
          dpop: await createDpopProof({ keyPair, htm: 'POST', htu: url, nonce: nonces.get(url) }),
        },
        body: 'grant_type=client_credentials',
      });
    const first = await attempt();
    nonces.remember(url, first.headers);
    assert.equal(first.status, 400);
    assert.equal(isDpopNonceError(first), true, 'oidc-provider asks for a nonce');
    const second = await attempt();
    nonces.remember(url, second.headers);
    assert.equal(second.status, 200, second.body);
    const token = JSON.parse(second.body) as { access_token: string; token_type: string };
    assert.equal(token.token_type, 'DPoP');

    const introspection = await send(`${issuer}/token/introspection`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token.access_token }),
    });
    const info = JSON.parse(introspection.body) as { active: boolean; cnf?: { jkt?: string } };
    assert.equal(info.active, true);
    assert.equal(
      info.cnf?.jkt,
      await calculateDpopJkt(keyPair),
      'the server computed our thumbprint',
    );
  });

  const authorizationParams = () => ({
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid',
    state: jose.base64url.encode(randomBytes(16)),
    nonce: jose.base64url.encode(randomBytes(16)),
    code_challenge: jose.base64url.encode(randomBytes(32)),
    code_challenge_method: 'S256',
  });

  async function push(body: URLSearchParams) {
    return send(`${issuer}/request`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }

  async function expectAccepted(authorizationUrl: string) {
    // Following the short URL: oidc-provider loads the pushed request and starts the login
    // interaction; an invalid request would redirect with ?error= or answer 400.
    const r = await send(authorizationUrl, { method: 'GET' });
    assert.equal(r.status, 303, r.body);
    const location = r.headers.get('location') ?? '';
    assert.ok(location.includes('/interaction/'), location);
    assert.ok(!location.includes('error='), location);
  }

  test('PAR: 201 with request_uri, and the short authorization URL is accepted', async () => {
    const result = await push(createParRequestBody(authorizationParams(), { clientId: CLIENT }));
    const par = validateParResponse(result);
    assert.match(par.request_uri, /^urn:ietf:params:oauth:request_uri:/);
    assert.ok(par.expires_in > 0);
    await expectAccepted(
      createParAuthorizationUrl(`${issuer}/auth`, {
        clientId: CLIENT,
        requestUri: par.request_uri,
      }),
    );
  });

  test('JAR: a signed request object pushed with PAR is accepted; a tampered one refused', async () => {
    const request = await createRequestObject(authorizationParams(), {
      clientId: CLIENT,
      audience: issuer,
      key: clientKey.privateKey,
      alg: 'ES256',
      kid: 'client-es256',
    });
    const par = validateParResponse(
      await push(createParRequestBody({ request }, { clientId: CLIENT })),
    );
    await expectAccepted(
      createParAuthorizationUrl(`${issuer}/auth`, {
        clientId: CLIENT,
        requestUri: par.request_uri,
      }),
    );

    const [h, p, s] = request.split('.');
    const claims = JSON.parse(new TextDecoder().decode(jose.base64url.decode(p!)));
    const tampered = `${h}.${jose.base64url.encode(JSON.stringify({ ...claims, scope: 'openid admin' }))}.${s}`;
    const refused = await push(createParRequestBody({ request: tampered }, { clientId: CLIENT }));
    assert.throws(
      () => validateParResponse(refused),
      (e: unknown) => e instanceof OAuthResponseError && e.error === 'invalid_request_object',
    );
  });
});
