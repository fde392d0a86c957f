/**
 * `OAuth1Auth`: signs requests with OAuth 1.0a (RFC 5849 §3) for any fetch-based code, and
 * gives the `Authorization` header for everything else.
 *
 * @module
 */
import type { FetchLike, HttpOptions } from '../http/send.js';
import { createSignFunction, type SignatureMethod, type SignFunction } from './methods.js';
import {
  addFormString,
  addParams,
  again,
  baseString,
  type EncodedPairs,
  type ParamsInit,
  percentEncode,
} from './signature.js';

/**
 * Everything beyond building the `Authorization` header (RSA, `oauth_body_hash`, `sign`,
 * `fetch`, the timeout layer, the text of rarer errors), loaded on first use.
 */
const lazy = () => import('./lazy.js');

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
  /** For RSA-*: the private key as PEM (PKCS#1 or PKCS#8) or a WebCrypto `CryptoKey`. */
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
  /** Makes `oauth_nonce`. Default: 128 random bits as hex. Every request needs a fresh one. */
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

const SIGNATURE_TYPES: readonly string[] = ['header', 'query', 'body'];

let nonces = '';
let noncesAt = 0;

/** 128 random bits as 32 hex digits, cut from a string made 2 KiB of randomness at a time. */
function randomNonce(): string {
  if (noncesAt === nonces.length) {
    let hex = '';
    for (const b of crypto.getRandomValues(new Uint8Array(2048))) {
      hex += (b < 16 ? '0' : '') + b.toString(16);
    }
    nonces = hex;
    noncesAt = 0;
  }
  noncesAt += 32;
  return nonces.slice(noncesAt - 32, noncesAt);
}

/** Overrides for the protocol requests of `OAuth1Client`. */
export interface ProtocolParams {
  token?: string | undefined;
  tokenSecret?: string | undefined;
  /** `oauth_body_hash`, `oauth_callback`, `oauth_verifier`: decoded, in this order. */
  extra?: Array<[string, string]> | undefined;
  /** PLAINTEXT over plain http was found to go to a loopback host. */
  plainHttpChecked?: boolean | undefined;
}

/**
 * The signing core of `OAuth1Auth` and `OAuth1Client`: credentials, validated once, and the
 * hot path on strings and parameter lists. Not exported from the package.
 */
export class OAuth1Signer {
  // `declare`d and set by the constructor: no ES2022 field definitions (smaller bundles).
  declare readonly signatureMethod: SignatureMethod;
  declare readonly signatureType: SignatureType;
  declare readonly http: HttpOptions;
  declare tokenSecret: string;
  #token: string | undefined;
  #encodedToken: string | undefined;
  readonly #clientKey: string;
  readonly #clientSecret: string;
  readonly #realm: string | undefined;
  readonly #sign: SignFunction;
  readonly #now: () => number;
  readonly #nonce: () => string;
  readonly #allowInsecure: boolean;
  readonly #version: boolean;

  constructor(options: OAuth1AuthOptions) {
    if (typeof options?.clientId !== 'string' || options.clientId === '') {
      throw new TypeError('clientId must be a non-empty string (the oauth_consumer_key)');
    }
    const method = options.signatureMethod ?? 'HMAC-SHA1';
    if (!/^(HMAC|RSA)-SHA(1|256|512)$|^PLAINTEXT$/.test(method)) {
      throw new TypeError(
        `signatureMethod must be HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512 or PLAINTEXT; got ${JSON.stringify(method)}`,
      );
    }
    this.signatureMethod = method;
    const type = options.signatureType ?? 'header';
    if (!SIGNATURE_TYPES.includes(type)) {
      throw new TypeError(
        `signatureType must be 'header', 'query' or 'body'; got ${JSON.stringify(type)}`,
      );
    }
    this.signatureType = type;
    if (!this.signatureMethod.startsWith('RSA') && typeof options.clientSecret !== 'string') {
      throw new TypeError(`clientSecret is required for ${this.signatureMethod}`);
    }
    this.#clientKey = percentEncode(options.clientId);
    this.#clientSecret = options.clientSecret ?? '';
    this.token = options.token;
    this.tokenSecret = options.tokenSecret ?? '';
    this.#realm = options.realm;
    this.#sign = createSignFunction(method, options.rsaKey, options.useNodeCrypto !== false);
    this.#now = options.now ?? Date.now;
    this.#nonce = options.nonce ?? randomNonce;
    this.#allowInsecure = options.allowInsecureRequests === true;
    this.#version = options.includeVersion !== false;
    this.http = { fetch: options.fetch, timeout: options.timeout };
  }

  /** The token (`oauth_token`) requests are signed with; `undefined` for none. */
  get token(): string | undefined {
    return this.#token;
  }

  set token(token: string | undefined) {
    this.#token = token;
    this.#encodedToken = token === undefined ? undefined : percentEncode(token);
  }

  /**
   * The protocol parameters, signed (§3.1), as encoded pairs in the order they are sent.
   *
   * @param form The form body's parameters: an encoded string or decoded parameters.
   */
  protocolParams(
    method: string,
    url: URL,
    form: string | ParamsInit | undefined,
    over: ProtocolParams = {},
  ): EncodedPairs | Promise<EncodedPairs> {
    if (
      this.signatureMethod === 'PLAINTEXT' &&
      url.protocol === 'http:' &&
      !this.#allowInsecure &&
      !over.plainHttpChecked
    ) {
      // §3.4.4: PLAINTEXT needs TLS; loopback is allowed (`lazy.ts` decides, and says why not).
      return lazy().then((m) => {
        m.checkPlaintext(url);
        return this.protocolParams(method, url, form, { ...over, plainHttpChecked: true });
      });
    }
    const token = 'token' in over ? over.token : this.#token;
    const encodedToken =
      token === this.#token
        ? this.#encodedToken
        : token === undefined
          ? undefined
          : percentEncode(token);
    const timestamp = String(Math.floor(this.#now() / 1000));
    const nonce = this.#nonce === randomNonce ? randomNonce() : percentEncode(this.#nonce());

    // The protocol parameters in the order of the RFC's examples (§1.2; the order carries
    // no meaning), and (§3.4.1.3.1) with the query and form parameters for the base string.
    const oauth: EncodedPairs = [['oauth_consumer_key', this.#clientKey]];
    if (encodedToken !== undefined) oauth.push(['oauth_token', encodedToken]);
    oauth.push(
      ['oauth_signature_method', this.signatureMethod],
      ['oauth_timestamp', timestamp],
      ['oauth_nonce', nonce],
    );
    if (this.#version) oauth.push(['oauth_version', '1.0']);
    if (over.extra) for (const [k, v] of over.extra) oauth.push([k, percentEncode(v)]);
    const all = oauth.map(([k, v]): [string, string] => [k, again(v)]);
    if (form !== undefined) {
      if (typeof form === 'string') addFormString(all, form);
      else addParams(all, form);
    }
    const base = baseString(method, url, all);
    const signature = this.#sign(
      base,
      this.#clientSecret,
      'tokenSecret' in over ? (over.tokenSecret ?? '') : this.tokenSecret,
    );
    const done = (sig: string) => {
      oauth.push(['oauth_signature', percentEncode(sig)]);
      return oauth;
    };
    // node:crypto signs synchronously: no promise on the hot path.
    return typeof signature === 'string' ? done(signature) : signature.then(done);
  }

  /** The `Authorization` header value for signed protocol parameters (§3.5.1). */
  header(oauth: EncodedPairs): string {
    const realm =
      this.#realm === undefined ? '' : `realm="${this.#realm.replace(/["\\]/g, '\\$&')}", `;
    return `OAuth ${realm}${oauth.map(([k, v]) => `${k}="${v}"`).join(', ')}`;
  }
}

/**
 * `url` parsed, if it can be signed (absolute, http or https); otherwise `undefined`, and
 * `parseRequestUrl`, loaded lazily, throws the `TypeError` that says why.
 */
function signableUrl(url: string | URL): URL | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed;
  } catch {}
}

/**
 * Signs requests with OAuth 1.0a, like Authlib's `OAuth1Auth`: for fetch-based code
 * (`sign`, `fetch`) and for any other HTTP client (`authorizationHeader`).
 *
 * Form bodies (`application/x-www-form-urlencoded`) are signed parameter by parameter;
 * other bodies get an `oauth_body_hash`. Keys are imported once and cached.
 * `sign`, `fetch`, RSA and `oauth_body_hash` load their code on first use (one `import()`);
 * `authorizationHeader` with HMAC or PLAINTEXT over https needs none of it.
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
  readonly #signer: OAuth1Signer;

  constructor(options: OAuth1AuthOptions) {
    this.#signer = new OAuth1Signer(options);
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
    const s = this.#signer;
    const oauth = s.protocolParams(
      method,
      signableUrl(url) ?? (await lazy()).parseRequestUrl(url),
      formParams,
    );
    return s.header(Array.isArray(oauth) ? oauth : await oauth);
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
    const s = this.#signer;
    const url = signableUrl(request.url);
    const headers = new Headers(request.headers);
    // The common case here: the `Authorization` header, and no body or a form body (its
    // parameters are signed, §3.4.1.3.1). Other bodies (`oauth_body_hash`), the other
    // placements and the errors load `lazy.ts`.
    const form =
      request.body !== null &&
      /^application\/x-www-form-urlencoded\s*(;|$)/i.test(headers.get('content-type') ?? '')
        ? await request.clone().text()
        : undefined;
    if (!url || s.signatureType !== 'header' || (request.body !== null && form === undefined)) {
      return (await lazy()).signRequest(s, request);
    }
    const oauth = s.protocolParams(request.method, url, form);
    headers.set('authorization', s.header(Array.isArray(oauth) ? oauth : await oauth));
    return new Request(request, { headers });
  }

  /**
   * `fetch`, signed. Takes the same arguments; the response comes back as is (a 401 is a
   * response, not an error). Throws `NetworkError`, or `TimeoutError` when the response
   * headers take longer than `timeout`.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return lazy().then((m) => m.signedFetch(this.#signer, input, init));
  }
}
