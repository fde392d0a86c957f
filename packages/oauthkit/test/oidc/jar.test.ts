import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as jose from 'jose';
import { createRequestObject } from '../../src/oidc/jar.js';

const NOW = 1_800_000_000;
const clock = () => NOW * 1000;
const ISSUER = 'https://as.example.com';

describe('createRequestObject (RFC 9101)', () => {
  test('a PS256 request object verifies with the client public key', async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair('PS256');
    const jwt = await createRequestObject(
      {
        response_type: 'code',
        redirect_uri: 'https://app.example/cb',
        scope: 'openid profile',
        state: 'st',
        nonce: 'nn',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
        ignored: undefined,
      },
      {
        clientId: 'client-1',
        audience: ISSUER,
        key: privateKey,
        alg: 'PS256',
        kid: 'k1',
        now: clock,
      },
    );
    const { payload, protectedHeader } = await jose.jwtVerify(jwt, publicKey, {
      issuer: 'client-1',
      audience: ISSUER,
      typ: 'oauth-authz-req+jwt',
      algorithms: ['PS256'],
      currentDate: new Date(NOW * 1000),
      requiredClaims: ['jti', 'iat', 'exp', 'nbf'],
    });
    assert.equal(protectedHeader.kid, 'k1');
    assert.equal(payload.client_id, 'client-1');
    assert.equal(payload.response_type, 'code');
    assert.equal(payload.scope, 'openid profile');
    assert.equal(payload.code_challenge_method, 'S256');
    assert.equal(payload.iat, NOW);
    assert.equal(payload.nbf, NOW);
    assert.equal(payload.exp, NOW + 300);
    assert.ok(!('ignored' in payload));
    assert.ok(typeof payload.jti === 'string' && payload.jti.length >= 16);
  });

  test('a private JWK key; URLSearchParams with max_age and claims typed (Core §6.1)', async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'ec-1' };
    const params = new URLSearchParams({
      response_type: 'code',
      max_age: '600',
      claims: '{"id_token":{"email":{"essential":true}}}',
    });
    const jwt = await createRequestObject(params, {
      clientId: 'c',
      audience: ISSUER,
      key: jwk,
      alg: 'ES256',
      expiresIn: 60,
      now: clock,
    });
    const { payload, protectedHeader } = await jose.jwtVerify(jwt, publicKey, {
      currentDate: new Date(NOW * 1000),
    });
    assert.equal(protectedHeader.kid, 'ec-1');
    assert.equal(payload.max_age, 600);
    assert.deepEqual(payload.claims, { id_token: { email: { essential: true } } });
    assert.equal(payload.exp, NOW + 60);
  });

  test('refuses alg none, nested request/request_uri and missing options', async () => {
    const { privateKey } = await jose.generateKeyPair('ES256');
    const base = { clientId: 'c', audience: ISSUER, key: privateKey, alg: 'ES256' };
    await assert.rejects(createRequestObject({}, { ...base, alg: 'none' }), TypeError);
    await assert.rejects(createRequestObject({ request_uri: 'urn:x' }, base), TypeError);
    await assert.rejects(createRequestObject({ request: 'eyJ' }, base), TypeError);
    await assert.rejects(createRequestObject({}, { ...base, audience: '' }), TypeError);
  });
});
