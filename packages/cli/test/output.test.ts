import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { colorEnabled, Output } from '../src/output.js';
import { redactHeader, redactText } from '../src/redact.js';
import { createVerboseFetch } from '../src/verbose-fetch.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (s: string) => chunks.push(s) };
}

describe('output layer', () => {
  test('colour follows the stream, NO_COLOR, FORCE_COLOR and --no-color', () => {
    assert.equal(colorEnabled({ write() {}, isTTY: true }, {}), true);
    assert.equal(colorEnabled({ write() {}, isTTY: false }, {}), false);
    assert.equal(colorEnabled({ write() {}, isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(
      colorEnabled({ write() {}, isTTY: true }, { NO_COLOR: '' }),
      true,
      'an empty NO_COLOR does not count',
    );
    assert.equal(colorEnabled({ write() {}, isTTY: true }, { TERM: 'dumb' }), false);
    assert.equal(colorEnabled({ write() {}, isTTY: false }, { FORCE_COLOR: '1' }), true);
    assert.equal(colorEnabled({ write() {}, isTTY: true }, {}, false), false);
  });

  test('the spinner draws on a TTY stderr only, and never on stdout', () => {
    const out = stream(true);
    const err = stream(true);
    const o = new Output({ stdout: out, stderr: err, env: {} });
    const s = o.startSpinner('waiting for the browser');
    s.stop('done');
    assert.equal(out.chunks.length, 0);
    assert.ok(err.chunks.some((c) => c.includes('waiting for the browser')));
    assert.ok(err.chunks.includes('done\n'));

    const pipeErr = stream(false);
    const p = new Output({ stdout: out, stderr: pipeErr, env: {} });
    p.startSpinner('waiting').stop();
    assert.deepEqual(pipeErr.chunks, [], 'no spinner frames in a pipe or a log');
    assert.equal(out.chunks.length, 0);
  });

  test('print is silent with --json; printJson writes one object', () => {
    const out = stream(false);
    const o = new Output({ json: true, stdout: out, stderr: stream(false), env: {} });
    o.print('human text');
    o.printJson({ a: 1 });
    assert.deepEqual(JSON.parse(out.chunks.join('')), { a: 1 });
  });
});

describe('redaction', () => {
  const secret = 'canary-secret-value-0123456789';
  test('JSON fields, form fields, auth headers, JWTs and known values are cut', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    const text = [
      `{"access_token":"${secret}","token_type":"Bearer"}`,
      `grant_type=refresh_token&refresh_token=${secret}&client_id=cli`,
      `Authorization: Bearer ${secret}`,
      jwt,
      `free text ${secret}x`,
    ].join('\n');
    const red = redactText(text, [secret]);
    assert.ok(!red.includes(secret));
    assert.ok(!red.includes(jwt));
    assert.match(red, /client_id=cli/);
    assert.match(red, /"token_type":"Bearer"/);
    assert.equal(
      redactHeader('authorization', `Basic ${secret}`),
      `Basic cana…[${secret.length} chars]`,
    );
    assert.equal(redactHeader('content-type', 'application/json'), 'application/json');
  });

  test('the --verbose fetch wrapper traces both directions, redacted, and returns the response intact', async () => {
    const lines: string[] = [];
    const fake: typeof fetch = async (input) => {
      const req = input as Request;
      assert.equal(
        await req.text(),
        `grant_type=authorization_code&code=${secret}&client_secret=${secret}`,
      );
      return new Response(
        JSON.stringify({ access_token: secret, refresh_token: secret, expires_in: 3600 }),
        {
          status: 200,
          headers: { 'content-type': 'application/json', 'set-cookie': `sid=${secret}` },
        },
      );
    };
    const f = createVerboseFetch({ write: (l) => lines.push(l), fetch: fake, secrets: () => [] });
    const res = await f('https://id.example.com/token', {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`cli:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `grant_type=authorization_code&code=${secret}&client_secret=${secret}`,
    });
    assert.equal((await res.json()).access_token, secret, 'the caller still gets the real body');
    const trace = lines.join('\n');
    assert.match(trace, /> \[1\] POST https:\/\/id\.example\.com\/token/);
    assert.match(trace, /< \[1\] 200/);
    assert.match(trace, /"expires_in":3600/);
    assert.ok(!trace.includes(secret.slice(0, 10)), trace);
  });
});
