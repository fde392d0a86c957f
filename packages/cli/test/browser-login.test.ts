/**
 * End to end, as a user would: `oauthkit dev-server --interactive` as a child process,
 * `oauthkit login --no-browser`, the printed URL opened in headless Chromium where a person
 * would sign in and consent, then `token`, a refreshed `token` after expiry, and `request`
 * to userinfo. Needs Debian's chromium (skipped locally without it, fails under CI=true).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  CHROMIUM_HINT,
  hasChromium,
  launchChromium,
} from '../../oauthkit/test/helpers/chromium.js';
import { needsPeer } from '../../oauthkit/test/helpers/peers.js';
import { type LiveCli, runCli, startCli, tempHome, xdgEnv } from './helpers/cli.js';

const TTL = 12; // seconds: short, so the test sees the token expire

describe(
  'login in a real browser against oauthkit dev-server --interactive',
  needsPeer('Chromium', hasChromium, CHROMIUM_HINT),
  () => {
    const home = tempHome();
    const env = xdgEnv(home);
    let server: LiveCli | undefined;
    after(async () => {
      if (server && server.child.exitCode === null) {
        server.child.kill('SIGTERM');
        await server.done;
      }
    });

    test('login --no-browser, sign in and consent in Chromium, token, refreshed token, request', async () => {
      const providerConfig = join(home, 'provider.json');
      writeFileSync(providerConfig, JSON.stringify({ ttl: { accessToken: TTL } }));
      server = startCli(
        [
          'dev-server',
          '--interactive',
          '--port',
          '0',
          '--provider-config',
          providerConfig,
          '--json',
        ],
        { home, env },
      );
      const [, issuer = ''] = await server.waitFor(/"issuer": "(http:\/\/127\.0\.0\.1:\d+)"/);
      const cli = (args: string[]) => runCli(args, { home, env });
      const added = await cli([
        'profiles',
        'add',
        'dev',
        '--issuer',
        issuer,
        '--client-id',
        'dev-public',
        '--scope',
        'openid profile offline_access',
        '--default',
      ]);
      assert.equal(added.code, 0, added.stderr);

      const login = startCli(['login', '--no-browser', '--wait', '2m'], { home, env });
      const [url = ''] = await login.waitFor(/http:\/\/127\.0\.0\.1:\d+\/auth\?\S+/);
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(url);
        await page.getByLabel(/user/i).fill('alice');
        await page.getByLabel(/password/i).fill('password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('button', { name: 'Allow' }).click();
        await page.getByRole('heading', { name: 'Logged in' }).waitFor({ timeout: 60_000 });
      } finally {
        await browser.close();
      }
      const done = await login.done;
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stdout, /Logged in: profile "dev", token stored/);
      assert.match(done.stdout, /id_token {7}valid \(sub alice\)/);

      const first = await cli(['token', '--min-ttl', '0s']);
      assert.equal(first.code, 0, first.stderr);
      const token1 = first.stdout.trim();
      assert.match(token1, /^[\w-]{20,}$/);

      const me = await cli(['request', `${issuer}/me`]);
      assert.equal(me.code, 0, me.stderr);
      assert.equal((JSON.parse(me.stdout) as { sub: string }).sub, 'alice');

      // Wait for the access token to expire, then `token` refreshes it.
      await new Promise((r) => setTimeout(r, (TTL + 1) * 1000));
      const second = await cli(['token', '--min-ttl', '0s']);
      assert.equal(second.code, 0, second.stderr);
      const token2 = second.stdout.trim();
      assert.match(token2, /^[\w-]{20,}$/);
      assert.notEqual(token2, token1, 'a refreshed token after expiry');
      const me2 = await cli(['request', `${issuer}/me`]);
      assert.equal(me2.code, 0, me2.stderr);

      server.child.kill('SIGTERM');
      const stopped = await server.done;
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.match(stopped.stderr, /SIGTERM: stopping the dev provider/);
    });
  },
);
