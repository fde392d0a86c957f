/** failNext: OAuth errors, custom answers, delays and broken bodies, each for one request. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DevServer, startDevServer } from '../src/index.js';

const basicAuth = `Basic ${Buffer.from('dev-client:dev-client-secret').toString('base64')}`;

function clientCredentials(server: DevServer): Promise<Response> {
  return fetch(server.endpoints.token, {
    method: 'POST',
    headers: { authorization: basicAuth, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
}

describe('fault injection', () => {
  let server: DevServer;
  before(async () => {
    server = await startDevServer();
  });
  after(() => server.stop());

  test('an OAuth error answers once, as JSON with status 400', async () => {
    server.failNext('token', { error: 'invalid_grant', error_description: 'injected' });
    const failed = await clientCredentials(server);
    assert.equal(failed.status, 400);
    assert.match(failed.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(((await failed.json()) as { error: string }).error, 'invalid_grant');
    const next = await clientCredentials(server);
    assert.equal(next.status, 200);
  });

  test('invalid_client answers 401', async () => {
    server.failNext('token', { error: 'invalid_client' });
    assert.equal((await clientCredentials(server)).status, 401);
  });

  test('faults queue up in order and only hit their endpoint', async () => {
    server.failNext('userinfo', { error: 'invalid_token' });
    server.failNext('token', { error: 'temporarily_unavailable' });
    server.failNext('token', { status: 503, body: { error: 'temporarily_unavailable' } });
    const first = await clientCredentials(server);
    assert.equal(first.status, 400);
    const second = await clientCredentials(server);
    assert.equal(second.status, 503);
    assert.equal((await clientCredentials(server)).status, 200);
    const userinfo = await fetch(server.endpoints.userinfo);
    assert.equal(userinfo.status, 400);
    assert.equal(((await userinfo.json()) as { error: string }).error, 'invalid_token');
  });

  test('a custom answer with status, headers and a text body', async () => {
    server.failNext('introspection', {
      status: 429,
      body: 'slow down',
      headers: { 'retry-after': '3' },
    });
    const response = await fetch(server.endpoints.introspection, { method: 'POST' });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '3');
    assert.equal(await response.text(), 'slow down');
  });

  test('a delay alone serves the request normally, late', async () => {
    server.failNext('token', { delayMs: 300 });
    const started = performance.now();
    const response = await clientCredentials(server);
    assert.ok(performance.now() - started >= 280);
    assert.equal(response.status, 200);
  });

  test('a delay lets a client time out (AbortSignal)', async () => {
    server.failNext('revocation', { delayMs: 1000, error: 'server_error' });
    await assert.rejects(
      fetch(server.endpoints.revocation, { method: 'POST', signal: AbortSignal.timeout(100) }),
      (error: Error) => error.name === 'TimeoutError' || error.name === 'AbortError',
    );
  });

  test('broken: html answers a 502 HTML page', async () => {
    server.failNext('device', { broken: 'html' });
    const response = await fetch(server.endpoints.deviceAuthorization, { method: 'POST' });
    assert.equal(response.status, 502);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await response.text(), /<html/);
  });

  test('broken: truncated-json answers 200 JSON that does not parse', async () => {
    server.failNext('token', { broken: 'truncated-json' });
    const response = await clientCredentials(server);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    await assert.rejects(response.json(), SyntaxError);
  });

  test('broken: empty and reset', async () => {
    server.failNext('token', { broken: 'empty' });
    const empty = await clientCredentials(server);
    assert.equal(empty.status, 200);
    assert.equal(await empty.text(), '');
    server.failNext('token', { broken: 'reset' });
    await assert.rejects(clientCredentials(server), TypeError);
    assert.equal((await clientCredentials(server)).status, 200);
  });

  test('oauth1/* matches any OAuth 1 endpoint; discovery has its own name', async () => {
    server.failNext('oauth1/*', { error: 'server_error' });
    const oauth1 = await fetch(server.endpoints.oauth1RequestToken, { method: 'POST' });
    assert.equal(oauth1.status, 400);
    server.failNext('discovery', { broken: 'html' });
    assert.equal((await fetch(server.endpoints.discovery)).status, 502);
    assert.equal((await fetch(server.endpoints.discovery)).status, 200);
  });

  test('clearFaults drops queued faults; unknown endpoints are TypeErrors', async () => {
    server.failNext('token', { error: 'invalid_grant' });
    server.clearFaults();
    assert.equal((await clientCredentials(server)).status, 200);
    assert.throws(() => server.failNext('nope' as 'token', { error: 'invalid_grant' }), TypeError);
  });
});
