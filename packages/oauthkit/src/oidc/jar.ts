import type { JWK } from 'jose';
import { randomToken } from '../internal/random.js';
import { loadJose } from './load-jose.js';

/**
 * Authorization request parameters, as a record or as `URLSearchParams`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export type AuthorizationParams =
  | URLSearchParams
  | Record<string, string | number | boolean | Record<string, unknown> | undefined>;

/**
 * Options of {@link createRequestObject}.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-4
 */
export interface CreateRequestObjectOptions {
  /** The client's `client_id`: the `iss` and `client_id` of the request object. */
  clientId: string;
  /** The authorization server's issuer identifier: the `aud` (RFC 9101 §4). */
  audience: string;
  /** The client's private signing key: a `CryptoKey` or a private JWK. */
  key: CryptoKey | JWK;
  /** The JWS algorithm, e.g. `PS256`, `ES256`, `RS256`. `none` is refused. */
  alg: string;
  /** `kid` header; defaults to the JWK's `kid`. */
  kid?: string | undefined;
  /** Seconds the object is valid. Default 300 (FAPI 2 allows at most 3600 between nbf and exp). */
  expiresIn?: number | undefined;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Parameters whose JSON type in a request object is not a string (OpenID Connect Core §6.1). */
function toClaims(params: AuthorizationParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const entries =
    params instanceof URLSearchParams
      ? [...params]
      : Object.entries(params).filter(([, v]) => v !== undefined);
  for (const [name, value] of entries) {
    if (name === 'request' || name === 'request_uri') {
      throw new TypeError(`params.${name} cannot be inside a request object (RFC 9101 §4)`);
    }
    if (typeof value === 'string' && name === 'max_age' && /^\d+$/.test(value)) {
      out[name] = Number(value);
    } else if (typeof value === 'string' && name === 'claims') {
      try {
        out[name] = JSON.parse(value);
      } catch {
        throw new TypeError('params.claims must be a JSON object (OpenID Connect Core §5.5)');
      }
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * A signed request object (RFC 9101, JAR): the authorization request parameters as claims
 * of a JWT signed with the client's key, with `iss` = client_id, `aud` = the issuer,
 * `iat`, `nbf`, `exp`, a random `jti` and header `typ: oauth-authz-req+jwt` (§10.8). Send
 * it as `request` (with `client_id`) or push it with PAR.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-4
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RequestObject
 * @example
 * ```ts
 * const request = await createRequestObject(
 *   { response_type: 'code', redirect_uri, scope: 'openid', state, nonce, code_challenge, code_challenge_method: 'S256' },
 *   { clientId: 'my-client', audience: metadata.issuer, key: privateKey, alg: 'PS256' },
 * );
 * const url = new URL(metadata.authorization_endpoint);
 * url.searchParams.set('client_id', 'my-client');
 * url.searchParams.set('request', request);
 * ```
 */
export async function createRequestObject(
  params: AuthorizationParams,
  options: CreateRequestObjectOptions,
): Promise<string> {
  const { clientId, audience, key, alg, now } = options;
  if (typeof clientId !== 'string' || !clientId)
    throw new TypeError('options.clientId must be a non-empty string');
  if (typeof audience !== 'string' || !audience) {
    throw new TypeError("options.audience must be the authorization server's issuer identifier");
  }
  if (typeof alg !== 'string' || !alg || alg === 'none') {
    throw new TypeError(
      'options.alg must name a signing algorithm; unsigned request objects are not made',
    );
  }
  const expiresIn = options.expiresIn ?? 300;
  if (!(expiresIn > 0)) throw new TypeError('options.expiresIn must be seconds > 0');
  const claims = toClaims(params);
  const { SignJWT, importJWK } = await loadJose();
  const signingKey = isCryptoKey(key) ? key : await importJWK(key, alg);
  const kid = options.kid ?? (isCryptoKey(key) ? undefined : key.kid);
  const iat = Math.floor((now ? now() : Date.now()) / 1000);
  return new SignJWT({ ...claims, client_id: clientId })
    .setProtectedHeader(
      kid === undefined
        ? { alg, typ: 'oauth-authz-req+jwt' }
        : { alg, typ: 'oauth-authz-req+jwt', kid },
    )
    .setIssuer(clientId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + expiresIn)
    .setJti(randomToken(16))
    .sign(signingKey);
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof CryptoKey !== 'undefined' && key instanceof CryptoKey;
}
