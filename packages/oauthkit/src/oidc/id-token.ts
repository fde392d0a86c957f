import type {
  JSONWebKeySet,
  JWSHeaderParameters,
  JWTPayload,
  JWTVerifyGetKey,
  JWTVerifyResult,
} from 'jose';
import { IdTokenValidationError, OAuthError, type OAuthErrorCode } from '../errors.js';
import { toBase64Url, utf8 } from '../internal/encoding.js';
import { type JwksCache, toJwksCache } from './jwks.js';
import { loadedJose, loadJose } from './load-jose.js';

/**
 * The claims of a validated id_token (OpenID Connect Core §2). The five required claims are
 * typed as present; everything else the provider sent is there too.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export interface IdTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  auth_time?: number;
  nonce?: string;
  acr?: string;
  amr?: string[];
  azp?: string;
  at_hash?: string;
  c_hash?: string;
  [claim: string]: unknown;
}

/**
 * Options of {@link validateIdToken}. Times are in seconds, `now` in epoch milliseconds.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export interface ValidateIdTokenOptions {
  /** The issuer identifier from discovery; `iss` must equal it exactly (but see `idTokenIssuer`). */
  issuer: string;
  /**
   * For multi-tenant providers whose discovery `issuer` is a template (Microsoft's
   * `https://login.microsoftonline.com/{tenantid}/v2.0`): returns the issuer this token's
   * `iss` must equal exactly, worked out from its claims after the signature verified
   * (e.g. from `tid`); `undefined` when the claims name no acceptable issuer (the token is
   * refused). Default: `issuer`. See `microsoftIssuer` in `oauthkit/providers`.
   */
  idTokenIssuer?: ((claims: IdTokenClaims) => string | undefined) | undefined;
  /** This client's `client_id`; it must be in `aud` (and equal `azp` when present). */
  clientId: string;
  /** The issuer's keys: a {@link JwksCache} (shared across validations) or a static JWKS. */
  jwks: JwksCache | JSONWebKeySet;
  /** The nonce sent in the authentication request; when given, `nonce` must equal it. */
  nonce?: string | undefined;
  /** The `max_age` sent in the authentication request; `auth_time` must then be recent enough. */
  maxAge?: number | undefined;
  /** The access token from the same response: checked against `at_hash` when present. */
  accessToken?: string | undefined;
  /** The authorization code from the same flow: checked against `c_hash` when present. */
  code?: string | undefined;
  /**
   * Seconds of clock skew allowed between this machine and the provider in the `exp`,
   * `iat`, `nbf` and `auth_time` checks. Default 5.
   */
  clockTolerance?: number | undefined;
  /**
   * The accepted signing algorithms, usually the provider's
   * `id_token_signing_alg_values_supported`. Default `['RS256']` (Core §15.1). `none` is
   * never accepted; `HS256`/`HS384`/`HS512` only count when `clientSecret` is given, and
   * then verify with that secret, never with a key from the JWKS.
   */
  algorithms?: readonly string[] | undefined;
  /** The client secret, the key of HS* signed id_tokens (Core §10.1). */
  clientSecret?: string | undefined;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * The default `clockTolerance`, in seconds.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 * @example
 * ```ts
 * await validateIdToken(idToken, { issuer, clientId, jwks, clockTolerance: DEFAULT_CLOCK_TOLERANCE * 2 });
 * ```
 */
export const DEFAULT_CLOCK_TOLERANCE = 5;
const DEFAULT_ALGORITHMS: readonly string[] = ['RS256'];
const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat'];

function fail(
  code: OAuthErrorCode,
  claim: string | undefined,
  message: string,
  cause?: unknown,
): IdTokenValidationError {
  return new IdTokenValidationError(
    message,
    cause === undefined
      ? { code, ...(claim ? { claim } : {}) }
      : { code, cause, ...(claim ? { claim } : {}) },
  );
}

/**
 * Compares in time that depends only on the lengths. Works on UTF-16 code units, avoiding
 * internal/timing-safe's two TextEncoder calls (measurable on the validation hot path).
 */
function sameString(a: string, b: string): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

const show = (value: unknown): string => (value === undefined ? 'missing' : JSON.stringify(value));

interface Checked {
  algorithms: string[];
  secret: Uint8Array | undefined;
  tolerance: number;
}

function checkOptions(options: ValidateIdTokenOptions): Checked {
  if (!options || typeof options.issuer !== 'string' || !options.issuer) {
    throw new TypeError('options.issuer must be the issuer identifier (a non-empty string)');
  }
  if (typeof options.clientId !== 'string' || !options.clientId) {
    throw new TypeError('options.clientId must be a non-empty string');
  }
  if (!options.jwks) throw new TypeError('options.jwks must be a JwksCache or a JWKS object');
  const tolerance = options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE;
  if (!(tolerance >= 0)) throw new TypeError('options.clockTolerance must be seconds >= 0');
  if (options.maxAge !== undefined && !(options.maxAge >= 0)) {
    throw new TypeError('options.maxAge must be seconds >= 0');
  }
  const secret = options.clientSecret ? utf8(options.clientSecret) : undefined;
  return {
    algorithms: usableAlgorithms(options.algorithms, secret !== undefined),
    secret,
    tolerance,
  };
}

/**
 * @internal The allow-list as used: `none` never; HS* only with a secret to verify with (Core §10.1),
 * so a token MACed with the provider's public key as the secret can never pass.
 */
export function usableAlgorithms(
  algorithms: readonly string[] | undefined,
  haveSecret: boolean,
): string[] {
  const usable = (algorithms ?? DEFAULT_ALGORITHMS).filter(
    (alg) => alg !== 'none' && (haveSecret || !alg.startsWith('HS')),
  );
  if (usable.length === 0) {
    throw new TypeError(
      'options.algorithms allows no usable algorithm: "none" is never accepted and HS* needs options.clientSecret',
    );
  }
  return usable;
}

/** Hash for at_hash / c_hash: the hash of the JWS alg (Core §3.1.3.6, §3.3.2.11). */
function hashFor(alg: string, key: CryptoKey | Uint8Array | undefined): string | undefined {
  const bits = /^(?:RS|PS|ES|HS)(256|384|512)$/.exec(alg)?.[1];
  if (bits) return `SHA-${bits}`;
  // EdDSA with Ed25519 uses SHA-512 (OpenID Connect Core errata set 2).
  if (alg === 'Ed25519') return 'SHA-512';
  if (alg === 'EdDSA' && (key as CryptoKey | undefined)?.algorithm?.name === 'Ed25519') {
    return 'SHA-512';
  }
  return undefined;
}

/** base64url of the left half of the hash of `value` (Core §3.1.3.8, §3.3.2.11). */
async function halfHash(value: string, hash: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest(hash, utf8(value) as BufferSource));
  return toBase64Url(digest.subarray(0, digest.length / 2));
}

async function checkHash(
  claim: 'at_hash' | 'c_hash',
  actual: unknown,
  value: string,
  alg: string,
  key: CryptoKey | Uint8Array | undefined,
): Promise<void> {
  const code = claim === 'at_hash' ? 'ERR_ID_TOKEN_AT_HASH' : 'ERR_ID_TOKEN_C_HASH';
  const what = claim === 'at_hash' ? 'access token' : 'authorization code';
  const hash = hashFor(alg, key);
  if (!hash) {
    throw fail(
      code,
      claim,
      `id_token "${claim}" cannot be checked: no hash is defined for alg ${alg}.`,
    );
  }
  const expected = await halfHash(value, hash);
  if (typeof actual !== 'string' || !sameString(actual, expected)) {
    throw fail(
      code,
      claim,
      `id_token "${claim}" is ${show(actual)}, expected ${show(expected)} (the ${what} from the same response does not belong to this id_token).`,
    );
  }
}

const CLAIM_CODES: Record<string, OAuthErrorCode> = {
  iss: 'ERR_ID_TOKEN_ISS',
  aud: 'ERR_ID_TOKEN_AUD',
  sub: 'ERR_ID_TOKEN_SUB',
  exp: 'ERR_ID_TOKEN_EXP',
  iat: 'ERR_ID_TOKEN_IAT',
  nbf: 'ERR_ID_TOKEN_NBF',
};

/** @internal What a failure message needs to say what was expected. */
export interface JwtCheckContext {
  /** Names the JWT in messages: `id_token`, `the UserInfo JWT`. */
  what: string;
  issuer: string;
  clientId: string;
  algorithms: readonly string[];
  tolerance: number;
  nowSeconds: number;
}

/**
 * Turns a jose (or key resolution) failure into an `IdTokenValidationError` whose code names
 * the check, jose's error as `cause`. oauthkit's own errors (the JWKS fetch) pass through.
 * Shared by id_token and signed UserInfo validation.
 *
 * @internal
 */
export async function translateJoseError(
  error: unknown,
  token: string,
  ctx: JwtCheckContext,
): Promise<unknown> {
  const { what, nowSeconds } = ctx;
  // The JWKS could not be fetched: NetworkError, TimeoutError, UnexpectedResponseError.
  if (error instanceof OAuthError) return error;
  const e = error as { code?: unknown; claim?: unknown; reason?: unknown; payload?: JWTPayload };
  const header = await safeHeader(token);
  switch (e.code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return fail(
        'ERR_ID_TOKEN_ALG',
        undefined,
        `${what} is signed with alg ${show(header?.alg)}, expected one of ${ctx.algorithms.join(', ')}. ` +
          "Pass the provider's advertised signing algorithms as algorithms if it really uses another.",
        error,
      );
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return fail(
        'ERR_ID_TOKEN_KID',
        undefined,
        `No key in the issuer's JWKS matches ${what} (kid ${show(header?.kid)}, alg ${show(header?.alg)}); ` +
          'the JWKS is refetched for an unknown kid at most once per cooldown. The token may come from another issuer or be forged.',
        error,
      );
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return fail(
        'ERR_ID_TOKEN_SIGNATURE',
        undefined,
        `${what} signature does not verify (alg ${show(header?.alg)}, kid ${show(header?.kid)}). The token was altered or not issued by ${ctx.issuer}.`,
        error,
      );
    case 'ERR_JWT_EXPIRED':
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = typeof e.claim === 'string' ? e.claim : undefined;
      const code = (claim && CLAIM_CODES[claim]) || 'ERR_ID_TOKEN_INVALID';
      const actual = claim ? e.payload?.[claim] : undefined;
      let expected: string;
      if (e.reason === 'missing') expected = 'the claim to be present (Core §2)';
      else if (claim === 'iss') expected = show(ctx.issuer);
      else if (claim === 'aud') expected = `an audience including ${show(ctx.clientId)}`;
      else if (claim === 'exp')
        expected = `a time after now (${nowSeconds}) minus ${ctx.tolerance} s tolerance`;
      else if (claim === 'nbf')
        expected = `a time before now (${nowSeconds}) plus ${ctx.tolerance} s tolerance`;
      else expected = 'a valid value';
      const advice: Record<string, string> = {
        iss: ' Check the issuer option: it must equal the discovered issuer exactly.',
        aud: ' Check the clientId option; the token may be meant for another client.',
        exp: " Get a new token; if this machine's clock is off, fix it or raise clockTolerance.",
        nbf: " If this machine's clock is behind, fix it or raise clockTolerance.",
      };
      return fail(
        code,
        claim,
        `${what} "${claim ?? '?'}" is ${show(actual)}, expected ${expected}.${(claim && advice[claim]) || ''}`,
        error,
      );
    }
    default:
      return fail(
        'ERR_ID_TOKEN_INVALID',
        undefined,
        `${what} is not a valid signed JWT (JWS compact serialization); encrypted JWTs are not supported.`,
        error,
      );
  }
}

async function safeHeader(token: string): Promise<JWSHeaderParameters | undefined> {
  try {
    return (await loadJose()).decodeProtectedHeader(token) as JWSHeaderParameters;
  } catch {
    return undefined;
  }
}

/**
 * Validates an id_token the way OpenID Connect Core §3.1.3.7 says a client must, and returns
 * its claims:
 *
 * - signature through the issuer's JWKS ({@link JwksCache}: cached, refetched once on an
 *   unknown `kid`), `alg` from the allow-list, `none` never, HS* only with the client secret;
 * - `iss` equal to `issuer`; `aud` containing `clientId`; with several audiences `azp`
 *   present, and `azp` equal to `clientId` whenever present;
 * - `exp` in the future, `iat` not in the future, `nbf` passed (all with `clockTolerance`);
 * - `nonce` equal to the one sent, `auth_time` present and recent enough with `maxAge`;
 * - `at_hash` (§3.1.3.8, §3.2.2.9) and `c_hash` (§3.3.2.11) when present and the access
 *   token / code is given.
 *
 * Every failure is an `IdTokenValidationError` whose `code` names the check
 * (`ERR_ID_TOKEN_AUD`, `ERR_ID_TOKEN_SIGNATURE`, ...), with jose's error as `cause`. A JWKS
 * that cannot be fetched fails with the HTTP layer's `NetworkError`, `TimeoutError` or
 * `UnexpectedResponseError`. The message never contains the token.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 * @example
 * ```ts
 * const jwks = new JwksCache(metadata.jwks_uri);
 * const claims = await validateIdToken(token.id_token, {
 *   issuer: metadata.issuer,
 *   clientId: 'my-client',
 *   jwks,
 *   nonce,
 *   accessToken: token.access_token,
 *   algorithms: metadata.id_token_signing_alg_values_supported,
 * });
 * console.log(claims.sub);
 * ```
 */
export async function validateIdToken(
  idToken: string,
  options: ValidateIdTokenOptions,
): Promise<IdTokenClaims> {
  if (typeof idToken !== 'string' || idToken.length === 0) {
    throw new TypeError('idToken must be a non-empty string');
  }
  const checked = checkOptions(options);
  const { jwtVerify } = loadedJose() ?? (await loadJose());
  const nowMs = options.now ? options.now() : Date.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  const jwks = toJwksCache(options.jwks);
  const { secret } = checked;
  const verifyOptions = {
    algorithms: checked.algorithms,
    // With idTokenIssuer the expected iss depends on the claims: checked after verification.
    ...(options.idTokenIssuer ? {} : { issuer: options.issuer }),
    audience: options.clientId,
    requiredClaims: REQUIRED_CLAIMS,
    clockTolerance: checked.tolerance,
    currentDate: new Date(nowMs),
  };

  const getKey: JWTVerifyGetKey = (header, token) =>
    secret !== undefined && header.alg?.startsWith('HS') ? secret : jwks.getKey(header, token);

  // Warm path: the JWKS key that verified a token with this exact header before. jose still
  // checks the alg allow-list and the signature; only the key lookup is skipped.
  const segment = idToken.slice(0, Math.max(0, idToken.indexOf('.')));
  const known = jwks.keyForHeader(segment);

  // Plain locals rather than a spread result object: measurably cheaper on this hot path.
  let payload: JWTPayload;
  let alg: string;
  let key: CryptoKey | Uint8Array | undefined;
  try {
    if (known) {
      const verified = await jwtVerify(idToken, known, verifyOptions);
      payload = verified.payload;
      alg = verified.protectedHeader.alg;
      key = known;
    } else {
      const verified = await jwtVerify(idToken, getKey, verifyOptions);
      payload = verified.payload;
      alg = verified.protectedHeader.alg;
      key = verified.key as CryptoKey | Uint8Array;
      if (isCryptoKey(key)) jwks.rememberKeyForHeader(segment, key);
    }
  } catch (error) {
    const verified = await verifyWithCandidates(error, idToken, verifyOptions).catch(
      async (failure: unknown) => {
        throw await translateJoseError(failure, idToken, {
          what: 'id_token',
          issuer: options.issuer,
          clientId: options.clientId,
          algorithms: checked.algorithms,
          tolerance: checked.tolerance,
          nowSeconds,
        });
      },
    );
    payload = verified.payload;
    alg = verified.protectedHeader.alg;
    key = verified.key;
  }

  const claims = payload as IdTokenClaims;
  const tolerance = checked.tolerance;

  if (options.idTokenIssuer) {
    const expected = options.idTokenIssuer(claims);
    if (
      expected === undefined ||
      typeof claims.iss !== 'string' ||
      !sameString(claims.iss, expected)
    ) {
      throw fail(
        'ERR_ID_TOKEN_ISS',
        'iss',
        `id_token "iss" is ${show(claims.iss)}, expected ${show(expected)} (from idTokenIssuer). The token comes from another issuer or tenant.`,
      );
    }
  }

  // §3.1.3.7 (10): iat may not lie in the future (beyond the tolerance).
  if (claims.iat > nowSeconds + tolerance) {
    throw fail(
      'ERR_ID_TOKEN_IAT',
      'iat',
      `id_token "iat" is ${claims.iat}, expected a time before now (${nowSeconds}) plus ${tolerance} s tolerance. Check this machine's clock.`,
    );
  }
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
    throw fail(
      'ERR_ID_TOKEN_SUB',
      'sub',
      `id_token "sub" is ${show(claims.sub)}, expected a non-empty string.`,
    );
  }
  // §3.1.3.7 (4), (5): several audiences need azp; azp, when present, is this client.
  if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp === undefined) {
    throw fail(
      'ERR_ID_TOKEN_AZP',
      'azp',
      `id_token has several audiences (${show(claims.aud)}) but no "azp", expected "azp" = ${show(options.clientId)}.`,
    );
  }
  if (claims.azp !== undefined && claims.azp !== options.clientId) {
    throw fail(
      'ERR_ID_TOKEN_AZP',
      'azp',
      `id_token "azp" is ${show(claims.azp)}, expected ${show(options.clientId)}.`,
    );
  }
  // §3.1.3.7 (11)
  if (options.nonce !== undefined) {
    if (typeof claims.nonce !== 'string' || !sameString(claims.nonce, options.nonce)) {
      throw fail(
        'ERR_ID_TOKEN_NONCE',
        'nonce',
        `id_token "nonce" is ${show(claims.nonce)}, expected ${show(options.nonce)} (the nonce of this login). ` +
          'The response may be replayed, or belong to another login attempt.',
      );
    }
  }
  // §3.1.3.7 (13)
  if (options.maxAge !== undefined || claims.auth_time !== undefined) {
    if (typeof claims.auth_time !== 'number' || !Number.isFinite(claims.auth_time)) {
      throw fail(
        'ERR_ID_TOKEN_AUTH_TIME',
        'auth_time',
        `id_token "auth_time" is ${show(claims.auth_time)}, expected a number (required when max_age was requested).`,
      );
    }
    if (
      options.maxAge !== undefined &&
      claims.auth_time + options.maxAge < nowSeconds - tolerance
    ) {
      throw fail(
        'ERR_ID_TOKEN_AUTH_TIME',
        'auth_time',
        `id_token "auth_time" is ${claims.auth_time}, expected no earlier than ${nowSeconds - options.maxAge} (max_age ${options.maxAge} s, ${tolerance} s tolerance). The user must log in again.`,
      );
    }
  }
  if (options.accessToken !== undefined && claims.at_hash !== undefined) {
    await checkHash('at_hash', claims.at_hash, options.accessToken, alg, key);
  }
  if (options.code !== undefined && claims.c_hash !== undefined) {
    await checkHash('c_hash', claims.c_hash, options.code, alg, key);
  }
  return claims;
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof CryptoKey !== 'undefined' && key instanceof CryptoKey;
}

/**
 * jose reports several keys that fit the header (no `kid`, several keys of one type) with
 * the candidates attached: try each; the first whose signature verifies decides.
 */
async function verifyWithCandidates(
  error: unknown,
  idToken: string,
  verifyOptions: Parameters<typeof import('jose').jwtVerify>[2],
): Promise<JWTVerifyResult & { key?: CryptoKey }> {
  const candidates = (
    error as { [Symbol.asyncIterator]?: () => AsyncIterable<CryptoKey> } | null
  )?.[Symbol.asyncIterator];
  if ((error as { code?: unknown })?.code !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || !candidates) {
    throw error;
  }
  const { jwtVerify } = await loadJose();
  let last: unknown = error;
  for await (const key of candidates.call(error)) {
    try {
      return { ...(await jwtVerify(idToken, key, verifyOptions)), key };
    } catch (failure) {
      if ((failure as { code?: unknown })?.code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
        throw failure;
      last = failure;
    }
  }
  throw last;
}

function sameAudience(a: unknown, b: unknown): boolean {
  const list = (x: unknown) => (Array.isArray(x) ? x : [x]).map(String).sort();
  const x = list(a);
  const y = list(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Checks an id_token from a refresh response against the one from the original login
 * (OpenID Connect Core §12.2): same `iss`, `sub` and `aud` (and `azp` when present);
 * `auth_time`, when present, still the time of the original authentication; `nonce`, when
 * present, still the original one. Validate the new token with {@link validateIdToken}
 * first; this adds only the comparison. Returns the new claims.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokenResponse
 * @example
 * ```ts
 * const next = await validateIdToken(refreshed.id_token, { issuer, clientId, jwks });
 * validateRefreshedIdToken(previousClaims, next);
 * ```
 */
export function validateRefreshedIdToken(
  previousClaims: IdTokenClaims,
  newClaims: IdTokenClaims,
): IdTokenClaims {
  const differs = (code: OAuthErrorCode, claim: string, before: unknown, after: unknown) =>
    fail(
      code,
      claim,
      `The refreshed id_token's "${claim}" is ${show(after)}, expected ${show(before)} as in the original id_token (Core §12.2). ` +
        'The refresh answered for another identity; log in again.',
    );
  if (newClaims.iss !== previousClaims.iss) {
    throw differs('ERR_ID_TOKEN_ISS', 'iss', previousClaims.iss, newClaims.iss);
  }
  if (newClaims.sub !== previousClaims.sub) {
    throw differs('ERR_ID_TOKEN_SUB', 'sub', previousClaims.sub, newClaims.sub);
  }
  if (!sameAudience(previousClaims.aud, newClaims.aud)) {
    throw differs('ERR_ID_TOKEN_AUD', 'aud', previousClaims.aud, newClaims.aud);
  }
  if (
    previousClaims.azp !== undefined &&
    newClaims.azp !== undefined &&
    newClaims.azp !== previousClaims.azp
  ) {
    throw differs('ERR_ID_TOKEN_AZP', 'azp', previousClaims.azp, newClaims.azp);
  }
  if (
    previousClaims.auth_time !== undefined &&
    newClaims.auth_time !== undefined &&
    newClaims.auth_time !== previousClaims.auth_time
  ) {
    throw differs(
      'ERR_ID_TOKEN_AUTH_TIME',
      'auth_time',
      previousClaims.auth_time,
      newClaims.auth_time,
    );
  }
  if (newClaims.nonce !== undefined && newClaims.nonce !== previousClaims.nonce) {
    throw differs('ERR_ID_TOKEN_NONCE', 'nonce', previousClaims.nonce, newClaims.nonce);
  }
  return newClaims;
}
