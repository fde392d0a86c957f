/**
 * RFC 5849 §1.2, "Example": the whole flow, every request compared byte for byte with the
 * RFC's text (its line breaks are for display and are joined here).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OAuth1Client } from '../../src/oauth1/client.js';
import { signatureBaseString } from '../../src/oauth1/signature.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | null;
}

function provider(seen: Seen[]) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    seen.push({
      method: req.method,
      url: req.url,
      authorization: req.headers.get('authorization'),
    });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    switch (new URL(req.url).pathname) {
      case '/initiate':
        return new Response(
          'oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true',
          { headers: form },
        );
      case '/token':
        return new Response('oauth_token=nnch734d00sl2jdk&oauth_token_secret=pfkkdhi9sl3r4s00', {
          headers: form,
        });
      case '/photos':
        return new Response('JPEG', { headers: { 'content-type': 'image/jpeg' } });
      default:
        return new Response('not found', { status: 404 });
    }
  };
}

test('RFC 5849 §1.2: temporary credentials, authorization, token credentials, a signed GET', async () => {
  const seen: Seen[] = [];
  const fetch = provider(seen);
  const clock = [137131200_000, 137131201_000, 137131202_000];
  const nonces = ['wIjqoS', 'walatlh', 'chapoH'];
  const common = {
    clientId: 'dpf43f3p2l4k3l03',
    clientSecret: 'kd94hf93k423kf44',
    realm: 'Photos',
    includeVersion: false,
    fetch,
    now: () => clock.shift()!,
    nonce: () => nonces.shift()!,
  };

  // printer.example.com uses PLAINTEXT over TLS for the first two legs
  const client = new OAuth1Client({
    ...common,
    signatureMethod: 'PLAINTEXT',
    redirectUri: 'http://printer.example.com/ready',
  });
  const temporary = await client.fetchRequestToken('https://photos.example.net/initiate');
  assert.deepEqual(temporary, {
    oauth_token: 'hh5s93j4hdidpola',
    oauth_token_secret: 'hdhd0244k9j7ao03',
    oauth_callback_confirmed: 'true',
  });
  assert.deepEqual(seen[0], {
    method: 'POST',
    url: 'https://photos.example.net/initiate',
    authorization:
      'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_signature_method="PLAINTEXT", ' +
      'oauth_timestamp="137131200", oauth_nonce="wIjqoS", ' +
      'oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready", oauth_signature="kd94hf93k423kf44%26"',
  });

  assert.equal(
    client.createAuthorizationUrl('https://photos.example.net/authorize'),
    'https://photos.example.net/authorize?oauth_token=hh5s93j4hdidpola',
  );
  assert.deepEqual(
    client.parseAuthorizationResponse(
      'http://printer.example.com/ready?oauth_token=hh5s93j4hdidpola&oauth_verifier=hfdp7dh39dks9884',
    ),
    { oauth_token: 'hh5s93j4hdidpola', oauth_verifier: 'hfdp7dh39dks9884' },
  );

  const token = await client.fetchAccessToken('https://photos.example.net/token');
  assert.deepEqual(token, {
    oauth_token: 'nnch734d00sl2jdk',
    oauth_token_secret: 'pfkkdhi9sl3r4s00',
  });
  assert.deepEqual(client.token, token);
  assert.deepEqual(seen[1], {
    method: 'POST',
    url: 'https://photos.example.net/token',
    authorization:
      'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="hh5s93j4hdidpola", ' +
      'oauth_signature_method="PLAINTEXT", oauth_timestamp="137131201", oauth_nonce="walatlh", ' +
      'oauth_verifier="hfdp7dh39dks9884", oauth_signature="kd94hf93k423kf44%26hdhd0244k9j7ao03"',
  });

  // ... then HMAC-SHA1 for the protected resource, from the saved token
  const saved = new OAuth1Client({
    ...common,
    token: token.oauth_token,
    tokenSecret: token.oauth_token_secret,
  });
  const res = await saved.fetch('http://photos.example.net/photos?file=vacation.jpg&size=original');
  assert.equal(await res.text(), 'JPEG');
  assert.deepEqual(seen[2], {
    method: 'GET',
    url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
    authorization:
      'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", ' +
      'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", ' +
      'oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"',
  });
  assert.equal(seen.length, 3);
});

test('RFC 5849 §1.2: the base string of the protected-resource request', () => {
  assert.equal(
    signatureBaseString('GET', 'http://photos.example.net/photos?file=vacation.jpg&size=original', {
      oauth_consumer_key: 'dpf43f3p2l4k3l03',
      oauth_token: 'nnch734d00sl2jdk',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '137131202',
      oauth_nonce: 'chapoH',
    }),
    'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26' +
      'oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26' +
      'oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26' +
      'oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal',
  );
});
