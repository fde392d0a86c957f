/**
 * `OAuth1Auth`: signs requests with OAuth 1.0a (RFC 5849 §3) for any fetch-based code, and
 * gives the `Authorization` header for everything else.
 *
 * @module
 */
import { InsecureUrlError } from '../errors.js';
import { mediaType } from '../http/parse.js';
import { type FetchLike, type HttpOptions, sendRaw } from '../http/send.js';
import { isLoopbackHost } from '../http/url.js';
import { fromUtf8, utf8 } from '../internal/encoding.js';
import {
  bodyHash,
  createSignFunction,
  type SignatureMethod,
  type SignFunction,
} from './methods.js';
import {
  addFormString,
  addParams,
  baseStringUri,
  type Collected,
  collected,
  type EncodedPairs,
  encodedNormalizedParameters,
  type ParamsInit,
  parseRequestUrl,
  percentEncode,
  rawQuery,
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

const FORM = 'application/x-www-form-urlencoded';
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

/** A body that can be signed without building a `Request`. */
export type PlainBody = string | URLSearchParams | Bytes;

type Bytes = Uint8Array<ArrayBuffer>;

/** The parts of a signed request. */
export interface SignedParts {
  url: string;
  headers: Headers;
  body: string | Bytes | undefined;
}

/** Overrides for the protocol requests of `OAuth1Client`. */
export interface ProtocolParams {
  token?: string | undefined;
  tokenSecret?: string | undefined;
  /** `oauth_callback`, `oauth_verifier`: decoded. */
  extra?: Array<[string, string]> | undefined;
}

const joinPairs = (pairs: EncodedPairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&');

/** `url` without its fragment, with `query` (already encoded) appended to its query. */
export function appendQuery(url: URL, query: string): string {
  // Not `url.hash`: it is '' for a bare trailing "#", which `href` keeps.
  const end = url.href.indexOf('#');
  const href = end === -1 ? url.href : url.href.slice(0, end);
  if (query === '') return href;
  return href + (url.search.length > 1 ? '&' : href.endsWith('?') ? '' : '?') + query;
}

/**
 * The signing core of `OAuth1Auth` and `OAuth1Client`: credentials, validated once, and the
 * hot path on strings and parameter lists. Not exported from the package.
 */
export class OAuth1Signer {
  readonly signatureMethod: SignatureMethod;
  readonly signatureType: SignatureType;
  readonly http: HttpOptions;
  tokenSecret: string;
  #token: string | undefined;
  #encodedToken: string | undefined;
  readonly #clientKey: string;
  /** The collected forms of oauth_consumer_key, oauth_signature_method, oauth_version. */
  readonly #constant: Collected;
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
    this.#constant = [
      collected('oauth_consumer_key', this.#clientKey),
      collected('oauth_signature_method', this.signatureMethod),
      collected('oauth_version', '1.0'),
    ];
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
    hash: string | undefined,
    over: ProtocolParams = {},
  ): EncodedPairs | Promise<EncodedPairs> {
    if (
      this.signatureMethod === 'PLAINTEXT' &&
      url.protocol === 'http:' &&
      !this.#allowInsecure &&
      !isLoopbackHost(url.hostname)
    ) {
      throw new InsecureUrlError(
        `PLAINTEXT would send the client and token secrets in clear text to ${url.host} over http://. ` +
          'Use https://, another signature method, or allowInsecureRequests: true on a trusted test network.',
      );
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
    const all: Collected = [this.#constant[0]!];
    if (encodedToken !== undefined) {
      oauth.push(['oauth_token', encodedToken]);
      all.push(collected('oauth_token', encodedToken));
    }
    oauth.push(
      ['oauth_signature_method', this.signatureMethod],
      ['oauth_timestamp', timestamp],
      ['oauth_nonce', nonce],
    );
    all.push(
      this.#constant[1]!,
      collected('oauth_timestamp', timestamp),
      collected('oauth_nonce', nonce),
    );
    if (this.#version) {
      oauth.push(['oauth_version', '1.0']);
      all.push(this.#constant[2]!);
    }
    const more: EncodedPairs = [];
    if (hash !== undefined) more.push(['oauth_body_hash', percentEncode(hash)]);
    if (over.extra) for (const [k, v] of over.extra) more.push([k, percentEncode(v)]);
    for (const p of more) {
      oauth.push(p);
      all.push(collected(p[0], p[1]));
    }
    addFormString(all, rawQuery(url));
    if (form !== undefined) {
      if (typeof form === 'string') addFormString(all, form);
      else addParams(all, form);
    }
    const base = `${percentEncode(method.toUpperCase())}&${percentEncode(baseStringUri(url))}&${encodedNormalizedParameters(all)}`;
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
    let h = 'OAuth ';
    if (this.#realm !== undefined) h += `realm="${this.#realm.replace(/["\\]/g, '\\$&')}", `;
    for (let i = 0; i < oauth.length; i++) {
      const p = oauth[i]!;
      h += i === 0 ? `${p[0]}="${p[1]}"` : `, ${p[0]}="${p[1]}"`;
    }
    return h;
  }

  /**
   * Signs a request given as parts and places the parameters per `signatureType`. The
   * headers object is updated in place and returned.
   */
  async signParts(
    method: string,
    url: URL,
    headers: Headers,
    body: PlainBody | undefined,
    over?: ProtocolParams,
  ): Promise<SignedParts> {
    const form = body instanceof URLSearchParams || mediaType(headers) === FORM;
    let formString: string | undefined;
    let hash: string | undefined;
    if (form && body !== undefined) {
      formString =
        typeof body === 'string'
          ? body
          : body instanceof Uint8Array
            ? fromUtf8(body)
            : body.toString();
      if (!headers.has('content-type')) headers.set('content-type', FORM);
    } else if (body !== undefined) {
      const bytes = typeof body === 'string' ? utf8(body) : (body as Bytes);
      hash = await bodyHash(this.signatureMethod, bytes);
    }
    const oauth = await this.protocolParams(method, url, formString, hash, over);

    const upper = method.toUpperCase();
    if (
      this.signatureType === 'body' &&
      (formString !== undefined ||
        (body === undefined && (upper === 'POST' || upper === 'PUT' || upper === 'PATCH')))
    ) {
      // §3.5.2: appended to the form body.
      headers.set('content-type', FORM);
      const extra = joinPairs(oauth);
      return { url: url.href, headers, body: formString ? `${formString}&${extra}` : extra };
    }
    // The body goes out as it came (bytes stay bytes); URLSearchParams as its string.
    const rest = body instanceof URLSearchParams ? formString : body;
    if (this.signatureType === 'query') {
      // §3.5.3: appended to the query.
      return { url: appendQuery(url, joinPairs(oauth)), headers, body: rest };
    }
    headers.set('authorization', this.header(oauth));
    return { url: url.href, headers, body: rest };
  }
}

function rebuild(request: Request, parts: SignedParts): Request {
  return new Request(parts.url, {
    method: request.method,
    headers: parts.headers,
    body: parts.body ?? null,
    signal: request.signal,
    redirect: request.redirect,
    credentials: request.credentials,
    integrity: request.integrity,
    keepalive: request.keepalive,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
  });
}

/** A body `fetch()` can sign without building a `Request` first, as bytes or text. */
function plainBody(body: BodyInit | null | undefined): PlainBody | undefined | false {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof URLSearchParams) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) {
    return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
  }
  return false;
}

/**
 * Signs requests with OAuth 1.0a, like Authlib's `OAuth1Auth`: for fetch-based code
 * (`sign`, `fetch`) and for any other HTTP client (`authorizationHeader`).
 *
 * Form bodies (`application/x-www-form-urlencoded`) are signed parameter by parameter;
 * other bodies get an `oauth_body_hash`. Keys are imported once and cached.
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
    const oauth = s.protocolParams(method, parseRequestUrl(url), formParams, undefined);
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
  sign(request: Request): Promise<Request> {
    return signRequest(this.#signer, request);
  }

  /**
   * `fetch`, signed. Takes the same arguments; the response comes back as is (a 401 is a
   * response, not an error). Throws `NetworkError`, or `TimeoutError` when the response
   * headers take longer than `timeout`.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return signedFetch(this.#signer, input, init);
  }
}

/** A signed copy of `request`; its body is read once. */
export async function signRequest(signer: OAuth1Signer, request: Request): Promise<Request> {
  const url = parseRequestUrl(request.url);
  const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  const parts = await signer.signParts(request.method, url, new Headers(request.headers), body);
  return rebuild(request, parts);
}

/** `fetch` through a signer: signs on strings when it can, builds one `Request`, sends it. */
export async function signedFetch(
  signer: OAuth1Signer,
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const body = input instanceof Request ? false : plainBody(init.body);
  let request: Request;
  if (body === false) {
    request = await signRequest(signer, new Request(input, init));
  } else {
    const method = init.method ?? 'GET';
    const parts = await signer.signParts(
      method,
      parseRequestUrl(input as string | URL),
      new Headers(init.headers),
      body,
    );
    request = new Request(parts.url, {
      ...init,
      method,
      headers: parts.headers,
      body: parts.body ?? null,
    });
  }
  return sendRaw(request, signer.http);
}
