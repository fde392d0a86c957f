/**
 * Interop: oauthkit's OAuth1Client against Authlib as the provider (Debian's python3-authlib,
 * Flask app in fixtures/). The full 3-legged flow, then GET, a form POST and a JSON POST
 * (oauth_body_hash) to a protected resource, for every signature method and placement.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { OAuth1Error, UnexpectedResponseError } from '../../src/errors.js';
import { OAuth1Auth } from '../../src/oauth1/auth.js';
import { OAuth1Client, type OAuth1ClientOptions } from '../../src/oauth1/client.js';
import type { SignatureMethod } from '../../src/oauth1/methods.js';
import { needsPeer, pythonHas } from '../helpers/peers.js';
import { type PythonServer, startPythonServer } from '../helpers/python.js';

const FIXTURE = new URL('./fixtures/authlib_oauth1_provider.py', import.meta.url).pathname;
const CLIENT_ID = 'oauthkit-interop';
// Reserved and non-ASCII characters, so the §3.6 encoding of the HMAC key is exercised.
const CLIENT_SECRET = 'sécret & (key)+*~';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** RSA keys in each accepted form: PKCS#1 PEM, PKCS#8 PEM, and a CryptoKey. */
async function rsaKeyFor(method: SignatureMethod): Promise<string | CryptoKey | undefined> {
  if (method === 'RSA-SHA1') return pkcs1;
  if (method === 'RSA-SHA256') return pkcs8;
  if (method === 'RSA-SHA512') {
    return webcrypto.subtle.importKey(
      'pkcs8',
      privateKey.export({ type: 'pkcs8', format: 'der' }),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
      false,
      ['sign'],
    ) as Promise<CryptoKey>;
  }
  return undefined;
}

const METHODS: SignatureMethod[] = [
  'HMAC-SHA1',
  'RSA-SHA1',
  'PLAINTEXT',
  'HMAC-SHA256',
  'RSA-SHA256',
  'HMAC-SHA512',
  'RSA-SHA512',
];
const TYPES = ['header', 'query', 'body'] as const;

interface Echo {
  user: string;
  method: string;
  signature_method: string;
  signature_type: string;
  query: Array<[string, string]>;
  form: Array<[string, string]>;
  json: unknown;
  body_hash_checked: boolean;
}

async function echo(res: Response): Promise<Echo> {
  const text = await res.text();
  assert.equal(res.status, 200, `the resource answered ${res.status}: ${text}`);
  return JSON.parse(text) as Echo;
}

describe(
  'OAuth 1.0a interop with Authlib as the provider',
  needsPeer(
    'Authlib',
    pythonHas('authlib', 'flask'),
    'apt-get install python3-authlib python3-flask',
  ),
  () => {
    let provider: PythonServer;
    let base: string;
    before(async () => {
      provider = await startPythonServer(FIXTURE, {
        OAUTH1_CLIENT_ID: CLIENT_ID,
        OAUTH1_CLIENT_SECRET: CLIENT_SECRET,
        OAUTH1_RSA_PUBLIC_KEY: spki,
      });
      base = provider.url;
    });
    after(() => provider?.close());

    async function options(
      method: SignatureMethod,
      extra: Partial<OAuth1ClientOptions> = {},
    ): Promise<OAuth1ClientOptions> {
      return {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        signatureMethod: method,
        rsaKey: await rsaKeyFor(method),
        redirectUri: 'http://127.0.0.1:1/callback?from=oauthkit',
        realm: 'interop',
        ...extra,
      };
    }

    /** Request token, user approval (auto), access token. Returns the authorized client. */
    async function authorize(client: OAuth1Client): Promise<OAuth1Client> {
      const requestToken = await client.fetchRequestToken(`${base}/initiate`);
      // Authlib 1.2 sends "True" (a Python bool), RFC 5849 §2.1 says "true": both accepted.
      assert.match(requestToken.oauth_callback_confirmed, /^true$/i);
      const approval = await fetch(client.createAuthorizationUrl(`${base}/authorize`), {
        redirect: 'manual',
      });
      assert.equal(approval.status, 302);
      const callback = approval.headers.get('location')!;
      assert.ok(callback.startsWith('http://127.0.0.1:1/callback?from=oauthkit&'), callback);
      const response = client.parseAuthorizationResponse(callback);
      assert.equal(response.oauth_token, requestToken.oauth_token);
      const token = await client.fetchAccessToken(`${base}/token`);
      assert.notEqual(token.oauth_token, requestToken.oauth_token);
      assert.deepEqual(client.token, token);
      return client;
    }

    /** GET with query parameters, a form POST, a JSON POST (body hash). */
    async function callResource(client: OAuth1Client, method: SignatureMethod, type: string) {
      const got = await echo(
        await client.fetch(`${base}/resource?q=caf%C3%A9+au+lait&q=2&empty=&sym=%21%2A%27%28%29`),
      );
      assert.equal(got.user, 'alice');
      assert.equal(got.signature_method, method);
      // A GET has no body, so "body" placement falls back to the header.
      assert.equal(got.signature_type, type === 'query' ? 'QUERY' : 'HEADER');
      assert.deepEqual(
        got.query.filter(([k]) => !k.startsWith('oauth_')),
        [
          ['q', 'café au lait'],
          ['q', '2'],
          ['empty', ''],
          ['sym', "!*'()"],
        ],
      );

      const form = new URLSearchParams([
        ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
        ['tag', 'ü'],
        ['tag', 'b'],
        ['empty', ''],
      ]);
      const posted = await echo(
        await client.fetch(`${base}/resource?include_entities=true`, {
          method: 'POST',
          body: form,
        }),
      );
      assert.equal(posted.signature_type, type.toUpperCase());
      assert.deepEqual(posted.form, [...form]);

      // A Request (not strings) takes the other path through fetch().
      const json = await echo(
        await client.fetch(
          new Request(`${base}/resource`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ hello: 'wörld', n: [1, 2] }),
          }),
        ),
      );
      assert.deepEqual(json.json, { hello: 'wörld', n: [1, 2] });
      assert.equal(json.signature_type, type === 'query' ? 'QUERY' : 'HEADER');
      assert.equal(json.body_hash_checked, method !== 'PLAINTEXT');
    }

    for (const method of METHODS) {
      for (const type of TYPES) {
        test(`${method} in the ${type}: 3-legged flow, then GET, form POST, JSON POST`, async () => {
          const client = await authorize(
            new OAuth1Client(await options(method, { signatureType: type })),
          );
          await callResource(client, method, type);
        });
      }
      test(`${method} with WebCrypto only (no node:crypto)`, async () => {
        const client = await authorize(
          new OAuth1Client(await options(method, { useNodeCrypto: false })),
        );
        await callResource(client, method, 'header');
      });
    }

    test('a client restored from a saved token signs at once (and OAuth1Auth too)', async () => {
      const first = await authorize(new OAuth1Client(await options('HMAC-SHA1')));
      const { oauth_token, oauth_token_secret } = first.token!;
      const restored = new OAuth1Client({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        token: oauth_token,
        tokenSecret: oauth_token_secret,
      });
      assert.equal((await echo(await restored.fetch(`${base}/resource`))).user, 'alice');

      const auth = new OAuth1Auth({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        token: oauth_token,
        tokenSecret: oauth_token_secret,
      });
      assert.equal(
        (await echo(await fetch(await auth.sign(new Request(`${base}/resource?x=1`))))).user,
        'alice',
      );
      const header = await auth.authorizationHeader('POST', `${base}/resource?x=1`, {
        a: ['1', '2'],
      });
      const res = await fetch(`${base}/resource?x=1`, {
        method: 'POST',
        headers: { authorization: header, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1&a=2',
      });
      assert.equal((await echo(res)).user, 'alice');
    });

    test('a replayed nonce is rejected by the provider and surfaces as OAuth1Error', async () => {
      const now = Date.now();
      const client = new OAuth1Client(
        await options('HMAC-SHA1', { nonce: () => 'the-same-nonce', now: () => now }),
      );
      await client.fetchRequestToken(`${base}/initiate`);
      await assert.rejects(client.fetchRequestToken(`${base}/initiate`), (e: unknown) => {
        assert.ok(e instanceof OAuth1Error, String(e));
        assert.equal(e.code, 'ERR_OAUTH1');
        assert.equal(e.status, 401);
        assert.equal(e.problem, 'invalid_nonce');
        assert.match(e.message, /fresh/);
        return true;
      });
    });

    test('a wrong client secret is an OAuth1Error (invalid_signature)', async () => {
      const client = new OAuth1Client({ ...(await options('HMAC-SHA1')), clientSecret: 'wrong' });
      await assert.rejects(client.fetchRequestToken(`${base}/initiate`), (e: unknown) => {
        assert.ok(e instanceof OAuth1Error);
        assert.equal(e.problem, 'invalid_signature');
        assert.ok(!e.message.includes('wrong'));
        return true;
      });
    });

    test('a denied authorization is an OAuth1Error from parseAuthorizationResponse', async () => {
      const client = new OAuth1Client(await options('HMAC-SHA1'));
      await client.fetchRequestToken(`${base}/initiate`);
      const refused = await fetch(`${client.createAuthorizationUrl(`${base}/authorize`)}&deny=1`, {
        redirect: 'manual',
      });
      assert.throws(
        () => client.parseAuthorizationResponse(refused.headers.get('location')!),
        (e: unknown) => e instanceof OAuth1Error && e.problem === 'access_denied',
      );
    });

    test('oob: the verifier typed by the user is passed to fetchAccessToken', async () => {
      const client = new OAuth1Client({ ...(await options('HMAC-SHA1')), redirectUri: undefined });
      await client.fetchRequestToken(`${base}/initiate`);
      const approval = await fetch(client.createAuthorizationUrl(`${base}/authorize`), {
        redirect: 'manual',
      });
      const pin = new URL(approval.headers.get('location')!).searchParams.get('oauth_verifier')!;
      const token = await client.fetchAccessToken(`${base}/token`, pin);
      assert.ok(token.oauth_token_secret);
    });

    test('a verifier used twice is refused: the request token is spent', async () => {
      const client = new OAuth1Client(await options('HMAC-SHA1'));
      const requestToken = await client.fetchRequestToken(`${base}/initiate`);
      const approval = await fetch(client.createAuthorizationUrl(`${base}/authorize`), {
        redirect: 'manual',
      });
      const { oauth_verifier } = client.parseAuthorizationResponse(
        approval.headers.get('location')!,
      );
      await client.fetchAccessToken(`${base}/token`);
      const replay = new OAuth1Client({
        ...(await options('HMAC-SHA1')),
        token: requestToken.oauth_token,
        tokenSecret: requestToken.oauth_token_secret,
        verifier: oauth_verifier,
      });
      await assert.rejects(replay.fetchAccessToken(`${base}/token`), (e: unknown) => {
        assert.ok(e instanceof OAuth1Error);
        assert.equal(e.problem, 'invalid_token');
        assert.ok(!e.message.includes(requestToken.oauth_token), 'no token in the message');
        return true;
      });
    });

    test('a resource answering HTML instead of a token is an UnexpectedResponseError', async () => {
      const client = new OAuth1Client({
        ...(await options('HMAC-SHA1')),
        fetch: async () => new Response('<html><body>Log in</body></html>', { status: 200 }),
      });
      await assert.rejects(client.fetchRequestToken(`${base}/initiate`), UnexpectedResponseError);
    });
  },
);
