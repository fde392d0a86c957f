/** Test helpers: an independent OAuth client (oauth4webapi), a cookie jar, redirect following. */
import * as oauth from 'oauth4webapi';
import type { DevServer } from '../src/index.js';

export const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** Discovers the dev server with oauth4webapi (issuer checked by the library). */
export async function discover(server: DevServer): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(server.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
}

/** A minimal cookie jar: enough for oidc-provider's session and interaction cookies. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a));
      if (value === '' || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Follows redirects by hand (`redirect: 'manual'`) from `start` until the Location points
 * at `redirectUri` (nothing listens there), and returns that URL.
 */
export async function followRedirects(
  start: string | URL,
  redirectUri: string,
  jar?: CookieJar,
): Promise<URL> {
  let url = new URL(start);
  for (let hop = 0; hop < 10; hop++) {
    if (url.href.startsWith(redirectUri)) return url;
    const headers: Record<string, string> = jar ? { cookie: jar.header() } : {};
    const response = await fetch(url, { redirect: 'manual', headers });
    jar?.store(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      const text = await response.text();
      throw new Error(
        `expected a redirect from ${url.pathname}, got ${response.status}: ${text.slice(0, 300)}`,
      );
    }
    await response.body?.cancel();
    url = new URL(location, url);
  }
  throw new Error('too many redirects');
}

/** Builds an authorization URL for the code flow with PKCE; returns it with the verifier. */
export async function authorizationUrl(
  as: oauth.AuthorizationServer,
  params: Record<string, string>,
): Promise<{ url: URL; codeVerifier: string; state: string; nonce: string }> {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    response_type: 'code',
    scope: 'openid profile email offline_access',
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return { url, codeVerifier, state, nonce };
}

/** Runs the authorization code + PKCE flow to the end and returns the token response. */
export async function codeFlow(
  server: DevServer,
  options: {
    clientId?: string;
    clientAuth?: oauth.ClientAuth;
    redirectUri?: string;
    jar?: CookieJar;
    params?: Record<string, string>;
  } = {},
): Promise<{
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  tokens: oauth.TokenEndpointResponse;
}> {
  const as = await discover(server);
  const clientId = options.clientId ?? 'dev-client';
  const client: oauth.Client = { client_id: clientId };
  const clientAuth = options.clientAuth ?? oauth.ClientSecretBasic('dev-client-secret');
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:53682/callback';
  const { url, codeVerifier, state, nonce } = await authorizationUrl(as, {
    client_id: clientId,
    redirect_uri: redirectUri,
    ...options.params,
  });
  const callback = await followRedirects(url, redirectUri, options.jar);
  const params = oauth.validateAuthResponse(as, client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    clientAuth,
    params,
    redirectUri,
    codeVerifier,
    insecure,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: nonce,
    requireIdToken: true,
  });
  return { as, client, tokens };
}
