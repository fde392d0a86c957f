import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { InsecureUrlError, NetworkError, TimeoutError } from '../../src/errors.js';
import { OAuth1Auth, type OAuth1AuthOptions } from '../../src/oauth1/auth.js';
import { appendQuery } from '../../src/oauth1/request.js';
import { percentEncode, signatureBaseString } from '../../src/oauth1/signature.js';

const CREDS = { clientId: 'key', clientSecret: 'secret', token: 'tok', tokenSecret: 'tsecret' };
const fixed = { nonce: () => 'n0nce', now: () => 1_700_000_000_123 };

/**
 * A verifier written from the RFC, independent of the signer's own code paths: collects the
 * protocol parameters from wherever they were sent and checks the HMAC-SHA1 signature.
 */
async function verify(request: Request, secrets = 'secret&tsecret') {
  const url = new URL(request.url);
  const body = request.body === null ? '' : await request.clone().text();
  const isForm = request.headers
    .get('content-type')
    ?.startsWith('application/x-www-form-urlencoded');
  const header = request.headers.get('authorization');
  const fromHeader = header
    ? [...header.matchAll(/(\w+)="([^"]*)"/g)]
        .map((m) => [m[1]!, decodeURIComponent(m[2]!)] as [string, string])
        .filter(([k]) => k !== 'realm')
    : [];
  const fromBody = isForm ? [...new URLSearchParams(`&${body}`)] : [];
  const all = [...url.searchParams, ...fromBody, ...fromHeader];
  const signature = all.find(([k]) => k === 'oauth_signature')?.[1];
  const base = signatureBaseString(request.method, url, [...fromHeader, ...fromBody]);
  const expected = createHmac('sha1', secrets).update(base).digest('base64');
  const placed = header
    ? 'header'
    : fromBody.some(([k]) => k.startsWith('oauth_'))
      ? 'body'
      : 'query';
  return { ok: signature === expected, placed, params: Object.fromEntries(all), body };
}

function auth(options: Partial<OAuth1AuthOptions> = {}) {
  return new OAuth1Auth({ ...CREDS, ...fixed, ...options });
}

describe('OAuth1Auth placements (RFC 5849 §3.5)', () => {
  test('header (default): realm first and quoted, parameters percent-encoded', async () => {
    const a = auth({ realm: 'Photos "2"', token: 'a b/c' });
    const signed = await a.sign(new Request('https://api.example.com/r?x=1#frag'));
    const header = signed.headers.get('authorization')!;
    assert.match(
      header,
      /^OAuth realm="Photos \\"2\\"", oauth_consumer_key="key", oauth_token="a%20b%2Fc", /,
    );
    assert.match(
      header,
      /oauth_timestamp="1700000000", oauth_nonce="n0nce", oauth_version="1.0", oauth_signature="/,
    );
    assert.deepEqual(await verify(signed).then((v) => [v.ok, v.placed]), [true, 'header']);
  });

  test('query: appended to an existing query, the fragment dropped', async () => {
    const signed = await auth({ signatureType: 'query' }).sign(
      new Request('https://api.example.com/r?x=1&x=2#frag'),
    );
    const url = new URL(signed.url);
    assert.ok(url.search.startsWith('?x=1&x=2&oauth_consumer_key=key&'), url.search);
    assert.equal(appendQuery(new URL('https://e.com/p?a=1#f'), 'b=2'), 'https://e.com/p?a=1&b=2');
    assert.equal(signed.headers.get('authorization'), null);
    const v = await verify(signed);
    assert.equal(v.ok, true);
    assert.equal(v.placed, 'query');
    for (const bare of [
      'https://api.example.com/r',
      'https://api.example.com/r?',
      'https://api.example.com/r#',
    ]) {
      const s = await auth({ signatureType: 'query' }).sign(new Request(bare));
      assert.ok(new URL(s.url).search.startsWith('?oauth_consumer_key=key&'), s.url);
      assert.equal((await verify(s)).ok, true, bare);
    }
  });

  test('body: appended to a form body; a POST without body gets one', async () => {
    const a = auth({ signatureType: 'body' });
    const signed = await a.sign(
      new Request('https://api.example.com/r?q=1', {
        method: 'POST',
        body: new URLSearchParams([
          ['status', 'a+b c'],
          ['status', ''],
        ]),
      }),
    );
    const v = await verify(signed);
    assert.equal(v.ok, true);
    assert.equal(v.placed, 'body');
    assert.ok(v.body.startsWith('status=a%2Bb+c&status=&oauth_consumer_key=key&'), v.body);
    const empty = await a.sign(new Request('https://api.example.com/r', { method: 'POST' }));
    assert.equal(empty.headers.get('content-type'), 'application/x-www-form-urlencoded');
    assert.equal((await verify(empty)).placed, 'body');
  });

  test('body: a GET, or a JSON body, falls back to the header', async () => {
    const a = auth({ signatureType: 'body' });
    assert.equal(
      (await verify(await a.sign(new Request('https://api.example.com/r')))).placed,
      'header',
    );
    const json = await a.sign(
      new Request('https://api.example.com/r', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      }),
    );
    const v = await verify(json);
    assert.equal(v.placed, 'header');
    assert.equal(v.ok, true);
    assert.equal(v.body, '{"a":1}');
  });
});

describe('OAuth1Auth bodies', () => {
  test('a non-form body gets oauth_body_hash (SHA-1 for HMAC-SHA1) and is sent unchanged', async () => {
    const bytes = new Uint8Array([0, 255, 1, 254]);
    const signed = await auth().sign(
      new Request('https://api.example.com/upload', { method: 'PUT', body: bytes }),
    );
    const v = await verify(signed);
    assert.equal(v.ok, true);
    assert.equal(v.params.oauth_body_hash, createHash('sha1').update(bytes).digest('base64'));
    assert.deepEqual(new Uint8Array(await signed.arrayBuffer()), bytes);
  });

  test('a form body is signed parameter by parameter and carries no body hash', async () => {
    const signed = await auth().sign(
      new Request('https://api.example.com/r', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: 'a=1&a=2&b=&c=%E2%98%83+x',
      }),
    );
    const v = await verify(signed);
    assert.equal(v.ok, true);
    assert.equal(v.params.oauth_body_hash, undefined);
  });

  test('sign() keeps method, other headers, body and signal', async () => {
    const controller = new AbortController();
    const signed = await auth().sign(
      new Request('https://api.example.com/r', {
        method: 'PATCH',
        headers: { 'x-trace': '1', 'content-type': 'text/plain' },
        body: 'hello',
        signal: controller.signal,
        redirect: 'manual',
      }),
    );
    assert.equal(signed.method, 'PATCH');
    assert.equal(signed.headers.get('x-trace'), '1');
    assert.equal(signed.redirect, 'manual');
    assert.equal(await signed.text(), 'hello');
    controller.abort();
    assert.equal(signed.signal.aborted, true);
  });
  test('sign() of a form body, streamed or not, keeps method, headers, body and signal', async () => {
    const form = 'status=Hello+Ladies%21&b=%E2%98%83';
    const stream = () =>
      new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(form));
          c.close();
        },
      });
    for (const body of [new URLSearchParams(form), form, stream()]) {
      const controller = new AbortController();
      const signed = await auth().sign(
        new Request('https://api.example.com/r?x=1', {
          method: 'POST',
          headers: { 'x-trace': '1', 'content-type': 'application/x-www-form-urlencoded' },
          body,
          signal: controller.signal,
          redirect: 'manual',
          ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
        } as RequestInit),
      );
      assert.equal(signed.method, 'POST');
      assert.equal(signed.headers.get('x-trace'), '1');
      assert.equal(signed.redirect, 'manual');
      const v = await verify(signed);
      assert.deepEqual([v.ok, v.placed, v.body], [true, 'header', form]);
      assert.equal(v.params.status, 'Hello Ladies!');
      controller.abort();
      assert.equal(signed.signal.aborted, true);
    }
  });
});

describe('OAuth1Auth.authorizationHeader', () => {
  test('formParams as a record, pairs or URLSearchParams give the same header as sign()', async () => {
    const url = 'https://api.example.com/1.1/statuses/update.json?include_entities=true';
    const request = new Request(url, {
      method: 'POST',
      body: new URLSearchParams([
        ['status', 'Hello Ladies + Gentlemen!'],
        ['tag', 'a'],
        ['tag', 'b'],
      ]),
    });
    const expected = (await auth().sign(request)).headers.get('authorization');
    const a = auth();
    assert.equal(
      await a.authorizationHeader('POST', url, {
        status: 'Hello Ladies + Gentlemen!',
        tag: ['a', 'b'],
      }),
      expected,
    );
    assert.equal(
      await a.authorizationHeader('post', new URL(url), [
        ['status', 'Hello Ladies + Gentlemen!'],
        ['tag', 'a'],
        ['tag', 'b'],
      ]),
      expected,
    );
    assert.equal(
      await a.authorizationHeader(
        'POST',
        url,
        new URLSearchParams('status=Hello+Ladies+%2B+Gentlemen!&tag=a&tag=b'),
      ),
      expected,
    );
  });

  test('WebCrypto only gives the same header as node:crypto', async () => {
    const url = 'https://api.example.com/r?a=b';
    for (const signatureMethod of [
      'HMAC-SHA1',
      'HMAC-SHA256',
      'HMAC-SHA512',
      'PLAINTEXT',
    ] as const) {
      assert.equal(
        await auth({ signatureMethod, useNodeCrypto: false }).authorizationHeader('GET', url),
        await auth({ signatureMethod }).authorizationHeader('GET', url),
      );
    }
  });

  test('a fresh nonce per request by default; includeVersion: false drops oauth_version', async () => {
    const a = new OAuth1Auth(CREDS);
    const nonce = async () =>
      /oauth_nonce="([0-9a-f]{24})"/.exec(await a.authorizationHeader('GET', 'https://e.com/'))![1];
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 300; i++) seen.add(await nonce());
    assert.equal(seen.size, 300);
    assert.doesNotMatch(
      await auth({ includeVersion: false }).authorizationHeader('GET', 'https://e.com/'),
      /oauth_version/,
    );
  });
});

describe('OAuth1Auth options and refusals', () => {
  test('bad options are TypeErrors naming the option', () => {
    assert.throws(() => new OAuth1Auth({ clientId: '' }), /clientId/);
    assert.throws(
      () => new OAuth1Auth({ clientId: 'k' }),
      /clientSecret is required for HMAC-SHA1/,
    );
    assert.throws(
      () => new OAuth1Auth({ ...CREDS, signatureMethod: 'HMAC-MD5' as 'HMAC-SHA1' }),
      /signatureMethod must be/,
    );
    assert.throws(
      () => new OAuth1Auth({ ...CREDS, signatureType: 'cookie' as 'header' }),
      /signatureType must be/,
    );
    assert.throws(() => new OAuth1Auth({ clientId: 'k', signatureMethod: 'RSA-SHA1' }), /rsaKey/);
  });

  test('PLAINTEXT over plain http to a non-loopback host is refused', async () => {
    const a = auth({ signatureMethod: 'PLAINTEXT' });
    await assert.rejects(a.authorizationHeader('GET', 'http://api.example.com/'), InsecureUrlError);
    await a.authorizationHeader('GET', 'http://127.0.0.1:8080/');
    await a.authorizationHeader('GET', 'https://api.example.com/');
    await auth({ signatureMethod: 'PLAINTEXT', allowInsecureRequests: true }).authorizationHeader(
      'GET',
      'http://api.example.com/',
    );
  });

  test('only absolute http(s) URLs can be signed', async () => {
    await assert.rejects(auth().authorizationHeader('GET', '/relative'), TypeError);
    await assert.rejects(auth().sign(new Request('data:,x')), TypeError);
  });
});

describe('OAuth1Auth.fetch', () => {
  test('strings and a Request take different paths to the same signed request', async () => {
    const seen: Request[] = [];
    const a = auth({
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return new Response('ok');
      },
    });
    const init = { method: 'POST', headers: { 'x-a': '1' }, body: new URLSearchParams({ q: 'é' }) };
    await a.fetch('https://api.example.com/r?x=1', init);
    await a.fetch(new Request('https://api.example.com/r?x=1', init));
    await a.fetch(new URL('https://api.example.com/r?x=1'), {
      ...init,
      body: new TextEncoder().encode('q=%C3%A9'),
      headers: { 'x-a': '1', 'content-type': 'application/x-www-form-urlencoded' },
    });
    const headers = seen.map((r) => r.headers.get('authorization'));
    assert.equal(new Set(headers).size, 1, headers.join('\n'));
    for (const r of seen) {
      assert.equal(r.headers.get('x-a'), '1');
      assert.equal((await verify(r)).ok, true);
    }
  });

  test('a provider that never answers ends at the timeout; a refused connection is a NetworkError', async () => {
    const hang = auth({ timeout: 100, fetch: () => new Promise<Response>(() => {}) });
    await assert.rejects(hang.fetch('https://api.example.com/r'), TimeoutError);
    await assert.rejects(auth().fetch('http://127.0.0.1:1/'), NetworkError);
  });

  test('RSA-SHA1 signatures go out for real requests too', async () => {
    const { generateKeyPairSync, verify: rsaVerify } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const a = new OAuth1Auth({
      clientId: 'key',
      signatureMethod: 'RSA-SHA1',
      rsaKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      ...fixed,
    });
    const header = await a.authorizationHeader('GET', 'https://api.example.com/r?a=1');
    const sig = decodeURIComponent(/oauth_signature="([^"]+)"/.exec(header)![1]!);
    const params = [...header.matchAll(/(oauth_\w+)="([^"]*)"/g)]
      .filter((m) => m[1] !== 'oauth_signature')
      .map((m) => [m[1]!, decodeURIComponent(m[2]!)] as [string, string]);
    const base = signatureBaseString('GET', 'https://api.example.com/r?a=1', params);
    assert.ok(rsaVerify('sha1', Buffer.from(base), publicKey, Buffer.from(sig, 'base64')));
    assert.equal(percentEncode(sig), /oauth_signature="([^"]+)"/.exec(header)![1]);
  });
});
