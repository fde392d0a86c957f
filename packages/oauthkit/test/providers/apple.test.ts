/**
 * appleClientSecret: the JWT Apple's token endpoint takes as client_secret, verified with
 * jose against the public half of the key; and the apple() preset's shape.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as jose from 'jose';
import { apple, appleClientSecret } from '../../src/providers/index.js';

const NOW = 1_700_000_000;

describe('appleClientSecret', () => {
  let pair: CryptoKeyPair;
  let pem: string;
  before(async () => {
    pair = await jose.generateKeyPair('ES256', { extractable: true });
    pem = await jose.exportPKCS8(pair.privateKey);
  });
  const base = () => ({
    teamId: 'ABCDE12345',
    keyId: 'KEY1234567',
    privateKey: pem,
    clientId: 'com.example.web',
    now: () => NOW * 1000,
  });

  test('an ES256 JWT with kid, iss=teamId, sub=clientId, aud=Apple, exp at most 6 months', async () => {
    const secret = await appleClientSecret(base());
    const { payload, protectedHeader } = await jose.jwtVerify(secret, pair.publicKey, {
      algorithms: ['ES256'],
      issuer: 'ABCDE12345',
      subject: 'com.example.web',
      audience: 'https://appleid.apple.com',
      currentDate: new Date(NOW * 1000),
    });
    assert.deepEqual(protectedHeader, { alg: 'ES256', kid: 'KEY1234567' });
    assert.equal(payload.iat, NOW);
    assert.equal(payload.exp, NOW + 15_552_000);
    assert.ok((payload.exp ?? 0) - NOW <= 15_777_000);
  });

  test('takes a CryptoKey and a shorter lifetime', async () => {
    const secret = await appleClientSecret({
      ...base(),
      privateKey: pair.privateKey,
      expiresIn: 3600,
    });
    const { payload } = await jose.jwtVerify(secret, pair.publicKey, {
      currentDate: new Date(NOW * 1000),
    });
    assert.equal(payload.exp, NOW + 3600);
  });

  test('refuses a lifetime beyond Apple’s 6 months, missing ids and a bad key', async () => {
    await assert.rejects(appleClientSecret({ ...base(), expiresIn: 15_777_001 }), TypeError);
    await assert.rejects(appleClientSecret({ ...base(), expiresIn: 0 }), TypeError);
    await assert.rejects(appleClientSecret({ ...base(), teamId: '' }), TypeError);
    await assert.rejects(appleClientSecret({ ...base(), privateKey: 'not a pem' }), TypeError);
  });

  test('the preset: client_secret_post, Apple’s issuer and keys, name and email scopes', () => {
    const preset = apple();
    assert.equal(preset.tokenEndpointAuthMethod, 'client_secret_post');
    assert.equal(preset.issuer, 'https://appleid.apple.com');
    assert.equal(preset.jwksUri, 'https://appleid.apple.com/auth/keys');
    assert.deepEqual(preset.scope.split(' '), ['openid', 'name', 'email']);
  });
});
