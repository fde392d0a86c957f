import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromBase64, toBase64Url, utf8 } from '../../src/internal/encoding.js';
import { randomToken } from '../../src/internal/random.js';
import { timingSafeEqual } from '../../src/internal/timing-safe.js';

test('base64url round-trips every byte value and matches Node', () => {
  const bytes = new Uint8Array(256).map((_, i) => i);
  const s = toBase64Url(bytes);
  assert.equal(s, Buffer.from(bytes).toString('base64url'));
  assert.deepEqual(fromBase64(s), bytes);
  assert.deepEqual(fromBase64(Buffer.from(bytes).toString('base64')), bytes);
  assert.throws(() => fromBase64('not base64!'), TypeError);
});

test('randomToken is base64url with 256 bits by default and never repeats', () => {
  const a = randomToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, randomToken());
});

test('timingSafeEqual compares by value, including lengths and non-ASCII', () => {
  assert.equal(timingSafeEqual('state-1', 'state-1'), true);
  assert.equal(timingSafeEqual('state-1', 'state-2'), false);
  assert.equal(timingSafeEqual('state', 'state-1'), false);
  assert.equal(timingSafeEqual('', ''), true);
  assert.equal(timingSafeEqual('é', 'e'), false);
  assert.deepEqual(utf8('é'), new Uint8Array([0xc3, 0xa9]));
});
