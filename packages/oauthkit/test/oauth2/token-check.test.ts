/**
 * `acceptTokenResponse` (the eager check OAuth2Client runs first) against
 * `processTokenResponse` (the full validator, loaded only when the check fails): the quick
 * check must never accept a response the full one refuses, and must return the same token
 * when both accept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { HttpResult } from '../../src/http/send.js';
import { processTokenResponse } from '../../src/oauth2/response.js';
import { acceptTokenResponse } from '../../src/oauth2/token-check.js';

const value = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', 'x', 'Bearer', '3600', ' 60 ', '-1', '1e3', 'soon'),
  fc.constantFrom(0, -5, 3600, 1.5, Number.NaN, null, true),
  fc.constant([]),
  fc.constant({}),
);
const body = fc.oneof(
  fc.record({
    access_token: value,
    token_type: value,
    expires_in: value,
    refresh_token: value,
    scope: value,
    id_token: value,
    error: fc.constantFrom(undefined, 'invalid_grant'),
  }),
  fc.constantFrom('<html>502</html>', 'not json', '[]', 'null', '"s"', ''),
);
const type = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON',
  'application/jwt+json',
  'text/plain',
  'application/jsonx',
  '',
);

test('acceptTokenResponse accepts exactly a subset of processTokenResponse, with the same token', () => {
  fc.assert(
    fc.property(fc.constantFrom(200, 201, 400, 500), body, type, (status, b, t) => {
      const text = typeof b === 'string' ? b : JSON.stringify(b);
      const r: HttpResult = {
        status,
        headers: new Headers(t ? { 'content-type': t } : {}),
        body: text,
        response: new Response(null, { status }),
        url: 'https://as.example/token',
      };
      const quick = acceptTokenResponse(r, 1_000_000);
      let full: unknown;
      try {
        full = processTokenResponse(r, { now: 1_000_000 });
      } catch {
        full = undefined;
      }
      if (quick !== undefined) assert.deepEqual(quick, full);
    }),
    { numRuns: 2000 },
  );
});

test('acceptTokenResponse accepts a plain valid response', () => {
  const r: HttpResult = {
    status: 200,
    headers: new Headers({ 'content-type': 'application/json' }),
    body: JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: 60 }),
    response: new Response(null),
    url: 'https://as.example/token',
  };
  assert.deepEqual(acceptTokenResponse(r, 1_000_000), {
    access_token: 'a',
    token_type: 'Bearer',
    expires_in: 60,
    expires_at: 1060,
  });
});
