import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OAuthError } from '../../src/errors.js';
import { fromBase64, toBase64Url } from '../../src/internal/encoding.js';
import { randomBytes } from '../../src/internal/random.js';
import {
  importLoginKey,
  type LoginState,
  openLoginState,
  sealLoginState,
} from '../../src/web/seal.js';

const NAME = '__Host-oauthkit_login';
const NOW = 1_800_000_000;
const STATE: LoginState = {
  state: 'st-0123456789abcdef0123456789abcdef',
  codeVerifier: 'cv-0123456789abcdef0123456789abcdef0123456',
  nonce: 'n-0123456789abcdef',
  returnTo: '/account?tab=2',
  expires: NOW + 600,
};

async function rejectsWith(p: Promise<unknown>, sealed: string): Promise<OAuthError> {
  const error = await p.then(
    () => assert.fail('expected the cookie to be refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof OAuthError);
  assert.equal(error.code, 'ERR_LOGIN_COOKIE');
  // The message never quotes the cookie value in full.
  assert.ok(!error.message.includes(sealed));
  return error;
}

describe('login cookie sealing (AES-256-GCM, cookie name as AAD)', async () => {
  const key = await importLoginKey(randomBytes(32));

  test('round trip', async () => {
    const sealed = await sealLoginState(key, NAME, STATE);
    assert.match(sealed, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(await openLoginState(key, NAME, sealed, NOW), STATE);
  });

  test('a fresh IV each time: two seals of the same state differ', async () => {
    const a = await sealLoginState(key, NAME, STATE);
    const b = await sealLoginState(key, NAME, STATE);
    assert.notEqual(a, b);
    // iv (12) || ciphertext || tag (16)
    assert.equal(fromBase64(a).length, 12 + JSON.stringify(STATE).length + 16);
  });

  test('a tampered byte anywhere is refused', async () => {
    const sealed = await sealLoginState(key, NAME, STATE);
    const bytes = fromBase64(sealed);
    for (const i of [0, 11, 12, bytes.length - 17, bytes.length - 1]) {
      const copy = new Uint8Array(bytes);
      copy[i] = (copy[i] ?? 0) ^ 1;
      const bad = toBase64Url(copy);
      await rejectsWith(openLoginState(key, NAME, bad, NOW), bad);
    }
  });

  test('a value sealed for another cookie name (AAD) is refused', async () => {
    const sealed = await sealLoginState(key, 'oauthkit_login', STATE);
    await rejectsWith(openLoginState(key, NAME, sealed, NOW), sealed);
  });

  test('a value sealed with another secret is refused', async () => {
    const other = await importLoginKey(randomBytes(32));
    const sealed = await sealLoginState(other, NAME, STATE);
    await rejectsWith(openLoginState(key, NAME, sealed, NOW), sealed);
  });

  test('an expired value is refused, one second before is accepted', async () => {
    const sealed = await sealLoginState(key, NAME, STATE);
    assert.equal((await openLoginState(key, NAME, sealed, STATE.expires - 1)).state, STATE.state);
    const error = await rejectsWith(openLoginState(key, NAME, sealed, STATE.expires), sealed);
    assert.match(error.message, /expired/);
  });

  test('malformed, truncated and foreign values are refused, never a crash', async () => {
    const sealed = await sealLoginState(key, NAME, STATE);
    for (const bad of [
      '',
      'not base64!',
      'a'.repeat(5000),
      sealed.slice(0, 30),
      toBase64Url(randomBytes(64)),
      's%3Aexpress-session-cookie.sig',
    ]) {
      await rejectsWith(openLoginState(key, NAME, bad, NOW), bad || 'x'.repeat(99));
    }
  });

  test('a sealed value that is not a login state is refused', async () => {
    const sealed = await sealLoginState(key, NAME, { state: 1 } as unknown as LoginState);
    await rejectsWith(openLoginState(key, NAME, sealed, NOW), sealed);
  });
});
