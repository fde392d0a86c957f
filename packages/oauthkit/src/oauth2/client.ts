/**
 * `OAuth2Client`: the OAuth 2.0 client (RFC 6749) with every grant, client authentication,
 * and a bearer `fetch` (RFC 6750) that keeps its token fresh. Requests are built here, sent
 * through `send()`, and validated by the pure functions of `response.ts` & co.
 *
 * @module
 */
import { type GrantLostError, OAuthResponseError } from '../errors.js';
import { type FetchLike, type HttpOptions, type HttpResult, send, sendRaw } from '../http/send.js';
import { secureUrl } from '../http/url.js';
import { randomToken } from '../internal/random.js';
import type { TokenStore } from '../tokens/stores/store.js';
import { isStale, type TokenSet } from '../tokens/token.js';
import { type AuthorizationResponse, acceptAuthorizationResponse } from './authorization.js';
import {
  type ClientAuth,
  type ClientAuthMethod,
  ClientSecretBasic,
  ClientSecretPost,
  type JwtAuthOptions,
  jwtAuth,
  None,
  type PrivateJwk,
} from './client-auth.js';
import { checkedSecret } from './client-auth-checks.js';
import type { DeviceAuthorization } from './device.js';
import type { AuthorizationServerMetadata, DiscoveryOptions } from './discovery.js';
import type { IntrospectionResponse } from './introspection.js';
// Loaded on first use: lazy.ts (the grants beyond code + refresh, the rare paths),
// bearer.ts (fetch()), store-hooks.ts (the code of options.store and options.hooks).
import { loadLazy as lazy, loadBearer, loadStoreHooks as storeHooks } from './load-lazy.js';
import { computeCodeChallenge, generateCodeVerifier } from './pkce.js';
import type { OAuth2Hooks } from './response.js';
import { acceptTokenResponse } from './token-check.js';

/** Extra request parameters, RFC spelling; `undefined` values are left out. */
export type ExtraParams = Record<string, string | readonly string[] | undefined>;

/** Options of `new OAuth2Client()`. Time options are in seconds, `timeout` in milliseconds. */
export interface OAuth2ClientOptions extends HttpOptions {
  clientId: string;
  clientSecret?: string | undefined;
  /** An RFC 7591 method name, or a strategy from `client-auth` (e.g. `ClientSecretBasic(secret)`). Default: `private_key_jwt` with a key, `client_secret_basic` with a secret, else `none`. */
  tokenEndpointAuthMethod?: ClientAuthMethod | ClientAuth | undefined;
  /** The private key for `private_key_jwt`. */
  clientPrivateKey?: CryptoKey | PrivateJwk | undefined;
  /** `alg`, `kid`, `audience`, `lifetime` of the JWT client assertions. */
  clientAssertion?: JwtAuthOptions | undefined;
  issuer?: string | undefined;
  authorizationEndpoint?: string | undefined;
  tokenEndpoint?: string | undefined;
  revocationEndpoint?: string | undefined;
  introspectionEndpoint?: string | undefined;
  deviceAuthorizationEndpoint?: string | undefined;
  userinfoEndpoint?: string | undefined;
  /** The server metadata (set by `discover`); used for RFC 9207 and the default auth method. */
  metadata?: AuthorizationServerMetadata | undefined;
  redirectUri?: string | undefined;
  /** Default scope of authorization and token requests. */
  scope?: string | readonly string[] | undefined;
  /** A saved token to start with. */
  token?: TokenSet | undefined;
  /** Awaited with every new token before it is handed out (Authlib's `update_token`). */
  onToken?: ((token: TokenSet) => void | Promise<void>) | undefined;
  /**
   * Awaited once with the `GrantLostError` before it is thrown, when the refresh token is
   * refused (`invalid_grant`) and the store holds no newer one: the user must log in again.
   * Use it to alert or to clear the session; the error still reaches the caller.
   */
  onGrantLost?: ((error: GrantLostError) => void | Promise<void>) | undefined;
  /** Refresh when the access token expires within this many seconds. Default 60. */
  refreshLeeway?: number | undefined;
  /** Where the token lives; with `withLock`, refreshes are serialized across processes. */
  store?: TokenStore | undefined;
  /** The token's key in `store`. Default: the client id. */
  storeKey?: string | undefined;
  hooks?: OAuth2Hooks | undefined;
  /** The clock, epoch milliseconds (tests). Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Allow `http://` endpoints on non-loopback hosts (trusted test networks only). */
  allowInsecureRequests?: boolean | undefined;
}

/** Parameters of `createAuthorizationUrl`; other keys pass through as request parameters. */
export interface AuthorizationUrlParams {
  scope?: string | readonly string[] | undefined;
  state?: string | undefined;
  redirectUri?: string | undefined;
  /** PKCE (RFC 7636) is on by default; `false` turns it off for servers that reject it. */
  pkce?: boolean | undefined;
  codeVerifier?: string | undefined;
  /** `true` generates one (OpenID Connect). */
  nonce?: string | boolean | undefined;
  prompt?: string | undefined;
  loginHint?: string | undefined;
  responseType?: string | undefined;
  [param: string]: string | readonly string[] | boolean | undefined;
}

/** What to keep (in the session) until the callback. */
export interface AuthorizationRequest {
  url: string;
  state: string;
  codeVerifier?: string;
  nonce?: string;
}

/** Parameters of `fetchToken`: the callback URL with its checks, or a code you already validated. */
export type FetchTokenParams = {
  codeVerifier?: string | undefined;
  redirectUri?: string | undefined;
  nonce?: string | undefined;
  maxAge?: number | undefined;
} & (
  | {
      /** The callback URL, or its parameters (a `response_mode=form_post` body). */
      authorizationResponse: string | URL | URLSearchParams;
      state: string | undefined;
      code?: undefined;
    }
  | { code: string; authorizationResponse?: undefined }
);

/**
 * @internal What the lazily loaded modules (`grants.ts`, `client-rare.ts`, `bearer.ts`,
 * `store-hooks.ts`) need from an `OAuth2Client`: one object for every lazy path, so the eager
 * class builds one.
 */
export interface ClientInternals {
  /** The client itself, its protected methods made reachable (they keep their overrides). */
  client: {
    readonly token: TokenSet | undefined;
    post(endpoint: string, params: ExtraParams): Promise<HttpResult>;
    requestToken(params: ExtraParams): Promise<TokenSet>;
    validateToken(token: TokenSet, context: { grant: string }): Promise<void>;
    authorizeRequest(request: Request, token: TokenSet): Promise<Request>;
    freshToken(): Promise<TokenSet>;
  };
  /** Holds (persists, announces) a new token; `reacquire` fetches the next one the same way. */
  accept(token: TokenSet, reacquire: (() => Promise<TokenSet>) | undefined): Promise<TokenSet>;
  now: () => number;
  options: OAuth2ClientOptions;
  /**
   * Sends a request to a resource server (`sendRaw` with the client's fetch and timeout):
   * handed over rather than imported, so that bearer.js ships no copy of the HTTP layer
   * and its error classes (the eager file has them for the token requests anyway).
   */
  send(request: Request): Promise<Response>;
  stale(token: TokenSet): boolean;
  /** Holds a token another process stored. */
  hold(token: TokenSet): TokenSet;
  /**
   * Refreshes `current` (or re-runs the grant), then persists (`persist`, else the store)
   * and holds the result; a refused refresh token is recovered from (`recoverLostGrant`)
   * unless `recover` is false.
   */
  renewNow(
    current: TokenSet | undefined,
    persist?: ((t: TokenSet) => Promise<void>) | undefined,
    recover?: boolean,
  ): Promise<TokenSet>;
  /** A new token that is not `rejected` (shared with concurrent callers). */
  renew(rejected: string): Promise<TokenSet>;
  /** True when a grant can be re-run to get a new token (no refresh token needed). */
  reacquirable: boolean;
}

export type EndpointName =
  | 'authorizationEndpoint'
  | 'tokenEndpoint'
  | 'revocationEndpoint'
  | 'introspectionEndpoint'
  | 'deviceAuthorizationEndpoint';

const scopeString = (s: string | readonly string[] | undefined) =>
  typeof s === 'string' ? s : s?.join(' ');

/**
 * An OAuth 2.0 client. One instance per client registration (and per user, when it holds
 * a user's token).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749
 * @example
 * ```ts
 * const client = await OAuth2Client.discover('https://auth.example.com', {
 *   clientId: 'app', clientSecret: process.env.SECRET, redirectUri: 'https://app.example.com/cb',
 * });
 * const { url, state, codeVerifier } = await client.createAuthorizationUrl({ scope: 'openid profile' });
 * // ... redirect to url; on the callback:
 * await client.fetchToken({ authorizationResponse: callbackUrl, state, codeVerifier });
 * const res = await client.fetch('https://api.example.com/me');
 * ```
 */
export class OAuth2Client {
  // `declare`d and set by the constructor, in this order: the same own properties without
  // ES2022 field definitions (smaller bundles; as in errors.ts).
  declare readonly clientId: string;
  declare readonly issuer: string | undefined;
  declare readonly metadata: AuthorizationServerMetadata | undefined;
  declare protected readonly options: OAuth2ClientOptions;
  readonly #auth: ClientAuth;
  readonly #now: () => number;
  readonly #leeway: number;
  #token: TokenSet | undefined;
  #inflight: Promise<TokenSet> | undefined;
  #reacquire: (() => Promise<TokenSet>) | undefined;

  constructor(options: OAuth2ClientOptions) {
    if (!options || typeof options.clientId !== 'string' || options.clientId === '') {
      throw new TypeError('clientId must be a non-empty string');
    }
    const insecure = options.allowInsecureRequests === true;
    for (const name of [
      'issuer',
      'authorizationEndpoint',
      'tokenEndpoint',
      'revocationEndpoint',
      'introspectionEndpoint',
      'deviceAuthorizationEndpoint',
      'userinfoEndpoint',
    ] as const) {
      const value = options[name];
      if (value !== undefined) secureUrl(value, name, insecure);
    }
    this.clientId = options.clientId;
    this.issuer = options.issuer;
    this.metadata = options.metadata;
    this.options = options;
    this.#auth = this.#clientAuth(options);
    this.#now = options.now ?? Date.now;
    this.#leeway = options.refreshLeeway ?? 60;
    this.#token = options.token;
  }

  /**
   * Builds a client from the server's metadata (RFC 8414 or OpenID discovery). The
   * metadata's `issuer` must equal `issuer`; explicit options win over discovered ones.
   *
   * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
   * @example
   * ```ts
   * const client = await OAuth2Client.discover('https://auth.example.com', { clientId: 'app' });
   * ```
   */
  static async discover<C, O extends OAuth2ClientOptions>(
    this: new (
      options: O,
    ) => C,
    issuer: string,
    options: Omit<O, 'issuer' | 'metadata'> & Pick<DiscoveryOptions, 'algorithm'>,
  ): Promise<C> {
    return new this((await (await lazy()).discover(issuer, options)) as unknown as O);
  }

  /** The current token, if any (a store may hold a newer one). */
  get token(): TokenSet | undefined {
    return this.#token;
  }

  #clientAuth(o: OAuth2ClientOptions): ClientAuth {
    const { clientSecret: secret, clientPrivateKey: key } = o;
    const supported = o.metadata?.token_endpoint_auth_methods_supported;
    // The default: private_key_jwt with a key; with a secret, client_secret_basic, or
    // client_secret_post when the server supports only that; else none. (Not `??`: a null
    // method is refused below, as any other unsupported one.)
    const given = o.tokenEndpointAuthMethod;
    const method =
      given !== undefined
        ? given
        : key
          ? 'private_key_jwt'
          : secret === undefined
            ? 'none'
            : supported &&
                !supported.includes('client_secret_basic') &&
                supported.includes('client_secret_post')
              ? 'client_secret_post'
              : 'client_secret_basic';
    if (typeof method === 'function') return method;
    const jwt = o.clientAssertion ?? {};
    const required = <T>(value: T | undefined, name: string): T => {
      if (value === undefined) throw new TypeError(`${name} is required for ${method}`);
      return value;
    };
    // Not through ClientSecretJwt and PrivateKeyJwt: naming them here would ship them to
    // every app. jwtAuth builds the method from lazy.js on first use, where a key that is
    // not an object is refused (with PrivateKeyJwt's TypeError): that message is not eager.
    switch (method) {
      case 'client_secret_basic':
        return ClientSecretBasic(required(secret, 'clientSecret'));
      case 'client_secret_post':
        return ClientSecretPost(required(secret, 'clientSecret'));
      case 'client_secret_jwt':
        return jwtAuth(method, checkedSecret(required(secret, 'clientSecret')), jwt);
      case 'private_key_jwt':
        return jwtAuth(method, required(key || undefined, 'clientPrivateKey'), jwt);
      case 'none':
        return None();
      default:
        throw new TypeError(`tokenEndpointAuthMethod ${JSON.stringify(method)} is not supported`);
    }
  }

  /** The endpoint's URL; when it is missing, lazy.js throws the TypeError that says so. */
  async #endpoint(name: EndpointName): Promise<string> {
    return this.options[name] || (await lazy()).endpoint(this.options, name);
  }

  /** POSTs a form with client authentication to an authorization-server endpoint. */
  protected async post(
    endpoint: string,
    params: ExtraParams,
    headers: HeadersInit = {},
  ): Promise<HttpResult> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined) continue;
      for (const x of typeof v === 'string' ? [v] : v) body.append(k, x);
    }
    const h = new Headers(headers);
    h.set('accept', 'application/json');
    h.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    await this.#auth(
      {
        clientId: this.clientId,
        endpoint,
        tokenEndpoint: this.options.tokenEndpoint,
        issuer: this.issuer,
        now: this.#now(),
      },
      h,
      body,
    );
    // The options are HttpOptions too: send() reads their fetch, timeout and maxResponseBytes.
    return send(endpoint, { method: 'POST', headers: h, body: body.toString() }, this.options);
  }

  /**
   * One token-endpoint request, validated (RFC 6749 §5). Subclasses (OpenID Connect) add
   * their checks in `validateToken`; one that must decorate or retry the request (DPoP)
   * overrides this and hands the result to `processTokenResult`.
   */
  protected async requestToken(params: ExtraParams): Promise<TokenSet> {
    return this.processTokenResult(await this.post(await this.#endpoint('tokenEndpoint'), params));
  }

  /**
   * Validates a token-endpoint response (RFC 6749 §5.1) after the `hooks`. When a check
   * fails, `processTokenResponse` is loaded to throw the error that says which.
   */
  protected async processTokenResult(result: HttpResult): Promise<TokenSet> {
    const hooks = this.options.hooks;
    // The hooks' runner is loaded (store-hooks.ts) only by clients that have hooks.
    const hooked = hooks ? (await storeHooks()).applyHooks(result, hooks) : result;
    const now = this.#now();
    return acceptTokenResponse(hooked, now) ?? (await lazy()).processTokenResponse(hooked, { now });
  }

  /** Called with every validated token response before it is accepted; OpenID Connect checks the id_token here. */
  protected async validateToken(
    _token: TokenSet,
    _context: {
      nonce?: string | undefined;
      maxAge?: number | undefined;
      /** The authorization code exchanged (for the id_token's `c_hash`). */
      code?: string | undefined;
      grant: string;
    },
  ): Promise<void> {}

  /** Keeps the old refresh token if none came, persists, awaits onToken, then holds the token. */
  async #accept(
    token: TokenSet,
    previous: TokenSet | undefined,
    persist?: (token: TokenSet) => Promise<void>,
  ): Promise<TokenSet> {
    let t = token;
    if (t.refresh_token === undefined && previous?.refresh_token !== undefined) {
      t = { ...t, refresh_token: previous.refresh_token };
    }
    if (persist) await persist(t);
    else if (this.options.store) await (await storeHooks()).save(this.#internals(), t);
    await this.options.onToken?.(t);
    this.#token = t;
    return t;
  }

  /** What the lazily loaded grants (`grants.ts`) need from the client. */
  #internals(): ClientInternals {
    return {
      client: this as unknown as ClientInternals['client'],
      accept: (token, reacquire) => {
        this.#reacquire = reacquire;
        return this.#accept(token, undefined);
      },
      now: this.#now,
      options: this.options,
      send: (request) => sendRaw(request, this.options),
      stale: (t) => this.#stale(t),
      hold: (t) => this.#hold(t),
      renewNow: (current, persist, recover) => this.#renewNow(current, persist, recover),
      renew: (rejected) => this.#renew(rejected),
      reacquirable: !!this.#reacquire,
    };
  }

  #hold(token: TokenSet): TokenSet {
    this.#token = token;
    return token;
  }

  #stale(token: TokenSet): boolean {
    return isStale(token, this.#leeway, this.#now());
  }

  /**
   * The authorization request URL with `state` and PKCE S256 (RFC 7636 §4.3). Keep the
   * returned `state`, `codeVerifier` and `nonce` for the callback.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
   * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
   * @example
   * ```ts
   * const { url, state, codeVerifier } = await client.createAuthorizationUrl({ scope: ['openid', 'email'] });
   * ```
   */
  async createAuthorizationUrl(params: AuthorizationUrlParams = {}): Promise<AuthorizationRequest> {
    const {
      scope,
      state: s,
      redirectUri,
      pkce,
      codeVerifier: cv,
      nonce: n,
      prompt,
      loginHint,
      responseType,
      ...extra
    } = params;
    const url = new URL(await this.#endpoint('authorizationEndpoint'));
    const q = url.searchParams;
    const state = s ?? randomToken();
    q.set('response_type', responseType ?? 'code');
    q.set('client_id', this.clientId);
    const redirect = redirectUri ?? this.options.redirectUri;
    if (redirect) q.set('redirect_uri', redirect);
    const sc = scopeString(scope ?? this.options.scope);
    if (sc) q.set('scope', sc);
    q.set('state', state);
    const out: AuthorizationRequest = { url: '', state };
    if (pkce !== false) {
      const codeVerifier = cv ?? generateCodeVerifier();
      q.set('code_challenge', await computeCodeChallenge(codeVerifier));
      q.set('code_challenge_method', 'S256');
      out.codeVerifier = codeVerifier;
    }
    const nonce = n === true ? randomToken() : n || undefined;
    if (nonce) {
      q.set('nonce', nonce);
      out.nonce = nonce;
    }
    if (prompt) q.set('prompt', prompt);
    if (loginHint) q.set('login_hint', loginHint);
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined || typeof v === 'boolean') continue;
      q.delete(k);
      for (const x of typeof v === 'string' ? [v] : v) q.append(k, x);
    }
    out.url = url.href;
    return out;
  }

  /**
   * Validates the callback URL: repeated parameters, RFC 9207 `iss` (required when the
   * metadata advertises `authorization_response_iss_parameter_supported`), `state` in
   * constant time, `?error=` (`AuthorizationResponseError`), `code`.
   *
   * Asynchronous so that the wording of its errors loads only when a callback fails
   * (lazy.js); for a synchronous check, `validateAuthorizationResponse` is exported too.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
   * @see https://www.rfc-editor.org/rfc/rfc9207
   * @example
   * ```ts
   * const { code } = await client.parseAuthorizationResponse(req.url, { state: session.state });
   * ```
   */
  async parseAuthorizationResponse(
    url: string | URL | URLSearchParams,
    checks: { state: string | undefined },
  ): Promise<AuthorizationResponse> {
    const c = {
      state: checks.state,
      issuer: this.issuer,
      issRequired: this.metadata?.authorization_response_iss_parameter_supported === true,
    };
    return (
      acceptAuthorizationResponse(url, c) ?? (await lazy()).validateAuthorizationResponse(url, c)
    );
  }

  /**
   * Exchanges an authorization code for tokens (RFC 6749 §4.1.3), validating the callback
   * first when given its URL.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
   * @example
   * ```ts
   * const token = await client.fetchToken({ authorizationResponse: req.url, state, codeVerifier });
   * ```
   */
  async fetchToken(params: FetchTokenParams): Promise<TokenSet> {
    const code =
      params.authorizationResponse !== undefined
        ? (
            await this.parseAuthorizationResponse(params.authorizationResponse, {
              state: params.state,
            })
          ).code
        : params.code;
    if (typeof code !== 'string' || !code) throw new TypeError('code must be a non-empty string');
    const token = await this.requestToken({
      grant_type: 'authorization_code',
      code,
      redirect_uri: params.redirectUri ?? this.options.redirectUri,
      code_verifier: params.codeVerifier,
    });
    await this.validateToken(token, {
      nonce: params.nonce,
      maxAge: params.maxAge,
      code,
      grant: 'authorization_code',
    });
    this.#reacquire = undefined;
    return this.#accept(token, undefined);
  }

  async #refreshGrant(refreshToken: string, previous: TokenSet | undefined): Promise<TokenSet> {
    const token = await this.requestToken({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    await this.validateToken(token, { grant: 'refresh_token' });
    return token.refresh_token === undefined && previous?.refresh_token
      ? { ...token, refresh_token: refreshToken }
      : token;
  }

  /**
   * Refreshes the access token (RFC 6749 §6). Without an argument it refreshes the held
   * token, sharing the request with concurrent callers and taking the store's lock.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
   * @example
   * ```ts
   * const token = await client.refreshToken();
   * ```
   */
  async refreshToken(refreshToken?: string): Promise<TokenSet> {
    if (refreshToken === undefined) return this.#renew(this.#token?.access_token ?? '');
    return this.#accept(await this.#refreshGrant(refreshToken, this.#token), this.#token);
  }

  /**
   * Client credentials grant (RFC 6749 §4.4). The client fetches a new token the same way
   * when this one expires.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
   * @example
   * ```ts
   * await client.clientCredentials({ scope: 'api:read' });
   * ```
   */
  clientCredentials(
    params: ExtraParams & { scope?: string | readonly string[] } = {},
  ): Promise<TokenSet> {
    return lazy().then((g) => g.clientCredentials(this.#internals(), params));
  }

  /**
   * Resource owner password credentials grant (RFC 6749 §4.3; legacy, avoid when you can).
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
   * @example
   * ```ts
   * await client.passwordGrant({ username: 'alice', password: 'wonderland' });
   * ```
   */
  passwordGrant(
    params: ExtraParams & {
      username: string;
      password: string;
      scope?: string | readonly string[];
    },
  ): Promise<TokenSet> {
    return lazy().then((g) => g.passwordGrant(this.#internals(), params));
  }

  /**
   * JWT bearer grant (RFC 7523 §2.1): trades a signed assertion for a token.
   *
   * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
   * @example
   * ```ts
   * await client.jwtBearerGrant({ assertion: signedJwt, scope: 'api' });
   * ```
   */
  jwtBearerGrant(
    params: ExtraParams & { assertion: string; scope?: string | readonly string[] },
  ): Promise<TokenSet> {
    return lazy().then((g) => g.jwtBearerGrant(this.#internals(), params));
  }

  /**
   * Token exchange (RFC 8693 §2.1). The issued token is returned, not held: it is meant for
   * another audience.
   *
   * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
   * @example
   * ```ts
   * const t = await client.tokenExchange({
   *   subject_token: userToken,
   *   subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
   *   audience: 'https://backend.example.com',
   * });
   * ```
   */
  async tokenExchange(
    params: ExtraParams & {
      subject_token: string;
      subject_token_type: string;
      scope?: string | readonly string[];
    },
  ): Promise<TokenSet> {
    return (await lazy()).tokenExchange(this.#internals(), params);
  }

  /**
   * Starts the device authorization grant (RFC 8628 §3.1). Show `user_code` and
   * `verification_uri` to the user, then `pollDeviceToken`.
   *
   * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
   * @example
   * ```ts
   * const auth = await client.deviceAuthorization({ scope: 'openid offline_access' });
   * console.log(`Open ${auth.verification_uri} and enter ${auth.user_code}`);
   * const token = await client.pollDeviceToken(auth);
   * ```
   */
  async deviceAuthorization(
    params: ExtraParams & { scope?: string | readonly string[] } = {},
  ): Promise<DeviceAuthorization> {
    return (await lazy()).deviceAuthorization(this.#internals(), params);
  }

  /**
   * Polls the token endpoint until the user approves (RFC 8628 §3.4, §3.5):
   * `authorization_pending` waits `interval` seconds, `slow_down` adds 5; `access_denied` and
   * `expired_token` are thrown as `OAuthResponseError`; `signal` aborts.
   *
   * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
   * @example
   * ```ts
   * const token = await client.pollDeviceToken(auth, { signal: AbortSignal.timeout(600_000) });
   * ```
   */
  async pollDeviceToken(
    authorization: Pick<DeviceAuthorization, 'device_code' | 'interval' | 'expires_in'> & {
      expires_at?: number;
    },
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<TokenSet> {
    return (await lazy()).pollDeviceToken(this.#internals(), authorization, options.signal);
  }

  /**
   * Revokes a token (RFC 7009). Default: the held refresh token, else the access token.
   *
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
   * @example
   * ```ts
   * await client.revokeToken();
   * ```
   */
  async revokeToken(token?: string, options: { tokenTypeHint?: string } = {}): Promise<void> {
    return (await lazy()).revokeToken(this.#internals(), token, options.tokenTypeHint);
  }

  /**
   * Asks the server whether a token is active (RFC 7662).
   *
   * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1
   * @example
   * ```ts
   * const { active, scope } = await client.introspectToken(accessToken);
   * ```
   */
  async introspectToken(
    token: string,
    options: { tokenTypeHint?: string } = {},
  ): Promise<IntrospectionResponse> {
    return (await lazy()).introspectToken(this.#internals(), token, options.tokenTypeHint);
  }

  /** The held token, refreshed first when it is within `refreshLeeway` of expiry. */
  protected async freshToken(): Promise<TokenSet> {
    let token = this.#token;
    // With a store, another process may hold a newer token (store-hooks.ts reads it).
    if (this.options.store && (!token || this.#stale(token))) {
      token = await (await storeHooks()).restore(this.#internals());
    }
    if (!token) {
      throw (await lazy()).noToken(false);
    }
    return this.#stale(token) ? this.#renew() : token;
  }

  /**
   * A fresh access token: refreshes first when it expires within `refreshLeeway` seconds.
   *
   * @example
   * ```ts
   * const headers = { authorization: `Bearer ${await client.getAccessToken()}` };
   * ```
   */
  async getAccessToken(): Promise<string> {
    return (await this.freshToken()).access_token;
  }

  /** Single flight: concurrent callers share one renewal. */
  #renew(rejected?: string): Promise<TokenSet> {
    this.#inflight ??= this.#renewShared(rejected).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #renewShared(rejected: string | undefined): Promise<TokenSet> {
    const token = this.#token;
    if (token && !this.#stale(token) && token.access_token !== rejected) return token;
    // With a store: its lock, and the token another process may have stored (store-hooks.ts).
    if (this.options.store) return (await storeHooks()).renewStored(this.#internals(), rejected);
    return this.#renewNow(token, undefined);
  }

  async #renewNow(
    current: TokenSet | undefined,
    persist: ((t: TokenSet) => Promise<void>) | undefined,
    recover = true,
  ): Promise<TokenSet> {
    if (!current?.refresh_token) {
      if (this.#reacquire) return this.#accept(await this.#reacquire(), undefined, persist);
      throw (await lazy()).noToken(true);
    }
    try {
      return await this.#accept(
        await this.#refreshGrant(current.refresh_token, current),
        current,
        persist,
      );
    } catch (error) {
      if (!recover || !(error instanceof OAuthResponseError) || error.error !== 'invalid_grant') {
        throw error;
      }
      return (await lazy()).recoverLostGrant(error, current, persist, this.#internals());
    }
  }

  /** Puts the access token on a request (RFC 6750 §2.1). OpenID Connect's DPoP overrides this. */
  protected async authorizeRequest(request: Request, token: TokenSet): Promise<Request> {
    request.headers.set('authorization', `Bearer ${token.access_token}`);
    return request;
  }

  /**
   * `fetch` with `Authorization: Bearer` (RFC 6750 §2.1). Refreshes before expiry; on a 401
   * with `error="invalid_token"` (RFC 6750 §3.1) it refreshes once and retries once, when
   * the body can be sent again (not a stream); a second 401 is returned as is.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
   * @example
   * ```ts
   * const me = await (await client.fetch('https://api.example.com/me')).json();
   * ```
   */
  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    // Loaded on first use (bearer.ts): apps that only sign users in do not ship it.
    return (await loadBearer()).fetch(this.#internals(), input, init);
  }
}

export type { FetchLike };
