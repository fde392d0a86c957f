/**
 * `createWebLogin`: the `login` and `callback` steps of an authorization-code login over Web
 * `Request`/`Response`, in the spirit of Authlib's `authorize_redirect()` and
 * `authorize_access_token()`. Between the two, `state`, the PKCE verifier, the nonce and
 * `returnTo` live in a sealed, `HttpOnly`, `SameSite=Lax` cookie: no server-side session.
 *
 * @module
 */
import { OAuthError } from '../errors.js';
import type { AuthorizationUrlParams, OAuth2Client } from '../oauth2/client.js';
import type { OidcClient } from '../oidc/client.js';
import type { IdTokenClaims } from '../oidc/id-token.js';
import { parseStoreKey } from '../tokens/stores/seal.js';
import type { TokenSet } from '../tokens/token.js';
import { createResubmitResponse, RESUBMIT_FIELD } from './resubmit.js';
import { checkReturnTo } from './return-to.js';
import { importLoginKey, type LoginState, openLoginState, sealLoginState } from './seal.js';

/** Options of `createWebLogin`. */
export interface WebLoginOptions {
  /**
   * The client that builds the authorization URL and exchanges the code: an `OAuth2Client`,
   * or an `OidcClient` (then the id_token is validated, nonce included, and `claims` is
   * set). Use it for logins only: `fetchToken` also makes the token the client's own
   * (`client.token`), so a client with a `store` is refused (TypeError); do not call APIs
   * through it for a user.
   */
  client: OAuth2Client;
  /**
   * 32 random bytes (a `Uint8Array`, or base64url) that seal the login cookie with
   * AES-256-GCM. Checked here, once. The same on every server behind one site.
   */
  secret: Uint8Array | string;
  /**
   * The callback's absolute URL, sent in the authorization and token requests (default:
   * the client's `redirectUri`). It also decides the cookie's `Secure` flag and
   * `__Host-` prefix (`https:`); without it, the URL of each request decides.
   */
  redirectUri?: string | undefined;
  /** Authorization request parameters for every login (`scope`, `prompt`, `response_mode`, ...). */
  authorizationParams?: AuthorizationUrlParams | undefined;
  /** The cookie's name, `__Host-` prefixed when secure (default `oauthkit_login`). */
  cookieName?: string | undefined;
  cookie?:
    | {
        /** Seconds the login may take, from `login` to `callback` (default 600). */
        maxAge?: number | undefined;
        /** Force `Secure` and the `__Host-` prefix on or off (default: from the redirect URI). */
        secure?: boolean | undefined;
      }
    | undefined;
  /** The clock, epoch milliseconds (for tests). */
  now?: (() => number) | undefined;
}

/** Parameters of one `login`: where to go afterwards, and authorization request parameters. */
export interface LoginParams extends AuthorizationUrlParams {
  /** A same-origin path to send the user to after login (default `/`); anything else is a `TypeError`. */
  returnTo?: string | undefined;
}

/** What `callback` returns after a successful login. */
export interface WebLoginResult {
  /** The token response, validated. */
  token: TokenSet;
  /** The validated id_token claims, with an `OidcClient` and an id_token. */
  claims?: IdTokenClaims;
  /** The `returnTo` given to `login`, checked again: redirect here once the session is made. */
  returnTo: string;
  /** Headers to add to the app's response: the `Set-Cookie` that clears the login cookie. */
  headers: Headers;
}

/** The `login` and `callback` steps; see `createWebLogin`. */
export interface WebLogin {
  /**
   * A `302` to the authorization endpoint (state, PKCE S256, and a nonce with an
   * `OidcClient`), setting the sealed login cookie.
   */
  login(request: Request, params?: LoginParams): Promise<Response>;
  /**
   * Validates the redirect back and exchanges the code. Returns a `WebLoginResult`, or a
   * `Response` to send as is: the page that re-posts a cross-site `form_post` response from
   * this origin so the `SameSite=Lax` cookie comes along. Throws typed errors (see README).
   */
  callback(request: Request): Promise<WebLoginResult | Response>;
  /** The cookie's name for this request (`__Host-` prefixed when secure). */
  cookieName(request: Request): string;
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Creates the login helpers for one client. Options are validated here, once: a bad
 * `secret`, `cookieName`, `redirectUri` or `cookie.maxAge` is a `TypeError` naming it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1.3
 * @example
 * ```ts
 * import { OAuth2Client } from 'oauthkit/oauth2';
 * import { createWebLogin } from 'oauthkit/web';
 *
 * const client = new OAuth2Client({ clientId: 'app', authorizationEndpoint: 'https://as.example/authorize', tokenEndpoint: 'https://as.example/token' });
 * const auth = createWebLogin({ client, secret: process.env.LOGIN_SECRET!, redirectUri: 'https://app.example/callback' });
 * // GET /login
 * const res = await auth.login(request, { returnTo: '/account' });
 * // GET or POST /callback
 * const result = await auth.callback(request);
 * if (result instanceof Response) return result; // form_post re-submit page
 * ```
 */
export function createWebLogin(options: WebLoginOptions): WebLogin {
  const { client, redirectUri, authorizationParams = {}, cookie = {} } = options ?? {};
  if (
    typeof client?.createAuthorizationUrl !== 'function' ||
    typeof client.fetchToken !== 'function'
  ) {
    throw new TypeError('client must be an OAuth2Client or an OidcClient');
  }
  // The client signs in every user: a store would save each user's token under its one
  // storeKey, and the next login would overwrite it (options is protected API of the client).
  if ((client as unknown as { options?: { store?: unknown } }).options?.store !== undefined) {
    throw new TypeError(
      "client must have no store: it serves the logins of every user, and a store would keep all their tokens under one storeKey. Give createWebLogin a client of its own and save each user's token (result.token) yourself.",
    );
  }
  const raw = parseStoreKey(options.secret, 'secret');
  const baseName = options.cookieName ?? 'oauthkit_login';
  if (!COOKIE_NAME.test(baseName) || /^__(host|secure)-/i.test(baseName)) {
    throw new TypeError(
      `cookieName must be a cookie name token without a __Host- or __Secure- prefix (added when secure), got ${JSON.stringify(baseName)}`,
    );
  }
  const maxAge = cookie.maxAge ?? 600;
  if (!Number.isInteger(maxAge) || maxAge <= 0) {
    throw new TypeError(`cookie.maxAge must be a positive whole number of seconds, got ${maxAge}`);
  }
  let secure = cookie.secure;
  if (redirectUri !== undefined) {
    const url = URL.canParse(redirectUri) ? new URL(redirectUri) : undefined;
    if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
      throw new TypeError(
        `redirectUri must be an absolute http(s) URL, got ${JSON.stringify(redirectUri)}`,
      );
    }
    secure ??= url.protocol === 'https:';
  }
  const now = options.now ?? Date.now;
  let key: Promise<CryptoKey> | undefined;
  const getKey = () => {
    key ??= importLoginKey(raw);
    return key;
  };
  const isSecure = (request: Request) => secure ?? new URL(request.url).protocol === 'https:';
  const cookieName = (request: Request) => (isSecure(request) ? '__Host-' : '') + baseName;
  const attributes = (request: Request, age: number) =>
    `; Max-Age=${age}; Path=/; HttpOnly; SameSite=Lax${isSecure(request) ? '; Secure' : ''}`;
  const withRedirect = redirectUri === undefined ? {} : { redirectUri };

  return {
    cookieName,

    async login(request, params = {}) {
      const { returnTo = '/', ...extra } = params;
      checkReturnTo(returnTo);
      const name = cookieName(request);
      // RFC 6749 §10.12 state, RFC 7636 PKCE S256 and (OidcClient) a nonce: on by default.
      const authorization = await client.createAuthorizationUrl({
        ...withRedirect,
        ...authorizationParams,
        ...extra,
      });
      const state: LoginState = {
        state: authorization.state,
        codeVerifier: authorization.codeVerifier,
        nonce: authorization.nonce,
        returnTo,
        expires: Math.floor(now() / 1000) + maxAge,
      };
      const sealed = await sealLoginState(await getKey(), name, state);
      return new Response(null, {
        status: 302,
        headers: {
          location: authorization.url,
          'set-cookie': `${name}=${sealed}${attributes(request, maxAge)}`,
          'cache-control': 'no-store',
        },
      });
    },

    async callback(request) {
      const name = cookieName(request);
      const sealed = readCookies(request.headers.get('cookie'), name);
      let response: string | URLSearchParams = request.url;
      if (request.method.toUpperCase() === 'POST') {
        const type = request.headers.get('content-type') ?? '';
        if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
          throw new OAuthError(
            `The callback is a POST with content-type ${JSON.stringify(type)}, expected application/x-www-form-urlencoded (response_mode=form_post). Check the callback route.`,
            { code: 'ERR_CALLBACK_INVALID' },
          );
        }
        const fields = new URLSearchParams(await request.text());
        const resubmitted = fields.has(RESUBMIT_FIELD);
        fields.delete(RESUBMIT_FIELD);
        // A cross-site form_post carries no SameSite=Lax cookie: post again from here.
        if (sealed.length === 0 && !resubmitted) return createResubmitResponse(fields);
        response = fields;
      }
      if (sealed.length === 0) {
        throw new OAuthError(
          `The login cookie ${name} is missing: the login was not started in this browser, it was already completed (a replayed callback), or cookies are blocked. Start the login again from the login route.`,
          { code: 'ERR_LOGIN_COOKIE' },
        );
      }
      const state = await openFirst(await getKey(), name, sealed, Math.floor(now() / 1000));
      const returnTo = checkReturnTo(state.returnTo);
      // state (constant time), iss (RFC 9207), error=, then the code exchange; an
      // OidcClient validates the id_token, nonce included.
      const token = await client.fetchToken({
        ...withRedirect,
        authorizationResponse: response,
        state: state.state,
        codeVerifier: state.codeVerifier,
        nonce: state.nonce,
      });
      const result: WebLoginResult = {
        token,
        returnTo,
        headers: new Headers({ 'set-cookie': `${name}=${attributes(request, 0)}` }),
      };
      const oidc = client as Partial<OidcClient>;
      if (typeof oidc.claims === 'function' && typeof token.id_token === 'string') {
        // Validated by fetchToken just now: claims() returns them from memory.
        result.claims = await oidc.claims(token);
      }
      return result;
    },
  };
}

/** Every value of the cookie `name` in a `Cookie` header (RFC 6265 §5.4), in order. */
function readCookies(header: string | null, name: string): string[] {
  const out: string[] = [];
  for (const pair of header?.split(';') ?? []) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) out.push(pair.slice(eq + 1).trim());
  }
  return out;
}

/** Opens the first value that opens; else throws the first value's error. */
async function openFirst(
  key: CryptoKey,
  name: string,
  values: string[],
  nowSeconds: number,
): Promise<LoginState> {
  let first: unknown;
  for (const value of values) {
    try {
      return await openLoginState(key, name, value, nowSeconds);
    } catch (error) {
      first ??= error;
    }
  }
  throw first;
}
