/**
 * oauthkit/hono and oauthkit/express end to end, in a real browser: a tiny app per adapter
 * on 127.0.0.1, the dev provider in-process with its real login and consent pages, and
 * Debian's Chromium driven by playwright-core signing in as alice. Shown for each adapter:
 * (a) a login with the default query response mode ends on the app's page showing the
 * user, the login cookie cleared, and a replayed callback is ERR_LOGIN_COOKIE; (b) with
 * response_mode=form_post, the provider's cross-site POST arrives without the SameSite=Lax
 * cookie, the re-submit page posts again from the app's origin, and the login succeeds;
 * (c) a forged state is ERR_STATE_MISMATCH. Skipped locally without chromium, fails under
 * CI=true.
 *
 * The form_post app is reached as `localhost`, the provider as `127.0.0.1`: two sites, so
 * the provider's POST is cross-site as it is in production (two ports of one host would be
 * one site, and the cookie would come along without the re-submit).
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type DevServer, startDevServer } from '@oauthkit/dev-server';
import express from 'express';
import { Hono } from 'hono';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OAuthError } from '../../src/errors.js';
import { OidcClient } from '../../src/oidc/index.js';
import { expressLogin } from '../../src/web/express.js';
import { honoLogin } from '../../src/web/hono.js';
import type { WebLoginOptions } from '../../src/web/login.js';
import { CHROMIUM_HINT, hasChromium, launchChromium } from '../helpers/chromium.js';
import { needsPeer } from '../helpers/peers.js';
import { startServer, type TestServer } from '../helpers/server.js';

const SECRET = 'iSaxRWKcJgyc1cvQrPAYlyKHmrZnzWQr1tW9ePfzGYc'; // 32 bytes, base64url
const WAIT = 60_000; // generous: two cores shared with other test files

/** What an app saw: each request to /callback, and whether it carried the login cookie. */
interface Seen {
  callbacks: { method: string; cookie: boolean; url: string }[];
}

interface App {
  origin: string;
  seen: Seen;
  close(): Promise<void>;
}

/** The app's own pages, shared by both adapters: a session map, /me, and the error page. */
const sessions = new Map<string, string>();
const newSession = (sub: string) => {
  const sid = crypto.randomUUID();
  sessions.set(sid, sub);
  return sid;
};
const sessionOf = (cookie: string | undefined) =>
  sessions.get(/(?:^|;\s*)sid=([\w-]+)/.exec(cookie ?? '')?.[1] ?? '');
const errorCode = (error: unknown) =>
  error instanceof OAuthError ? error.code : `not an OAuthError: ${String(error)}`;

async function loginOptions(
  issuer: string,
  redirectUri: string,
  responseMode: string,
): Promise<WebLoginOptions> {
  const client = await OidcClient.discover(issuer, {
    clientId: 'dev-client',
    clientSecret: 'dev-client-secret',
  });
  return {
    client,
    secret: SECRET,
    redirectUri,
    authorizationParams: { scope: 'openid email', response_mode: responseMode },
  };
}

/** Node's request as a Web Request for Hono's fetch(), and the Response written back. */
async function serveHono(app: Hono, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) headers.append(k, x);
  }
  const method = req.method ?? 'GET';
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  });
  const response = await app.fetch(request);
  res.statusCode = response.status;
  for (const [k, v] of response.headers) if (k !== 'set-cookie') res.setHeader(k, v);
  res.setHeader('set-cookie', response.headers.getSetCookie());
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function startHonoApp(issuer: string, host: string, responseMode: string): Promise<App> {
  const seen: Seen = { callbacks: [] };
  let app: Hono | undefined;
  const server: TestServer = await startServer((req, res) => {
    serveHono(app as Hono, req, res).catch((e) => res.destroy(e));
  });
  const origin = server.url.replace('127.0.0.1', host);
  const auth = honoLogin(await loginOptions(issuer, `${origin}/callback`, responseMode));
  app = new Hono();
  app.use('/callback', async (c, next) => {
    const cookie = c.req.header('cookie') ?? '';
    seen.callbacks.push({
      method: c.req.method,
      cookie: cookie.includes('oauthkit_login='),
      url: c.req.url,
    });
    await next();
  });
  app.get('/login', auth.login);
  app.on(
    ['GET', 'POST'],
    '/callback',
    auth.callback((c, { claims, returnTo }) => {
      c.header('set-cookie', `sid=${newSession(claims?.sub ?? '?')}; HttpOnly; Path=/`);
      return c.redirect(returnTo);
    }),
  );
  app.get('/me', (c) => c.html(`<h1>Signed in as ${sessionOf(c.req.header('cookie'))}</h1>`));
  app.onError((error, c) => c.html(`<h1>Login failed: ${errorCode(error)}</h1>`, 400));
  return { origin, seen, close: () => server.close() };
}

async function startExpressApp(issuer: string, host: string, responseMode: string): Promise<App> {
  const seen: Seen = { callbacks: [] };
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  const auth = expressLogin(await loginOptions(issuer, `${origin}/callback`, responseMode));
  app.use('/callback', (req, _res, next) => {
    seen.callbacks.push({
      method: req.method,
      cookie: (req.headers.cookie ?? '').includes('oauthkit_login='),
      url: `${req.protocol}://${req.host}${req.originalUrl}`,
    });
    next();
  });
  app.get('/login', auth.login);
  app.all(
    '/callback',
    auth.callback((_req: express.Request, res: express.Response, { claims, returnTo }) => {
      res.cookie('sid', newSession(claims?.sub ?? '?'), { httpOnly: true });
      res.redirect(returnTo);
    }),
  );
  app.get('/me', (req, res) => {
    res.send(`<h1>Signed in as ${sessionOf(req.headers.cookie)}</h1>`);
  });
  app.use(
    (error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(400).send(`<h1>Login failed: ${errorCode(error)}</h1>`);
    },
  );
  return {
    origin,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Signs in as alice on the provider's real pages and consents. */
async function signIn(page: Page): Promise<void> {
  await page.getByLabel(/user/i).fill('alice', { timeout: WAIT });
  await page.getByLabel(/password/i).fill('password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Allow' }).click({ timeout: WAIT });
}

async function loginCookies(context: BrowserContext): Promise<string[]> {
  return (await context.cookies())
    .filter((c) => c.name.includes('oauthkit_login'))
    .map((c) => c.name);
}

describe(
  'oauthkit/hono and oauthkit/express in Chromium against the dev provider (interactive)',
  needsPeer('Chromium', hasChromium, CHROMIUM_HINT),
  () => {
    let provider: DevServer;
    let browser: Browser;
    const apps: App[] = [];

    before(async () => {
      provider = await startDevServer({ interactive: true });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await Promise.all(apps.map((a) => a.close()));
      await provider?.stop();
    });

    for (const [adapter, start] of [
      ['hono', startHonoApp],
      ['express', startExpressApp],
    ] as const) {
      test(`${adapter}: query response mode, login cookie cleared, replayed callback refused`, async () => {
        const app = await start(provider.issuer, '127.0.0.1', 'query');
        apps.push(app);
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${app.origin}/login?returnTo=/me`);
          assert.deepEqual(await loginCookies(context), ['oauthkit_login'], 'set by login');
          await signIn(page);
          await page
            .getByRole('heading', { name: 'Signed in as alice' })
            .waitFor({ timeout: WAIT });
          assert.equal(new URL(page.url()).pathname, '/me');
          assert.deepEqual(await loginCookies(context), [], 'cleared by the callback');
          assert.equal(app.seen.callbacks.length, 1);
          const [callback] = app.seen.callbacks;
          assert.equal(callback?.method, 'GET');
          assert.equal(callback?.cookie, true);

          // (c) the same callback again: the login cookie is gone, a typed error, no crash.
          const replay = await page.goto(callback?.url ?? '');
          assert.equal(replay?.status(), 400);
          await page.getByRole('heading', { name: 'Login failed: ERR_LOGIN_COOKIE' }).waitFor();
          // The app still serves: the session made by the login is intact.
          await page.goto(`${app.origin}/me`);
          await page.getByRole('heading', { name: 'Signed in as alice' }).waitFor();
        } finally {
          await context.close();
        }
      });

      test(`${adapter}: response_mode=form_post, cross-site POST re-submitted from the app's origin`, async () => {
        const app = await start(provider.issuer, 'localhost', 'form_post');
        apps.push(app);
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${app.origin}/login?returnTo=/me`);
          await signIn(page);
          await page
            .getByRole('heading', { name: 'Signed in as alice' })
            .waitFor({ timeout: WAIT });
          assert.equal(page.url(), `${app.origin}/me`);
          assert.deepEqual(await loginCookies(context), []);
          // The provider's POST came without the Lax cookie; the re-submit page's came with it.
          assert.deepEqual(
            app.seen.callbacks.map(({ method, cookie }) => ({ method, cookie })),
            [
              { method: 'POST', cookie: false },
              { method: 'POST', cookie: true },
            ],
          );
        } finally {
          await context.close();
        }
      });

      test(`${adapter}: a forged state is ERR_STATE_MISMATCH`, async () => {
        const app = await start(provider.issuer, '127.0.0.1', 'query');
        apps.push(app);
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${app.origin}/login`); // sets the login cookie, shows the provider's page
          assert.deepEqual(await loginCookies(context), ['oauthkit_login']);
          const forged = new URL(`${app.origin}/callback`);
          forged.search = new URLSearchParams({
            code: 'forged-code',
            state: 'forged-state',
            iss: provider.issuer,
          }).toString();
          const response = await page.goto(forged.href);
          assert.equal(response?.status(), 400);
          await page.getByRole('heading', { name: 'Login failed: ERR_STATE_MISMATCH' }).waitFor();
        } finally {
          await context.close();
        }
      });
    }
  },
);
