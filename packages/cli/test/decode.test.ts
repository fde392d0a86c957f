import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ANSI, runCli } from './helpers/cli.js';

let server: Server;
let base = '';
let good = '';
let forged = '';
let expired = '';
let otherIssuer = '';
let hangingRequest: () => void = () => {};
const hangSeen = () =>
  new Promise<void>((resolve) => {
    hangingRequest = resolve;
  });

before(async () => {
  const key = await generateKeyPair('ES256');
  const attacker = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/hang/')) {
      hangingRequest();
      return; // never answers
    }
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/.well-known/openid-configuration')
      return json({ issuer: base, jwks_uri: `${base}/jwks` });
    if (path === '/liar/.well-known/openid-configuration')
      return json({ issuer: 'https://someone-else.example', jwks_uri: `${base}/jwks` });
    if (path === '/jwks') return json({ keys: [jwk] });
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mint = (k: CryptoKey, claims: Record<string, unknown>, exp: string | number = '1h') =>
    new SignJWT({ email: 'ada@example.com', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
      .setIssuer(base)
      .setSubject('user-1')
      .setAudience('cli')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(k);
  good = await mint(key.privateKey, {});
  forged = await mint(attacker.privateKey, {});
  expired = await mint(key.privateKey, {}, Math.floor(Date.now() / 1000) - 3600);
  otherIssuer = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer('https://evil.example')
    .sign(key.privateKey);
});

after(() => {
  server.closeAllConnections();
  server.close();
});

describe('oauthkit decode', () => {
  test('without --verify: header and claims, marked UNVERIFIED, dates shown', async () => {
    const r = await runCli(['decode', good]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^UNVERIFIED/);
    assert.doesNotMatch(r.stdout, /\bVERIFIED\b(?<!UNVERIFIED)/);
    assert.match(r.stdout, /"email": "ada@example.com"/);
    assert.match(r.stdout, /"kid": "k1"/);
    assert.match(r.stdout, /exp\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\s+\(in (59|60) min\)/);
    assert.match(r.stdout, /iat\s+\d{4}-\d\d-\d\dT/);
    assert.doesNotMatch(r.stdout, ANSI, 'no colour when stdout is not a terminal');
  });

  test('--json: one object with verified=false, header, claims and ISO dates', async () => {
    const r = await runCli(['decode', good, '--json']);
    assert.equal(r.code, 0);
    const body = JSON.parse(r.stdout);
    assert.equal(body.verified, false);
    assert.equal(body.status, 'UNVERIFIED');
    assert.equal(body.header.alg, 'ES256');
    assert.equal(body.claims.sub, 'user-1');
    assert.equal(body.dates.exp, new Date(body.claims.exp * 1000).toISOString());
    assert.equal(body.verification, undefined);
  });

  test('reads the token from stdin with -', async () => {
    const r = await runCli(['decode', '-', '--json'], { input: `${good}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).claims.sub, 'user-1');
  });

  test('malformed tokens are usage errors (exit 2)', async () => {
    for (const bad of ['abc', 'a.b', '!!!.e30.x', 'e30.bm90IGpzb24.x', 'a.b.c.d.e']) {
      const r = await runCli(['decode', bad]);
      assert.equal(r.code, 2, bad);
    }
  });

  test('--verify against the issuer JWKS: VERIFIED', async () => {
    const r = await runCli(['decode', '--verify', '--issuer', base, good]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^VERIFIED/);
    const j = await runCli([
      'decode',
      '--verify',
      '--issuer',
      base,
      '--audience',
      'cli',
      good,
      '--json',
    ]);
    assert.equal(j.code, 0, j.stderr);
    const body = JSON.parse(j.stdout);
    assert.equal(body.verified, true);
    assert.equal(body.status, 'VERIFIED');
    assert.deepEqual(body.verification, {
      issuer: base,
      jwksUri: `${base}/jwks`,
      alg: 'ES256',
      kid: 'k1',
    });
  });

  test('--verify uses the profile issuer when --issuer is absent', async () => {
    const home = (await import('./helpers/cli.js')).tempHome();
    const add = await runCli(['profiles', 'add', 'dev', '--issuer', base, '--client-id', 'cli'], {
      home,
    });
    assert.equal(add.code, 0, add.stderr);
    const r = await runCli(['decode', '--verify', good, '--json'], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).verified, true);
  });

  test('--verify fails with exit 3 on a bad signature, a tampered payload, an expired token or a wrong iss', async () => {
    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
    const tampered = [
      h,
      Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url'),
      s,
    ].join('.');
    const cases: [string, string][] = [
      [forged, 'ERR_JWT_SIGNATURE'],
      [tampered, 'ERR_JWT_SIGNATURE'],
      [expired, 'ERR_JWT_CLAIM'],
      [otherIssuer, 'ERR_JWT_CLAIM'],
    ];
    for (const [token, code] of cases) {
      const r = await runCli(['decode', '--verify', '--issuer', base, token, '--json']);
      assert.equal(r.code, 3, `${code}: ${r.stdout}`);
      const body = JSON.parse(r.stdout);
      assert.equal(body.error.code, code);
      assert.equal(body.verified, undefined, 'a failed verification prints no claims object');
      const human = await runCli(['decode', '--verify', '--issuer', base, token]);
      assert.equal(human.code, 3);
      assert.doesNotMatch(human.stdout, /VERIFIED/);
    }
  });

  test('--verify refuses a discovery document that names another issuer, and needs an issuer', async () => {
    const r = await runCli(['decode', '--verify', '--issuer', `${base}/liar`, good, '--json']);
    assert.equal(r.code, 3);
    assert.equal(JSON.parse(r.stdout).error.code, 'ERR_ISSUER_MISMATCH');
    const none = await runCli(['decode', '--verify', good]);
    assert.equal(none.code, 2);
    const insecure = await runCli([
      'decode',
      '--verify',
      '--issuer',
      'http://id.example.com',
      good,
    ]);
    assert.equal(insecure.code, 2);
  });

  test('network trouble exits 4: timeout and refused connection', async () => {
    const slow = await runCli([
      'decode',
      '--verify',
      '--issuer',
      `${base}/hang/x`,
      '--timeout',
      '300ms',
      good,
      '--json',
    ]);
    assert.equal(slow.code, 4, slow.stderr);
    assert.equal(JSON.parse(slow.stdout).error.code, 'ERR_TIMEOUT');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const refused = await runCli([
      'decode',
      '--verify',
      '--issuer',
      `http://127.0.0.1:${port}`,
      good,
      '--json',
    ]);
    assert.equal(refused.code, 4, refused.stderr);
    assert.equal(JSON.parse(refused.stdout).error.code, 'ERR_NETWORK');
  });

  test('Ctrl-C while waiting exits 130', async () => {
    const seen = hangSeen();
    const r = await runCli(['decode', '--verify', '--issuer', `${base}/hang/y`, good], {
      onSpawn: (child) => {
        void seen.then(() => child.kill('SIGINT'));
      },
    });
    assert.equal(r.code, 130);
  });

  test('--verbose prints each HTTP exchange on stderr, and never the token in full', async () => {
    const r = await runCli(['decode', '--verify', '--verbose', '--issuer', base, good]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /> \[1\] GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration/,
    );
    assert.match(r.stderr, /< \[1\] 200/);
    assert.match(r.stderr, /> \[2\] GET .*\/jwks/);
    assert.ok(!r.stderr.includes(good));
  });

  test('colour: FORCE_COLOR gives ANSI escapes; NO_COLOR and --no-color remove them', async () => {
    const forced = await runCli(['decode', good], { env: { FORCE_COLOR: '1' } });
    assert.match(forced.stdout, ANSI, 'the check below is meaningful');
    const noColor = await runCli(['decode', good], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    assert.doesNotMatch(noColor.stdout + noColor.stderr, ANSI);
    const flag = await runCli(['decode', good, '--no-color'], { env: { FORCE_COLOR: '1' } });
    assert.doesNotMatch(flag.stdout + flag.stderr, ANSI);
    const errNoColor = await runCli(['token'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    assert.doesNotMatch(errNoColor.stderr, ANSI);
  });
});
