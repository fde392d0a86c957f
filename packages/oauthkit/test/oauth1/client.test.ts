import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OAuth1Error, TimeoutError, UnexpectedResponseError } from '../../src/errors.js';
import type { HttpResult } from '../../src/http/send.js';
import { OAuth1Client, parseTokenResponse } from '../../src/oauth1/client.js';

const SECRET = 'Zx9SECRETsecretSECRET';

function result(status: number, body: string, headers: Record<string, string> = {}): HttpResult {
  const h = new Headers(headers);
  return {
    status,
    headers: h,
    body,
    response: new Response(null, { status, headers: h }),
    url: 'https://api.example.com/oauth/token?x=1',
  };
}

describe('parseTokenResponse (a pure function over a response read in full)', () => {
  test('a form-encoded token, extra fields kept', () => {
    assert.deepEqual(
      parseTokenResponse(
        result(200, 'oauth_token=t&oauth_token_secret=s&user_id=42&screen_name=a', {
          'content-type': 'text/html',
        }),
        'x',
      ),
      { oauth_token: 't', oauth_token_secret: 's', user_id: '42', screen_name: 'a' },
    );
  });

  test('4xx with OAuth Problem Reporting: OAuth1Error with problem and advice', () => {
    assert.throws(
      () =>
        parseTokenResponse(
          result(
            401,
            'oauth_problem=timestamp_refused&oauth_problem_advice=clock+is+off&oauth_acceptable_timestamps=1-2',
          ),
          'the access token endpoint',
        ),
      (e: unknown) => {
        assert.ok(e instanceof OAuth1Error);
        assert.equal(e.code, 'ERR_OAUTH1');
        assert.equal(e.status, 401);
        assert.equal(e.problem, 'timestamp_refused');
        assert.equal(e.advice, 'clock is off');
        assert.match(
          e.message,
          /the access token endpoint \(https:\/\/api\.example\.com\/oauth\/token\) refused/,
        );
        assert.match(e.message, /clock/);
        assert.ok(!e.message.includes('x=1'), 'no query string in messages');
        assert.equal(Object.keys(e).includes('response'), false, 'the response is not enumerable');
        return true;
      },
    );
  });

  test('the problem may come in WWW-Authenticate, or as error/error_description (Authlib)', () => {
    assert.throws(
      () =>
        parseTokenResponse(
          result(401, '', {
            'www-authenticate': 'OAuth realm="x", oauth_problem="signature_invalid"',
          }),
          'x',
        ),
      (e: unknown) => e instanceof OAuth1Error && e.problem === 'signature_invalid',
    );
    assert.throws(
      () =>
        parseTokenResponse(
          result(401, '{"error":"invalid_nonce","error_description":"seen"}', {
            'content-type': 'application/json',
          }),
          'x',
        ),
      (e: unknown) =>
        e instanceof OAuth1Error &&
        e.problem === 'invalid_nonce' &&
        e.advice === 'seen' &&
        /fresh/.test(e.message),
    );
  });

  test('a 4xx without a problem quotes the start of the body, secrets redacted', () => {
    assert.throws(
      () => parseTokenResponse(result(403, `Forbidden. oauth_token=${SECRET}`), 'x'),
      (e: unknown) => {
        assert.ok(e instanceof OAuth1Error);
        assert.equal(e.problem, undefined);
        assert.match(e.message, /Forbidden/);
        assert.ok(!e.message.includes(SECRET));
        return true;
      },
    );
  });

  test('not form-encoded, or lacking a field: UnexpectedResponseError quoting the redacted body', () => {
    const cases: Array<[HttpResult, RegExp]> = [
      [
        result(200, `<html><body>Login oauth_token_secret=${SECRET}</body></html>`),
        /not application\/x-www-form-urlencoded/,
      ],
      [
        result(200, `{"oauth_token":"${SECRET}","oauth_token_secret":"${SECRET}"}`, {
          'content-type': 'application/json',
        }),
        /not application\/x-www-form-urlencoded/,
      ],
      [result(200, `oauth_token=${SECRET}`), /lacks oauth_token_secret/],
      [result(200, 'oauth_token_secret=s'), /lacks oauth_token/],
      [result(502, `Bad gateway oauth_token=${SECRET}`), /HTTP 502/],
      [result(302, ''), /HTTP 302/],
    ];
    for (const [r, message] of cases) {
      assert.throws(
        () => parseTokenResponse(r, 'the request token endpoint'),
        (e: unknown) => {
          assert.ok(e instanceof UnexpectedResponseError, String(e));
          assert.match(e.message, message);
          assert.equal(e.status, r.status);
          assert.ok(!e.message.includes(SECRET), e.message);
          return true;
        },
      );
    }
  });
});

/** A provider as a fetch function, answering each path with a canned response. */
function provider(answers: Record<string, () => Response>) {
  const seen: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push(request);
    const answer = answers[new URL(request.url).pathname];
    return answer ? answer() : new Response('no', { status: 404 });
  };
  return { fetch, seen };
}

const form = (body: string) => () =>
  new Response(body, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('OAuth1Client', () => {
  const options = { clientId: 'key', clientSecret: 'secret', nonce: () => 'n', now: () => 1e12 };

  test('oauth_callback_confirmed other than true is an OAuth1Error', async () => {
    for (const body of [
      'oauth_token=t&oauth_token_secret=s',
      'oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=false',
    ]) {
      const { fetch } = provider({ '/initiate': form(body) });
      const client = new OAuth1Client({ ...options, fetch });
      await assert.rejects(
        client.fetchRequestToken('https://api.example.com/initiate'),
        (e: unknown) => {
          assert.ok(e instanceof OAuth1Error);
          assert.match(e.message, /did not confirm the callback/);
          return true;
        },
      );
      assert.equal(client.token, undefined, 'an unconfirmed request token is not kept');
    }
  });

  test('extraParams go in the signed form body; the default callback is oob', async () => {
    const { fetch, seen } = provider({
      '/initiate': form('oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true'),
    });
    const client = new OAuth1Client({ ...options, fetch });
    await client.fetchRequestToken('https://api.example.com/initiate', {
      scope: 'read write',
      x_auth_access_type: 'read',
    });
    const request = seen[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(await request.text(), 'scope=read%20write&x_auth_access_type=read');
    assert.match(request.headers.get('authorization')!, /oauth_callback="oob"/);
    assert.doesNotMatch(request.headers.get('authorization')!, /oauth_token=/);
  });

  test('createAuthorizationUrl keeps the existing query and takes a token record or string', () => {
    const client = new OAuth1Client({ ...options, token: 'req tok', tokenSecret: 's' });
    assert.equal(
      client.createAuthorizationUrl('https://api.example.com/authorize?force_login=true'),
      'https://api.example.com/authorize?force_login=true&oauth_token=req%20tok',
    );
    assert.equal(
      client.createAuthorizationUrl('https://api.example.com/authorize', { oauth_token: 'x' }),
      'https://api.example.com/authorize?oauth_token=x',
    );
    assert.throws(
      () => new OAuth1Client(options).createAuthorizationUrl('https://api.example.com/a'),
      TypeError,
    );
    assert.throws(() => client.createAuthorizationUrl('http://api.example.com/authorize'), /https/);
  });

  test("parseAuthorizationResponse: a full URL or a query; denied; another flow's token", () => {
    const client = new OAuth1Client({ ...options, token: 'req', tokenSecret: 's' });
    assert.deepEqual(client.parseAuthorizationResponse('?oauth_token=req&oauth_verifier=v1'), {
      oauth_token: 'req',
      oauth_verifier: 'v1',
    });
    assert.deepEqual(
      client.parseAuthorizationResponse('https://app.example.com/cb?oauth_verifier=v2'),
      { oauth_token: 'req', oauth_verifier: 'v2' },
    );
    assert.throws(
      () => client.parseAuthorizationResponse('https://app.example.com/cb?denied=req'),
      (e: unknown) => e instanceof OAuth1Error && e.problem === 'access_denied',
    );
    assert.throws(
      () =>
        client.parseAuthorizationResponse(
          'https://app.example.com/cb?oauth_token=other&oauth_verifier=v',
        ),
      /another request token/,
    );
  });

  test('fetchAccessToken needs a verifier and a request token; sends both; replaces the token', async () => {
    await assert.rejects(
      new OAuth1Client({ ...options, token: 't', tokenSecret: 's' }).fetchAccessToken(
        'https://api.example.com/token',
      ),
      /verifier is required/,
    );
    await assert.rejects(
      new OAuth1Client(options).fetchAccessToken('https://api.example.com/token', 'v'),
      /No request token/,
    );
    const { fetch, seen } = provider({
      '/token': form('oauth_token=access&oauth_token_secret=asecret&user_id=7'),
    });
    const client = new OAuth1Client({
      ...options,
      fetch,
      token: 'req',
      tokenSecret: 'rsecret',
      verifier: 'v9',
    });
    assert.deepEqual(await client.fetchAccessToken('https://api.example.com/token'), {
      oauth_token: 'access',
      oauth_token_secret: 'asecret',
      user_id: '7',
    });
    assert.match(seen[0]!.headers.get('authorization')!, /oauth_token="req".*oauth_verifier="v9"/);
    assert.equal(client.token?.oauth_token, 'access');
    await client.fetch('https://api.example.com/me');
    assert.match(seen[1]!.headers.get('authorization')!, /oauth_token="access"/);
    assert.doesNotMatch(seen[1]!.headers.get('authorization')!, /oauth_verifier/);
  });

  test('protocol requests have a timeout and refuse plain http off loopback', async () => {
    const client = new OAuth1Client({
      ...options,
      timeout: 100,
      fetch: () => new Promise<Response>(() => {}),
    });
    await assert.rejects(
      client.fetchRequestToken('https://api.example.com/initiate'),
      TimeoutError,
    );
    await assert.rejects(
      new OAuth1Client(options).fetchRequestToken('http://api.example.com/initiate'),
      /https/,
    );
  });

  test('protocol responses have a size limit', async () => {
    const client = new OAuth1Client({
      ...options,
      maxResponseBytes: 1024,
      fetch: async () => new Response(`oauth_token=${'x'.repeat(4096)}&oauth_token_secret=s`),
    });
    await assert.rejects(
      client.fetchRequestToken('https://api.example.com/initiate'),
      (e: unknown) => {
        assert.ok(e instanceof UnexpectedResponseError);
        assert.equal(e.code, 'ERR_RESPONSE_TOO_LARGE');
        return true;
      },
    );
  });

  test('the token getter returns a copy', () => {
    const client = new OAuth1Client({ ...options, token: 't', tokenSecret: 's' });
    const token = client.token!;
    token.oauth_token = 'changed';
    assert.equal(client.token?.oauth_token, 't');
  });
});
