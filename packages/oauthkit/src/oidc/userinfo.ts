import type { JSONWebKeySet, JWTPayload } from 'jose';
import { IdTokenValidationError, OAuthResponseError } from '../errors.js';
import { mediaType, parseJsonObject, unexpected } from '../http/parse.js';
import type { HttpResult } from '../http/send.js';
import { DEFAULT_CLOCK_TOLERANCE, translateJoseError, usableAlgorithms } from './id-token.js';
import { type JwksCache, toJwksCache } from './jwks.js';
import { loadJose } from './load-jose.js';
import { parseWwwAuthenticate } from './www-authenticate.js';

/**
 * The claims of a UserInfo response (OpenID Connect Core §5.3.2); `sub` is always there.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse
 */
export interface UserinfoClaims extends JWTPayload {
  sub: string;
  [claim: string]: unknown;
}

/**
 * Options of {@link validateUserinfoResponse}.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse
 */
export interface ValidateUserinfoOptions {
  /** The `sub` of the validated id_token of the same login (§5.3.4). */
  expectedSubject: string;
  /** The issuer identifier; required for a signed (`application/jwt`) response. */
  issuer?: string | undefined;
  /** This client's `client_id`; required for a signed response. */
  clientId?: string | undefined;
  /** The issuer's keys; required for a signed response. */
  jwks?: JwksCache | JSONWebKeySet | undefined;
  /** `userinfo_signing_alg_values_supported` or the registered alg; default `['RS256']`. */
  algorithms?: readonly string[] | undefined;
  /** The client secret, only to verify HS* signed responses. */
  clientSecret?: string | undefined;
  /** Seconds of clock skew allowed for `exp`/`nbf`, if the JWT has them. Default 5. */
  clockTolerance?: number | undefined;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

function bearerError(result: HttpResult): OAuthResponseError | undefined {
  const header = result.headers.get('www-authenticate');
  if (!header) return undefined;
  const challenge = parseWwwAuthenticate(header).find((c) => c.params.error !== undefined);
  if (!challenge) return undefined;
  const error = challenge.params.error!;
  const description = challenge.params.error_description;
  return new OAuthResponseError(
    `The UserInfo endpoint refused the access token: ${error}${description ? ` (${description})` : ''}. ` +
      'Refresh the token, or check that it carries the openid scope.',
    {
      error,
      errorDescription: description,
      errorUri: challenge.params.error_uri,
      status: result.status,
      response: result.response,
    },
  );
}

/**
 * Validates a UserInfo response (OpenID Connect Core §5.3.2-§5.3.4) and returns its claims:
 *
 * - `application/json`: a JSON object;
 * - `application/jwt`: a signed JWT, verified with the issuer's JWKS and the alg allow-list,
 *   with `iss` equal to the issuer and `aud` including the client (§5.3.2); failures are
 *   `IdTokenValidationError`s with the same codes as for an id_token;
 * - in both cases `sub` must equal the id_token's `sub` (§5.3.4), else `ERR_ID_TOKEN_SUB`.
 *
 * An error status with a `WWW-Authenticate` error (RFC 6750 §3) is an `OAuthResponseError`;
 * anything else unexpected is an `UnexpectedResponseError`. Encrypted responses are not
 * supported.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse
 * @example
 * ```ts
 * const result = await send(metadata.userinfo_endpoint, { headers: { authorization: `Bearer ${at}` } });
 * const info = await validateUserinfoResponse(result, {
 *   expectedSubject: claims.sub, issuer: metadata.issuer, clientId, jwks,
 * });
 * ```
 */
export async function validateUserinfoResponse(
  result: HttpResult,
  options: ValidateUserinfoOptions,
): Promise<UserinfoClaims> {
  if (typeof options?.expectedSubject !== 'string' || !options.expectedSubject) {
    throw new TypeError("options.expectedSubject must be the id_token's sub");
  }
  if (result.status !== 200) {
    throw (
      bearerError(result) ??
      unexpected(
        result,
        'the UserInfo endpoint did not answer 200',
        'Check userinfo_endpoint and the access token.',
      )
    );
  }
  const type = mediaType(result.headers);
  let claims: Record<string, unknown>;
  if (type === 'application/jwt') {
    claims = await verifyUserinfoJwt(result.body.trim(), options);
  } else if (type === 'application/json') {
    claims = parseJsonObject(result, 'the UserInfo response');
  } else {
    throw unexpected(
      result,
      'a UserInfo response must be application/json or application/jwt',
      'Check userinfo_endpoint.',
    );
  }
  if (typeof claims.sub !== 'string' || claims.sub !== options.expectedSubject) {
    throw new IdTokenValidationError(
      `UserInfo "sub" is ${claims.sub === undefined ? 'missing' : JSON.stringify(claims.sub)}, expected ${JSON.stringify(options.expectedSubject)} as in the id_token (Core §5.3.4). ` +
        'The response is about another user and must not be used.',
      { code: 'ERR_ID_TOKEN_SUB', claim: 'sub' },
    );
  }
  return claims as UserinfoClaims;
}

async function verifyUserinfoJwt(
  jwt: string,
  options: ValidateUserinfoOptions,
): Promise<Record<string, unknown>> {
  const { issuer, clientId, jwks } = options;
  if (!issuer || !clientId || !jwks) {
    throw new TypeError(
      'a signed UserInfo response needs options.issuer, options.clientId and options.jwks',
    );
  }
  const secret = options.clientSecret ? new TextEncoder().encode(options.clientSecret) : undefined;
  const algorithms = usableAlgorithms(options.algorithms, secret !== undefined);
  const tolerance = options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE;
  const nowMs = options.now ? options.now() : Date.now();
  const cache = toJwksCache(jwks);
  const { jwtVerify } = await loadJose();
  try {
    const { payload } = await jwtVerify(
      jwt,
      (header, token) =>
        secret !== undefined && header.alg?.startsWith('HS') ? secret : cache.getKey(header, token),
      {
        algorithms,
        issuer,
        audience: clientId,
        requiredClaims: ['sub'],
        clockTolerance: tolerance,
        currentDate: new Date(nowMs),
      },
    );
    return payload as Record<string, unknown>;
  } catch (error) {
    throw await translateJoseError(error, jwt, {
      what: 'the UserInfo JWT',
      issuer,
      clientId,
      algorithms,
      tolerance,
      nowSeconds: Math.floor(nowMs / 1000),
    });
  }
}
