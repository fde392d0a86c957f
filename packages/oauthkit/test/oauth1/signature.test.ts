import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { OAuth1Auth } from '../../src/oauth1/auth.js';
import { percentEncode, signatureBaseString } from '../../src/oauth1/signature.js';

// RFC 5849 §3.4.1.1, the worked example (line breaks removed, as the RFC says to).
const RFC_3_4_1_BASE =
  'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q' +
  '%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_' +
  'key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m' +
  'ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk' +
  '9d7dh3k39sjv7';
const RFC_3_4_1_URL = 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b';

describe('RFC 5849 §3.4.1 signature base string', () => {
  test('the worked example of §3.4.1.1 byte for byte', () => {
    const base = signatureBaseString('POST', RFC_3_4_1_URL, [
      // the form body "c2&a3=2+q", decoded
      ['c2', ''],
      ['a3', '2 q'],
      // the Authorization header's protocol parameters (realm is not signed)
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
      ['oauth_signature', 'bYT5CMsGcbgUdFHObYMEfcx6bsw='],
    ]);
    assert.equal(base, RFC_3_4_1_BASE);
  });

  test('OAuth1Auth signs the same base string for the same request', async () => {
    // The RFC does not give this example's secrets, so sign with known ones and compare
    // with an HMAC-SHA1 of the RFC's base string computed here.
    const auth = new OAuth1Auth({
      clientId: '9djdj82h48djs9d2',
      clientSecret: 'client secret',
      token: 'kkk9d7dh3k39sjv7',
      tokenSecret: 'token secret',
      realm: 'Example',
      includeVersion: false,
      now: () => 137131201_000,
      nonce: () => '7d8f3e4a',
    });
    const expected = createHmac('sha1', 'client%20secret&token%20secret')
      .update(RFC_3_4_1_BASE)
      .digest('base64');
    const request = new Request(RFC_3_4_1_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'c2&a3=2+q',
    });
    const signed = await auth.sign(request);
    assert.equal(
      signed.headers.get('authorization'),
      'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ' +
        'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", ' +
        `oauth_signature="${percentEncode(expected)}"`,
    );
    assert.equal(await signed.text(), 'c2&a3=2+q', 'the body is sent unchanged');
    // The hot path, on strings, agrees.
    assert.equal(
      await auth.authorizationHeader('POST', RFC_3_4_1_URL, [
        ['c2', ''],
        ['a3', '2 q'],
      ]),
      signed.headers.get('authorization'),
    );
  });

  test('§3.4.1.2 base string URI: case, default ports, fragment', () => {
    const uri = (url: string) => decodeURIComponent(signatureBaseString('GET', url).split('&')[1]!);
    assert.equal(uri('http://EXAMPLE.COM:80/r%20v/X?id=123'), 'http://example.com/r%20v/X');
    assert.equal(uri('https://www.example.net:8080/?q=1'), 'https://www.example.net:8080/');
    assert.equal(uri('HTTPS://Example.com:443'), 'https://example.com/');
    assert.equal(uri('https://example.com:80/a#frag'), 'https://example.com:80/a');
    assert.equal(uri('http://example.com:443/'), 'http://example.com:443/');
  });

  test('§3.4.1.3: repeated keys, empty values, + as space, a leading ? in the query', () => {
    const base = signatureBaseString('get', 'https://e.com/p?a=2&a=1&b&c=&d=x+y%2Bz&??q=1#f', [
      ['a', '1'],
    ]);
    assert.equal(
      base,
      `GET&https%3A%2F%2Fe.com%2Fp&${percentEncode('%3F%3Fq=1&a=1&a=1&a=2&b=&c=&d=x%20y%2Bz')}`,
    );
  });

  test('§3.4.1.3.2 sorts by encoded name, then encoded value, in byte order', () => {
    const base = signatureBaseString('GET', 'https://e.com/', [
      ['a1', 'x'],
      ['a', 'z'],
      ['a', 'Z'],
      ['ü', '1'],
      ['~', '1'],
    ]);
    assert.equal(
      decodeURIComponent(base.split('&')[2]!),
      // "%" (0x25) < "a"; "a" before "a1"; "Z" before "z"; "~" last
      '%C3%BC=1&a=Z&a=z&a1=x&~=1',
    );
  });

  test('a malformed percent-escape in the query is kept as text, as form parsers do', () => {
    const base = signatureBaseString('GET', 'https://e.com/?a=%zz&b=%FF');
    assert.equal(decodeURIComponent(base.split('&')[2]!), 'a=%25zz&b=%EF%BF%BD');
  });

  test('only http(s) URLs can be signed', () => {
    assert.throws(() => signatureBaseString('GET', 'ftp://e.com/'), TypeError);
    assert.throws(() => signatureBaseString('GET', '/relative'), TypeError);
  });
});

describe('RFC 5849 §3.6 percent-encoding', () => {
  test('the unreserved set passes, everything else is %XX of UTF-8, upper-case hex', () => {
    assert.equal(percentEncode('AZaz09-._~'), 'AZaz09-._~');
    assert.equal(
      percentEncode("!*'();:@&=+$,/?#[] %"),
      '%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%20%25',
    );
    assert.equal(percentEncode('é☃𝄞'), '%C3%A9%E2%98%83%F0%9D%84%9E');
    assert.equal(percentEncode(''), '');
  });

  test('a lone surrogate becomes U+FFFD instead of throwing', () => {
    assert.equal(percentEncode('a\uD800b'), 'a%EF%BF%BDb');
  });
});
