import type { FlattenedJWSInput, JSONWebKeySet, JWSHeaderParameters } from 'jose';
import { parseJsonObject, unexpected } from '../http/parse.js';
import { type HttpOptions, type HttpResult, send } from '../http/send.js';
import { secureUrl } from '../http/url.js';
import { loadJose } from './load-jose.js';

/**
 * Options of a {@link JwksCache} that fetches a `jwks_uri`.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys
 */
export interface JwksCacheOptions extends HttpOptions {
  /** The clock, epoch milliseconds. Default `Date.now`; inject it in tests. */
  now?: (() => number) | undefined;
  /**
   * Seconds that must pass after a fetch before an unknown `kid` may trigger another one.
   * Default 30: a flood of tokens with made-up key ids costs the provider at most one
   * request per 30 s.
   */
  cooldown?: number | undefined;
  /** Accept an `http:` `jwks_uri` on a non-loopback host (trusted test networks only). */
  allowInsecureRequests?: boolean | undefined;
}

type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

const DEFAULT_COOLDOWN = 30;

function isNoMatchingKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_JWKS_NO_MATCHING_KEY';
}

/**
 * Validates a JWKS response (OpenID Connect Discovery §3 `jwks_uri`, RFC 7517 §5): HTTP 200
 * and a JSON object with a `keys` array. Anything else is an `UnexpectedResponseError`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 * @example
 * ```ts
 * const jwks = validateJwksResponse(await send(jwksUri, { method: 'GET' }));
 * ```
 */
export function validateJwksResponse(result: HttpResult): JSONWebKeySet {
  if (result.status !== 200) {
    throw unexpected(
      result,
      'the JWKS endpoint did not answer 200',
      'Check jwks_uri in the provider metadata.',
    );
  }
  const body = parseJsonObject(result, 'the JWKS');
  if (!Array.isArray(body.keys) || !body.keys.every((k) => k !== null && typeof k === 'object')) {
    throw unexpected(
      result,
      'the JWKS has no "keys" array of objects',
      'Check jwks_uri in the provider metadata.',
    );
  }
  return body as unknown as JSONWebKeySet;
}

/**
 * The signing keys of an issuer: its `jwks_uri` fetched once (through `send()`, under the
 * timeout and size limit) and cached; refetched at most once when a token names a `kid`
 * the cache does not hold (key rotation), and then no more than once per `cooldown`
 * seconds. A static JWKS works the same, without fetching.
 *
 * Imported `CryptoKey`s are cached too, so a validation with a warm cache costs one map
 * lookup before the signature check.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @example
 * ```ts
 * const jwks = new JwksCache('https://id.example.com/jwks', { timeout: 10_000 });
 * const claims = await validateIdToken(idToken, { issuer, clientId, jwks });
 * // or a static set, e.g. from configuration:
 * const fixed = new JwksCache({ keys: [publicJwk] });
 * ```
 */
export class JwksCache {
  /** The `jwks_uri`, or `undefined` for a static set. */
  readonly uri: string | undefined;
  readonly #options: HttpOptions;
  readonly #now: () => number;
  readonly #cooldownMs: number;
  #jwks: JSONWebKeySet | undefined;
  #resolve: KeyResolver | undefined;
  #loading: Promise<KeyResolver> | undefined;
  #lastFetch = Number.NEGATIVE_INFINITY;
  #memo = new Map<string, CryptoKey>();
  #byHeader = new Map<string, CryptoKey>();

  constructor(source: string | URL | JSONWebKeySet, options: JwksCacheOptions = {}) {
    const { now, cooldown, allowInsecureRequests, ...http } = options;
    if (typeof source === 'string' || source instanceof URL) {
      this.uri = secureUrl(source, 'jwks_uri', allowInsecureRequests).href;
    } else if (source !== null && typeof source === 'object' && Array.isArray(source.keys)) {
      this.uri = undefined;
      this.#jwks = source;
    } else {
      throw new TypeError('source must be a jwks_uri or a JSON Web Key Set ({ keys: [...] })');
    }
    if (cooldown !== undefined && !(cooldown >= 0)) {
      throw new TypeError('cooldown must be a number of seconds >= 0');
    }
    this.#options = http;
    this.#now = now ?? Date.now;
    this.#cooldownMs = (cooldown ?? DEFAULT_COOLDOWN) * 1000;
  }

  /** The current key set, fetched first if it has not been yet. */
  async getJwks(): Promise<JSONWebKeySet> {
    await this.#resolver();
    return this.#jwks!;
  }

  /**
   * The verification key for a JWS header, in the shape jose's `jwtVerify` takes as a key
   * function. An unknown `kid` triggers one refetch unless one happened within the
   * cooldown; if the key is still unknown, jose's `JWKSNoMatchingKey` is thrown.
   */
  getKey = (
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): CryptoKey | Promise<CryptoKey> => {
    // Warm path: a key already resolved for this kid and alg is returned synchronously;
    // this runs for every validation, and jose's own lookup costs several µs.
    const memoKey = `${header.kid ?? ''}\u0000${header.alg ?? ''}`;
    const known = this.#memo.get(memoKey);
    if (known) return known;
    const memo = this.#memo;
    const remember = (key: CryptoKey) => {
      // Only keys that resolved are kept, so made-up kids cannot grow the map; a reload
      // starts a new map.
      if (memo === this.#memo && memo.size < 64) memo.set(memoKey, key);
      return key;
    };
    const resolve = this.#resolve;
    if (resolve) {
      return resolve(header, token).then(remember, (error) => this.#retry(error, header, token));
    }
    return this.#resolver().then((first) =>
      first(header, token).then(remember, (error) => this.#retry(error, header, token)),
    );
  };

  /**
   * @internal The key that last verified a JWS whose encoded protected header was exactly
   * `segment` (same alg, kid, typ), so a warm validation can hand jose the `CryptoKey`
   * itself: a key function costs jose several µs per call. Forgotten on every reload.
   */
  keyForHeader(segment: string): CryptoKey | undefined {
    return this.#byHeader.get(segment);
  }

  /** @internal Remembers the key that verified a JWS with this encoded header (see {@link keyForHeader}). */
  rememberKeyForHeader(segment: string, key: CryptoKey): void {
    if (this.#byHeader.size < 64) this.#byHeader.set(segment, key);
  }

  /** An unknown `kid`: refetch once, unless one happened within the cooldown. */
  async #retry(
    error: unknown,
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<CryptoKey> {
    if (!isNoMatchingKey(error) || this.uri === undefined) throw error;
    if (this.#now() - this.#lastFetch < this.#cooldownMs) throw error;
    const fresh = await this.#reload();
    return fresh(header, token);
  }

  #resolver(): Promise<KeyResolver> {
    if (this.#resolve) return Promise.resolve(this.#resolve);
    if (this.#jwks) return this.#build(this.#jwks);
    return this.#reload();
  }

  /** One fetch at a time: concurrent callers share it. */
  #reload(): Promise<KeyResolver> {
    this.#loading ??= this.#fetch().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #fetch(): Promise<KeyResolver> {
    this.#lastFetch = this.#now();
    const result = await send(
      this.uri!,
      { method: 'GET', headers: { accept: 'application/jwk-set+json, application/json' } },
      this.#options,
    );
    const jwks = validateJwksResponse(result);
    try {
      return await this.#build(jwks);
    } catch (cause) {
      const error = unexpected(result, 'the JWKS is malformed', 'Check jwks_uri.');
      Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
      throw error;
    }
  }

  async #build(jwks: JSONWebKeySet): Promise<KeyResolver> {
    const { createLocalJWKSet } = await loadJose();
    const resolve = createLocalJWKSet(jwks) as KeyResolver;
    this.#jwks = jwks;
    this.#resolve = resolve;
    this.#memo = new Map();
    this.#byHeader = new Map();
    return resolve;
  }
}

const forStaticSets = new WeakMap<JSONWebKeySet, JwksCache>();

/** @internal A `JwksCache` as is; a plain JWKS object wrapped once (so its imported keys stay cached). */
export function toJwksCache(jwks: JwksCache | JSONWebKeySet): JwksCache {
  if (jwks instanceof JwksCache) return jwks;
  let cache = forStaticSets.get(jwks);
  if (!cache) {
    cache = new JwksCache(jwks);
    forStaticSets.set(jwks, cache);
  }
  return cache;
}
