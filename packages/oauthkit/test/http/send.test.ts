import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NetworkError, TimeoutError, UnexpectedResponseError } from '../../src/errors.js';
import { parseJsonObject } from '../../src/http/parse.js';
import { send } from '../../src/http/send.js';
import { secureUrl } from '../../src/http/url.js';
import { startServer, streamTenMegabytes, type TestServer } from '../helpers/server.js';

describe('send() against a real socket', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer((req, res) => {
      switch (req.url) {
        case '/ok':
          res.setHeader('content-type', 'application/json');
          res.end('{"a":1}');
          return;
        case '/hang':
          return; // never answers
        case '/slow-body':
          res.setHeader('content-type', 'application/json');
          res.write('{"a":');
          return; // headers sent, body never finishes
        case '/big':
          streamTenMegabytes(res); // no content-length
          return;
        case '/reset':
          req.socket.destroy();
          return;
        case '/html':
          res.statusCode = 502;
          res.setHeader('content-type', 'text/html');
          res.end(
            '<!DOCTYPE html><html><body>Bad Gateway access_token=SECRETSECRETSECRET</body></html>',
          );
          return;
        default:
          res.statusCode = 404;
          res.end();
      }
    });
  });
  after(() => srv.close());

  test('reads a body', async () => {
    const r = await send(`${srv.url}/ok`, { method: 'GET' });
    assert.equal(r.status, 200);
    assert.deepEqual(parseJsonObject(r, 'the test body'), { a: 1 });
  });

  test('a server that never answers ends at the timeout', async () => {
    const t0 = Date.now();
    await assert.rejects(
      send(`${srv.url}/hang`, { method: 'GET' }, { timeout: 300 }),
      TimeoutError,
    );
    assert.ok(Date.now() - t0 < 2000);
  });

  test('a body that never finishes ends at the timeout too', async () => {
    await assert.rejects(
      send(`${srv.url}/slow-body`, { method: 'GET' }, { timeout: 300 }),
      TimeoutError,
    );
  });

  test('a 10 MB body is cut off at the size limit', async () => {
    await assert.rejects(send(`${srv.url}/big`, { method: 'GET' }), (e: unknown) => {
      assert.ok(e instanceof UnexpectedResponseError);
      assert.equal(e.code, 'ERR_RESPONSE_TOO_LARGE');
      return true;
    });
  });

  test('a connection reset is a NetworkError with the cause kept', async () => {
    await assert.rejects(send(`${srv.url}/reset`, { method: 'GET' }), (e: unknown) => {
      assert.ok(e instanceof NetworkError);
      assert.ok(e.cause instanceof Error);
      return true;
    });
  });

  test('an HTML page is reported with the redacted start of the body', async () => {
    const r = await send(`${srv.url}/html`, { method: 'GET' });
    assert.throws(
      () => parseJsonObject(r, 'the token response'),
      (e: unknown) => {
        assert.ok(e instanceof UnexpectedResponseError);
        assert.equal(e.status, 502);
        assert.match(e.message, /HTML page/);
        assert.match(e.message, /Bad Gateway/);
        assert.ok(!e.message.includes('SECRETSECRETSECRET'));
        return true;
      },
    );
  });
});

test('secureUrl allows https and loopback http only', () => {
  assert.equal(secureUrl('https://example.com/t', 'x').host, 'example.com');
  assert.equal(secureUrl('http://127.0.0.1:8080/t', 'x').port, '8080');
  assert.equal(secureUrl('http://localhost/t', 'x').hostname, 'localhost');
  assert.equal(secureUrl('http://[::1]/t', 'x').hostname, '[::1]');
  assert.throws(
    () => secureUrl('http://example.com/t', 'tokenEndpoint'),
    /tokenEndpoint uses http/,
  );
  assert.equal(secureUrl('http://example.com/t', 'x', true).protocol, 'http:');
  assert.throws(() => secureUrl('/relative', 'x'), TypeError);
});
