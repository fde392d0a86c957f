import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from './helpers/cli.js';

const STEPS = [
  'authorization URL',
  'callback, state verified',
  'code exchanged',
  'id_token validated',
  'userinfo',
  'refresh',
  'revocation',
];

describe('oauthkit demo', () => {
  test('walks every step against the in-process dev provider and exits 0', async () => {
    const started = performance.now();
    const r = await runCli(['demo', '--no-color']);
    const ms = Math.round(performance.now() - started);
    // Reported, not asserted tightly: this machine is shared (the goal is < 5 s).
    console.log(`oauthkit demo: ${ms} ms wall`);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => /^\d+\. /.test(l));
    assert.deepEqual(
      lines.map((l) => l.replace(/^\d+\. (.*?) \[.*$/, '$1')),
      STEPS,
      r.stdout,
    );
    for (const [i, l] of lines.entries()) assert.ok(l.startsWith(`${i + 1}. `), l);
    assert.match(r.stdout, /state matches/);
    assert.match(
      r.stdout,
      /4\. id_token validated \[ok\] RS256 signature .* checked with the JWKS; iss, aud, exp, iat, nonce ok/,
    );
    assert.match(r.stdout, /introspection now says active: false/);
    assert.match(
      r.stdout,
      /> POST \/token {2}grant_type=authorization_code&code=\S{4}…\[\d+ chars\]/,
    );
    assert.ok(!r.stdout.includes('dev-client-secret'), 'the client secret is never shown');
    assert.equal(r.stderr, '');
  });

  test('--json prints { issuer, clientId, steps: [{ step, name, status, summary, exchanges }], durationMs }', async () => {
    const r = await runCli(['demo', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as {
      issuer: string;
      clientId: string;
      durationMs: number;
      steps: {
        step: number;
        name: string;
        status: string;
        summary: string;
        exchanges: { method: string; url: string; status: number }[];
      }[];
    };
    assert.match(body.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(body.clientId, 'dev-client');
    assert.deepEqual(
      body.steps.map((s) => s.name),
      STEPS,
    );
    assert.deepEqual(
      body.steps.map((s) => s.step),
      [1, 2, 3, 4, 5, 6, 7],
    );
    const exchange = body.steps[2]?.exchanges[0];
    assert.equal(exchange?.method, 'POST');
    assert.equal(exchange?.status, 200);
    assert.ok(typeof body.durationMs === 'number');
  });

  test('--no-refresh skips the refresh and revocation steps', async () => {
    const r = await runCli(['demo', '--no-refresh', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { steps: { name: string; status: string }[] };
    assert.deepEqual(
      body.steps.slice(0, 5).map((s) => s.status),
      ['ok', 'ok', 'ok', 'ok', 'ok'],
    );
    assert.equal(body.steps[5]?.status, 'skipped');
    assert.equal(body.steps[6]?.status, 'skipped');
  });
});
