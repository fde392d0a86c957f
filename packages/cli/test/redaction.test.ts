/**
 * Redaction: a provider in this process hands out canary values for the client secret,
 * the authorization code, the access token and the refresh token. Nothing any command
 * prints with --verbose or with --json may contain a canary in full, except `token` and
 * `header`, whose job is to print the access token.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type CliResult, runCli, startCli, tempHome, xdgEnv } from './helpers/cli.js';

const CANARY = {
  secret: 'CANARY-client-secret-5f1d2e7a9b',
  code: 'CANARY-authorization-code-8c3b41',
  access: 'CANARY-access-token-a7e29d0c55',
  refresh: 'CANARY-refresh-token-33b8f0e1c9',
};

function leaks(r: CliResult): string[] {
  const all = r.stdout + r.stderr;
  return Object.entries(CANARY)
    .filter(([, v]) => all.includes(v))
    .map(([k]) => k);
}

describe('no command prints a secret in full with --verbose or --json', () => {
  let server: Server;
  let issuer = '';
  const home = tempHome();
  const env = { ...xdgEnv(home), OAUTHKIT_CLIENT_SECRET: CANARY.secret };
  const cli = (args: string[]) => runCli(args, { home, env });

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', issuer);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      let body = '';
      req.on('data', (d: Buffer) => {
        body += d.toString('utf8');
      });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        switch (url.pathname) {
          case '/.well-known/openid-configuration':
          case '/.well-known/oauth-authorization-server':
            return json(200, {
              issuer,
              authorization_endpoint: `${issuer}/auth`,
              token_endpoint: `${issuer}/token`,
              revocation_endpoint: `${issuer}/revoke`,
              introspection_endpoint: `${issuer}/introspect`,
              userinfo_endpoint: `${issuer}/me`,
              end_session_endpoint: `${issuer}/logout`,
            });
          case '/token': {
            const basic = Buffer.from(
              (req.headers.authorization ?? '').replace(/^Basic /, ''),
              'base64',
            ).toString();
            if (basic !== `canary-client:${encodeURIComponent(CANARY.secret)}`) {
              return json(401, { error: 'invalid_client' });
            }
            const ok =
              (form.get('grant_type') === 'authorization_code' &&
                form.get('code') === CANARY.code) ||
              (form.get('grant_type') === 'refresh_token' &&
                form.get('refresh_token') === CANARY.refresh);
            if (!ok) return json(400, { error: 'invalid_grant' });
            return json(200, {
              access_token: CANARY.access,
              refresh_token: CANARY.refresh,
              token_type: 'Bearer',
              expires_in: 3600,
              scope: 'api',
            });
          }
          case '/revoke':
            res.writeHead(200);
            return res.end();
          case '/introspect':
            return json(200, {
              active: true,
              client_id: 'canary-client',
              sub: 'alice',
              scope: 'api',
            });
          case '/me':
            return json(200, { sub: 'alice' });
          default:
            return json(404, { error: 'not_found' });
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const added = await cli([
      'profiles',
      'add',
      'canary',
      '--issuer',
      issuer,
      '--client-id',
      'canary-client',
      '--scope',
      'api',
      '--default',
    ]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const flag of ['--verbose', '--json']) {
    test(`every command with ${flag}`, async () => {
      const live = startCli(['login', '--no-browser', flag], { home, env });
      const [url = ''] = await live.waitFor(/http:\/\/127\.0\.0\.1:\d+\/auth\?\S+/);
      const q = new URL(url).searchParams;
      const callback = new URL(q.get('redirect_uri') ?? '');
      callback.searchParams.set('code', CANARY.code);
      callback.searchParams.set('state', q.get('state') ?? '');
      assert.equal((await fetch(callback)).status, 200);
      const login = await live.done;
      assert.equal(login.code, 0, login.stderr);
      assert.deepEqual(leaks(login), [], `login ${flag}:\n${login.stdout}\n${login.stderr}`);

      const runs: [string, string[]][] = [
        ['refresh', ['refresh', flag]],
        ['request', ['request', `${issuer}/me`, flag]],
        ['request -i', ['request', '-i', `${issuer}/me`, flag]],
        ['introspect', ['introspect', flag]],
        ['discover', ['discover', flag]],
        ['profiles show', ['profiles', 'show', flag]],
        ['profiles list', ['profiles', 'list', flag]],
        ['revoke --keep', ['revoke', '--keep', flag]],
        ['logout', ['logout', flag]],
        ['token after logout (error path)', ['token', flag]],
      ];
      for (const [name, args] of runs) {
        const r = await cli(args);
        assert.equal(r.code, name.startsWith('token') ? 5 : 0, `${name} ${flag}: ${r.stderr}`);
        assert.deepEqual(leaks(r), [], `${name} ${flag} leaked:\n${r.stdout}\n${r.stderr}`);
      }
    });
  }

  test('token and header print the access token, as they must (the canary check is meaningful)', async () => {
    const live = startCli(['login', '--no-browser'], { home, env });
    const [url = ''] = await live.waitFor(/http:\/\/127\.0\.0\.1:\d+\/auth\?\S+/);
    const q = new URL(url).searchParams;
    const callback = new URL(q.get('redirect_uri') ?? '');
    callback.searchParams.set('code', CANARY.code);
    callback.searchParams.set('state', q.get('state') ?? '');
    await fetch(callback);
    assert.equal((await live.done).code, 0);
    assert.equal((await cli(['token'])).stdout, `${CANARY.access}\n`);
    assert.equal((await cli(['header'])).stdout, `Authorization: Bearer ${CANARY.access}\n`);
  });
});
