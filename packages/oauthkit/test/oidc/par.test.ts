import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OAuthResponseError, UnexpectedResponseError } from '../../src/errors.js';
import {
  createParAuthorizationUrl,
  createParRequestBody,
  requiresPar,
  validateParResponse,
} from '../../src/oidc/par.js';
import { httpResult } from '../helpers/http-result.js';

const result = (status: number, body: unknown, type?: string) =>
  httpResult(status, body, type, 'https://as.example.com/par');

describe('PAR helpers (RFC 9126)', () => {
  test('the request body carries the parameters and client_id', () => {
    const body = createParRequestBody(
      { response_type: 'code', scope: 'openid', state: 's', skipped: undefined },
      { clientId: 'client-1' },
    );
    assert.equal(body.toString(), 'response_type=code&scope=openid&state=s&client_id=client-1');
    assert.throws(
      () => createParRequestBody({ request_uri: 'urn:x' }, { clientId: 'c' }),
      TypeError,
    );
    assert.throws(() => createParRequestBody({ client_id: 'other' }, { clientId: 'c' }), TypeError);
    assert.equal(
      createParRequestBody(new URLSearchParams('request=eyJ.x.y'), { clientId: 'c' }).get(
        'request',
      ),
      'eyJ.x.y',
    );
  });

  test('a 201 response is validated (§2.2)', () => {
    const r = validateParResponse(
      result(201, {
        request_uri: 'urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c',
        expires_in: 60,
      }),
      { now: () => 1_800_000_000_000 },
    );
    assert.deepEqual(r, {
      request_uri: 'urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c',
      expires_in: 60,
      expires_at: 1_800_000_060,
    });
  });

  test('200 instead of 201, missing fields and HTML are UnexpectedResponseError', () => {
    const ok = { request_uri: 'urn:x', expires_in: 60 };
    for (const bad of [
      result(200, ok),
      result(201, { expires_in: 60 }),
      result(201, { request_uri: 'urn:x' }),
      result(201, { request_uri: 'urn:x', expires_in: '60' }),
      result(201, '<html><body>proxy</body></html>', 'text/html'),
      result(502, 'Bad Gateway', 'text/plain'),
    ]) {
      assert.throws(() => validateParResponse(bad), UnexpectedResponseError);
    }
  });

  test('an error body is an OAuthResponseError (§2.3)', () => {
    assert.throws(
      () =>
        validateParResponse(
          result(400, { error: 'invalid_request', error_description: 'bad redirect_uri' }),
        ),
      (e: unknown) =>
        e instanceof OAuthResponseError &&
        e.error === 'invalid_request' &&
        e.status === 400 &&
        e.code === 'ERR_OAUTH_RESPONSE',
    );
  });

  test('the short authorization URL has only client_id and request_uri (§4)', () => {
    const url = new URL(
      createParAuthorizationUrl('https://as.example.com/authorize', {
        clientId: 'client-1',
        requestUri: 'urn:x:1',
      }),
    );
    assert.deepEqual(
      [...url.searchParams],
      [
        ['client_id', 'client-1'],
        ['request_uri', 'urn:x:1'],
      ],
    );
    assert.throws(() =>
      createParAuthorizationUrl('http://as.example.com/authorize', {
        clientId: 'c',
        requestUri: 'u',
      }),
    );
  });

  test('requiresPar reads require_pushed_authorization_requests', () => {
    assert.equal(requiresPar({ require_pushed_authorization_requests: true }), true);
    assert.equal(requiresPar({}), false);
  });
});
