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
import { checkedKey, checkedSecret } from './client-auth-checks.js';
import { loadLazy } from './load-lazy.js';

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
  checkedSecret(clientSecret);
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
  checkedSecret(clientSecret);
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

/** A private JWK (with `d`) as JSON. */
export interface PrivateJwk {
  kty: string;
  d: string;
  alg?: string;
  kid?: string;
  crv?: string;
  [member: string]: unknown;
}

/**
 * @internal A JWT method (RFC 7523 §2.2) by its RFC 7591 name, built from lazy.js on first
 * use (with `jose`). `OAuth2Client` builds its JWT methods with this rather than through
 * `ClientSecretJwt` and `PrivateKeyJwt`, so an app that imports neither ships neither; and
 * lazy.js exports the builders under the method names, which the client has anyway.
 */
export function jwtAuth(
  method: 'client_secret_jwt' | 'private_key_jwt',
  secretOrKey: string | CryptoKey | PrivateJwk,
  options: JwtAuthOptions,
): ClientAuth {
  let auth: Promise<ClientAuth> | undefined;
  return async (context, headers, body) => {
    auth ??= loadLazy().then((m) =>
      (m[method] as (s: typeof secretOrKey, o: JwtAuthOptions) => ClientAuth)(secretOrKey, options),
    );
    await (await auth)(context, headers, body);
  };
}

/**
 * `client_secret_jwt`: an HMAC-signed JWT assertion keyed with the client secret
 * (`jose` is loaded on first use).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 * @example
 * ```ts
 * const auth = ClientSecretJwt('a-secret-of-at-least-32-bytes.....', { alg: 'HS256' });
 * ```
 */
export function ClientSecretJwt(clientSecret: string, options: JwtAuthOptions = {}): ClientAuth {
  checkedSecret(clientSecret);
  return jwtAuth('client_secret_jwt', clientSecret, options);
}

/**
 * `private_key_jwt`: a JWT assertion signed with the client's private key (a `CryptoKey`
 * or a private JWK); the algorithm comes from the key unless given (`jose` is loaded on
 * first use).
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
  checkedKey(key);
  return jwtAuth('private_key_jwt', key, options);
}
