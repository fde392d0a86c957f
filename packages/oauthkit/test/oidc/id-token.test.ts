import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import { IdTokenValidationError, NetworkError, type OAuthErrorCode } from '../../src/errors.js';
import {
  type IdTokenClaims,
  type ValidateIdTokenOptions,
  validateIdToken,
  validateRefreshedIdToken,
} from '../../src/oidc/id-token.js';
import { JwksCache } from '../../src/oidc/jwks.js';
import {
  type JwksServer,
  leftHalfHash,
  makeKey,
  sign,
  startJwksServer,
  type TestKey,
} from '../helpers/jose-keys.js';

const ISSUER = 'https://op.example.com';
const CLIENT = 'client-1';
const NOW = 1_800_000_000; // seconds
const clock = () => NOW * 1000;

let rs: TestKey;
let es: TestKey;
let ps: TestKey;
let stranger: TestKey; // never published
let srv: JwksServer;

/** Undefined values drop the claim (JSON.stringify leaves them out). */
function claims(extra: Record<string, unknown> = {}): jose.JWTPayload {
  return {
    iss: ISSUER,
    sub: 'user-42',
    aud: CLIENT,
    iat: NOW - 10,
    exp: NOW + 300,
    nonce: 'n-0S6_WzA2Mj',
    ...extra,
  };
}

function options(extra: Partial<ValidateIdTokenOptions> = {}): ValidateIdTokenOptions {
  return {
    issuer: ISSUER,
    clientId: CLIENT,
    jwks: new JwksCache(srv.jwksUri, { now: clock }),
    nonce: 'n-0S6_WzA2Mj',
    now: clock,
    ...extra,
  };
}

async function rejects(
  token: string,
  opts: ValidateIdTokenOptions,
  code: OAuthErrorCode,
  joseCause = false,
): Promise<IdTokenValidationError> {
  let caught: unknown;
  try {
    await validateIdToken(token, opts);
  } catch (error) {
    caught = error;
  }
  assert.ok(
    caught instanceof IdTokenValidationError,
    `expected IdTokenValidationError, got ${caught}`,
  );
  assert.equal(caught.code, code);
  assert.ok(!caught.message.includes(token), 'the message must not contain the token');
  if (joseCause) assert.ok(caught.cause instanceof jose.errors.JOSEError, 'jose error as cause');
  return caught;
}

before(async () => {
  [rs, es, ps, stranger] = await Promise.all([
    makeKey('RS256', 'rs'),
    makeKey('ES256', 'ec'),
    makeKey('PS256', 'ps'),
    makeKey('RS256', 'stranger'),
  ]);
  srv = await startJwksServer([rs.publicJwk, es.publicJwk, ps.publicJwk]);
});
after(() => srv.close());

describe('validateIdToken: rejections (OpenID Connect Core §3.1.3.7)', () => {
  test('wrong aud', async () => {
    const token = await sign(claims({ aud: 'someone-else' }), rs);
    const e = await rejects(token, options(), 'ERR_ID_TOKEN_AUD', true);
    assert.equal(e.claim, 'aud');
  });

  test('wrong iss', async () => {
    const token = await sign(claims({ iss: 'https://evil.example.com' }), rs);
    const e = await rejects(token, options(), 'ERR_ID_TOKEN_ISS', true);
    assert.equal(e.claim, 'iss');
  });

  test('expired', async () => {
    const token = await sign(claims({ exp: NOW - 60 }), rs);
    await rejects(token, options(), 'ERR_ID_TOKEN_EXP', true);
  });

  test('issued in the future beyond the tolerance', async () => {
    const token = await sign(claims({ iat: NOW + 60 }), rs);
    await rejects(token, options(), 'ERR_ID_TOKEN_IAT');
  });

  test('nbf in the future', async () => {
    const token = await sign(claims({ nbf: NOW + 60 }), rs);
    await rejects(token, options(), 'ERR_ID_TOKEN_NBF', true);
  });

  test('nonce mismatch', async () => {
    const token = await sign(claims({ nonce: 'another-login' }), rs);
    await rejects(token, options(), 'ERR_ID_TOKEN_NONCE');
  });

  test('nonce missing when one was sent', async () => {
    const token = await sign(claims({ nonce: undefined }), rs);
    await rejects(token, options(), 'ERR_ID_TOKEN_NONCE');
  });

  test('alg none', async () => {
    const token = new jose.UnsecuredJWT(claims()).encode();
    await rejects(token, options(), 'ERR_ID_TOKEN_ALG', true);
    // even when someone lists it
    await rejects(token, options({ algorithms: ['RS256', 'none'] }), 'ERR_ID_TOKEN_ALG', true);
    await assert.rejects(validateIdToken(token, options({ algorithms: ['none'] })), TypeError);
  });

  test('HS256 signed with the public key (algorithm confusion)', async () => {
    const pem = await jose.exportSPKI(rs.publicKey);
    const forged = { alg: 'HS256', kid: 'rs', privateKey: new TextEncoder().encode(pem) };
    const token = await sign(claims(), forged);
    // default allow-list: RS256 only
    await rejects(token, options(), 'ERR_ID_TOKEN_ALG', true);
    // HS256 in the provider's list but no client secret: still not accepted
    await rejects(token, options({ algorithms: ['RS256', 'HS256'] }), 'ERR_ID_TOKEN_ALG', true);
    // HS256 allowed with the client secret: verified with the secret, never the public key
    await rejects(
      token,
      options({ algorithms: ['RS256', 'HS256'], clientSecret: 'the-real-client-secret' }),
      'ERR_ID_TOKEN_SIGNATURE',
      true,
    );
    // the JWK form of the public key as HMAC secret fails too
    const jwkForged = {
      alg: 'HS256',
      kid: 'rs',
      privateKey: new TextEncoder().encode(JSON.stringify(rs.publicJwk)),
    };
    await rejects(await sign(claims(), jwkForged), options(), 'ERR_ID_TOKEN_ALG', true);
  });

  test('bad signature', async () => {
    // signed by an unpublished key under a published kid
    const token = await sign(claims(), { ...stranger, kid: 'rs' });
    await rejects(token, options(), 'ERR_ID_TOKEN_SIGNATURE', true);
    // a payload altered after signing
    const good = await sign(claims(), rs);
    const [h, , s] = good.split('.');
    const altered = `${h}.${jose.base64url.encode(JSON.stringify(claims({ sub: 'admin' })))}.${s}`;
    await rejects(altered, options(), 'ERR_ID_TOKEN_SIGNATURE', true);
  });

  test('bad signature with a warm cache (the key remembered for the same header)', async () => {
    const opts = options();
    await validateIdToken(await sign(claims(), rs), opts);
    const forged = await sign(claims({ sub: 'admin' }), { ...stranger, kid: 'rs' });
    assert.equal(forged.split('.')[0], (await sign(claims(), rs)).split('.')[0], 'same header');
    await rejects(forged, opts, 'ERR_ID_TOKEN_SIGNATURE', true);
    // and the warm path still checks the alg allow-list
    await rejects(await sign(claims(), rs), { ...opts, algorithms: ['ES256'] }, 'ERR_ID_TOKEN_ALG');
  });

  test('unknown kid: exactly one JWKS refetch, then failure', async () => {
    let t = NOW * 1000;
    const jwks = new JwksCache(srv.jwksUri, { now: () => t });
    const opts = options({ jwks });
    const start = srv.fetches;
    await validateIdToken(await sign(claims(), rs), opts);
    assert.equal(srv.fetches, start + 1, 'fetched once');
    await validateIdToken(await sign(claims(), es), { ...opts, algorithms: ['ES256'] });
    assert.equal(srv.fetches, start + 1, 'cached');

    t += 60_000;
    const unknown = await sign(claims(), stranger);
    await rejects(unknown, opts, 'ERR_ID_TOKEN_KID', true);
    assert.equal(srv.fetches, start + 2, 'exactly one refetch');
    // rate-limited: more unknown kids within the cooldown fetch nothing
    await rejects(unknown, opts, 'ERR_ID_TOKEN_KID', true);
    await rejects(await sign(claims(), { ...stranger, kid: 'other' }), opts, 'ERR_ID_TOKEN_KID');
    assert.equal(srv.fetches, start + 2, 'no refetch within the cooldown');
  });

  test('at_hash mismatch', async () => {
    const token = await sign(claims({ at_hash: leftHalfHash('the-access-token') }), rs);
    await rejects(token, options({ accessToken: 'another-access-token' }), 'ERR_ID_TOKEN_AT_HASH');
  });

  test('c_hash mismatch', async () => {
    const token = await sign(claims({ c_hash: leftHalfHash('the-code') }), rs);
    await rejects(token, options({ code: 'another-code' }), 'ERR_ID_TOKEN_C_HASH');
  });

  test('azp missing with several audiences', async () => {
    const token = await sign(claims({ aud: [CLIENT, 'api-2'] }), rs);
    await rejects(token, options(), 'ERR_ID_TOKEN_AZP');
  });

  test('azp naming another client', async () => {
    const token = await sign(claims({ aud: [CLIENT, 'api-2'], azp: 'api-2' }), rs);
    await rejects(token, options(), 'ERR_ID_TOKEN_AZP');
  });

  test('auth_time older than maxAge', async () => {
    const token = await sign(claims({ auth_time: NOW - 3600 }), rs);
    await rejects(token, options({ maxAge: 600 }), 'ERR_ID_TOKEN_AUTH_TIME');
  });

  test('auth_time missing when maxAge was requested', async () => {
    const token = await sign(claims(), rs);
    await rejects(token, options({ maxAge: 600 }), 'ERR_ID_TOKEN_AUTH_TIME');
  });

  test('required claims missing', async () => {
    await rejects(await sign(claims({ sub: undefined }), rs), options(), 'ERR_ID_TOKEN_SUB', true);
    await rejects(await sign(claims({ iat: undefined }), rs), options(), 'ERR_ID_TOKEN_IAT', true);
    await rejects(await sign(claims({ exp: undefined }), rs), options(), 'ERR_ID_TOKEN_EXP', true);
  });

  test('not a JWS at all', async () => {
    await rejects('not.a.jwt', options(), 'ERR_ID_TOKEN_INVALID', true);
  });

  test('a JWKS that cannot be fetched is a NetworkError, not a validation error', async () => {
    const dead = new JwksCache('http://127.0.0.1:1/jwks');
    await assert.rejects(
      validateIdToken(await sign(claims(), rs), options({ jwks: dead })),
      NetworkError,
    );
  });
});

describe('validateIdToken: valid tokens', () => {
  const picks: [string, () => TestKey][] = [
    ['RS256', () => rs],
    ['ES256', () => es],
    ['PS256', () => ps],
  ];
  for (const [alg, pick] of picks) {
    test(`signature ${alg}`, async () => {
      const key = pick();
      assert.equal(key.alg, alg);
      const token = await sign(claims(), key);
      const c = await validateIdToken(token, options({ algorithms: ['RS256', 'ES256', 'PS256'] }));
      assert.equal(c.sub, 'user-42');
      assert.equal(c.iss, ISSUER);
    });
  }

  test('an ES256 token with RS256-only algorithms is refused', async () => {
    await rejects(await sign(claims(), es), options(), 'ERR_ID_TOKEN_ALG', true);
  });

  test('at_hash and c_hash present and right', async () => {
    const token = await sign(
      claims({ at_hash: leftHalfHash('the-access-token'), c_hash: leftHalfHash('the-code') }),
      rs,
    );
    const c = await validateIdToken(
      token,
      options({ accessToken: 'the-access-token', code: 'the-code' }),
    );
    assert.equal(c.at_hash, leftHalfHash('the-access-token'));
  });

  test('at_hash with ES384 uses SHA-384', async () => {
    const key = await makeKey('ES384', 'ec384');
    const token = await sign(claims({ at_hash: leftHalfHash('tok', 'sha384') }), key);
    const c = await validateIdToken(
      token,
      options({ jwks: { keys: [key.publicJwk] }, algorithms: ['ES384'], accessToken: 'tok' }),
    );
    assert.equal(c.sub, 'user-42');
  });

  test('the clock tolerance is honoured (default 5 s)', async () => {
    const token = await sign(claims({ exp: NOW - 3, iat: NOW + 3, nbf: NOW + 3 }), rs);
    await validateIdToken(token, options());
    await rejects(token, options({ clockTolerance: 0 }), 'ERR_ID_TOKEN_NBF', true);
    const expired = await sign(claims({ exp: NOW - 3 }), rs);
    await validateIdToken(expired, options());
    await rejects(expired, options({ clockTolerance: 0 }), 'ERR_ID_TOKEN_EXP', true);
    const later = await sign(claims({ iat: NOW + 20 }), rs);
    await validateIdToken(later, options({ clockTolerance: 30 }));
  });

  test('several audiences with azp = client', async () => {
    const token = await sign(claims({ aud: ['api-2', CLIENT], azp: CLIENT }), rs);
    const c = await validateIdToken(token, options());
    assert.deepEqual(c.aud, ['api-2', CLIENT]);
  });

  test('auth_time within maxAge', async () => {
    const token = await sign(claims({ auth_time: NOW - 100 }), rs);
    const c = await validateIdToken(token, options({ maxAge: 600 }));
    assert.equal(c.auth_time, NOW - 100);
  });

  test('a static JWKS, no kid, several candidate keys', async () => {
    const other = await makeKey('RS256', 'x');
    const noKid = (k: TestKey) => {
      const { kid: _k, ...jwk } = k.publicJwk;
      return jwk;
    };
    const token = await sign(claims(), { alg: 'RS256', privateKey: rs.privateKey });
    const c = await validateIdToken(token, options({ jwks: { keys: [noKid(other), noKid(rs)] } }));
    assert.equal(c.sub, 'user-42');
  });

  test('HS256 with the client secret when explicitly allowed', async () => {
    const secret = 'a-client-secret-of-at-least-32-bytes!!';
    const token = await sign(claims(), {
      alg: 'HS256',
      privateKey: new TextEncoder().encode(secret),
    });
    const c = await validateIdToken(
      token,
      options({ algorithms: ['HS256'], clientSecret: secret }),
    );
    assert.equal(c.sub, 'user-42');
  });

  test('key rotation: a new kid is picked up with one refetch', async () => {
    let t = NOW * 1000;
    const jwks = new JwksCache(srv.jwksUri, { now: () => t });
    await validateIdToken(await sign(claims(), rs), options({ jwks }));
    const rotated = await makeKey('RS256', 'rs-2026');
    const saved = srv.keys;
    srv.keys = [...saved, rotated.publicJwk];
    try {
      t += 31_000;
      const start = srv.fetches;
      const c = await validateIdToken(await sign(claims(), rotated), options({ jwks }));
      assert.equal(c.sub, 'user-42');
      assert.equal(srv.fetches, start + 1);
    } finally {
      srv.keys = saved;
    }
  });

  test('concurrent first validations share one JWKS fetch', async () => {
    const jwks = new JwksCache(srv.jwksUri, { now: clock });
    const token = await sign(claims(), rs);
    const start = srv.fetches;
    await Promise.all(Array.from({ length: 5 }, () => validateIdToken(token, options({ jwks }))));
    assert.equal(srv.fetches, start + 1);
  });
});

describe('validateRefreshedIdToken (Core §12.2)', () => {
  const first = claims({ auth_time: NOW - 50 }) as IdTokenClaims;
  test('same identity passes', () => {
    const { nonce: _dropped, ...rest } = first;
    const next: IdTokenClaims = { ...rest, iat: NOW + 100, exp: NOW + 400 };
    assert.equal(validateRefreshedIdToken(first, next), next);
  });
  const cases: [string, Partial<IdTokenClaims>, OAuthErrorCode][] = [
    ['iss', { iss: 'https://other.example.com' }, 'ERR_ID_TOKEN_ISS'],
    ['sub', { sub: 'user-43' }, 'ERR_ID_TOKEN_SUB'],
    ['aud', { aud: [CLIENT, 'x'] }, 'ERR_ID_TOKEN_AUD'],
    ['auth_time', { auth_time: NOW }, 'ERR_ID_TOKEN_AUTH_TIME'],
    ['nonce', { nonce: 'other' }, 'ERR_ID_TOKEN_NONCE'],
  ];
  for (const [name, change, code] of cases) {
    test(`a changed ${name} is refused`, () => {
      assert.throws(
        () => validateRefreshedIdToken(first, { ...first, ...change } as IdTokenClaims),
        (e: unknown) => e instanceof IdTokenValidationError && e.code === code,
      );
    });
  }
});
