import assert from 'node:assert/strict';
import {
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  verify,
  webcrypto,
} from 'node:crypto';
import { describe, test } from 'node:test';
import { createSignFunction, type SignatureMethod } from '../../src/oauth1/methods.js';
import { bodyHash } from '../../src/oauth1/methods-lazy.js';

const BASE = 'POST&https%3A%2F%2Fapi.example.com%2Fx&a%3D%25E2%2598%2583';
const URL_ = new URL('https://api.example.com/x');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('signature methods', () => {
  for (const bits of ['1', '256', '512']) {
    for (const node of [true, false]) {
      test(`HMAC-SHA${bits} (${node ? 'node:crypto' : 'WebCrypto'}) equals node:crypto's HMAC with the §3.4.2 key`, async () => {
        const sign = createSignFunction(`HMAC-SHA${bits}` as SignatureMethod, undefined, node);
        const expected = createHmac(`sha${bits}`, 'c%20s%C3%A9cret&t%26s')
          .update(BASE)
          .digest('base64');
        assert.equal(await sign(BASE, 'c sécret', 't&s', URL_), expected);
        // a second token secret (the flow moves from request token to access token)
        const other = createHmac(`sha${bits}`, 'c%20s%C3%A9cret&').update(BASE).digest('base64');
        assert.equal(await sign(BASE, 'c sécret', '', URL_), other);
        assert.equal(await sign(BASE, 'c sécret', 't&s', URL_), expected);
      });
    }
  }

  test('the node:crypto HMAC path signs synchronously (no promise on the hot path)', () => {
    const sign = createSignFunction('HMAC-SHA1', undefined, true);
    assert.equal(typeof sign(BASE, 'a', 'b', URL_), 'string');
  });

  test('PLAINTEXT is the encoded secrets joined by "&" (§3.4.4), refused over plain http', async () => {
    const sign = createSignFunction('PLAINTEXT', undefined, true);
    assert.equal(await sign(BASE, 'kd94hf93k423kf44', '', URL_), 'kd94hf93k423kf44&');
    assert.equal(await sign(BASE, 'a b', 'c&d', URL_), 'a%20b&c%26d');
    const http = new URL('http://api.example.com/x');
    await assert.rejects(async () => sign(BASE, 'a', 'b', http), /PLAINTEXT would send/);
    assert.equal(await sign(BASE, 'a', 'b', new URL('http://127.0.0.1:8080/x')), 'a&b');
    const allowed = createSignFunction('PLAINTEXT', undefined, true, true);
    assert.equal(await allowed(BASE, 'a', 'b', http), 'a&b');
  });

  for (const [label, key] of [
    ['PKCS#1 PEM', pkcs1],
    ['PKCS#8 PEM', pkcs8],
  ] as const) {
    for (const bits of ['1', '256', '512']) {
      test(`RSA-SHA${bits} from a ${label} verifies with the public key`, async () => {
        const sign = createSignFunction(`RSA-SHA${bits}` as SignatureMethod, key, true);
        const signature = await sign(BASE, '', '', URL_);
        assert.ok(
          verify(`sha${bits}`, Buffer.from(BASE), publicKey, Buffer.from(signature, 'base64')),
        );
      });
    }
  }

  test('RSA from a CryptoKey, and a CryptoKey for the wrong hash is refused', async () => {
    const der = privateKey.export({ type: 'pkcs8', format: 'der' });
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const key = (await webcrypto.subtle.importKey('pkcs8', der, alg, false, ['sign'])) as CryptoKey;
    const signature = await createSignFunction('RSA-SHA256', key, true)(BASE, '', '', URL_);
    assert.ok(verify('sha256', Buffer.from(BASE), publicKey, Buffer.from(signature, 'base64')));
    await assert.rejects(
      async () => createSignFunction('RSA-SHA1', key, true)(BASE, '', '', URL_),
      /RSA-SHA1 needs rsaKey.*SHA-1/,
    );
  });

  test('a missing RSA key is a TypeError at construction; a public, encrypted or garbled one at the first signature', async () => {
    // The key's checks load with the RSA code on first use, so apps that sign with HMAC
    // never ship them.
    assert.throws(() => createSignFunction('RSA-SHA1', undefined, true), /RSA-SHA1 needs rsaKey/);
    const first = (key: string) => createSignFunction('RSA-SHA1', key, true)(BASE, '', '', URL_);
    const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    await assert.rejects(async () => first(spki), /BEGIN PRIVATE KEY/);
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' })
      .toString();
    await assert.rejects(async () => first(encrypted), TypeError);
    await assert.rejects(async () => first('not a key'), TypeError);
  });

  test("oauth_body_hash uses the method's hash, and none for PLAINTEXT", async () => {
    const body = new TextEncoder().encode('{"hello":"wörld"}');
    for (const bits of ['1', '256', '512']) {
      const expected = createHash(`sha${bits}`).update(body).digest('base64');
      assert.equal(await bodyHash(`HMAC-SHA${bits}` as SignatureMethod, body), expected);
      assert.equal(await bodyHash(`RSA-SHA${bits}` as SignatureMethod, body), expected);
    }
    assert.equal(await bodyHash('PLAINTEXT', body), undefined);
  });
});
