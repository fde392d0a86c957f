/**
 * The Express adapter's conversions on a real Express 5 server on 127.0.0.1: the Web
 * Request it builds (absolute URL from protocol and host, `trust proxy` honoured, headers,
 * a form body read from the stream or rebuilt after `express.urlencoded()`), and the Web
 * Response written back with every Set-Cookie kept.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { sendWebResponse, toWebRequest } from '../../src/web/express.js';

describe('oauthkit/express conversions', () => {
  let base = '';
  let close: () => Promise<void>;

  before(async () => {
    const echo = async (req: express.Request, res: express.Response) => {
      const request = await toWebRequest(req);
      res.json({
        url: request.url,
        method: request.method,
        type: request.headers.get('content-type'),
        marker: request.headers.get('x-marker'),
        body: request.method === 'POST' ? await request.text() : null,
      });
    };
    const raw = express();
    raw.all('/raw', echo);
    const parsed = express();
    parsed.set('trust proxy', 'loopback');
    parsed.use(express.urlencoded());
    parsed.all('/parsed', echo);
    const app = express();
    app.use(raw, parsed);
    app.get('/cookies', async (_req, res) => {
      const headers = new Headers({ location: '/next', 'cache-control': 'no-store' });
      headers.append('set-cookie', 'a=1; Path=/; HttpOnly');
      headers.append('set-cookie', 'b=2; Expires=Thu, 01 Jan 2037 00:00:00 GMT');
      res.append('set-cookie', 'pre=0');
      await sendWebResponse(res, new Response('moved', { status: 302, headers }));
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
  });
  after(() => close());

  const form = 'code=c%2B1&state=s+2&iss=http%3A%2F%2F127.0.0.1';

  test('a GET: absolute URL with the query, headers kept', async () => {
    const r = await (
      await fetch(`${base}/raw?code=c&state=s`, { headers: { 'x-marker': 'm' } })
    ).json();
    assert.deepEqual(r, {
      url: `${base}/raw?code=c&state=s`,
      method: 'GET',
      type: null,
      marker: 'm',
      body: null,
    });
  });

  test('a form_post body read from the stream, byte for byte', async () => {
    const r = await (
      await fetch(`${base}/raw`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      })
    ).json();
    assert.equal(r.body, form);
    assert.equal(r.type, 'application/x-www-form-urlencoded');
  });

  test('a form_post body rebuilt after express.urlencoded(); trust proxy gives the public URL', async () => {
    const r = await (
      await fetch(`${base}/parsed?x=1`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'app.example',
        },
        body: form,
      })
    ).json();
    assert.equal(r.url, 'https://app.example/parsed?x=1');
    assert.deepEqual(
      Object.fromEntries(new URLSearchParams(r.body)),
      Object.fromEntries(new URLSearchParams(form)),
    );
  });

  test('the Web Response written back: status, headers, body, each Set-Cookie on its own', async () => {
    const res = await fetch(`${base}/cookies`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/next');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(res.headers.getSetCookie(), [
      'pre=0',
      'a=1; Path=/; HttpOnly',
      'b=2; Expires=Thu, 01 Jan 2037 00:00:00 GMT',
    ]);
    assert.equal(await res.text(), 'moved');
  });
});
