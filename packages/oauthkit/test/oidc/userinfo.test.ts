import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import {
  IdTokenValidationError,
  OAuthResponseError,
  UnexpectedResponseError,
} from '../../src/errors.js';
import { send } from '../../src/http/send.js';
import { JwksCache } from '../../src/oidc/jwks.js';
import { type ValidateUserinfoOptions, validateUserinfoResponse } from '../../src/oidc/userinfo.js';
import {
  type JwksServer,
  makeKey,
  sign,
  startJwksServer,
  type TestKey,
} from '../helpers/jose-keys.js';
import { startServer, type TestServer } from '../helpers/server.js';

const NOW = 1_800_000_000;
const ISSUER = 'https://op.example.com';

describe('validateUserinfoResponse (Core §5.3)', () => {
  let key: TestKey;
  let other: TestKey;
  let jwksSrv: JwksServer;
  let srv: TestServer;
  let reply: { status: number; type: string; body: string; www?: string } = {
    status: 200,
    type: 'application/json',
    body: '{}',
  };

  before(async () => {
    [key, other] = await Promise.all([makeKey('RS256', 'k1'), makeKey('RS256', 'k2')]);
    jwksSrv = await startJwksServer([key.publicJwk]);
    srv = await startServer((_req, res) => {
      res.statusCode = reply.status;
      res.setHeader('content-type', reply.type);
      if (reply.www) res.setHeader('www-authenticate', reply.www);
      res.end(reply.body);
    });
  });
  after(async () => {
    await Promise.all([jwksSrv.close(), srv.close()]);
  });

  const options = (extra: Partial<ValidateUserinfoOptions> = {}): ValidateUserinfoOptions => ({
    expectedSubject: 'user-42',
    issuer: ISSUER,
    clientId: 'client-1',
    jwks: new JwksCache(jwksSrv.jwksUri),
    now: () => NOW * 1000,
    ...extra,
  });
  const fetchInfo = async (r: typeof reply) => {
    reply = r;
    return send(`${srv.url}/userinfo`, { method: 'GET' });
  };

  test('JSON with the right sub', async () => {
    const r = await fetchInfo({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: '{"sub":"user-42","email":"a@b.c"}',
    });
    const info = await validateUserinfoResponse(r, options());
    assert.equal(info.email, 'a@b.c');
  });

  test('JSON with another sub is refused (§5.3.4)', async () => {
    const r = await fetchInfo({ status: 200, type: 'application/json', body: '{"sub":"user-43"}' });
    await assert.rejects(
      validateUserinfoResponse(r, options()),
      (e: unknown) => e instanceof IdTokenValidationError && e.code === 'ERR_ID_TOKEN_SUB',
    );
    const none = await fetchInfo({ status: 200, type: 'application/json', body: '{"email":"x"}' });
    await assert.rejects(validateUserinfoResponse(none, options()), IdTokenValidationError);
  });

  test('a signed JWT response is verified, iss and aud checked', async () => {
    const jwt = await sign({ sub: 'user-42', iss: ISSUER, aud: 'client-1', name: 'Ada' }, key);
    const r = await fetchInfo({ status: 200, type: 'application/jwt', body: jwt });
    const info = await validateUserinfoResponse(r, options());
    assert.equal(info.name, 'Ada');
  });

  test('a signed JWT with another sub, wrong iss, wrong aud, bad signature', async () => {
    const cases: [jose.JWTPayload, TestKey, string][] = [
      [{ sub: 'user-43', iss: ISSUER, aud: 'client-1' }, key, 'ERR_ID_TOKEN_SUB'],
      [{ sub: 'user-42', iss: 'https://evil.example', aud: 'client-1' }, key, 'ERR_ID_TOKEN_ISS'],
      [{ sub: 'user-42', iss: ISSUER, aud: 'client-2' }, key, 'ERR_ID_TOKEN_AUD'],
      [{ sub: 'user-42', iss: ISSUER }, key, 'ERR_ID_TOKEN_AUD'],
      [
        { sub: 'user-42', iss: ISSUER, aud: 'client-1' },
        { ...other, kid: 'k1' },
        'ERR_ID_TOKEN_SIGNATURE',
      ],
    ];
    for (const [claims, k, code] of cases) {
      const r = await fetchInfo({
        status: 200,
        type: 'application/jwt',
        body: await sign(claims, k),
      });
      await assert.rejects(
        validateUserinfoResponse(r, options()),
        (e: unknown) => e instanceof IdTokenValidationError && e.code === code,
        code,
      );
    }
    const none = new jose.UnsecuredJWT({ sub: 'user-42', iss: ISSUER, aud: 'client-1' }).encode();
    const r = await fetchInfo({ status: 200, type: 'application/jwt', body: none });
    await assert.rejects(
      validateUserinfoResponse(r, options()),
      (e: unknown) => e instanceof IdTokenValidationError && e.code === 'ERR_ID_TOKEN_ALG',
    );
  });

  test('a JWT response without issuer/clientId/jwks options is a TypeError', async () => {
    const jwt = await sign({ sub: 'user-42', iss: ISSUER, aud: 'client-1' }, key);
    const r = await fetchInfo({ status: 200, type: 'application/jwt', body: jwt });
    await assert.rejects(validateUserinfoResponse(r, { expectedSubject: 'user-42' }), TypeError);
  });

  test('401 with WWW-Authenticate error is an OAuthResponseError; HTML is unexpected', async () => {
    const r = await fetchInfo({
      status: 401,
      type: 'application/json',
      body: '',
      www: 'Bearer error="invalid_token", error_description="expired"',
    });
    await assert.rejects(
      validateUserinfoResponse(r, options()),
      (e: unknown) =>
        e instanceof OAuthResponseError && e.error === 'invalid_token' && e.status === 401,
    );
    const html = await fetchInfo({ status: 200, type: 'text/html', body: '<html>login</html>' });
    await assert.rejects(validateUserinfoResponse(html, options()), UnexpectedResponseError);
  });
});
