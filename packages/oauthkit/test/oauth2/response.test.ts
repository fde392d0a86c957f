/** Pure validation functions, fed hand-made responses (no I/O). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UnexpectedResponseError } from '../../src/errors.js';
import {
  acceptAuthorizationResponse,
  validateAuthorizationResponse,
} from '../../src/oauth2/authorization.js';
import { discoveryUrls, processDiscoveryResponse } from '../../src/oauth2/discovery.js';
import { githubQuirks, processTokenResponse } from '../../src/oauth2/index.js';
import { httpResult } from '../helpers/http-result.js';

const result = httpResult;

describe('processTokenResponse', () => {
  test('a numeric-string expires_in becomes a number and expires_at', () => {
    const t = processTokenResponse(
      result(200, { access_token: 'a', token_type: 'Bearer', expires_in: '120' }),
      {
        now: 1_000_000,
      },
    );
    assert.equal(t.expires_in, 120);
    assert.equal(t.expires_at, 1000 + 120);
  });
  test('a non-numeric expires_in is refused', () => {
    assert.throws(
      () =>
        processTokenResponse(
          result(200, { access_token: 'a', token_type: 'Bearer', expires_in: 'soon' }),
          { now: 0 },
        ),
      UnexpectedResponseError,
    );
  });
  test('a non-string refresh_token is refused', () => {
    assert.throws(
      () =>
        processTokenResponse(
          result(200, { access_token: 'a', token_type: 'Bearer', refresh_token: 5 }),
          { now: 0 },
        ),
      UnexpectedResponseError,
    );
  });
  test('a JSON array is refused', () => {
    assert.throws(
      () => processTokenResponse(result(200, '[]'), { now: 0 }),
      UnexpectedResponseError,
    );
  });
  test('application/vnd+json style media types are accepted', () => {
    const t = processTokenResponse(
      result(200, { access_token: 'a', token_type: 'Bearer' }, 'application/token+json'),
      { now: 0 },
    );
    assert.equal(t.access_token, 'a');
  });
  test('the GitHub fixes leave a compliant response alone', () => {
    const body = { access_token: 'a', token_type: 'Bearer', scope: 'x' };
    const t = processTokenResponse(result(200, body), {
      now: 0,
      hooks: { tokenResponse: githubQuirks },
    });
    assert.deepEqual(t, body);
  });
});

describe('validateAuthorizationResponse', () => {
  test('reads the fragment when there is no query', () => {
    assert.equal(
      validateAuthorizationResponse('https://app/cb#code=c&state=s', { state: 's' }).code,
      'c',
    );
  });
  test('iss is checked when present even if not advertised', () => {
    assert.throws(
      () =>
        validateAuthorizationResponse('https://app/cb?code=c&state=s&iss=https://evil', {
          state: 's',
          issuer: 'https://as',
        }),
      { code: 'ERR_ISSUER_MISMATCH' },
    );
  });
  test('no state sent and none received is fine', () => {
    assert.equal(
      validateAuthorizationResponse('https://app/cb?code=c', { state: undefined }).code,
      'c',
    );
  });
  test('the lean check OAuth2Client runs first agrees with it on 3,750 callbacks', () => {
    // acceptAuthorizationResponse must accept exactly what this function accepts, with the
    // same result, and return undefined where it throws. Every combination of: each
    // parameter absent, right, wrong, empty or repeated; state expected or not; an issuer
    // configured or not, iss advertised or not.
    const variants = (name: string, right: string) => [
      [],
      [[name, right]],
      [[name, `${right}x`]],
      [[name, '']],
      [
        [name, right],
        [name, right],
      ],
    ];
    const errors = [[], [['error', 'access_denied']], [['error', '']]];
    let accepted = 0;
    let compared = 0;
    for (const code of variants('code', 'c0de'))
      for (const state of variants('state', 's1'))
        for (const iss of variants('iss', 'https://as.example'))
          for (const error of errors)
            for (const checks of [
              { state: 's1' },
              { state: undefined },
              { state: 's1', issuer: 'https://as.example' },
              { state: 's1', issuer: 'https://as.example', issRequired: true },
              { state: undefined, issuer: 'https://as.example', issRequired: true },
            ]) {
              const params = new URLSearchParams([...code, ...state, ...iss, ...error] as [
                string,
                string,
              ][]);
              for (const input of [params, `https://app.example/cb?${params}`]) {
                let expected: unknown;
                try {
                  expected = validateAuthorizationResponse(input, checks);
                  accepted++;
                } catch {
                  expected = undefined;
                }
                assert.deepEqual(
                  acceptAuthorizationResponse(input, checks),
                  expected,
                  `${params} with ${JSON.stringify(checks)}`,
                );
                compared++;
              }
            }
    assert.equal(compared, 3750);
    // Counted by hand: no error, a non-empty single code (2 values), the state sent or none,
    // iss as the checks allow: (8 + 8 + 4 + 2 + 2) parameter sets, each as URL and params.
    assert.equal(accepted, 48);
  });
});

describe('discovery', () => {
  test('RFC 8414 §3.1 inserts the well-known segment before the issuer path; OpenID appends it', () => {
    const [oidc, oauth] = discoveryUrls(new URL('https://as.example/tenant/1'), 'auto');
    assert.equal(oidc!.href, 'https://as.example/tenant/1/.well-known/openid-configuration');
    assert.equal(oauth!.href, 'https://as.example/.well-known/oauth-authorization-server/tenant/1');
  });
  test('the issuer must match exactly', () => {
    assert.throws(
      () =>
        processDiscoveryResponse(
          result(200, { issuer: 'https://as.example/' }),
          'https://as.example',
        ),
      {
        code: 'ERR_ISSUER_MISMATCH',
      },
    );
  });
});
