/**
 * `OidcClient`: OpenID Connect on top of `OAuth2Client`. It adds the `openid` scope and a
 * nonce to authorization requests, validates the id_token of every token response,
 * fetches UserInfo, builds logout URLs, and speaks PAR (RFC 9126), JAR (RFC 9101) and DPoP
 * (RFC 9449). Its code lives in `oidc/` and `jose` loads on first use, so OAuth 2-only
 * apps pay for none of it.
 *
 * `OAuth2Client` is imported from `../oauth2/index.js`, the module `oauthkit/oauth2`
 * resolves to after bundling, so `instanceof OAuth2Client` holds for both subpaths.
 *
 * @module
 */
import type { JSONWebKeySet, JWK } from 'jose';
import { IdTokenValidationError, OAuthError } from '../errors.js';
import { type HttpOptions, type HttpResult, send } from '../http/send.js';
import { secureUrl } from '../http/url.js';
import type {
  AuthorizationRequest,
  AuthorizationResponse,
  AuthorizationUrlParams,
  ExtraParams,
  OAuth2ClientOptions,
  OAuth2Hooks,
  TokenSet,
} from '../oauth2/index.js';
import { OAuth2Client } from '../oauth2/index.js';
import {
  calculateDpopJkt,
  createDpopProof,
  DpopNonceCache,
  type DpopOption,
  dpopAuthorization,
  isDpopNonceError,
  resolveDpopKeyPair,
} from './dpop.js';
import { type IdTokenClaims, validateIdToken, validateRefreshedIdToken } from './id-token.js';
import { createRequestObject } from './jar.js';
import { JwksCache } from './jwks.js';
import { loadJose } from './load-jose.js';
import { createParAuthorizationUrl, requiresPar, validateParResponse } from './par.js';
import { type UserinfoClaims, validateUserinfoResponse } from './userinfo.js';

/** Hooks of `OidcClient` for non-compliant providers: those of `OAuth2Client` plus the OpenID Connect ones. */
export interface OidcHooks extends OAuth2Hooks {
  /**
   * The issuer an id_token's `iss` must equal, worked out from its verified claims, for
   * providers whose `issuer` is a template (`microsoftIssuer` in `oauthkit/providers`).
   * `undefined` refuses the token. Default: the client's `issuer`.
   */
  idTokenIssuer?: ((claims: IdTokenClaims) => string | undefined) | undefined;
}

/** Options of `new OidcClient()`: those of `OAuth2Client` plus the OpenID Connect ones. */
export interface OidcClientOptions extends OAuth2ClientOptions {
  hooks?: OidcHooks | undefined;
  /** The provider's keys. Default: a {@link JwksCache} of `jwksUri` or the metadata's `jwks_uri`. */
  jwks?: JwksCache | JSONWebKeySet | undefined;
  jwksUri?: string | undefined;
  /** id_token `alg` allow-list. Default: the metadata's `id_token_signing_alg_values_supported`, else `['RS256']`. */
  idTokenSigningAlgorithms?: readonly string[] | undefined;
  /** Seconds of clock skew allowed in id_token time checks. Default 5 (`DEFAULT_CLOCK_TOLERANCE`). */
  clockTolerance?: number | undefined;
  /** RP-Initiated Logout endpoint. Default: the metadata's `end_session_endpoint`. */
  endSessionEndpoint?: string | undefined;
  /** RFC 9126 endpoint. Default: the metadata's `pushed_authorization_request_endpoint`. */
  pushedAuthorizationRequestEndpoint?: string | undefined;
  /** Push every authorization request (PAR). Default: only when the metadata says `require_pushed_authorization_requests`. */
  pushAuthorizationRequests?: boolean | undefined;
  /** Sign authorization requests (JAR, RFC 9101) with this key and `alg`; `aud` is the issuer. */
  requestObject?: { key: CryptoKey | JWK; alg: string; kid?: string | undefined } | undefined;
  /** DPoP (RFC 9449): `true` generates an ES256 key pair; or pass your own `CryptoKeyPair`. */
  dpop?: DpopOption | undefined;
}

/** The parameters of an RP-Initiated Logout request; other keys pass through. */
export interface EndSessionParams {
  /** Default: the held token's id_token. `false` leaves it out. */
  idTokenHint?: string | false | undefined;
  postLogoutRedirectUri?: string | undefined;
  state?: string | undefined;
  logoutHint?: string | undefined;
  uiLocales?: string | undefined;
  [param: string]: string | false | undefined;
}

/** A `PAR`-pushed authorization request: the short URL, and when its `request_uri` expires. */
export interface PushedAuthorizationRequest extends AuthorizationRequest {
  requestUri: string;
  /** Epoch seconds. */
  expiresAt: number;
}

const withOpenid = (scope: string | readonly string[] | undefined): string => {
  const list = (typeof scope === 'string' ? scope.split(' ') : [...(scope ?? [])]).filter(Boolean);
  return (list.includes('openid') ? list : ['openid', ...list]).join(' ');
};

/**
 * An OpenID Connect relying party.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @example
 * ```ts
 * const client = await OidcClient.discover('https://accounts.example.com', {
 *   clientId: 'app', clientSecret: process.env.SECRET, redirectUri: 'https://app.example.com/cb',
 * });
 * const { url, state, codeVerifier, nonce } = await client.createAuthorizationUrl({ scope: 'email' });
 * // ... redirect to url; on the callback:
 * await client.fetchToken({ authorizationResponse: callbackUrl, state, codeVerifier, nonce });
 * const { sub } = await client.claims();
 * const profile = await client.userinfo();
 * ```
 */
export class OidcClient extends OAuth2Client {
  declare protected readonly options: OidcClientOptions;
  override readonly issuer: string;
  #jwks: JwksCache | undefined;
  #idToken: string | undefined;
  #claims: IdTokenClaims | undefined;
  #dpopKey: Promise<CryptoKeyPair> | undefined;
  readonly #nonces = new DpopNonceCache();
  #nonceRetries = 0;

  constructor(options: OidcClientOptions) {
    const m = options?.metadata;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    super({
      ...options,
      jwksUri: options?.jwksUri ?? str(m?.jwks_uri),
      endSessionEndpoint: options?.endSessionEndpoint ?? str(m?.end_session_endpoint),
      pushedAuthorizationRequestEndpoint:
        options?.pushedAuthorizationRequestEndpoint ??
        str(m?.pushed_authorization_request_endpoint),
    } as OidcClientOptions);
    if (!options.issuer) {
      throw new TypeError(
        'issuer is required for OpenID Connect (every id_token is checked against it): pass it, or use OidcClient.discover()',
      );
    }
    this.issuer = options.issuer;
    const insecure = options.allowInsecureRequests === true;
    for (const name of [
      'jwksUri',
      'endSessionEndpoint',
      'pushedAuthorizationRequestEndpoint',
    ] as const) {
      const value = this.options[name];
      if (value !== undefined) secureUrl(value, name, insecure);
    }
    if (options.dpop !== undefined) {
      this.#dpopKey = resolveDpopKeyPair(options.dpop);
      // A bad key pair is reported where it is first used, not as an unhandled rejection.
      this.#dpopKey.catch(() => {});
    }
  }

  #httpOptions(): HttpOptions {
    const o = this.options;
    const http: HttpOptions = {};
    if (o.fetch) http.fetch = o.fetch;
    if (o.timeout !== undefined) http.timeout = o.timeout;
    if (o.maxResponseBytes !== undefined) http.maxResponseBytes = o.maxResponseBytes;
    return http;
  }

  #keys(): JwksCache {
    if (this.#jwks) return this.#jwks;
    const { jwks, jwksUri, now, allowInsecureRequests } = this.options;
    if (jwks) {
      this.#jwks = jwks instanceof JwksCache ? jwks : new JwksCache(jwks);
    } else if (jwksUri) {
      this.#jwks = new JwksCache(jwksUri, {
        ...this.#httpOptions(),
        now,
        allowInsecureRequests,
      });
    } else {
      throw new TypeError(
        'No keys to verify id_tokens: pass jwks or jwksUri, or use OidcClient.discover() (the metadata has jwks_uri)',
      );
    }
    return this.#jwks;
  }

  #algorithms(): readonly string[] | undefined {
    const listed = this.metadata?.id_token_signing_alg_values_supported;
    return (
      this.options.idTokenSigningAlgorithms ??
      (Array.isArray(listed) ? (listed as string[]) : undefined)
    );
  }

  #validate(
    idToken: string,
    checks: {
      nonce?: string | undefined;
      maxAge?: number | undefined;
      accessToken?: string | undefined;
      code?: string | undefined;
      now?: (() => number) | undefined;
    },
  ): Promise<IdTokenClaims> {
    return validateIdToken(idToken, {
      issuer: this.issuer,
      clientId: this.clientId,
      jwks: this.#keys(),
      algorithms: this.#algorithms(),
      clientSecret: this.options.clientSecret,
      clockTolerance: this.options.clockTolerance,
      now: this.options.now,
      idTokenIssuer: this.options.hooks?.idTokenIssuer,
      ...checks,
    });
  }

  /** How many `use_dpop_nonce` answers this client retried (RFC 9449 §8, §9), for diagnostics. */
  get dpopNonceRetries(): number {
    return this.#nonceRetries;
  }

  /**
   * Validates an id_token with this client's issuer, client id, keys, `alg` allow-list and
   * clock tolerance: the checks `fetchToken` runs, callable on their own (an id_token from
   * another channel, a hybrid or front-channel response).
   *
   * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
   * @example
   * ```ts
   * const claims = await client.validateIdToken(idToken, { nonce: session.nonce });
   * ```
   */
  validateIdToken(
    idToken: string,
    checks: {
      nonce?: string | undefined;
      maxAge?: number | undefined;
      accessToken?: string | undefined;
      code?: string | undefined;
    } = {},
  ): Promise<IdTokenClaims> {
    return this.#validate(idToken, checks);
  }

  /**
   * Validates the id_token of every token response that has one (Core §3.1.3.7): with the
   * login's `nonce`, `maxAge`, `at_hash` and `c_hash` on code exchange, and on refresh the
   * same `iss`, `sub` and `aud` as before (Core §12.2). A code exchange must return one; a
   * refresh response without one keeps the previous id_token.
   */
  protected override async validateToken(
    token: TokenSet,
    context: {
      nonce?: string | undefined;
      maxAge?: number | undefined;
      code?: string | undefined;
      grant: string;
    },
  ): Promise<void> {
    await super.validateToken(token, context);
    const idToken = token.id_token;
    if (typeof idToken !== 'string' || idToken === '') {
      if (context.grant === 'authorization_code') {
        throw new IdTokenValidationError(
          'The token response of the code exchange has no id_token, expected one because the openid scope was requested (Core §3.1.3.3). Check that the provider speaks OpenID Connect and that the client may use the openid scope.',
          { claim: 'id_token' },
        );
      }
      // Core §12.2: a refresh response may leave the id_token out. The session's user has
      // not changed, so the token keeps the previous one: claims() and userinfo() (and a
      // token saved in a store) still know who it is.
      const held = this.token?.id_token;
      if (context.grant === 'refresh_token' && typeof held === 'string' && held) {
        token.id_token = held;
      }
      return;
    }
    const previous = context.grant === 'refresh_token' ? await this.#heldClaims() : undefined;
    const claims = await this.#validate(idToken, {
      nonce: context.nonce,
      maxAge: context.maxAge,
      accessToken: token.access_token,
      code: context.code,
    });
    if (
      context.grant === 'authorization_code' &&
      context.nonce === undefined &&
      claims.nonce !== undefined
    ) {
      // Core §3.1.3.7 (11): the nonce was sent, so it must be checked; not checking it
      // because the caller forgot to pass it would let a replayed id_token through.
      throw new IdTokenValidationError(
        'The id_token carries a nonce, but fetchToken was given none to compare it with. Pass the nonce that createAuthorizationUrl returned (keep it in the session with state and codeVerifier).',
        { code: 'ERR_ID_TOKEN_NONCE', claim: 'nonce' },
      );
    }
    if (previous) validateRefreshedIdToken(previous, claims);
    this.#idToken = idToken;
    this.#claims = claims;
  }

  /** The claims of the held token's id_token, if it has one. */
  async #heldClaims(): Promise<IdTokenClaims | undefined> {
    const held = this.token?.id_token;
    if (typeof held !== 'string' || !held) return this.#claims;
    try {
      return await this.claims(this.token);
    } catch {
      // The held id_token no longer verifies (keys rotated since): it is our own state,
      // so its claims still say whose session this is, and the refreshed one must match.
      try {
        return (await loadJose()).decodeJwt(held) as IdTokenClaims;
      } catch {
        return this.#claims;
      }
    }
  }

  /**
   * The validated claims of an id_token: by default that of the held token. An id_token
   * this client validated on receipt is returned from memory; another one (a saved token)
   * is verified now — signature, `iss`, `aud`, `azp` — as of its `iat`, since its `exp`
   * bounds its delivery, not the session.
   *
   * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
   * @example
   * ```ts
   * const { sub, email } = await client.claims();
   * ```
   */
  async claims(token: TokenSet | undefined = this.token): Promise<IdTokenClaims> {
    const idToken = token?.id_token;
    if (typeof idToken !== 'string' || !idToken) {
      throw new OAuthError(
        `${token ? 'The token has no id_token' : 'The client holds no token'}, expected one from an OpenID Connect login. Run the authorization flow with the openid scope (fetchToken) first.`,
      );
    }
    if (idToken === this.#idToken && this.#claims) return this.#claims;
    const { decodeJwt } = await loadJose();
    let iat: unknown;
    try {
      iat = decodeJwt(idToken).iat;
    } catch (error) {
      throw new IdTokenValidationError(
        'The id_token is not a JWT, expected a signed JWT (Core §2). The saved token may be corrupt: log in again.',
        { cause: error },
      );
    }
    return this.#validate(idToken, {
      now: typeof iat === 'number' ? () => iat * 1000 : this.options.now,
    });
  }

  /**
   * The UserInfo claims (Core §5.3), JSON or a signed JWT, with the held token (refreshed
   * when needed) or `token`. Their `sub` must equal the id_token's, else
   * `IdTokenValidationError` `ERR_ID_TOKEN_SUB`. With DPoP the request carries a proof.
   *
   * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
   * @example
   * ```ts
   * const { name, email } = await client.userinfo();
   * ```
   */
  async userinfo(token?: TokenSet): Promise<UserinfoClaims> {
    const t = token ?? (await this.freshToken());
    const { sub } = await this.claims(t);
    const endpoint = this.options.userinfoEndpoint;
    if (!endpoint) {
      throw new TypeError(
        'userinfoEndpoint is not configured: pass it, or use OidcClient.discover()',
      );
    }
    const result = await this.#withDpopNonce(endpoint, async () => {
      const request = await this.authorizeRequest(
        new Request(endpoint, { headers: { accept: 'application/json, application/jwt' } }),
        t,
      );
      return send(endpoint, { method: 'GET', headers: request.headers }, this.#httpOptions());
    });
    const listed = this.metadata?.userinfo_signing_alg_values_supported;
    return validateUserinfoResponse(result, {
      expectedSubject: sub,
      issuer: this.issuer,
      clientId: this.clientId,
      jwks: this.#keys(),
      algorithms: Array.isArray(listed) ? (listed as string[]) : this.#algorithms(),
      clientSecret: this.options.clientSecret,
      clockTolerance: this.options.clockTolerance,
      now: this.options.now,
    });
  }

  /**
   * The RP-Initiated Logout URL: `id_token_hint` (default: the held id_token),
   * `post_logout_redirect_uri`, `state`, and `client_id`. Redirect the browser there.
   *
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
   * @example
   * ```ts
   * res.redirect(client.endSessionUrl({ postLogoutRedirectUri: 'https://app.example.com/' }));
   * ```
   */
  endSessionUrl(params: EndSessionParams = {}): string {
    const endpoint = this.options.endSessionEndpoint;
    if (!endpoint) {
      throw new TypeError(
        'endSessionEndpoint is not configured and the metadata has no end_session_endpoint: pass it, or check that the provider supports RP-Initiated Logout',
      );
    }
    const { idTokenHint, postLogoutRedirectUri, state, logoutHint, uiLocales, ...extra } = params;
    const url = new URL(endpoint);
    const q = url.searchParams;
    const hint =
      idTokenHint === false ? undefined : (idTokenHint ?? (this.token?.id_token as string));
    if (hint) q.set('id_token_hint', hint);
    q.set('client_id', this.clientId);
    if (postLogoutRedirectUri) q.set('post_logout_redirect_uri', postLogoutRedirectUri);
    if (state) q.set('state', state);
    if (logoutHint) q.set('logout_hint', logoutHint);
    if (uiLocales) q.set('ui_locales', uiLocales);
    for (const [k, v] of Object.entries(extra)) if (typeof v === 'string') q.set(k, v);
    return url.href;
  }

  /**
   * The authorization request URL, as `OAuth2Client`'s with `openid` always in the scope
   * and a nonce by default (`nonce: false` leaves it out); with DPoP, `dpop_jkt` (RFC 9449
   * §10). With `requestObject` the parameters travel signed (JAR); when the provider
   * requires PAR, or `pushAuthorizationRequests` is set, they are pushed first and the URL
   * is the short one.
   *
   * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
   * @example
   * ```ts
   * const { url, state, codeVerifier, nonce } = await client.createAuthorizationUrl();
   * ```
   */
  override async createAuthorizationUrl(
    params: AuthorizationUrlParams = {},
  ): Promise<AuthorizationRequest> {
    const push =
      this.options.pushAuthorizationRequests === true ||
      (this.metadata !== undefined &&
        requiresPar(this.metadata as { require_pushed_authorization_requests?: unknown }));
    if (push) return this.pushAuthorizationRequest(params);
    const { request, endpoint, query } = await this.#prepare(params);
    endpoint.search = query.toString();
    request.url = endpoint.href;
    return request;
  }

  /**
   * Pushes the authorization request to the PAR endpoint (RFC 9126 §2), with client
   * authentication, and returns the short authorization URL carrying `request_uri`.
   *
   * @see https://www.rfc-editor.org/rfc/rfc9126#section-2
   * @example
   * ```ts
   * const { url, state, codeVerifier, nonce } = await client.pushAuthorizationRequest({ scope: 'email' });
   * ```
   */
  async pushAuthorizationRequest(
    params: AuthorizationUrlParams = {},
  ): Promise<PushedAuthorizationRequest> {
    const parEndpoint = this.options.pushedAuthorizationRequestEndpoint;
    if (!parEndpoint) {
      throw new TypeError(
        'pushedAuthorizationRequestEndpoint is not configured and the metadata has no pushed_authorization_request_endpoint: pass it, or check that the provider supports PAR (RFC 9126)',
      );
    }
    const { request, endpoint, query } = await this.#prepare(params);
    const body: Record<string, string[]> = {};
    for (const [k, v] of query) body[k] = [...(body[k] ?? []), v];
    const par = validateParResponse(await this.post(parEndpoint, body), {
      now: this.options.now,
    });
    return {
      ...request,
      url: createParAuthorizationUrl(endpoint, {
        clientId: this.clientId,
        requestUri: par.request_uri,
      }),
      requestUri: par.request_uri,
      expiresAt: par.expires_at,
    };
  }

  /** The OpenID parameters added, then the request object (JAR) made when configured. */
  async #prepare(params: AuthorizationUrlParams): Promise<{
    request: AuthorizationRequest;
    endpoint: URL;
    query: URLSearchParams;
  }> {
    const extra: AuthorizationUrlParams = {
      ...params,
      scope: withOpenid(params.scope ?? this.options.scope),
      nonce: params.nonce ?? true,
    };
    if (this.#dpopKey && params.dpop_jkt === undefined) {
      extra.dpop_jkt = await calculateDpopJkt(await this.#dpopKey);
    }
    const request = await super.createAuthorizationUrl(extra);
    const endpoint = new URL(request.url);
    let query = new URLSearchParams(endpoint.search.slice(1));
    endpoint.search = '';
    const signing = this.options.requestObject;
    if (signing) {
      const jwt = await createRequestObject(query, {
        clientId: this.clientId,
        audience: this.issuer,
        key: signing.key,
        alg: signing.alg,
        kid: signing.kid,
        now: this.options.now,
      });
      // RFC 9101 §5: client_id and request; OpenID Connect Core §6.1 also wants
      // response_type and scope outside the object, with the same values.
      const plain = query;
      query = new URLSearchParams({ client_id: this.clientId, request: jwt });
      for (const name of ['response_type', 'scope']) {
        const value = plain.get(name);
        if (value) query.set(name, value);
      }
    }
    return { request, endpoint, query };
  }

  /**
   * Validates the authorization response. Besides a callback URL it takes the parameters
   * of a `response_mode=form_post` response: a form body string, `URLSearchParams`, or the
   * callback `Request` itself.
   *
   * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
   * @see https://www.rfc-editor.org/rfc/rfc9207
   * @example
   * ```ts
   * const { code } = await client.parseAuthorizationResponse(request, { state: session.state });
   * ```
   */
  override async parseAuthorizationResponse(
    input: string | URL | URLSearchParams | Request,
    checks: { state: string | undefined },
  ): Promise<AuthorizationResponse> {
    return super.parseAuthorizationResponse(
      input instanceof Request
        ? await readAuthorizationResponse(input)
        : typeof input === 'string' && !URL.canParse(input)
          ? new URLSearchParams(input)
          : input,
      checks,
    );
  }

  /**
   * As `OAuth2Client.fetchToken`; `authorizationResponse` may also be the callback
   * `Request` (a `form_post` POST, or a GET).
   *
   * @see https://openid.net/specs/openid-connect-core-1_0.html#TokenRequest
   * @example
   * ```ts
   * await client.fetchToken({ authorizationResponse: request, state, codeVerifier, nonce });
   * ```
   */
  override async fetchToken(
    params: Parameters<OAuth2Client['fetchToken']>[0] | OidcFetchTokenParams,
  ): Promise<TokenSet> {
    if (params.authorizationResponse instanceof Request) {
      const authorizationResponse = await readAuthorizationResponse(params.authorizationResponse);
      return super.fetchToken({ ...params, authorizationResponse } as Parameters<
        OAuth2Client['fetchToken']
      >[0]);
    }
    return super.fetchToken(params as Parameters<OAuth2Client['fetchToken']>[0]);
  }

  /** A DPoP proof for a request, with the latest server nonce for its origin. */
  async #proof(htm: string, htu: string, accessToken?: string): Promise<string> {
    if (!this.#dpopKey) throw new TypeError('dpop is not configured');
    return createDpopProof({
      keyPair: await this.#dpopKey,
      htm,
      htu,
      nonce: this.#nonces.get(htu),
      accessToken,
      now: this.options.now,
    });
  }

  /** Sends, learns the nonce, and retries once on `use_dpop_nonce` (RFC 9449 §8, §9). */
  async #withDpopNonce(url: string, attempt: () => Promise<HttpResult>): Promise<HttpResult> {
    const first = await attempt();
    if (!this.#dpopKey) return first;
    this.#nonces.remember(url, first.headers);
    if (!isDpopNonceError(first)) return first;
    this.#nonceRetries++;
    const second = await attempt();
    this.#nonces.remember(url, second.headers);
    return second;
  }

  /** With DPoP, every token request (code, refresh, any grant) carries a proof (RFC 9449 §5). */
  protected override async requestToken(params: ExtraParams): Promise<TokenSet> {
    if (!this.#dpopKey) return super.requestToken(params);
    const endpoint = this.options.tokenEndpoint;
    if (!endpoint) {
      throw new TypeError('tokenEndpoint is not configured: pass it, or use OidcClient.discover()');
    }
    const result = await this.#withDpopNonce(endpoint, async () =>
      this.post(endpoint, params, { dpop: await this.#proof('POST', endpoint) }),
    );
    return this.processTokenResult(result);
  }

  /** A DPoP-bound token goes out as `Authorization: DPoP` with a proof carrying `ath` (RFC 9449 §7.1). */
  protected override async authorizeRequest(request: Request, token: TokenSet): Promise<Request> {
    if (!this.#dpopKey || token.token_type.toLowerCase() !== 'dpop') {
      return super.authorizeRequest(request, token);
    }
    request.headers.set('authorization', dpopAuthorization(token.access_token));
    request.headers.set('dpop', await this.#proof(request.method, request.url, token.access_token));
    return request;
  }

  /**
   * As `OAuth2Client.fetch`; with DPoP the request carries `Authorization: DPoP` and a
   * proof, and a resource server's `use_dpop_nonce` 401 is retried once with its nonce
   * (RFC 9449 §9) when the body can be sent again.
   *
   * @see https://www.rfc-editor.org/rfc/rfc9449#section-9
   * @example
   * ```ts
   * const res = await client.fetch('https://api.example.com/me');
   * ```
   */
  override async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    if (!this.#dpopKey) return super.fetch(input, init);
    const request = new Request(input, init);
    const spare =
      init?.body instanceof ReadableStream || request.bodyUsed ? undefined : request.clone();
    const response = await super.fetch(request);
    this.#nonces.remember(request.url, response.headers);
    const candidate = { status: response.status, headers: response.headers };
    if (!spare || !isDpopNonceError(candidate)) return response;
    await response.body?.cancel().catch(() => {});
    this.#nonceRetries++;
    const second = await super.fetch(spare);
    this.#nonces.remember(request.url, second.headers);
    return second;
  }
}

/** `fetchToken` parameters with the callback `Request` as the authorization response. */
export type OidcFetchTokenParams = Omit<
  Extract<Parameters<OAuth2Client['fetchToken']>[0], { authorizationResponse: unknown }>,
  'authorizationResponse'
> & { authorizationResponse: Request };

/**
 * The parameters of an authorization response `Request`: the form body of a POST
 * (`response_mode=form_post`), else the URL's query or fragment.
 *
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode
 */
export async function readAuthorizationResponse(
  request: Request,
): Promise<URLSearchParams | string> {
  if (request.method.toUpperCase() !== 'POST') return request.url;
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new OAuthError(
      `The authorization response is a POST with content-type ${JSON.stringify(type)}, expected application/x-www-form-urlencoded (form_post response mode). Check the callback route.`,
      { code: 'ERR_CALLBACK_INVALID' },
    );
  }
  return new URLSearchParams(await request.text());
}
