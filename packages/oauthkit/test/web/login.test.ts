/**
 * createWebLogin without a network: option checks at construction, the login response and
 * its cookie, and the callback's refusals that come before any token request (missing,
 * foreign or expired cookie; a form_post without the cookie; wrong content type). The
 * full flows run against the dev provider in test/interop/web-login-browser.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OAuthError } from '../../src/errors.js';
import { toBase64Url } from '../../src/internal/encoding.js';
import { randomBytes } from '../../src/internal/random.js';
import { OAuth2Client } from '../../src/oauth2/index.js';
import { MemoryTokenStore } from '../../src/tokens/stores/memory.js';
import { createWebLogin, type WebLoginOptions } from '../../src/web/index.js';

const SECRET = toBase64Url(randomBytes(32));
const client = new OAuth2Client({
  clientId: 'app',
  authorizationEndpoint: 'https://as.example/authorize',
  tokenEndpoint: 'https://as.example/token',
});
const HTTPS = 'https://app.example/callback';
const HTTP = 'http://127.0.0.1:8080/callback';

const make = (o: Partial<WebLoginOptions> = {}) =>
  createWebLogin({ client, secret: SECRET, redirectUri: HTTPS, ...o });

function cookieOf(response: Response): { name: string; value: string; attributes: string } {
  const [setCookie = ''] = response.headers.getSetCookie();
  const m = /^([^=]+)=([^;]*)(.*)$/.exec(setCookie);
  assert.ok(m, setCookie);
  return { name: m[1] ?? '', value: m[2] ?? '', attributes: m[3] ?? '' };
}

async function code(p: Promise<unknown>): Promise<string> {
  const error = await p.then(
    () => assert.fail('expected an error'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof OAuthError, String(error));
  return error.code;
}

describe('createWebLogin options are checked once, at construction', () => {
  test('TypeError naming the option', () => {
    const cases: [Partial<WebLoginOptions>, RegExp][] = [
      [{ secret: 'c2hvcnQ' }, /secret/],
      [{ secret: randomBytes(16) }, /secret/],
      [{ secret: '' }, /secret/],
      [{ cookieName: 'bad name' }, /cookieName/],
      [{ cookieName: '__Host-x' }, /cookieName/],
      [{ cookie: { maxAge: 0 } }, /cookie\.maxAge/],
      [{ cookie: { maxAge: 1.5 } }, /cookie\.maxAge/],
      [{ redirectUri: '/callback' }, /redirectUri/],
      [{ client: {} as OAuth2Client }, /client/],
      [
        {
          client: new OAuth2Client({
            clientId: 'app',
            tokenEndpoint: 'https://as.example/token',
            store: new MemoryTokenStore(),
          }),
        },
        /client must have no store/,
      ],
    ];
    for (const [o, name] of cases) {
      assert.throws(
        () => make(o),
        (e: unknown) => e instanceof TypeError && name.test(e.message),
        JSON.stringify(o),
      );
    }
    assert.doesNotThrow(() => make({ secret: randomBytes(32) }));
  });
});

describe('login', () => {
  test('302 to the authorization URL with state and PKCE S256; a __Host- Secure cookie for https', async () => {
    const res = await make().login(new Request('https://app.example/login'), {
      returnTo: '/account',
      scope: 'read',
    });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const url = new URL(res.headers.get('location') ?? '');
    assert.equal(url.origin + url.pathname, 'https://as.example/authorize');
    assert.equal(url.searchParams.get('redirect_uri'), HTTPS);
    assert.equal(url.searchParams.get('scope'), 'read');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(url.searchParams.get('state'));
    const c = cookieOf(res);
    assert.equal(c.name, '__Host-oauthkit_login');
    assert.equal(c.attributes, '; Max-Age=600; Path=/; HttpOnly; SameSite=Lax; Secure');
    // Sealed: neither the state nor returnTo can be read from the cookie.
    assert.ok(!c.value.includes(url.searchParams.get('state') ?? '?'));
    assert.ok(!Buffer.from(c.value, 'base64url').toString('latin1').includes('/account'));
  });

  test('plain name, no Secure, for an http loopback redirect URI; maxAge and cookieName honoured', async () => {
    const res = await make({
      redirectUri: HTTP,
      cookieName: 'login',
      cookie: { maxAge: 60 },
    }).login(new Request('http://127.0.0.1:8080/login'));
    const c = cookieOf(res);
    assert.equal(c.name, 'login');
    assert.equal(c.attributes, '; Max-Age=60; Path=/; HttpOnly; SameSite=Lax');
  });

  test('an unsafe returnTo is a TypeError (open redirect)', async () => {
    for (const returnTo of ['//evil.example', 'https://evil.example/', '/\\evil']) {
      await assert.rejects(
        make().login(new Request('https://app.example/login'), { returnTo }),
        TypeError,
      );
    }
  });
});

describe('callback refusals before any token request', () => {
  const auth = make({ redirectUri: HTTP });
  const at = (path: string, init?: RequestInit) =>
    new Request(`http://127.0.0.1:8080${path}`, init);

  async function started(now?: () => number) {
    const a = now ? make({ redirectUri: HTTP, now }) : auth;
    const res = await a.login(at('/login'), { returnTo: '/me' });
    const c = cookieOf(res);
    const state = new URL(res.headers.get('location') ?? '').searchParams.get('state') ?? '';
    return { a, cookie: `${c.name}=${c.value}`, state };
  }

  test('no cookie: ERR_LOGIN_COOKIE (a replayed callback, or another browser)', async () => {
    assert.equal(await code(auth.callback(at('/callback?code=c&state=s'))), 'ERR_LOGIN_COOKIE');
  });

  test('a cookie from another app (another secret), or mangled: ERR_LOGIN_COOKIE', async () => {
    const { cookie, state } = await started();
    const other = createWebLogin({
      client,
      secret: toBase64Url(randomBytes(32)),
      redirectUri: HTTP,
    });
    const cb = `/callback?code=c&state=${state}`;
    assert.equal(await code(other.callback(at(cb, { headers: { cookie } }))), 'ERR_LOGIN_COOKIE');
    const mangled = `${cookie.slice(0, -2)}AA`;
    assert.equal(
      await code(auth.callback(at(cb, { headers: { cookie: mangled } }))),
      'ERR_LOGIN_COOKIE',
    );
    assert.equal(
      await code(auth.callback(at(cb, { headers: { cookie: 'oauthkit_login=%7B%7D' } }))),
      'ERR_LOGIN_COOKIE',
    );
  });

  test('an expired cookie: ERR_LOGIN_COOKIE', async () => {
    let t = 1_800_000_000_000;
    const { a, cookie, state } = await started(() => t);
    t += 601_000;
    const cb = `/callback?code=c&state=${state}`;
    assert.equal(await code(a.callback(at(cb, { headers: { cookie } }))), 'ERR_LOGIN_COOKIE');
  });

  test('a forged state with a good cookie: ERR_STATE_MISMATCH; error=: ERR_AUTHORIZATION_RESPONSE', async () => {
    const { cookie, state } = await started();
    const forged = at('/callback?code=c&state=forged', { headers: { cookie } });
    assert.equal(await code(auth.callback(forged)), 'ERR_STATE_MISMATCH');
    const denied = at(`/callback?error=access_denied&state=${state}`, { headers: { cookie } });
    assert.equal(await code(auth.callback(denied)), 'ERR_AUTHORIZATION_RESPONSE');
  });

  test('form_post without the cookie: the re-submit page, escaped, no-store, nonce CSP', async () => {
    const fields = new URLSearchParams({ code: 'c"><script>alert(1)</script>', state: "s'&" });
    const res = await auth.callback(
      at('/callback', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields,
      }),
    );
    assert.ok(res instanceof Response);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([\w-]+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /form-action 'self'/);
    const html = await res.text();
    assert.equal(html.match(/<script/g)?.length, 1, 'only our script, the posted one escaped');
    assert.ok(html.includes(`<script nonce="${nonce}">`));
    assert.ok(html.includes('value="c&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"'));
    assert.ok(html.includes('value="s&#39;&#38;"'));
    assert.ok(!/\b(src|href)=/.test(html), 'no external assets');
    assert.ok(!/<form[^>]*action=/.test(html), 'posts to its own URL');
    assert.equal(res.headers.getSetCookie().length, 0);
  });

  test('the re-submitted form_post still without the cookie: ERR_LOGIN_COOKIE, not a loop', async () => {
    const body = 'code=c&state=s&oauthkit_resubmit=1';
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    assert.equal(
      await code(auth.callback(at('/callback', { method: 'POST', headers, body }))),
      'ERR_LOGIN_COOKIE',
    );
  });

  test('a POST that is not a form: ERR_CALLBACK_INVALID', async () => {
    const { cookie } = await started();
    const req = at('/callback', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"code":"c"}',
    });
    assert.equal(await code(auth.callback(req)), 'ERR_CALLBACK_INVALID');
  });
});
