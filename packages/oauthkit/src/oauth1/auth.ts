/**
 * `OAuth1Auth`: signs requests with OAuth 1.0a (RFC 5849 §3) for any fetch-based code, and
 * gives the `Authorization` header for everything else.
 *
 * @module
 */
import type { FetchLike, HttpOptions } from '../http/send.js';
import { createSignFunction, lazy, type SignatureMethod, type SignFunction } from './methods.js';
import {
  addParams,
  again,
  baseString,
  type EncodedPairs,
  type ParamsInit,
  percentEncode,
} from './signature.js';

/**
 * Where the protocol parameters go (RFC 5849 §3.5): the `Authorization` header (default),
 * the query string, or the form body.
 */
export type SignatureType = 'header' | 'query' | 'body';

/** The credentials and signing choices shared by `OAuth1Auth` and `OAuth1Client`. */
export interface OAuth1Credentials {
  /** The client identifier (`oauth_consumer_key`). */
  clientId: string;
  /** The client shared secret; required by HMAC-* and PLAINTEXT, unused by RSA-*. */
  clientSecret?: string | undefined;
  /** The token (`oauth_token`): an access token, or a request token during the flow. */
  token?: string | undefined;
  /** The token shared secret that goes with `token`. */
  tokenSecret?: string | undefined;
  /** Default `HMAC-SHA1`. */
  signatureMethod?: SignatureMethod | undefined;
  /**
   * Default `header`. With `body`, requests that cannot carry a form body (GET, HEAD, a
   * JSON or other non-form body) are signed in the `Authorization` header instead.
   */
  signatureType?: SignatureType | undefined;
  /**
   * For RSA-*: the private key as PEM (PKCS#1 or PKCS#8) or a WebCrypto `CryptoKey`. A
   * missing key is refused at construction; a wrong one at the first signature, when the
   * RSA code loads.
   */
  rsaKey?: string | CryptoKey | undefined;
  /** The `realm` of the `Authorization` header (§3.5.1); not signed. */
  realm?: string | undefined;
}

export interface OAuth1AuthOptions extends OAuth1Credentials {
  /**
   * The fetch implementation used by `fetch()`. Override it to log or trace requests, to go
   * through a proxy agent, or to point tests at an in-process server. Default: global `fetch`.
   */
  fetch?: FetchLike | undefined;
  /** Milliseconds until the response headers of `fetch()` must arrive. Default 30 000. */
  timeout?: number | undefined;
  /** The clock, epoch milliseconds (for `oauth_timestamp`). Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Makes `oauth_nonce`. Default: 24 random hex digits. Every request needs a fresh one. */
  nonce?: (() => string) | undefined;
  /**
   * PLAINTEXT sends the secrets themselves, so it is refused over plain `http:` unless the
   * host is loopback or this is `true` (§3.4.4 requires TLS).
   */
  allowInsecureRequests?: boolean | undefined;
  /** Sign with `node:crypto` where the runtime has it (default). `false`: WebCrypto only. */
  useNodeCrypto?: boolean | undefined;
  /**
   * Send `oauth_version="1.0"` (OPTIONAL, §3.1). Default `true`, as Authlib and oauthlib
   * do; `false` leaves it out, as the RFC's own examples do.
   */
  includeVersion?: boolean | undefined;
}

/**
 * The signature methods oauthkit signs with (RFC 5849 §3.4, plus the HMAC-SHA256/512 and
 * RSA-SHA256/512 variants providers use), for option lists and servers that verify them.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4
 * @example
 * ```ts
 * import { SIGNATURE_METHODS } from 'oauthkit/oauth1';
 * console.log(SIGNATURE_METHODS.includes('RSA-SHA256')); // true
 * ```
 */
export const SIGNATURE_METHODS: readonly SignatureMethod[] =
  'HMAC-SHA1 HMAC-SHA256 HMAC-SHA512 RSA-SHA1 RSA-SHA256 RSA-SHA512 PLAINTEXT'.split(
    ' ',
  ) as SignatureMethod[];

/** Overrides for the protocol requests of `OAuth1Client`. */
export interface ProtocolParams {
  token?: string | undefined;
  tokenSecret?: string | undefined;
  /** `oauth_body_hash`, `oauth_callback`, `oauth_verifier`: decoded, in this order. */
  extra?: Array<[string, string]> | undefined;
}

/**
 * `url` parsed, if it can be signed (absolute, http or https); otherwise `undefined`, and
 * `parseRequestUrl`, loaded lazily, throws the `TypeError` that says why.
 */
function signableUrl(url: string | URL): URL | undefined {
  try {
    const parsed = new URL(url);
    if (/^https?:$/.test(parsed.protocol)) return parsed;
  } catch {}
}

/**
 * Signs requests with OAuth 1.0a, like Authlib's `OAuth1Auth`: for fetch-based code
 * (`sign`, `fetch`) and for any other HTTP client (`authorizationHeader`).
 *
 * Form bodies (`application/x-www-form-urlencoded`) are signed parameter by parameter;
 * other bodies get an `oauth_body_hash`. Keys are imported once and cached.
 * HMAC in the `Authorization` header, for a request without a body or with a form body,
 * needs no more code than this module; `fetch`, RSA, PLAINTEXT, `oauth_body_hash` and the
 * query and body placements load theirs on first use (one `import()`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3
 * @example
 * ```ts
 * import { OAuth1Auth } from 'oauthkit/oauth1';
 *
 * const auth = new OAuth1Auth({
 *   clientId: 'consumer-key',
 *   clientSecret: 'consumer-secret',
 *   token: 'access-token',
 *   tokenSecret: 'access-token-secret',
 * });
 * const res = await auth.fetch('https://api.example.com/1.1/statuses/update.json', {
 *   method: 'POST',
 *   body: new URLSearchParams({ status: 'Hello' }),
 * });
 * ```
 */
export class OAuth1Auth {
  // The signing core of `OAuth1Auth` and `OAuth1Client` (which signs through one): the
  // members marked @internal are for `request.ts` and `client.ts`, not for apps. In one
  // class rather than two, as every byte counts in an app that signs one request.
  // `declare`d and set by the constructor: no ES2022 field definitions (smaller bundles).
  /** @internal */
  declare readonly signatureMethod: SignatureMethod;
  /** @internal */
  declare readonly signatureType: SignatureType;
  /** @internal */
  declare readonly http: HttpOptions;
  /** @internal The token (`oauth_token`) requests are signed with; `undefined` for none. */
  declare token: string | undefined;
  /** @internal */
  declare tokenSecret: string;
  /** A copy of the options, read as they are needed (the hot path reads few). */
  readonly #o: OAuth1AuthOptions;
  readonly #sign: SignFunction;

  constructor(options: OAuth1AuthOptions) {
    const o = { ...options };
    const method = o.signatureMethod ?? 'HMAC-SHA1';
    const type = o.signatureType ?? 'header';
    const wrong =
      typeof o.clientId !== 'string' || !o.clientId
        ? 'clientId must be a non-empty string (oauth_consumer_key)'
        : !SIGNATURE_METHODS.includes(method)
          ? `signatureMethod must be one of ${SIGNATURE_METHODS.join(', ')}; got "${method}"`
          : !/^(header|query|body)$/.test(type)
            ? `signatureType must be 'header', 'query' or 'body'; got "${type}"`
            : method[0] !== 'R' && typeof o.clientSecret !== 'string'
              ? `clientSecret is required for ${method}`
              : '';
    if (wrong) throw new TypeError(wrong);
    this.signatureMethod = method;
    this.signatureType = type;
    this.token = o.token;
    this.tokenSecret = o.tokenSecret ?? '';
    // Encoded once: the hot path sends it with every request.
    o.clientId = percentEncode(o.clientId);
    this.#o = o;
    this.#sign = createSignFunction(
      method,
      o.rsaKey,
      o.useNodeCrypto !== false,
      o.allowInsecureRequests === true,
    );
    this.http = { fetch: o.fetch, timeout: o.timeout };
  }

  /**
   * @internal The protocol parameters, signed (§3.1), as encoded pairs in the order they are sent.
   *
   * @param form The form body's parameters: an encoded string or decoded parameters.
   */
  protocolParams(
    method: string,
    url: URL,
    form: string | ParamsInit | undefined,
    over: ProtocolParams = {},
  ): EncodedPairs | Promise<EncodedPairs> {
    const o = this.#o;
    const token = 'token' in over ? over.token : this.token;
    // The default nonce: 24 hex digits, 96 random bits, cut from a random UUID (its fixed
    // version and variant digits left out): only letters and digits, 20 to 30 of them, as
    // servers built on oauthlib require by default (`RequestValidator.check_nonce`). Slices,
    // not a `replace`: this is the hot path, and `randomUUID` the cheapest randomness there is.
    const u = crypto.randomUUID();

    // The protocol parameters in the order of the RFC's examples (§1.2; the order carries
    // no meaning), and (§3.4.1.3.1) with the query and form parameters for the base string.
    const oauth: EncodedPairs = [['oauth_consumer_key', o.clientId]];
    if (token !== undefined) oauth.push(['oauth_token', percentEncode(token)]);
    oauth.push(
      ['oauth_signature_method', this.signatureMethod],
      ['oauth_timestamp', `${Math.floor((o.now ?? Date.now)() / 1000)}`],
      [
        'oauth_nonce',
        o.nonce ? percentEncode(o.nonce()) : u.slice(0, 8) + u.slice(9, 13) + u.slice(24),
      ],
    );
    if (o.includeVersion !== false) oauth.push(['oauth_version', '1.0']);
    for (const [k, v] of over.extra ?? []) oauth.push([k, percentEncode(v)]);
    const all = oauth.map(([k, v]): [string, string] => [k, again(v)]);
    // The `&` keeps a leading `?` of a form string from being taken for a query's own.
    if (form !== undefined)
      addParams(all, typeof form === 'string' ? new URLSearchParams(`&${form}`) : form);
    const base = baseString(method, url, all);
    const signature = this.#sign(
      base,
      o.clientSecret ?? '',
      'tokenSecret' in over ? (over.tokenSecret ?? '') : this.tokenSecret,
      url,
    );
    const done = (sig: string) => {
      oauth.push(['oauth_signature', percentEncode(sig)]);
      return oauth;
    };
    // node:crypto signs synchronously: no promise on the hot path.
    return typeof signature === 'string' ? done(signature) : signature.then(done);
  }

  /** @internal The `Authorization` header value for signed protocol parameters (§3.5.1). */
  header(oauth: EncodedPairs): string {
    const realm = this.#o.realm;
    const quoted = realm === undefined ? '' : `realm="${realm.replace(/["\\]/g, '\\$&')}", `;
    return `OAuth ${quoted}${oauth.map(([k, v]) => `${k}="${v}"`).join(', ')}`;
  }

  /**
   * The `Authorization` header value for a request (always the header, whatever
   * `signatureType` says), for HTTP clients that are not fetch-based and for hot paths.
   *
   * @param formParams The parameters of an `application/x-www-form-urlencoded` body, if
   *   the request has one (decoded). Query parameters are taken from `url`.
   * @example
   * ```ts
   * import { OAuth1Auth } from 'oauthkit/oauth1';
   *
   * const auth = new OAuth1Auth({ clientId: 'key', clientSecret: 'secret', token: 't', tokenSecret: 'ts' });
   * const authorization = await auth.authorizationHeader(
   *   'POST',
   *   'https://api.example.com/1.1/statuses/update.json?include_entities=true',
   *   { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
   * );
   * ```
   */
  async authorizationHeader(
    method: string,
    url: string | URL,
    formParams?: ParamsInit,
  ): Promise<string> {
    const oauth = this.protocolParams(
      method,
      signableUrl(url) ?? (await lazy()).parseRequestUrl(url),
      formParams,
    );
    return this.header(Array.isArray(oauth) ? oauth : await oauth);
  }

  /**
   * Returns a signed copy of `request`. Its body is read once: a form body to sign its
   * parameters, any other body for `oauth_body_hash`.
   *
   * @example
   * ```ts
   * import { OAuth1Auth } from 'oauthkit/oauth1';
   *
   * const auth = new OAuth1Auth({ clientId: 'key', clientSecret: 'secret' });
   * const signed = await auth.sign(new Request('https://api.example.com/items?page=2'));
   * const res = await fetch(signed);
   * ```
   */
  async sign(request: Request): Promise<Request> {
    const url = signableUrl(request.url);
    // The common case here: the `Authorization` header, and no body or a form body (its
    // parameters are signed, §3.4.1.3.1). Other bodies (`oauth_body_hash`), the other
    // placements and the errors load `lazy.ts`.
    if (
      !url ||
      this.signatureType !== 'header' ||
      (request.body &&
        !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(
          request.headers.get('content-type') ?? '',
        ))
    ) {
      return (await lazy()).signRequest(this, request);
    }
    const oauth = await this.protocolParams(
      request.method,
      url,
      request.body ? await request.clone().text() : undefined,
    );
    const signed = new Request(request);
    signed.headers.set('authorization', this.header(oauth));
    return signed;
  }

  /**
   * `fetch`, signed. Takes the same arguments; the response comes back as is (a 401 is a
   * response, not an error). Throws `NetworkError`, or `TimeoutError` when the response
   * headers take longer than `timeout`.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return lazy().then((m) => m.signedFetch(this, input, init));
  }
}
