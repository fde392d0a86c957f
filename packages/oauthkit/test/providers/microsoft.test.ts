/**
 * microsoft({ tenant: 'common' }) with OidcClient: real id_tokens signed with jose (RS256),
 * validated through the client. The `{tenantid}` issuer template is filled from each
 * token's own `tid`; an `iss` of another tenant is still refused; `strict: true` leaves the
 * template exact, so no real token passes.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as jose from 'jose';
import { IdTokenValidationError } from '../../src/errors.js';
import { OidcClient, validateIdToken } from '../../src/oidc/index.js';
import {
  MICROSOFT_ISSUER_TEMPLATE,
  microsoft,
  microsoftIssuer,
} from '../../src/providers/index.js';
import { makeKey, type TestKey } from '../helpers/jose-keys.js';

const TENANT_A = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TENANT_B = '9188040d-6c67-4c5b-b112-36a304b66dad';
const CLIENT = '6731de76-14a6-49ae-97bc-6eba6914391e';
const NOW = 1_700_000_000;

describe('microsoft() multi-tenant issuer', () => {
  let key: TestKey;
  before(async () => {
    key = await makeKey('RS256', 'ms-key-1');
  });

  const sign = (claims: jose.JWTPayload) =>
    new jose.SignJWT({ sub: 'user-1', aud: CLIENT, iat: NOW, exp: NOW + 3600, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  const client = (options: Parameters<typeof microsoft>[0]) =>
    new OidcClient({
      ...microsoft(options),
      jwks: { keys: [key.publicJwk] },
      clientId: CLIENT,
      now: () => NOW * 1000,
    });
  const issuerOf = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;

  test("accepts each tenant's token by its tid, and reports the fix once", async () => {
    const messages: string[] = [];
    const c = client({ tenant: 'common', debug: (m) => messages.push(m) });
    for (const tid of [TENANT_A, TENANT_B]) {
      const claims = await c.validateIdToken(await sign({ iss: issuerOf(tid), tid }), {});
      assert.equal(claims.tid, tid);
    }
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /microsoft: applied fix microsoftIssuer/);
  });

  test('refuses an iss that is not the tenant of tid, or the bare template', async () => {
    const c = client({ tenant: 'organizations' });
    for (const claims of [
      { iss: issuerOf(TENANT_B), tid: TENANT_A },
      { iss: issuerOf(TENANT_A) },
      { iss: MICROSOFT_ISSUER_TEMPLATE, tid: 'not-a-guid' },
      { iss: 'https://evil.example/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', tid: TENANT_A },
    ]) {
      await assert.rejects(
        c.validateIdToken(await sign(claims), {}),
        (e: unknown) => e instanceof IdTokenValidationError && e.code === 'ERR_ID_TOKEN_ISS',
        JSON.stringify(claims),
      );
    }
  });

  test('the other checks still run with the hook (aud)', async () => {
    const token = await sign({ iss: issuerOf(TENANT_A), tid: TENANT_A, aud: 'another-app' });
    await assert.rejects(client({}).validateIdToken(token, {}), { code: 'ERR_ID_TOKEN_AUD' });
  });

  test('strict: true: no hook, so the template issuer refuses real tokens', async () => {
    const token = await sign({ iss: issuerOf(TENANT_A), tid: TENANT_A });
    await assert.rejects(client({ strict: true }).validateIdToken(token, {}), {
      code: 'ERR_ID_TOKEN_ISS',
    });
  });

  test('a GUID tenant needs no fix: its issuer is exact', async () => {
    const c = client({ tenant: TENANT_A });
    const ok = await c.validateIdToken(await sign({ iss: issuerOf(TENANT_A), tid: TENANT_A }), {});
    assert.equal(ok.iss, issuerOf(TENANT_A));
    await assert.rejects(
      c.validateIdToken(await sign({ iss: issuerOf(TENANT_B), tid: TENANT_B }), {}),
      {
        code: 'ERR_ID_TOKEN_ISS',
      },
    );
  });

  test('validateIdToken takes the same hook', async () => {
    const token = await sign({ iss: issuerOf(TENANT_A), tid: TENANT_A });
    const options = {
      issuer: MICROSOFT_ISSUER_TEMPLATE,
      clientId: CLIENT,
      jwks: { keys: [key.publicJwk] },
      now: () => NOW * 1000,
    };
    assert.equal(
      (await validateIdToken(token, { ...options, idTokenIssuer: microsoftIssuer() })).tid,
      TENANT_A,
    );
    await assert.rejects(validateIdToken(token, options), { code: 'ERR_ID_TOKEN_ISS' });
  });
});
