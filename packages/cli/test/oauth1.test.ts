/**
 * `oauthkit oauth1 login` (PIN and loopback) against the dev provider in this process, whose
 * OAuth 1.0a endpoints verify signatures with the library's signer; then `oauthkit request`
 * signs a form POST that the provider's protected resource accepts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DevServer, startDevServer } from '@oauthkit/dev-server';
import { needsPeer, pythonHas } from '../../oauthkit/test/helpers/peers.js';
import { type PythonServer, startPythonServer } from '../../oauthkit/test/helpers/python.js';
import { runCli, startCli, tempHome, xdgEnv } from './helpers/cli.js';

describe('oauth1 login and signed requests against the dev provider', () => {
  let server: DevServer;
  const home = tempHome();
  const env = { ...xdgEnv(home), OAUTHKIT_CONSUMER_SECRET: 'dev-oauth1-secret' };
  const cli = (args: string[]) => runCli(args, { home, env });

  before(async () => {
    server = await startDevServer();
    const added = await cli([
      'profiles',
      'add',
      'one',
      '--oauth1-request-token-url',
      server.endpoints.oauth1RequestToken,
      '--oauth1-authorize-url',
      server.endpoints.oauth1Authorize,
      '--oauth1-access-token-url',
      server.endpoints.oauth1AccessToken,
      '--oauth1-consumer-key',
      'dev-oauth1-consumer',
      '--default',
    ]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(() => server.stop());

  test('--pin: the PIN the provider shows, typed on stdin, gets token credentials', async () => {
    const live = startCli(['oauth1', 'login', '--pin', '--no-browser', '--json'], {
      home,
      env,
      keepStdin: true,
    });
    const [url = ''] = await live.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth1\/authorize\?\S+/);
    const html = await (await fetch(url)).text();
    const pin = /<code[^>]*id="oauth_verifier"[^>]*>([^<]+)</.exec(html)?.[1];
    assert.ok(pin, html);
    live.child.stdin?.end(`${pin}\n`);
    const r = await live.done;
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { flow: string; token: Record<string, string> };
    assert.equal(body.flow, 'oob');
    assert.match(body.token.oauth_token ?? '', /^.{4}…\[\d+ chars\]$/);
    assert.equal(body.token.screen_name, 'alice');
  });

  test('loopback: the provider redirects to 127.0.0.1 and the CLI finishes on its own', async () => {
    const live = startCli(['oauth1', 'login', '--no-browser'], { home, env });
    const [url = ''] = await live.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth1\/authorize\?\S+/);
    const landed = await fetch(url); // follows the redirect to the CLI's callback
    assert.equal(landed.status, 200);
    const r = await live.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Logged in with OAuth 1.0a: profile "one"/);
  });

  test('request signs a form POST (and a GET with a query) that the provider accepts', async () => {
    const post = await cli([
      'request',
      'POST',
      server.endpoints.oauth1Resource,
      '--form',
      'status=hello world',
      '--form',
      'n=1',
    ]);
    assert.equal(post.code, 0, post.stderr);
    assert.match(post.stderr, /HTTP 200/);
    const body = JSON.parse(post.stdout) as Record<string, unknown>;
    assert.match(JSON.stringify(body), /hello world/);
    assert.match(JSON.stringify(body), /alice/);
    const get = await cli(['request', `${server.endpoints.oauth1Resource}?q=a%20b&q=c`, '--json']);
    assert.equal(get.code, 0, get.stderr);
    assert.equal((JSON.parse(get.stdout) as { status: number }).status, 200, get.stdout);
  });

  test('a wrong consumer secret: the provider refuses the signature, exit 3', async () => {
    const r = await runCli(['oauth1', 'login', '--pin', '--no-browser'], {
      home,
      env: { ...env, OAUTHKIT_CONSUMER_SECRET: 'wrong-secret' },
    });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /signature_invalid/);
    assert.ok(!r.stderr.includes('wrong-secret'));
  });
});

const AUTHLIB_FIXTURE = new URL(
  '../../oauthkit/test/interop/fixtures/authlib_oauth1_provider.py',
  import.meta.url,
).pathname;

describe(
  'oauth1 login and a signed POST against Authlib as the provider',
  needsPeer(
    'Authlib',
    pythonHas('authlib', 'flask'),
    'apt-get install python3-authlib python3-flask',
  ),
  () => {
    let provider: PythonServer;
    const home = tempHome();
    const env = { ...xdgEnv(home), OAUTHKIT_CONSUMER_SECRET: 'sécret & (key)+*~' };
    before(async () => {
      const { generateKeyPairSync } = await import('node:crypto');
      const spki = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString();
      provider = await startPythonServer(AUTHLIB_FIXTURE, {
        OAUTH1_CLIENT_ID: 'oauthkit-cli',
        OAUTH1_CLIENT_SECRET: env.OAUTHKIT_CONSUMER_SECRET,
        OAUTH1_RSA_PUBLIC_KEY: spki,
      });
    });
    after(() => provider?.close());

    test('loopback login, then request signs a form POST that Authlib accepts', async () => {
      const base = provider.url;
      const added = await runCli(
        [
          'profiles',
          'add',
          'authlib',
          '--oauth1-request-token-url',
          `${base}/initiate`,
          '--oauth1-authorize-url',
          `${base}/authorize`,
          '--oauth1-access-token-url',
          `${base}/token`,
          '--oauth1-consumer-key',
          'oauthkit-cli',
          '--oauth1-signature-method',
          'HMAC-SHA256',
          '--default',
        ],
        { home, env },
      );
      assert.equal(added.code, 0, added.stderr);
      const live = startCli(['oauth1', 'login', '--no-browser'], { home, env });
      const [url = ''] = await live.waitFor(/http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+/);
      assert.equal((await fetch(url)).status, 200); // Authlib redirects to the CLI's callback
      const r = await live.done;
      assert.equal(r.code, 0, r.stderr);
      const post = await runCli(
        [
          'request',
          'POST',
          `${base}/resource?x=1`,
          '--form',
          'status=Hello Ladies + Gentlemen',
          '--form',
          'tag=ü',
        ],
        { home, env },
      );
      assert.equal(post.code, 0, post.stderr);
      const echo = JSON.parse(post.stdout) as {
        user: string;
        signature_method: string;
        form: string[][];
      };
      assert.equal(echo.user, 'alice');
      assert.equal(echo.signature_method, 'HMAC-SHA256');
      assert.deepEqual(echo.form, [
        ['status', 'Hello Ladies + Gentlemen'],
        ['tag', 'ü'],
      ]);
    });
  },
);
