/**
 * `OAuth1Client`: the 3-legged flow of RFC 5849 §2 (temporary credentials, resource owner
 * authorization, token credentials) and signed requests, in the shape of Authlib's
 * `OAuth1Session`.
 *
 * @module
 */
import { OAuth1Error } from '../errors.js';
import { looksLikeHtml, parseFormObject, unexpected } from '../http/parse.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type HttpResult, send } from '../http/send.js';
import { secureUrl } from '../http/url.js';
import { quoteBody, redactText } from '../internal/redact.js';
import { timingSafeEqual } from '../internal/timing-safe.js';
import { OAuth1Auth, type OAuth1AuthOptions } from './auth.js';
import { appendQuery, signedFetch, signParts } from './request.js';
import { forEachParam, type ParamsInit, percentEncode } from './signature.js';

export interface OAuth1ClientOptions extends OAuth1AuthOptions {
  /**
   * Where the provider sends the user back (`oauth_callback`, §2.1). Default `oob`: the
   * provider shows the verifier to the user instead (a PIN).
   */
  redirectUri?: string | undefined;
  /** A verifier already at hand (from `parseAuthorizationResponse` in another process). */
  verifier?: string | undefined;
  /** Largest protocol response read, in bytes. Default 1 MiB. */
  maxResponseBytes?: number | undefined;
}

/** A token record with RFC spelling: request token or access token, plus any extra fields. */
export interface OAuth1Token {
  oauth_token: string;
  oauth_token_secret: string;
  [field: string]: string;
}

/** The temporary credentials (request token) of §2.1. */
export interface RequestToken extends OAuth1Token {
  oauth_callback_confirmed: string;
}

/** The parameters the provider sent back to the callback (§2.2). */
export interface OAuth1AuthorizationResponse {
  oauth_token: string;
  oauth_verifier: string;
  [field: string]: string;
}

/** What a provider's problem means for the caller, by `oauth_problem` (or Authlib's `error`). */
function hintFor(problem: string | undefined): string {
  switch (problem) {
    case 'nonce_used':
    case 'invalid_nonce':
      return 'The provider saw this oauth_nonce before: every request needs a fresh one (check a custom nonce option).';
    case 'timestamp_refused':
      return "This machine's clock and the provider's differ too much: check the system clock (or the now option).";
    case 'signature_invalid':
    case 'invalid_signature':
      return 'Check the client secret, token secret, signature method and that the URL is exactly the one the provider sees.';
    case 'consumer_key_unknown':
    case 'consumer_key_rejected':
    case 'invalid_client':
      return 'Check clientId and that the client is registered with this provider.';
    case 'token_expired':
    case 'token_rejected':
    case 'token_revoked':
    case 'token_used':
    case 'invalid_token':
      return 'The token is not valid (any more): run the authorization flow again.';
    case 'permission_denied':
    case 'access_denied':
      return 'The user or the provider refused access.';
    default:
      return 'Check the credentials, the request and what the provider documents for this problem.';
  }
}

/**
 * Reads OAuth Problem Reporting fields (`oauth_problem`, `oauth_problem_advice`) from a form
 * or JSON body or a `WWW-Authenticate: OAuth` header; falls back to the `error` and
 * `error_description` fields that Authlib and others send.
 *
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 */
function readProblem(result: HttpResult): { problem?: string; advice?: string } {
  const body = result.body.trim();
  let fields: Record<string, unknown> = {};
  if (body.startsWith('{')) {
    try {
      fields = JSON.parse(body) as Record<string, unknown>;
    } catch {}
  } else if (!looksLikeHtml(body)) {
    fields = parseFormObject(body);
  }
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  let problem = text(fields.oauth_problem) ?? text(fields.error);
  const advice = text(fields.oauth_problem_advice) ?? text(fields.error_description);
  if (problem === undefined) {
    const m = /oauth_problem="([^"]*)"/.exec(result.headers.get('www-authenticate') ?? '');
    if (m) problem = decodeURIComponent(m[1]!);
  }
  return {
    ...(problem === undefined ? {} : { problem }),
    ...(advice === undefined ? {} : { advice }),
  };
}

/**
 * Validates a protocol response (§2.1, §2.3): a 2xx form-encoded body with `oauth_token`
 * and `oauth_token_secret`. A 4xx is an `OAuth1Error` with the provider's problem and
 * advice; anything else is an `UnexpectedResponseError` quoting the redacted body.
 *
 * @param what Names the endpoint in messages, e.g. `the request token endpoint`.
 */
export function parseTokenResponse(result: HttpResult, what: string): OAuth1Token {
  const where = new URL(result.url);
  if (result.status >= 400 && result.status < 500) {
    const { problem, advice } = readProblem(result);
    const detail =
      problem === undefined
        ? `The body starts: ${JSON.stringify(quoteBody(result.body))}.`
        : `Problem: ${problem}${advice === undefined ? '' : ` (${redactText(advice)})`}.`;
    throw new OAuth1Error(
      `${what} (${where.origin}${where.pathname}) refused the request with HTTP ${result.status}. ${detail} ${hintFor(problem)}`,
      { status: result.status, problem, advice, response: result.response },
    );
  }
  if (result.status < 200 || result.status >= 300) {
    throw unexpected(
      result,
      `${what} answered neither a token nor an OAuth problem`,
      'Check the endpoint URL and the provider status.',
    );
  }
  const body = result.body.trim();
  if (looksLikeHtml(body) || body.startsWith('{') || body.startsWith('[')) {
    throw unexpected(
      result,
      `${what} is not application/x-www-form-urlencoded`,
      'Check the endpoint URL: an OAuth 1.0a token endpoint answers oauth_token=...&oauth_token_secret=....',
    );
  }
  const token = parseFormObject(body);
  if (!token.oauth_token || token.oauth_token_secret === undefined) {
    throw unexpected(
      result,
      `${what} lacks ${token.oauth_token ? 'oauth_token_secret' : 'oauth_token'}`,
      'Check the endpoint URL and the provider documentation.',
    );
  }
  return token as OAuth1Token;
}

/**
 * An OAuth 1.0a client, like Authlib's `OAuth1Session`: the 3-legged flow and signed
 * requests. A client created with a saved `token` and `tokenSecret` signs at once.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 * @example
 * ```ts
 * import { OAuth1Client } from 'oauthkit/oauth1';
 *
 * const client = new OAuth1Client({
 *   clientId: 'consumer-key',
 *   clientSecret: 'consumer-secret',
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * await client.fetchRequestToken('https://api.example.com/oauth/request_token');
 * const url = client.createAuthorizationUrl('https://api.example.com/oauth/authorize');
 * // ... send the user to `url`; the provider redirects back to the callback ...
 * const callbackUrl = 'https://app.example.com/callback?oauth_token=abc&oauth_verifier=xyz';
 * client.parseAuthorizationResponse(callbackUrl);
 * const token = await client.fetchAccessToken('https://api.example.com/oauth/access_token');
 * const res = await client.fetch('https://api.example.com/1.1/account/verify_credentials.json');
 * ```
 */
export class OAuth1Client {
  readonly #signer: OAuth1Auth;
  readonly #redirectUri: string;
  readonly #maxResponseBytes: number;
  readonly #allowInsecure: boolean;
  #token: OAuth1Token | undefined;
  #verifier: string | undefined;

  constructor(options: OAuth1ClientOptions) {
    this.#signer = new OAuth1Auth(options);
    this.#redirectUri = options.redirectUri ?? 'oob';
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#allowInsecure = options.allowInsecureRequests === true;
    this.#verifier = options.verifier;
    if (options.token !== undefined) {
      this.#token = { oauth_token: options.token, oauth_token_secret: options.tokenSecret ?? '' };
    }
  }

  /** The current token record: the request token during the flow, then the access token. */
  get token(): OAuth1Token | undefined {
    return this.#token === undefined ? undefined : { ...this.#token };
  }

  #setToken(token: OAuth1Token | undefined): void {
    this.#token = token;
    this.#signer.token = token?.oauth_token;
    this.#signer.tokenSecret = token?.oauth_token_secret ?? '';
  }

  /** POSTs a signed protocol request and validates the token response. */
  async #tokenRequest(
    url: string | URL,
    what: string,
    extraParams: ParamsInit | undefined,
    extra: Array<[string, string]>,
    token: OAuth1Token | undefined,
  ): Promise<OAuth1Token> {
    const target = secureUrl(url, what, this.#allowInsecure);
    const headers = new Headers();
    let body: string | undefined;
    if (extraParams !== undefined) {
      const pairs: string[] = [];
      forEachParam(extraParams, (k, v) => pairs.push(`${percentEncode(k)}=${percentEncode(v)}`));
      body = pairs.join('&');
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    const parts = await signParts(this.#signer, 'POST', target, headers, body, {
      token: token?.oauth_token,
      tokenSecret: token?.oauth_token_secret ?? '',
      extra,
    });
    const result = await send(
      parts.url,
      {
        method: 'POST',
        headers: parts.headers,
        ...(parts.body === undefined ? {} : { body: parts.body }),
      },
      { ...this.#signer.http, maxResponseBytes: this.#maxResponseBytes },
    );
    return parseTokenResponse(result, what);
  }

  /**
   * Obtains temporary credentials (§2.1), sending `oauth_callback` (`redirectUri`, or
   * `oob`). The request token becomes the client's `token`.
   *
   * @param extraParams More form parameters for the provider, e.g. `{ scope: '...' }` or
   *   `{ x_auth_access_type: 'read' }`; signed.
   * @throws OAuth1Error when the provider refuses, or does not confirm the callback
   *   (`oauth_callback_confirmed` must be `true` in OAuth 1.0a).
   * @throws UnexpectedResponseError when the answer is not a form-encoded token.
   */
  async fetchRequestToken(url: string | URL, extraParams?: ParamsInit): Promise<RequestToken> {
    const token = await this.#tokenRequest(
      url,
      'the request token endpoint',
      extraParams,
      [['oauth_callback', this.#redirectUri]],
      undefined,
    );
    // §2.1 says "true"; Authlib (Python's bool) sends "True", which means the same.
    if (token.oauth_callback_confirmed?.toLowerCase() !== 'true') {
      throw new OAuth1Error(
        `The request token endpoint did not confirm the callback (oauth_callback_confirmed=${JSON.stringify(token.oauth_callback_confirmed ?? null)}, expected "true"). ` +
          'The provider speaks OAuth 1.0, not 1.0a, or rejected redirectUri; check its documentation.',
        { status: 200 },
      );
    }
    this.#verifier = undefined;
    this.#setToken(token);
    return { ...token } as RequestToken;
  }

  /**
   * The URL to send the user to (§2.2): `url` with `oauth_token` added.
   *
   * @param requestToken Default: the request token from `fetchRequestToken`.
   */
  createAuthorizationUrl(
    url: string | URL,
    requestToken?: string | { oauth_token: string },
  ): string {
    const token =
      typeof requestToken === 'string' ? requestToken : (requestToken ?? this.#token)?.oauth_token;
    if (token === undefined) {
      throw new TypeError(
        'requestToken is required: call fetchRequestToken() first or pass the request token',
      );
    }
    return appendQuery(secureUrl(url, 'url'), `oauth_token=${percentEncode(token)}`);
  }

  /**
   * Reads the provider's redirect back to the callback (§2.2) and keeps `oauth_verifier`
   * for `fetchAccessToken`. Accepts the full callback URL or just its query string.
   *
   * @throws OAuth1Error when the user denied access (no `oauth_verifier`), or when the
   *   callback's `oauth_token` is not this client's request token.
   */
  parseAuthorizationResponse(url: string | URL): OAuth1AuthorizationResponse {
    const params = parseFormObject(new URL(url, 'http://localhost/').search.slice(1));
    if (!params.oauth_verifier) {
      const problem =
        params.oauth_problem ?? params.error ?? ('denied' in params ? 'access_denied' : undefined);
      throw new OAuth1Error(
        `The authorization response has no oauth_verifier${problem ? ` (${problem})` : ''}. ${
          problem ? hintFor(problem) : 'Pass the URL the provider redirected the user to.'
        }`,
        { problem },
      );
    }
    const current = this.#token?.oauth_token;
    const token = params.oauth_token ?? current;
    if (token === undefined) {
      throw new OAuth1Error(
        'The authorization response has no oauth_token and this client holds no request token. ' +
          'Create the client with the request token and its secret (token, tokenSecret).',
      );
    }
    if (current !== undefined && !timingSafeEqual(token, current)) {
      throw new OAuth1Error(
        "The authorization response is for another request token than this client's. " +
          'Finish each flow with the client (or the saved request token) that started it.',
      );
    }
    this.#verifier = params.oauth_verifier;
    return { ...params, oauth_token: token, oauth_verifier: params.oauth_verifier };
  }

  /**
   * Exchanges the request token and verifier for token credentials (§2.3). The access
   * token becomes the client's `token`.
   *
   * @param verifier Default: the one kept by `parseAuthorizationResponse` (or the
   *   `verifier` option). For `oob`, the PIN the user typed.
   */
  async fetchAccessToken(url: string | URL, verifier?: string): Promise<OAuth1Token> {
    const v = verifier ?? this.#verifier;
    if (v === undefined) {
      throw new TypeError(
        'verifier is required: pass it, or call parseAuthorizationResponse(callbackUrl) first',
      );
    }
    if (this.#token === undefined) {
      throw new TypeError(
        'No request token: call fetchRequestToken() first, or create the client with token and tokenSecret',
      );
    }
    const token = await this.#tokenRequest(
      url,
      'the access token endpoint',
      undefined,
      [['oauth_verifier', v]],
      this.#token,
    );
    this.#verifier = undefined;
    this.#setToken(token);
    return { ...token };
  }

  /**
   * `fetch`, signed with the client's credentials and current token. The response comes
   * back as is (a 401 is a response, not an error).
   *
   * @example
   * ```ts
   * import { OAuth1Client } from 'oauthkit/oauth1';
   *
   * // A saved token signs at once, no flow needed.
   * const client = new OAuth1Client({
   *   clientId: 'consumer-key',
   *   clientSecret: 'consumer-secret',
   *   token: 'saved-access-token',
   *   tokenSecret: 'saved-access-token-secret',
   * });
   * const res = await client.fetch('https://api.example.com/1.1/account/verify_credentials.json');
   * ```
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return signedFetch(this.#signer, input, init);
  }
}
