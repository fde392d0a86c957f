import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkReturnTo, isSafeReturnTo } from '../../src/web/return-to.js';

const SAFE = [
  '/',
  '/account',
  '/a/b?c=d&e=%2F%2Fx#frag',
  '/caf%C3%A9',
  '/x//y',
  '/?next=https://evil',
];
const UNSAFE = [
  '',
  'account',
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  ' /account',
  '/a b',
  'https://evil.example/',
  'http:/evil.example',
  'javascript:alert(1)',
  '/\u0000x',
  `/${'a'.repeat(1024)}`,
];

test('isSafeReturnTo accepts same-origin paths only', () => {
  for (const v of SAFE) assert.equal(isSafeReturnTo(v), true, v);
  for (const v of UNSAFE) assert.equal(isSafeReturnTo(v), false, JSON.stringify(v));
  for (const v of [undefined, null, 1, {}, ['/']]) assert.equal(isSafeReturnTo(v), false);
});

test('checkReturnTo throws TypeError naming returnTo (open-redirect protection)', () => {
  for (const v of SAFE) assert.equal(checkReturnTo(v), v);
  for (const v of UNSAFE) {
    assert.throws(
      () => checkReturnTo(v),
      (e: unknown) => e instanceof TypeError && /returnTo/.test(e.message),
    );
  }
});
