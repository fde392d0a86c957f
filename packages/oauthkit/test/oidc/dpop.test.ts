import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import { send } from '../../src/http/send.js';
import {
  calculateDpopJkt,
  createDpopProof,
  DpopNonceCache,
  dpopAuthorization,
  dpopHtu,
  generateDpopKeyPair,
  isDpopNonceError,
  resolveDpopKeyPair,
} from '../../src/oidc/dpop.js';
import { parseWwwAuthenticate } from '../../src/oidc/www-authenticate.js';
import { startServer, type TestServer } from '../helpers/server.js';

const NOW = 1_800_000_000;
const clock = () => NOW * 1000;

/** What a server does with a DPoP header (RFC 9449 §4.3), with jose. */
async function verifyProof(proof: string, htm: string, htu: string) {
  const { payload, protectedHeader } = await jose.jwtVerify(proof, jose.EmbeddedJWK, {
    typ: 'dpop+jwt',
    algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
    currentDate: new Date(NOW * 1000),
  });
  assert.equal(payload.htm, htm);
  assert.equal(payload.htu, htu);
  assert.equal(typeof payload.jti, 'string');
  assert.ok(Math.abs((payload.iat ?? 0) - NOW) <= 5);
  assert.ok(!('d' in (protectedHeader.jwk ?? {})), 'no private members in the proof');
  const jkt = await jose.calculateJwkThumbprint(protectedHeader.jwk!, 'sha256');
  return { payload, protectedHeader, jkt };
}

const sha256 = (s: string) => createHash('sha256').update(s, 'ascii').digest('base64url');

describe('DPoP keys', () => {
  test('dpop: true generates ES256 with a non-extractable private key', async () => {
    const kp = await resolveDpopKeyPair(true);
    assert.equal(kp.privateKey.extractable, false);
    assert.equal(kp.privateKey.algorithm.name, 'ECDSA');
    assert.equal((kp.privateKey.algorithm as EcKeyAlgorithm).namedCurve, 'P-256');
    await assert.rejects(crypto.subtle.exportKey('jwk', kp.privateKey));
  });

  test('a supplied key pair is used as is; a bad one is a TypeError', async () => {
    const kp = await jose.generateKeyPair('PS256');
    const { privateKey } = await resolveDpopKeyPair(kp);
    assert.equal(privateKey, kp.privateKey);
    await assert.rejects(resolveDpopKeyPair({} as CryptoKeyPair), TypeError);
    const swapped = { privateKey: kp.publicKey, publicKey: kp.privateKey };
    await assert.rejects(resolveDpopKeyPair(swapped), TypeError);
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    await assert.rejects(resolveDpopKeyPair({ privateKey: hmac, publicKey: hmac }), TypeError);
  });

  test('jkt is the RFC 7638 thumbprint a server computes', async () => {
    const kp = await generateDpopKeyPair();
    const exported = await crypto.subtle.exportKey('jwk', kp.publicKey);
    const expected = await jose.calculateJwkThumbprint(exported as jose.JWK, 'sha256');
    assert.equal(await calculateDpopJkt(kp), expected);
    // independently: RFC 7638 §3 for EC keys, members in lexicographic order
    const { crv, kty, x, y } = exported;
    const manual = createHash('sha256')
      .update(JSON.stringify({ crv, kty, x, y }))
      .digest('base64url');
    assert.equal(expected, manual);
  });
});

describe('createDpopProof (RFC 9449 §4.2)', () => {
  let kp: CryptoKeyPair;
  before(async () => {
    kp = await generateDpopKeyPair();
  });

  test('verifies as a server would; htu without query and fragment', async () => {
    const proof = await createDpopProof({
      keyPair: kp,
      htm: 'POST',
      htu: 'https://as.example.com/token?x=1#frag',
      now: clock,
    });
    const { payload, protectedHeader, jkt } = await verifyProof(
      proof,
      'POST',
      'https://as.example.com/token',
    );
    assert.equal(protectedHeader.typ, 'dpop+jwt');
    assert.equal(protectedHeader.alg, 'ES256');
    assert.equal(payload.iat, NOW);
    assert.equal(payload.nonce, undefined);
    assert.equal(payload.ath, undefined);
    assert.equal(jkt, await calculateDpopJkt(kp));
    assert.deepEqual(Object.keys(protectedHeader.jwk!).sort(), ['crv', 'kty', 'x', 'y']);
  });

  test('ath is the SHA-256 of the access token; nonce carried', async () => {
    const proof = await createDpopProof({
      keyPair: kp,
      htm: 'GET',
      htu: 'https://rs.example.com/me',
      nonce: 'server-nonce-1',
      accessToken: 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
      now: clock,
    });
    const { payload } = await verifyProof(proof, 'GET', 'https://rs.example.com/me');
    assert.equal(payload.ath, sha256('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU'));
    assert.equal(payload.nonce, 'server-nonce-1');
  });

  test('RFC 9449 §7.1 example access token hash', async () => {
    // The RFC's example: token "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU",
    // ath "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo".
    const proof = await createDpopProof({
      keyPair: kp,
      htm: 'GET',
      htu: 'https://resource.example.org/protectedresource',
      accessToken: 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
      now: clock,
    });
    assert.equal(jose.decodeJwt(proof).ath, 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo');
  });

  test('every proof has its own jti', async () => {
    const ids = new Set<unknown>();
    for (let i = 0; i < 20; i++) {
      ids.add(
        jose.decodeJwt(await createDpopProof({ keyPair: kp, htm: 'GET', htu: 'https://a.example' }))
          .jti,
      );
    }
    assert.equal(ids.size, 20);
  });

  test('RS256, PS256 and Ed25519 key pairs sign with their alg', async () => {
    for (const [alg, expected] of [
      ['RS256', 'RS256'],
      ['PS256', 'PS256'],
      ['Ed25519', 'EdDSA'],
    ] as const) {
      const pair = await jose.generateKeyPair(alg);
      const proof = await createDpopProof({
        keyPair: pair,
        htm: 'GET',
        htu: 'https://a.example/',
        now: clock,
      });
      const { protectedHeader } = await verifyProof(proof, 'GET', 'https://a.example/');
      assert.equal(protectedHeader.alg, expected);
    }
  });

  test('the DPoP authorization scheme and htu helper', () => {
    assert.equal(dpopAuthorization('abc'), 'DPoP abc');
    assert.equal(dpopHtu('https://x.example/a/b?c=d#e'), 'https://x.example/a/b');
  });
});

describe('nonces (RFC 9449 §8, §9)', () => {
  test('isDpopNonceError: token endpoint 400 use_dpop_nonce with a nonce', () => {
    const headers = new Headers({ 'dpop-nonce': 'n1', 'content-type': 'application/json' });
    assert.equal(
      isDpopNonceError({ status: 400, headers, body: '{"error":"use_dpop_nonce"}' }),
      true,
    );
    assert.equal(
      isDpopNonceError({ status: 400, headers, body: '{"error":"invalid_grant"}' }),
      false,
    );
    assert.equal(isDpopNonceError({ status: 400, headers, body: 'not json' }), false);
    // no nonce to retry with: no retry
    assert.equal(
      isDpopNonceError({ status: 400, headers: new Headers(), body: '{"error":"use_dpop_nonce"}' }),
      false,
    );
  });

  test('isDpopNonceError: resource server 401 WWW-Authenticate DPoP error', () => {
    const mk = (www: string) => new Headers({ 'dpop-nonce': 'n2', 'www-authenticate': www });
    assert.equal(
      isDpopNonceError({
        status: 401,
        headers: mk(
          'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
        ),
      }),
      true,
    );
    assert.equal(
      isDpopNonceError({
        status: 401,
        headers: mk('Bearer realm="x", DPoP error="use_dpop_nonce"'),
      }),
      true,
    );
    assert.equal(
      isDpopNonceError({ status: 401, headers: mk('DPoP error="invalid_token"') }),
      false,
    );
    assert.equal(
      isDpopNonceError({ status: 401, headers: mk('Bearer error="use_dpop_nonce"') }),
      false,
    );
    assert.equal(
      isDpopNonceError({ status: 403, headers: mk('DPoP error="use_dpop_nonce"') }),
      false,
    );
  });

  test('parseWwwAuthenticate', () => {
    assert.deepEqual(
      parseWwwAuthenticate('DPoP algs="ES256 PS256", error="use_dpop_nonce", Bearer realm="a\\"b"'),
      [
        { scheme: 'DPoP', params: { algs: 'ES256 PS256', error: 'use_dpop_nonce' } },
        { scheme: 'Bearer', params: { realm: 'a"b' } },
      ],
    );
  });

  test('DpopNonceCache keeps one nonce per origin', () => {
    const c = new DpopNonceCache(2);
    c.remember('https://as.example/token', new Headers({ 'DPoP-Nonce': 'a1' }));
    c.remember('https://rs.example/me', new Headers({ 'DPoP-Nonce': 'r1' }));
    c.remember('https://as.example/par', new Headers());
    assert.equal(c.get('https://as.example/other'), 'a1');
    assert.equal(c.get('https://rs.example/x?y'), 'r1');
    c.remember('https://third.example/', new Headers({ 'DPoP-Nonce': 't1' }));
    assert.equal(c.get('https://as.example/token'), undefined, 'oldest forgotten');
  });
});

describe('nonce retry against real servers that require one', () => {
  let srv: TestServer;
  let kp: CryptoKeyPair;
  const seen = { token: 0, resource: 0 };
  const issued = { token: 'at-' + 'x'.repeat(30), jkt: '' };
  const usedJti = new Set<string>();

  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let b = '';
      req.on('data', (c) => {
        b += c;
      });
      req.on('end', () => resolve(b));
    });

  async function handler(req: IncomingMessage, res: ServerResponse) {
    const url = `${srv.url}${req.url!.split('?')[0]}`;
    const proof = req.headers.dpop;
    if (typeof proof !== 'string') {
      res.statusCode = 400;
      return res.end('{"error":"invalid_dpop_proof"}');
    }
    const { payload, jkt } = await verifyProof(proof, req.method!, url);
    assert.ok(!usedJti.has(payload.jti!), 'jti replayed');
    usedJti.add(payload.jti!);
    if (req.url === '/token') {
      await read(req);
      seen.token++;
      res.setHeader('content-type', 'application/json');
      if (payload.nonce !== 'as-nonce') {
        res.statusCode = 400;
        res.setHeader('DPoP-Nonce', 'as-nonce');
        return res.end(
          '{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}',
        );
      }
      issued.jkt = jkt;
      return res.end(
        JSON.stringify({ access_token: issued.token, token_type: 'DPoP', expires_in: 60 }),
      );
    }
    if (req.url?.startsWith('/me')) {
      seen.resource++;
      if (
        req.headers.authorization !== `DPoP ${issued.token}` ||
        payload.ath !== sha256(issued.token) ||
        jkt !== issued.jkt
      ) {
        res.statusCode = 401;
        res.setHeader('WWW-Authenticate', 'DPoP error="invalid_token"');
        return res.end();
      }
      if (payload.nonce !== 'rs-nonce') {
        res.statusCode = 401;
        res.setHeader('DPoP-Nonce', 'rs-nonce');
        res.setHeader(
          'WWW-Authenticate',
          'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
        );
        return res.end();
      }
      res.setHeader('content-type', 'application/json');
      return res.end('{"sub":"user-42"}');
    }
    res.statusCode = 404;
    res.end();
  }

  before(async () => {
    kp = await generateDpopKeyPair();
    srv = await startServer((req, res) => {
      handler(req, res).catch((e) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
  });
  after(() => srv.close());

  const nonces = new DpopNonceCache();
  async function dpopSend(method: string, url: string, accessToken?: string, body?: string) {
    const attempt = async () => {
      const headers: Record<string, string> = {
        dpop: await createDpopProof({
          keyPair: kp,
          htm: method,
          htu: url,
          nonce: nonces.get(url),
          accessToken,
          now: clock,
        }),
      };
      if (accessToken) headers.authorization = dpopAuthorization(accessToken);
      if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
      return send(url, body ? { method, headers, body } : { method, headers });
    };
    let result = await attempt();
    nonces.remember(url, result.headers);
    if (isDpopNonceError(result)) {
      result = await attempt();
      nonces.remember(url, result.headers);
    }
    return result;
  }

  test('token endpoint: use_dpop_nonce, one retry with the nonce, then the token', async () => {
    const r = await dpopSend(
      'POST',
      `${srv.url}/token`,
      undefined,
      'grant_type=client_credentials',
    );
    assert.equal(r.status, 200);
    assert.equal(seen.token, 2);
    assert.equal(JSON.parse(r.body).token_type, 'DPoP');
    assert.equal(issued.jkt, await calculateDpopJkt(kp));
    // the nonce is remembered: the next request needs no retry
    await dpopSend('POST', `${srv.url}/token`, undefined, 'grant_type=client_credentials');
    assert.equal(seen.token, 3);
  });

  test('resource server: DPoP scheme with ath, its own nonce learned from a 401', async () => {
    const r = await dpopSend('GET', `${srv.url}/me?fields=sub`, issued.token);
    assert.equal(r.status, 200);
    assert.equal(seen.resource, 2);
    assert.deepEqual(JSON.parse(r.body), { sub: 'user-42' });
  });
});
