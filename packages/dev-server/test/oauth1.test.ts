/**
 * OAuth 1.0a endpoints. Until the library's signer is merged, signatures are made and checked
 * with the `oauth-1.0a` package (a test-only verifier plugged into the verifier seam).
 */
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import OAuth from 'oauth-1.0a';
import { OAuth1Client } from 'oauthkit/oauth1';
import { type DevServer, type OAuth1Verifier, startDevServer } from '../src/index.js';

const hmacSha1 = (base: string, key: string) =>
  createHmac('sha1', key).update(base).digest('base64');

function signer(key = 'dev-oauth1-consumer', secret = 'dev-oauth1-secret'): OAuth {
  return new OAuth({
    consumer: { key, secret },
    signature_method: 'HMAC-SHA1',
    hash_function: hmacSha1,
  });
}

/** Recomputes the signature with oauth-1.0a from what the endpoint collected. */
const testVerifier: OAuth1Verifier = {
  signatureMethods: ['HMAC-SHA1'],
  async verify({ method, url, params, oauth, consumerSecret, tokenSecret }) {
    const data: Record<string, string | string[]> = {};
    for (const [k, v] of params) {
      if (k.startsWith('oauth_')) continue;
      const prev = data[k];
      data[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const oauthData = Object.fromEntries(
      Object.entries(oauth).filter(([k]) => k !== 'oauth_signature'),
    ) as unknown as OAuth.Data;
    const bare = new URL(url);
    bare.search = '';
    const expected = signer(oauth.oauth_consumer_key, consumerSecret).getSignature(
      { url: bare.href, method, data },
      tokenSecret,
      oauthData,
    );
    return expected === oauth.oauth_signature;
  },
};

interface Token {
  key: string;
  secret: string;
}

/** A signed request: protocol parameters in the header, `data` in the query (GET) or form body. */
async function signed(
  method: 'GET' | 'POST',
  url: string,
  data: Record<string, string>,
  token?: Token,
  consumer = signer(),
): Promise<Response> {
  // oauth_* parameters travel in the Authorization header only (RFC 5849 §3.5.1).
  const plain = Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('oauth_')));
  const target = new URL(url);
  // %20, not '+': oauth-1.0a reads a query '+' as a literal plus (RFC 5849 says space).
  if (method === 'GET') {
    target.search = Object.entries(plain)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
  }
  const auth = consumer.authorize(
    { url: target.href, method, data: method === 'POST' ? data : {} },
    token,
  );
  const header = consumer.toHeader(auth);
  return fetch(target, {
    method,
    redirect: 'manual',
    headers: {
      authorization: header.Authorization,
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(method === 'POST' ? { body: new URLSearchParams(plain).toString() } : {}),
  });
}

async function form(response: Response): Promise<URLSearchParams> {
  return new URLSearchParams(await response.text());
}

async function requestToken(server: DevServer, callback: string): Promise<Token> {
  const response = await signed('POST', server.endpoints.oauth1RequestToken, {
    oauth_callback: callback,
  });
  assert.equal(response.status, 200);
  const body = await form(response);
  assert.equal(body.get('oauth_callback_confirmed'), 'true');
  return { key: body.get('oauth_token')!, secret: body.get('oauth_token_secret')! };
}

describe('OAuth 1.0a endpoints', () => {
  let server: DevServer;
  let clockOffset = 0;
  before(async () => {
    server = await startDevServer({
      oauth1Verifier: testVerifier,
      now: () => Date.now() + clockOffset,
    });
  });
  after(() => server.stop());

  test('3-legged flow with a PIN (oob), then signed GET and POST to the resource', async () => {
    const temporary = await requestToken(server, 'oob');
    const page = await fetch(`${server.endpoints.oauth1Authorize}?oauth_token=${temporary.key}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<html lang="en">/);
    const verifier = /id="oauth_verifier">([^<]+)</.exec(html)?.[1];
    assert.ok(verifier);

    const accessResponse = await signed(
      'POST',
      server.endpoints.oauth1AccessToken,
      { oauth_verifier: verifier },
      temporary,
    );
    assert.equal(accessResponse.status, 200);
    const access = await form(accessResponse);
    assert.equal(access.get('user_id'), 'alice');
    const token = { key: access.get('oauth_token')!, secret: access.get('oauth_token_secret')! };

    const get = await signed(
      'GET',
      server.endpoints.oauth1Resource,
      { q: 'a b', empty: '' },
      token,
    );
    assert.equal(get.status, 200);
    const got = (await get.json()) as { accountId: string; params: string[][] };
    assert.equal(got.accountId, 'alice');
    assert.deepEqual(got.params, [
      ['q', 'a b'],
      ['empty', ''],
    ]);

    const post = await signed(
      'POST',
      server.endpoints.oauth1Resource,
      { status: 'héllo wörld!*' },
      token,
    );
    assert.equal(post.status, 200);
    assert.deepEqual(((await post.json()) as { params: string[][] }).params, [
      ['status', 'héllo wörld!*'],
    ]);

    // The request token is single use.
    const again = await signed(
      'POST',
      server.endpoints.oauth1AccessToken,
      { oauth_verifier: verifier },
      temporary,
    );
    assert.equal(again.status, 401);
    assert.equal((await form(again)).get('oauth_problem'), 'token_rejected');
  });

  test('callback flow: authorize redirects with oauth_token and oauth_verifier', async () => {
    const temporary = await requestToken(server, 'http://127.0.0.1:9999/cb?x=1');
    const response = await fetch(
      `${server.endpoints.oauth1Authorize}?oauth_token=${temporary.key}`,
      {
        redirect: 'manual',
      },
    );
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.origin + location.pathname, 'http://127.0.0.1:9999/cb');
    assert.equal(location.searchParams.get('x'), '1');
    assert.equal(location.searchParams.get('oauth_token'), temporary.key);
    const wrong = await signed(
      'POST',
      server.endpoints.oauth1AccessToken,
      { oauth_verifier: 'nope' },
      temporary,
    );
    assert.equal(wrong.status, 401);
    assert.equal((await form(wrong)).get('oauth_problem'), 'verifier_invalid');
  });

  test('a replayed nonce is refused', async () => {
    const consumer = signer();
    const url = server.endpoints.oauth1RequestToken;
    const data = { oauth_callback: 'oob' };
    const header = consumer.toHeader(
      consumer.authorize({ url, method: 'POST', data }),
    ).Authorization;
    const send = () =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: header, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
    assert.equal((await send()).status, 200);
    const replay = await send();
    assert.equal(replay.status, 401);
    assert.match(replay.headers.get('www-authenticate') ?? '', /^OAuth realm=/);
    assert.equal((await form(replay)).get('oauth_problem'), 'nonce_used');
  });

  test('a timestamp outside the window is refused', async () => {
    clockOffset = 3600_000;
    try {
      const response = await signed('POST', server.endpoints.oauth1RequestToken, {
        oauth_callback: 'oob',
      });
      assert.equal(response.status, 401);
      assert.equal((await form(response)).get('oauth_problem'), 'timestamp_refused');
    } finally {
      clockOffset = 0;
    }
  });

  test('a wrong secret, an unknown consumer, a missing callback', async () => {
    const badSecret = await signed(
      'POST',
      server.endpoints.oauth1RequestToken,
      { oauth_callback: 'oob' },
      undefined,
      signer('dev-oauth1-consumer', 'wrong'),
    );
    assert.equal(badSecret.status, 401);
    assert.equal((await form(badSecret)).get('oauth_problem'), 'signature_invalid');

    const unknown = await signed(
      'POST',
      server.endpoints.oauth1RequestToken,
      { oauth_callback: 'oob' },
      undefined,
      signer('someone', 'x'),
    );
    assert.equal(unknown.status, 401);
    assert.equal((await form(unknown)).get('oauth_problem'), 'consumer_key_unknown');

    const noCallback = await signed('POST', server.endpoints.oauth1RequestToken, {});
    assert.equal(noCallback.status, 400);
    assert.equal((await form(noCallback)).get('oauth_problem'), 'parameter_absent');

    const resource = await signed(
      'GET',
      server.endpoints.oauth1Resource,
      {},
      { key: 'at-nope', secret: 'x' },
    );
    assert.equal(resource.status, 401);
    assert.equal((await form(resource)).get('oauth_problem'), 'token_rejected');
  });
});

describe('OAuth 1.0a endpoints, interactive and unwired', () => {
  test('interactive: the authorize page asks for a login, then redirects', async () => {
    const server = await startDevServer({ interactive: true, oauth1Verifier: testVerifier });
    try {
      const temporary = await requestToken(server, 'http://127.0.0.1:9999/cb');
      const authorizeUrl = `${server.endpoints.oauth1Authorize}?oauth_token=${temporary.key}`;
      const page = await fetch(authorizeUrl);
      const html = await page.text();
      assert.match(html, /<label for="username">/);
      const action = /action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      const login = await fetch(new URL(action!, server.issuer), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          oauth_token: temporary.key,
          username: 'alice',
          password: 'password',
        }),
      });
      assert.equal(login.status, 302);
      assert.ok(new URL(login.headers.get('location')!).searchParams.get('oauth_verifier'));
    } finally {
      await server.stop();
    }
  });

  test('without a verifier option the library verifier checks signatures', async () => {
    const server = await startDevServer();
    try {
      const good = await signed('POST', server.endpoints.oauth1RequestToken, {
        oauth_callback: 'oob',
      });
      assert.equal(good.status, 200, await good.clone().text());
      assert.equal((await form(good)).get('oauth_callback_confirmed'), 'true');
      const bad = await fetch(server.endpoints.oauth1RequestToken, {
        method: 'POST',
        headers: {
          authorization: `OAuth oauth_consumer_key="dev-oauth1-consumer", oauth_signature_method="HMAC-SHA1", oauth_timestamp="${Math.floor(Date.now() / 1000)}", oauth_nonce="n1", oauth_version="1.0", oauth_callback="oob", oauth_signature="AAAA"`,
        },
      });
      assert.equal(bad.status, 401);
      assert.equal((await form(bad)).get('oauth_problem'), 'signature_invalid');
    } finally {
      await server.stop();
    }
  });

  test('the library verifier checks RSA-SHA1/256/512 against the consumer public key', async () => {
    // The client signs with WebCrypto (the library); the server verifies with node:crypto.
    const pem = (kind: 'public' | 'private', key: ReturnType<typeof generateKeyPairSync>) =>
      (kind === 'public' ? key.publicKey : key.privateKey).export({
        type: kind === 'public' ? 'spki' : 'pkcs8',
        format: 'pem',
      }) as string;
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const server = await startDevServer({
      oauth1Consumers: [
        { consumerKey: 'rsa-app', consumerSecret: 'unused', rsaPublicKey: pem('public', pair) },
        { consumerKey: 'no-key-app', consumerSecret: 'unused' },
      ],
    });
    try {
      for (const signatureMethod of ['RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512'] as const) {
        const client = new OAuth1Client({
          clientId: 'rsa-app',
          clientSecret: 'unused',
          signatureMethod,
          rsaKey: pem('private', pair),
          redirectUri: 'http://127.0.0.1:9999/cb',
        });
        const temporary = await client.fetchRequestToken(server.endpoints.oauth1RequestToken);
        const authorize = await fetch(
          client.createAuthorizationUrl(server.endpoints.oauth1Authorize, temporary),
          { redirect: 'manual' },
        );
        client.parseAuthorizationResponse(authorize.headers.get('location')!);
        const access = await client.fetchAccessToken(server.endpoints.oauth1AccessToken);
        assert.ok(access.oauth_token, signatureMethod);
        const resource = await client.fetch(`${server.endpoints.oauth1Resource}?q=a+b&q=%C3%A9`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'x=1&y=',
        });
        assert.equal(resource.status, 200, `${signatureMethod}: ${await resource.clone().text()}`);
      }
      // Signed with another private key, or by a consumer with no public key: refused.
      for (const [clientId, key] of [
        ['rsa-app', pem('private', other)],
        ['no-key-app', pem('private', pair)],
      ] as const) {
        const client = new OAuth1Client({
          clientId,
          clientSecret: 'unused',
          signatureMethod: 'RSA-SHA256',
          rsaKey: key,
        });
        await assert.rejects(
          client.fetchRequestToken(server.endpoints.oauth1RequestToken),
          (e: unknown) => e instanceof Error && 'code' in e && e.code === 'ERR_OAUTH1',
        );
      }
    } finally {
      await server.stop();
    }
  });
});
