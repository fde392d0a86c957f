import type { JWK } from 'jose';
import { toBase64Url, utf8 } from '../internal/encoding.js';
import { randomToken } from '../internal/random.js';
import { loadJose } from './load-jose.js';
import { parseWwwAuthenticate } from './www-authenticate.js';

/**
 * How a client asks for DPoP: `true` generates an ES256 key pair whose private key cannot
 * be exported; a `CryptoKeyPair` brings your own (e.g. one kept in IndexedDB, so that
 * DPoP-bound refresh tokens of a public client survive a restart).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-2
 */
export type DpopOption = true | CryptoKeyPair;

/**
 * Generates a DPoP key pair: ES256 (P-256), private key non-extractable, so the key that
 * binds the tokens cannot leave the WebCrypto key store.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-2
 * @example
 * ```ts
 * const keyPair = await generateDpopKeyPair();
 * ```
 */
export async function generateDpopKeyPair(): Promise<CryptoKeyPair> {
  const { generateKeyPair } = await loadJose();
  return generateKeyPair('ES256', { extractable: false });
}

/**
 * The key pair for a `dpop` option: a fresh {@link generateDpopKeyPair} for `true`, the
 * given pair (checked) otherwise.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 * @example
 * ```ts
 * const keyPair = await resolveDpopKeyPair(options.dpop ?? true);
 * ```
 */
export async function resolveDpopKeyPair(option: DpopOption): Promise<CryptoKeyPair> {
  if (option === true) return generateDpopKeyPair();
  const { privateKey, publicKey } = (option ?? {}) as Partial<CryptoKeyPair>;
  if (
    !privateKey ||
    !publicKey ||
    privateKey.type !== 'private' ||
    publicKey.type !== 'public' ||
    !privateKey.usages.includes('sign')
  ) {
    throw new TypeError(
      'dpop must be true or a CryptoKeyPair with a signing private key and its public key',
    );
  }
  signingAlgorithm(privateKey);
  return { privateKey, publicKey };
}

/** The JWS `alg` for a WebCrypto private key (RFC 9449 §4.2: asymmetric only). */
function signingAlgorithm(key: CryptoKey): string {
  const a = key.algorithm as KeyAlgorithm & { namedCurve?: string; hash?: { name: string } };
  const bits = a.hash?.name.replace('SHA-', '');
  switch (a.name) {
    case 'ECDSA':
      if (a.namedCurve === 'P-256') return 'ES256';
      if (a.namedCurve === 'P-384') return 'ES384';
      if (a.namedCurve === 'P-521') return 'ES512';
      break;
    case 'RSASSA-PKCS1-v1_5':
      if (bits === '256' || bits === '384' || bits === '512') return `RS${bits}`;
      break;
    case 'RSA-PSS':
      if (bits === '256' || bits === '384' || bits === '512') return `PS${bits}`;
      break;
    case 'Ed25519':
      return 'EdDSA';
  }
  throw new TypeError(
    `the DPoP private key (${a.name}${a.namedCurve ? ` ${a.namedCurve}` : ''}) is not an ES*, RS*, PS* or Ed25519 signing key`,
  );
}

const publicJwks = new WeakMap<CryptoKey, Promise<JWK>>();

/** The public JWK (public members only), exported once per key. */
function publicJwk(publicKey: CryptoKey): Promise<JWK> {
  let jwk = publicJwks.get(publicKey);
  if (!jwk) {
    jwk = loadJose().then(async ({ exportJWK }) => {
      // Public members only (RFC 7638 §3.2 set): never `d`, `ext`, `key_ops`.
      const { kty, crv, x, y, n, e } = await exportJWK(publicKey);
      return Object.fromEntries(
        Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined),
      ) as JWK;
    });
    publicJwks.set(publicKey, jwk);
  }
  return jwk;
}

/**
 * `ath`: base64url of the SHA-256 of the access token's ASCII octets (RFC 9449 §4.2).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 * @example
 * ```ts
 * const ath = await calculateAccessTokenHash(token.access_token);
 * ```
 */
export async function calculateAccessTokenHash(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8(accessToken) as BufferSource);
  return toBase64Url(new Uint8Array(digest));
}

/**
 * The JWK SHA-256 thumbprint (RFC 7638) of the DPoP public key: the `jkt` a server binds
 * tokens to (`cnf.jkt`), and the `dpop_jkt` authorization request parameter (RFC 9449 §10).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 * @example
 * ```ts
 * url.searchParams.set('dpop_jkt', await calculateDpopJkt(keyPair));
 * ```
 */
export async function calculateDpopJkt(keyPair: CryptoKeyPair): Promise<string> {
  const { calculateJwkThumbprint } = await loadJose();
  return calculateJwkThumbprint(await publicJwk(keyPair.publicKey), 'sha256');
}

/**
 * Options of {@link createDpopProof}.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
export interface CreateDpopProofOptions {
  keyPair: CryptoKeyPair;
  /** The HTTP method of the request, e.g. `POST`. */
  htm: string;
  /** The request URL; query and fragment are dropped (RFC 9449 §4.2). */
  htu: string | URL;
  /** The latest `DPoP-Nonce` the server sent (§8, §9). */
  nonce?: string | undefined;
  /** The access token the request presents: adds `ath` (§4.2, §7). */
  accessToken?: string | undefined;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * `htu` as RFC 9449 §4.2 wants it: the target URI without query and fragment.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 * @example
 * ```ts
 * dpopHtu('https://rs.example.com/me?x=1#y'); // 'https://rs.example.com/me'
 * ```
 */
export function dpopHtu(url: string | URL): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.href;
}

/**
 * A DPoP proof JWT (RFC 9449 §4.2): header `typ: dpop+jwt`, the signing `alg` and the
 * public `jwk`; claims `jti` (random, 128 bits), `htm`, `htu`, `iat`, and `nonce` / `ath`
 * when given. Send it in the `DPoP` header of exactly one request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 * @example
 * ```ts
 * const proof = await createDpopProof({ keyPair, htm: 'POST', htu: tokenEndpoint, nonce });
 * await fetch(tokenEndpoint, { method: 'POST', headers: { DPoP: proof }, body });
 * ```
 */
export async function createDpopProof(options: CreateDpopProofOptions): Promise<string> {
  const { keyPair, htm, htu, nonce, accessToken, now } = options;
  if (!keyPair?.privateKey || !keyPair.publicKey)
    throw new TypeError('keyPair must be a CryptoKeyPair');
  if (typeof htm !== 'string' || !/^[A-Z]+$/i.test(htm))
    throw new TypeError('htm must be an HTTP method');
  const alg = signingAlgorithm(keyPair.privateKey);
  const [{ SignJWT }, jwk, ath] = await Promise.all([
    loadJose(),
    publicJwk(keyPair.publicKey),
    accessToken === undefined ? undefined : calculateAccessTokenHash(accessToken),
  ]);
  const claims: Record<string, string | number> = {
    jti: randomToken(16),
    htm,
    htu: dpopHtu(htu),
    iat: Math.floor((now ? now() : Date.now()) / 1000),
  };
  if (nonce !== undefined) claims.nonce = nonce;
  if (ath !== undefined) claims.ath = ath;
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk })
    .sign(keyPair.privateKey);
}

/**
 * The `Authorization` header value for a DPoP-bound access token (RFC 9449 §7.1).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 * @example
 * ```ts
 * headers.set('authorization', dpopAuthorization(token.access_token));
 * headers.set('dpop', await createDpopProof({ keyPair, htm: 'GET', htu: url, accessToken: token.access_token }));
 * ```
 */
export function dpopAuthorization(accessToken: string): string {
  return `DPoP ${accessToken}`;
}

/**
 * The latest `DPoP-Nonce` per origin (RFC 9449 §8, §9): the authorization server and each
 * resource server keep their own nonces, so they are remembered by origin.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 * @example
 * ```ts
 * const nonces = new DpopNonceCache();
 * const proof = await createDpopProof({ keyPair, htm, htu: url, nonce: nonces.get(url) });
 * const response = await fetch(url, { headers: { DPoP: proof } });
 * nonces.remember(url, response.headers);
 * ```
 */
export class DpopNonceCache {
  readonly #nonces = new Map<string, string>();
  readonly #max: number;

  /** @param max Origins remembered at most (oldest forgotten first). Default 100. */
  constructor(max = 100) {
    this.#max = max;
  }

  /** The nonce to put in the next proof for `url`'s origin, if any. */
  get(url: string | URL): string | undefined {
    return this.#nonces.get(new URL(url).origin);
  }

  /** Learns the `DPoP-Nonce` header of a response from `url`, if it has one. */
  remember(url: string | URL, headers: Headers): void {
    const nonce = headers.get('dpop-nonce');
    if (!nonce) return;
    const origin = new URL(url).origin;
    this.#nonces.delete(origin);
    this.#nonces.set(origin, nonce);
    if (this.#nonces.size > this.#max) {
      const oldest = this.#nonces.keys().next().value;
      if (oldest !== undefined) this.#nonces.delete(oldest);
    }
  }
}

/**
 * What {@link isDpopNonceError} looks at: an `HttpResult` or a `Response` fits.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 */
export interface DpopNonceCandidate {
  status: number;
  headers: Headers;
  /** The body as text, for token endpoint errors; not needed for resource servers. */
  body?: string | undefined;
}

/**
 * True when a response asks the client to retry with a server-provided nonce, and gives
 * one in `DPoP-Nonce`: a token endpoint's HTTP 400 `{"error":"use_dpop_nonce"}` (RFC 9449
 * §8) or a resource server's 401 with `WWW-Authenticate: DPoP error="use_dpop_nonce"`
 * (§9). Retry such a request once, with a new proof carrying the nonce; a second
 * `use_dpop_nonce` is an error, not a loop.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-9
 * @example
 * ```ts
 * let result = await send(url, await init());
 * nonces.remember(url, result.headers);
 * if (isDpopNonceError(result)) result = await send(url, await init()); // once
 * ```
 */
export function isDpopNonceError(response: DpopNonceCandidate): boolean {
  if (!response.headers.get('dpop-nonce')) return false;
  if (response.status === 400 && response.body) {
    try {
      const body: unknown = JSON.parse(response.body);
      return (body as { error?: unknown } | null)?.error === 'use_dpop_nonce';
    } catch {
      return false;
    }
  }
  if (response.status === 401) {
    const header = response.headers.get('www-authenticate');
    if (!header) return false;
    return parseWwwAuthenticate(header).some(
      (c) => c.scheme.toLowerCase() === 'dpop' && c.params.error === 'use_dpop_nonce',
    );
  }
  return false;
}
