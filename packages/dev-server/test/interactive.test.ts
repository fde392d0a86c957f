/** `interactive: true`: a real login page and consent page, completed with plain form POSTs. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import { type DevServer, startDevServer } from '../src/index.js';
import { authorizationUrl, CookieJar, discover, insecure } from './helpers.js';

const redirectUri = 'http://127.0.0.1:7777/callback';

/** Follows redirects from `url` until an HTML page (200/401) or the redirect URI. */
async function browse(
  url: URL,
  jar: CookieJar,
  init: RequestInit = {},
): Promise<{ url: URL; response: Response }> {
  let current = url;
  let request: RequestInit = init;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(current, {
      ...request,
      redirect: 'manual',
      headers: { ...(request.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (!location || response.status < 300 || response.status >= 400)
      return { url: current, response };
    await response.body?.cancel();
    current = new URL(location, current);
    request = {};
    if (current.href.startsWith(redirectUri)) return { url: current, response };
  }
  throw new Error('too many redirects');
}

function post(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

function formAction(html: string, button: string): string {
  // The form that holds the button with this text.
  const forms = html.split('<form').slice(1);
  const form = forms.find((f) => f.includes(`>${button}</button>`));
  const action = form && /action="([^"]+)"/.exec(form)?.[1];
  assert.ok(action, `a form with a "${button}" button`);
  return action.replaceAll('&amp;', '&');
}

function assertAccessible(html: string): void {
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<h1>[^<]+<\/h1>/);
  assert.doesNotMatch(
    html,
    /<script|<link|<img|\bsrc=|url\(|@import/,
    'no scripts, no external assets',
  );
  for (const [, id] of html.matchAll(/<input id="([^"]+)"/g)) {
    assert.match(html, new RegExp(`<label for="${id}">`), `input #${id} has a label`);
  }
}

describe('interactive login and consent', () => {
  let server: DevServer;
  let as: oauth.AuthorizationServer;
  before(async () => {
    server = await startDevServer({ interactive: true });
    as = await discover(server);
  });
  after(() => server.stop());

  test('login page, wrong password, login, consent page, code', async () => {
    const jar = new CookieJar();
    const client = { client_id: 'dev-client' };
    const start = await authorizationUrl(as, {
      client_id: 'dev-client',
      redirect_uri: redirectUri,
    });
    const login = await browse(start.url, jar);
    assert.equal(login.response.status, 200);
    const loginHtml = await login.response.text();
    assertAccessible(loginHtml);
    assert.match(loginHtml, /<label for="username">/);
    assert.match(loginHtml, /<input id="password" name="password" type="password"/);
    assert.match(loginHtml, /<button type="submit">Sign in<\/button>/);

    const loginAction = new URL(formAction(loginHtml, 'Sign in'), server.issuer);
    const wrong = await browse(loginAction, jar, post({ username: 'alice', password: 'nope' }));
    assert.equal(wrong.response.status, 401);
    assert.match(await wrong.response.text(), /role="alert"/);

    const consent = await browse(
      loginAction,
      jar,
      post({ username: 'alice', password: 'password' }),
    );
    assert.equal(consent.response.status, 200);
    const consentHtml = await consent.response.text();
    assertAccessible(consentHtml);
    assert.match(consentHtml, /<code>profile<\/code>/);

    const done = await browse(
      new URL(formAction(consentHtml, 'Allow'), server.issuer),
      jar,
      post({}),
    );
    assert.ok(done.url.href.startsWith(redirectUri));
    const params = oauth.validateAuthResponse(as, client, done.url, start.state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.ClientSecretBasic('dev-client-secret'),
        params,
        redirectUri,
        start.codeVerifier,
        insecure,
      ),
      { expectedNonce: start.nonce },
    );
    assert.equal(oauth.getValidatedIdTokenClaims(tokens)?.sub, 'alice');
  });

  test('Deny on the consent page returns access_denied to the client', async () => {
    const jar = new CookieJar();
    const start = await authorizationUrl(as, {
      client_id: 'dev-client',
      redirect_uri: redirectUri,
    });
    const login = await browse(start.url, jar);
    const loginAction = new URL(formAction(await login.response.text(), 'Sign in'), server.issuer);
    const consent = await browse(
      loginAction,
      jar,
      post({ username: 'alice', password: 'password' }),
    );
    const html = await consent.response.text();
    const denied = await browse(new URL(formAction(html, 'Deny'), server.issuer), jar, post({}));
    assert.equal(denied.url.searchParams.get('error'), 'access_denied');
    assert.equal(denied.url.searchParams.get('state'), start.state);
  });

  test('without the browser cookie the interaction is refused (no auto-approve here)', async () => {
    const start = await authorizationUrl(as, {
      client_id: 'dev-client',
      redirect_uri: redirectUri,
    });
    const first = await fetch(start.url, { redirect: 'manual' });
    const interaction = new URL(first.headers.get('location')!, server.issuer);
    const response = await fetch(interaction, { redirect: 'manual' });
    assert.equal(response.status, 400);
    assertAccessible(await response.text());
  });

  test('device verification pages: enter the code, confirm, sign in, approve', async () => {
    const client = { client_id: 'dev-public' };
    const none = oauth.None();
    const device = await oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(as, client, none, { scope: 'openid' }, insecure),
    );
    const jar = new CookieJar();
    const input = await browse(new URL(device.verification_uri), jar);
    const inputHtml = await input.response.text();
    assertAccessible(inputHtml);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(inputHtml)?.[1] ?? '';
    const confirm = await browse(
      new URL(formAction(inputHtml, 'Continue'), server.issuer),
      jar,
      post({ xsrf, user_code: device.user_code }),
    );
    const confirmHtml = await confirm.response.text();
    assertAccessible(confirmHtml);
    const confirmAction = /<form id="op.deviceConfirmForm" method="post" action="([^"]+)"/.exec(
      confirmHtml,
    )?.[1];
    const confirmXsrf = /name="xsrf" value="([^"]+)"/.exec(confirmHtml)?.[1] ?? '';
    const login = await browse(
      new URL(confirmAction!, server.issuer),
      jar,
      post({ xsrf: confirmXsrf, user_code: device.user_code, confirm: 'yes' }),
    );
    const loginHtml = await login.response.text();
    const consent = await browse(
      new URL(formAction(loginHtml, 'Sign in'), server.issuer),
      jar,
      post({ username: 'alice', password: 'password' }),
    );
    const done = await browse(
      new URL(formAction(await consent.response.text(), 'Allow'), server.issuer),
      jar,
      post({}),
    );
    assert.equal(done.response.status, 200);
    assert.match(await done.response.text(), /Device connected/);
    const tokens = await oauth.processDeviceCodeResponse(
      as,
      client,
      await oauth.deviceCodeGrantRequest(as, client, none, device.device_code, insecure),
    );
    assert.equal(typeof tokens.access_token, 'string');
  });
});
