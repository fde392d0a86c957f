/**
 * The named fixes as pure functions, on hand-made raw responses: each fixes its quirk,
 * leaves a compliant response alone, reports itself once through `debug`, and is off with
 * `strict: true`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RawTokenResponse, TokenResponseHook } from '../../src/oauth2/response.js';
import type { IdTokenClaims } from '../../src/oidc/id-token.js';
import {
  appleAuthorizationParams,
  defaultTokenType,
  formEncodedTokenResponse,
  github,
  http200ErrorResponse,
  microsoft,
  microsoftIssuer,
  slack,
} from '../../src/providers/index.js';

const raw = (status: number, type: string, body: string): RawTokenResponse => ({
  status,
  headers: new Headers({ 'content-type': type }),
  body,
});
const jsonRaw = (value: unknown, status = 200) =>
  raw(status, 'application/json', JSON.stringify(value));
const TOKEN = { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, scope: 'read:user' };
const COMPLIANT = [
  jsonRaw(TOKEN),
  jsonRaw({ error: 'invalid_grant', error_description: 'used' }, 400),
  jsonRaw({ ...TOKEN, refresh_token: 'rt-1', expires_in: '3600' }),
];
const run = (hooks: readonly TokenResponseHook[] | undefined, r: RawTokenResponse) =>
  (hooks ?? []).reduce((acc, hook) => hook(acc), r);

describe('formEncodedTokenResponse', () => {
  test('turns a form-encoded token response into the same JSON', () => {
    const out = formEncodedTokenResponse(
      raw(
        200,
        'application/x-www-form-urlencoded; charset=utf-8',
        'access_token=at-1&scope=repo%2Cuser&token_type=bearer',
      ),
    );
    assert.equal(out.status, 200);
    assert.match(out.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(out.body), {
      access_token: 'at-1',
      scope: 'repo,user',
      token_type: 'bearer',
    });
  });
  test('turns a form-encoded error into a JSON error, status kept', () => {
    const out = formEncodedTokenResponse(
      raw(200, 'text/plain', 'error=bad_verification_code&error_description=The+code+is+wrong'),
    );
    assert.deepEqual(JSON.parse(out.body), {
      error: 'bad_verification_code',
      error_description: 'The code is wrong',
    });
    assert.equal(out.status, 200);
  });
  test('leaves JSON, HTML and compliant responses alone (the same object)', () => {
    for (const r of [
      ...COMPLIANT,
      raw(200, 'text/html', '<html>down</html>'),
      raw(200, 'text/plain', '{"access_token":"a"}'),
    ]) {
      assert.equal(formEncodedTokenResponse(r), r);
    }
  });
});

describe('http200ErrorResponse', () => {
  test('an error object with HTTP 200 becomes status 400, body unchanged', () => {
    const body = {
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
    };
    const out = http200ErrorResponse(jsonRaw(body));
    assert.equal(out.status, 400);
    assert.deepEqual(JSON.parse(out.body), body);
  });
  test("Slack's {ok:false,error} with HTTP 200 becomes status 400", () => {
    const out = http200ErrorResponse(jsonRaw({ ok: false, error: 'invalid_code' }));
    assert.equal(out.status, 400);
  });
  test('leaves compliant responses alone, and a token that carries an error field', () => {
    for (const r of [...COMPLIANT, jsonRaw({ ...TOKEN, error: 'ignored' })]) {
      assert.equal(http200ErrorResponse(r), r);
    }
  });
});

describe('defaultTokenType', () => {
  test('a token without token_type gets Bearer', () => {
    const out = defaultTokenType(jsonRaw({ access_token: 'at-1', scope: 'repo' }));
    assert.deepEqual(JSON.parse(out.body), {
      access_token: 'at-1',
      scope: 'repo',
      token_type: 'Bearer',
    });
    assert.equal(out.status, 200);
  });
  test('leaves compliant responses and errors alone', () => {
    for (const r of [...COMPLIANT, jsonRaw({ error: 'x' })]) assert.equal(defaultTokenType(r), r);
  });
  test('keeps another token_type as it is', () => {
    const r = jsonRaw({ access_token: 'at-1', token_type: 'DPoP' });
    assert.equal(defaultTokenType(r), r);
  });
});

describe('string expires_in', () => {
  test('needs no fix: no preset changes a response for it', () => {
    const messages: string[] = [];
    const r = jsonRaw({ ...TOKEN, expires_in: '3599' });
    assert.equal(run(github({ debug: (m) => messages.push(m) }).hooks?.tokenResponse, r), r);
    assert.deepEqual(messages, []);
  });
});

describe('the fixes of a preset', () => {
  test('github(): each fix is reported once, by name, without token values', () => {
    const messages: string[] = [];
    const hooks = github({ debug: (m) => messages.push(m) }).hooks?.tokenResponse;
    assert.equal(hooks?.length, 3);
    for (let i = 0; i < 2; i++) {
      const out = run(
        hooks,
        raw(200, 'application/x-www-form-urlencoded', 'access_token=gho_secret123&scope=repo'),
      );
      assert.deepEqual(JSON.parse(out.body), {
        access_token: 'gho_secret123',
        scope: 'repo',
        token_type: 'Bearer',
      });
      run(hooks, raw(200, 'application/x-www-form-urlencoded', 'error=bad_verification_code'));
    }
    assert.equal(messages.length, 3);
    for (const name of ['formEncodedTokenResponse', 'http200ErrorResponse', 'defaultTokenType']) {
      assert.equal(messages.filter((m) => m.includes(`fix ${name} `)).length, 1, name);
    }
    assert.ok(
      messages.every(
        (m) => m.startsWith('oauthkit/providers: github:') && !m.includes('gho_secret123'),
      ),
    );
  });
  test('github(): a compliant response passes untouched and reports nothing', () => {
    const messages: string[] = [];
    const hooks = github({ debug: (m) => messages.push(m) }).hooks?.tokenResponse;
    for (const r of COMPLIANT) assert.equal(run(hooks, r), r);
    assert.deepEqual(messages, []);
  });
  test('each preset call reports on its own (one preset per client)', () => {
    const messages: string[] = [];
    const debug = (m: string) => messages.push(m);
    const quirky = jsonRaw({ error: 'bad_verification_code' });
    run(github({ debug }).hooks?.tokenResponse, quirky);
    run(github({ debug }).hooks?.tokenResponse, quirky);
    assert.equal(messages.length, 2);
  });
  test('strict: true returns no hooks', () => {
    assert.equal(github({ strict: true }).hooks, undefined);
    assert.equal(slack({ strict: true }).hooks, undefined);
    assert.equal(microsoft({ strict: true }).hooks, undefined);
    assert.ok(github().hooks?.tokenResponse);
  });
  test('slack(): HTTP 200 errors are fixed and reported', () => {
    const messages: string[] = [];
    const out = run(
      slack({ debug: (m) => messages.push(m) }).hooks?.tokenResponse,
      jsonRaw({ ok: false, error: 'invalid_code' }),
    );
    assert.equal(out.status, 400);
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /slack: applied fix http200ErrorResponse/);
  });
});

describe('microsoftIssuer', () => {
  const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const claims = (extra: Record<string, unknown>) =>
    ({ iss: 'x', sub: 's', aud: 'a', exp: 1, iat: 1, ...extra }) as IdTokenClaims;
  test("expects the template with the token's tid", () => {
    assert.equal(
      microsoftIssuer()(claims({ tid })),
      `https://login.microsoftonline.com/${tid}/v2.0`,
    );
  });
  test('without a GUID tid it accepts no issuer', () => {
    for (const bad of [undefined, 'contoso.com', '../evil', 42]) {
      assert.equal(microsoftIssuer()(claims({ tid: bad })), undefined);
    }
  });
  test('microsoft(): the hook only for templated tenants, reported once', () => {
    const messages: string[] = [];
    const hook = microsoft({ debug: (m) => messages.push(m) }).hooks?.idTokenIssuer;
    assert.ok(hook);
    hook(claims({ tid }));
    hook(claims({ tid }));
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /microsoft: applied fix microsoftIssuer/);
    assert.equal(microsoft({ tenant: tid }).hooks, undefined);
    assert.equal(
      microsoft({ tenant: tid }).issuer,
      `https://login.microsoftonline.com/${tid}/v2.0`,
    );
  });
});

describe('appleAuthorizationParams', () => {
  test('adds response_mode=form_post for name or email, reported once per debug callback', () => {
    const messages: string[] = [];
    const debug = (m: string) => messages.push(m);
    assert.deepEqual(appleAuthorizationParams({}, { debug }), { response_mode: 'form_post' });
    assert.deepEqual(
      appleAuthorizationParams({ scope: ['openid', 'email'], nonce: true }, { debug }),
      {
        scope: ['openid', 'email'],
        nonce: true,
        response_mode: 'form_post',
      },
    );
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /apple: applied fix appleFormPost/);
  });
  test('leaves other scopes, a chosen response_mode, and strict alone', () => {
    for (const params of [{ scope: 'openid' }, { scope: 'name', response_mode: 'query' }]) {
      assert.equal(appleAuthorizationParams(params), params);
    }
    const params = { scope: 'openid name' };
    assert.equal(appleAuthorizationParams(params, { strict: true }), params);
  });
});
