/**
 * The token commands against the dev provider running in this process: device login
 * approved through `approveDevice`, then token, header, request, introspect, refresh,
 * revoke and logout on the stored token. The CLI runs as a child with temp XDG dirs.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type DevServer, startDevServer } from '@oauthkit/dev-server';
import { runCli, startCli, tempHome, xdgEnv } from './helpers/cli.js';

describe('login --device and the stored token', () => {
  let server: DevServer;
  const home = tempHome();
  const env = xdgEnv(home);
  const cli = (args: string[]) => runCli(args, { home, env });

  before(async () => {
    server = await startDevServer();
    const added = await cli([
      'profiles',
      'add',
      'dev',
      '--issuer',
      server.issuer,
      '--client-id',
      'dev-public',
      '--scope',
      'openid offline_access api:read',
      '--default',
    ]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(() => server.stop());

  test('token before login: exit 5 and a hint to log in', async () => {
    const r = await cli(['token']);
    assert.equal(r.code, 5);
    assert.match(r.stderr, /oauthkit login --profile dev/);
    assert.equal(r.stdout, '');
  });

  test('login --device shows the code; approveDevice completes it; the token is stored encrypted', async () => {
    const live = startCli(['login', '--device', '--json'], { home, env });
    const [, code] = await live.waitFor(/enter the code (\S+)/);
    await server.approveDevice(code ?? '');
    const r = await live.done;
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as {
      flow: string;
      token: { access_token: string };
      idToken?: { validated: boolean; sub: string };
    };
    assert.equal(body.flow, 'device');
    assert.deepEqual(body.idToken, { validated: true, sub: 'alice' }, 'oauthkit/oidc checked it');
    assert.match(body.token.access_token, /^.{4}…\[\d+ chars\]$/);
    const dir = join(env.XDG_STATE_HOME ?? '', 'oauthkit', 'tokens');
    const files = readdirSync(dir).filter((f) => f.endsWith('.token'));
    assert.equal(files.length, 1);
    assert.equal(statSync(join(dir, files[0] ?? '')).mode & 0o777, 0o600);
    const key = join(env.XDG_CONFIG_HOME ?? '', 'oauthkit', 'store.key');
    assert.equal(statSync(key).mode & 0o777, 0o600);
  });

  test('token prints the access token alone; header and request use it', async () => {
    const t = await cli(['token']);
    assert.equal(t.code, 0, t.stderr);
    const token = t.stdout.trim();
    assert.match(token, /^[\w-]{20,}$/);
    assert.equal(t.stdout, `${token}\n`);
    const h = await cli(['header']);
    assert.equal(h.stdout, `Authorization: Bearer ${token}\n`);
    const me = await cli(['request', `${server.issuer}/me`]);
    assert.equal(me.code, 0, me.stderr);
    assert.equal((JSON.parse(me.stdout) as { sub: string }).sub, 'alice');
    assert.match(me.stderr, /HTTP 200/);
    const i = await cli(['introspect', '--json']);
    assert.equal(i.code, 0, i.stderr);
    const body = JSON.parse(i.stdout) as { introspection: { active: boolean; client_id: string } };
    assert.equal(body.introspection.active, true);
    assert.equal(body.introspection.client_id, 'dev-public');
  });

  test('token --min-ttl longer than the lifetime refreshes through the client and stores the result', async () => {
    const before = (await cli(['token'])).stdout.trim();
    const r = await cli(['token', '--min-ttl', '120m', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { access_token: string; refreshed: boolean };
    assert.equal(body.refreshed, true);
    assert.notEqual(body.access_token, before);
    assert.equal((await cli(['token'])).stdout.trim(), body.access_token, 'the store has it');
    const refreshed = await cli(['refresh', '--json']);
    assert.equal(refreshed.code, 0, refreshed.stderr);
    assert.notEqual((await cli(['token'])).stdout.trim(), body.access_token);
  });

  test('discover prints the metadata', async () => {
    const r = await cli(['discover', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { metadata: { token_endpoint: string } };
    assert.equal(body.metadata.token_endpoint, server.endpoints.token);
  });

  test('logout revokes and deletes; the revoked token is inactive', async () => {
    const token = (await cli(['token'])).stdout.trim();
    const r = await cli(['logout', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { revoked: string[]; deleted: boolean };
    assert.deepEqual(body.revoked, ['refresh_token', 'access_token'], r.stderr);
    assert.equal((await cli(['token'])).code, 5);
    const i = await cli(['introspect', token, '--json']);
    // Once seen failing in a full run under load and not since: say why, if it happens again.
    assert.equal(i.code, 0, i.stderr);
    assert.equal(
      (JSON.parse(i.stdout) as { introspection: { active: boolean } }).introspection.active,
      false,
    );
  });

  test('a wrong OAUTHKIT_STORE_KEY is a config error (exit 5), not garbage', async () => {
    const live = startCli(['login', '--device'], { home, env });
    const [, code] = await live.waitFor(/enter the code (\S+)/);
    await server.approveDevice(code ?? '');
    assert.equal((await live.done).code, 0);
    const wrong = Buffer.alloc(32, 7).toString('base64url');
    const r = await runCli(['token'], { home, env: { ...env, OAUTHKIT_STORE_KEY: wrong } });
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /ERR_TOKEN_STORE/);
  });
});
