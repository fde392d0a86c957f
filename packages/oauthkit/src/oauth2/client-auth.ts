/**
 * Client authentication at the token, revocation, introspection and device endpoints, as
 * strategy factories: each returns a function that decorates the outgoing request (headers
 * and form body). The JWT methods load `jose` only when they first sign, so clients that
 * use a shared secret or no secret never pay for it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @module
 */
import { toBase64, utf8 } from '../internal/encoding.js';
import { randomToken } from '../internal/random.js';

/** What a strategy knows about the request it decorates. */
export interface ClientAuthContext {
  clientId: string;
  /** The endpoint being called (token, revocation, introspection, device authorization). */
  endpoint: string;
  /** The token endpoint (the RFC 7523 audience when there is no issuer). */
  tokenEndpoint: string | undefined;
  /** The authorization server's issuer identifier, when known. */
  issuer: string | undefined;
  /** Current time, epoch ms. */
  now: number;
}

/** Decorates a request to an authorization server endpoint with client authentication. */
export type ClientAuth = (
  context: ClientAuthContext,
  headers: Headers,
  body: URLSearchParams,
) => void | Promise<void>;

/** The RFC 7591 names of the built-in methods. */
export type ClientAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'none'
  | 'client_secret_jwt'
  | 'private_key_jwt';

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B). */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * `client_secret_basic`: HTTP Basic with the client id and secret each form-urlencoded
 * first, as RFC 6749 §2.3.1 requires (so `:`, `%`, `+` and non-ASCII survive).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * const client = new OAuth2Client({ clientId: 'app', tokenEndpoint, tokenEndpointAuthMethod: ClientSecretBasic('s3cret') });
 * ```
 */
export function ClientSecretBasic(clientSecret: string): ClientAuth {
  if (typeof clientSecret !== 'string') throw new TypeError('clientSecret must be a string');
  return ({ clientId }, headers) => {
    const pair = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
    headers.set('authorization', `Basic ${toBase64(utf8(pair))}`);
  };
}

/**
 * `client_secret_post`: `client_id` and `client_secret` in the form body.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * const auth = ClientSecretPost('s3cret');
 * ```
 */
export function ClientSecretPost(clientSecret: string): ClientAuth {
  if (typeof clientSecret !== 'string') throw new TypeError('clientSecret must be a string');
  return ({ clientId }, _headers, body) => {
    body.set('client_id', clientId);
    body.set('client_secret', clientSecret);
  };
}

/**
 * `none`: a public client; only `client_id` is sent (use PKCE).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.1
 * @example
 * ```ts
 * const auth = None();
 * ```
 */
export function None(): ClientAuth {
  return ({ clientId }, _headers, body) => {
    body.set('client_id', clientId);
  };
}

/** Options of the JWT assertion methods. */
export interface JwtAuthOptions {
  /** JWS algorithm. Defaults: HS256 for secrets; from the key (RS256, ES256, ...) for private keys. */
  alg?: string;
  /** `kid` header for private keys. */
  kid?: string;
  /** The assertion's `aud`. Default: the issuer when known, else the token endpoint URL. */
  audience?: string;
  /** Lifetime of the assertion in seconds. Default 60. */
  lifetime?: number;
}

type SigningKey = CryptoKey | Uint8Array;

async function signAssertion(
  context: ClientAuthContext,
  key: () => Promise<SigningKey>,
  alg: string,
  options: JwtAuthOptions,
): Promise<string> {
  const { SignJWT } = await import('jose');
  const now = Math.floor(context.now / 1000);
  const audience = options.audience ?? context.issuer ?? context.tokenEndpoint ?? context.endpoint;
  const header: { alg: string; kid?: string } = { alg };
  if (options.kid !== undefined) header.kid = options.kid;
  // RFC 7523 §3: iss = sub = client_id, aud = the authorization server, exp, jti.
  return new SignJWT({})
    .setProtectedHeader(header)
    .setIssuer(context.clientId)
    .setSubject(context.clientId)
    .setAudience(audience)
    .setJti(randomToken(16))
    .setIssuedAt(now)
    .setExpirationTime(now + (options.lifetime ?? 60))
    .sign(await key());
}

function addAssertion(body: URLSearchParams, clientId: string, assertion: string): void {
  body.set('client_id', clientId);
  body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  body.set('client_assertion', assertion);
}

/**
 * `client_secret_jwt`: an HMAC-signed JWT assertion keyed with the client secret.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 * @example
 * ```ts
 * const auth = ClientSecretJwt('a-secret-of-at-least-32-bytes.....', { alg: 'HS256' });
 * ```
 */
export function ClientSecretJwt(clientSecret: string, options: JwtAuthOptions = {}): ClientAuth {
  if (typeof clientSecret !== 'string') throw new TypeError('clientSecret must be a string');
  const key = utf8(clientSecret);
  return async (context, _headers, body) => {
    const jwt = await signAssertion(context, async () => key, options.alg ?? 'HS256', options);
    addAssertion(body, context.clientId, jwt);
  };
}

/** A private JWK (with `d`) as JSON. */
export interface PrivateJwk {
  kty: string;
  d: string;
  alg?: string;
  kid?: string;
  crv?: string;
  [member: string]: unknown;
}

function algFromKey(key: CryptoKey | PrivateJwk): string | undefined {
  if (!('algorithm' in key)) {
    if (key.alg) return key.alg;
    if (key.kty === 'RSA') return 'RS256';
    if (key.kty === 'EC') return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[key.crv!];
    if (key.kty === 'OKP') return 'EdDSA';
    return undefined;
  }
  const a = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string };
  const bits = a.hash?.name.replace('SHA-', '');
  if (a.name === 'RSASSA-PKCS1-v1_5') return `RS${bits}`;
  if (a.name === 'RSA-PSS') return `PS${bits}`;
  if (a.name === 'ECDSA') return `ES${a.namedCurve?.replace('P-', '').replace('521', '512')}`;
  if (a.name === 'Ed25519') return 'EdDSA';
  return undefined;
}

/**
 * `private_key_jwt`: a JWT assertion signed with the client's private key (a `CryptoKey`
 * or a private JWK). The algorithm comes from the key unless given.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @example
 * ```ts
 * const { privateKey } = await crypto.subtle.generateKey(
 *   { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
 * const auth = PrivateKeyJwt(privateKey, { kid: 'key-1' });
 * ```
 */
export function PrivateKeyJwt(
  key: CryptoKey | PrivateJwk,
  options: JwtAuthOptions = {},
): ClientAuth {
  const alg = options.alg ?? algFromKey(key);
  if (!alg) {
    throw new TypeError(
      'clientPrivateKey: cannot tell the JWS algorithm from the key; pass { alg }',
    );
  }
  const kid = options.kid ?? ('algorithm' in key ? undefined : key.kid);
  const opts: JwtAuthOptions = kid === undefined ? options : { ...options, kid };
  let imported: Promise<SigningKey> | undefined;
  const load = (): Promise<SigningKey> => {
    if ('algorithm' in key) return Promise.resolve(key as CryptoKey);
    imported ??= import('jose').then(
      ({ importJWK }) => importJWK(key as never, alg) as Promise<SigningKey>,
    );
    return imported;
  };
  return async (context, _headers, body) => {
    addAssertion(body, context.clientId, await signAssertion(context, load, alg, opts));
  };
}
