import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InsecureUrlError, UnexpectedResponseError } from '../../src/errors.js';
import { JwksCache } from '../../src/oidc/jwks.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('JwksCache', () => {
  let srv: TestServer;
  let fetches = 0;
  before(async () => {
    srv = await startServer((req, res) => {
      fetches++;
      if (req.url === '/html') {
        res.setHeader('content-type', 'text/html');
        return res.end('<html>oops</html>');
      }
      if (req.url === '/nokeys') {
        res.setHeader('content-type', 'application/json');
        return res.end('{"foo":1}');
      }
      if (req.url === '/big') {
        res.setHeader('content-type', 'application/json');
        return res.end(`{"keys":[],"pad":"${'x'.repeat(4096)}"}`);
      }
      res.statusCode = 404;
      res.end();
    });
  });
  after(() => srv.close());

  test('a static set needs no fetch', async () => {
    const jwks = { keys: [{ kty: 'oct', k: 'AAAA' }] };
    assert.deepEqual(await new JwksCache(jwks).getJwks(), jwks);
  });

  test('bad JWKS responses are UnexpectedResponseError', async () => {
    for (const path of ['/html', '/nokeys', '/missing']) {
      await assert.rejects(
        new JwksCache(`${srv.url}${path}`).getJwks(),
        UnexpectedResponseError,
        path,
      );
    }
  });

  test('the size limit of send() applies', async () => {
    await assert.rejects(
      new JwksCache(`${srv.url}/big`, { maxResponseBytes: 1024 }).getJwks(),
      (e: unknown) => e instanceof UnexpectedResponseError && e.code === 'ERR_RESPONSE_TOO_LARGE',
    );
  });

  test('plain http on a non-loopback host and bad arguments are refused', () => {
    assert.throws(() => new JwksCache('http://op.example.com/jwks'), InsecureUrlError);
    assert.throws(() => new JwksCache({} as never), TypeError);
    assert.throws(() => new JwksCache('https://op.example.com/jwks', { cooldown: -1 }), TypeError);
  });

  test('a failed fetch is not cached', async () => {
    const before = fetches;
    const cache = new JwksCache(`${srv.url}/html`);
    await assert.rejects(cache.getJwks());
    await assert.rejects(cache.getJwks());
    assert.equal(fetches, before + 2);
  });
});
