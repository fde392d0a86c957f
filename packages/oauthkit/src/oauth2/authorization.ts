/**
 * The front channel: the authorization request URL (RFC 6749 §4.1.1, RFC 7636) and the
 * validation of the redirect back (RFC 6749 §4.1.2, RFC 9207). Pure functions.
 *
 * The validation is written twice on purpose: `acceptAuthorizationResponse` is the lean
 * check that ships with every app (it returns `undefined` rather than explaining), and
 * `validateAuthorizationResponse` runs only when that check fails (OAuth2Client loads it
 * with lazy.ts) to throw the error that says what is wrong. test/oauth2/response.test.ts
 * feeds both the same callbacks and requires them to agree.
 *
 * @module
 */
import { AuthorizationResponseError, OAuthError, StateMismatchError } from '../errors.js';
import { redact } from '../internal/redact.js';
import { timingSafeEqual } from '../internal/timing-safe.js';

/** What the callback carried once validated. */
export interface AuthorizationResponse {
  code: string;
  state: string | undefined;
  iss?: string;
}

/** What `parseAuthorizationResponse` checks against. */
export interface AuthorizationResponseChecks {
  /** The `state` sent with the request; the callback must carry the same (RFC 6749 §10.12). */
  state: string | undefined;
  /** The expected issuer (RFC 9207). */
  issuer?: string | undefined;
  /** The server advertises `authorization_response_iss_parameter_supported`: `iss` is required. */
  issRequired?: boolean | undefined;
}

/** The callback's parameters: the query, else the fragment; a `form_post` body as `URLSearchParams`. */
function callbackParams(input: string | URL | URLSearchParams): URLSearchParams {
  if (input instanceof URLSearchParams) return input;
  const url = new URL(input);
  // The implicit and form_post modes are not read from the URL; a fragment is.
  return new URLSearchParams(url.search.slice(1) || url.hash.slice(1));
}

/**
 * The callback's `code`, `state` and `iss` when every check of
 * `validateAuthorizationResponse` passes; `undefined` when one fails (call that function to
 * learn which). For OAuth2Client's happy path, so it carries no error wording.
 *
 * @internal
 */
export function acceptAuthorizationResponse(
  input: string | URL | URLSearchParams,
  checks: AuthorizationResponseChecks,
): AuthorizationResponse | undefined {
  const params = callbackParams(input);
  const keys = [...params.keys()];
  const { state: expected, issuer } = checks;
  const state = params.get('state') ?? undefined;
  const iss = params.get('iss') ?? undefined;
  const code = params.get('code');
  if (
    new Set(keys).size < keys.length ||
    (issuer !== undefined && (iss !== undefined || checks.issRequired) && iss !== issuer) ||
    ((expected !== undefined || state !== undefined) &&
      !(state !== undefined && expected !== undefined && timingSafeEqual(state, expected))) ||
    params.has('error') ||
    !code
  ) {
    return undefined;
  }
  return iss === undefined ? { code, state } : { code, state, iss };
}

const AGAIN = 'Start the authorization again.';

function invalid(
  message: string,
  code: 'ERR_CALLBACK_INVALID' | 'ERR_ISSUER_MISMATCH' = 'ERR_CALLBACK_INVALID',
) {
  return new OAuthError(message, { code });
}

/**
 * Validates the redirect back from the authorization endpoint: no repeated parameters,
 * `iss` (RFC 9207) when the server advertises it or sends it, `state` compared in constant
 * time, then `?error=` as `AuthorizationResponseError`, then `code`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 * @example
 * ```ts
 * const { code } = validateAuthorizationResponse(new URL(req.url), { state: saved.state });
 * ```
 */
export function validateAuthorizationResponse(
  input: string | URL | URLSearchParams,
  checks: AuthorizationResponseChecks,
): AuthorizationResponse {
  const params = callbackParams(input);
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) {
      throw invalid(
        `The callback repeats "${key}" (RFC 6749 §3.1): it may be tampered with. ${AGAIN}`,
      );
    }
    seen.add(key);
  }
  const iss = params.get('iss') ?? undefined;
  if (checks.issuer !== undefined && (iss !== undefined || checks.issRequired)) {
    if (iss !== checks.issuer) {
      throw invalid(
        `The callback's iss is ${iss === undefined ? 'missing' : JSON.stringify(iss)}, expected ${JSON.stringify(checks.issuer)} (RFC 9207): it may come from another server (mix-up attack). ${AGAIN}`,
        'ERR_ISSUER_MISMATCH',
      );
    }
  }
  const state = params.get('state') ?? undefined;
  if (checks.state !== undefined || state !== undefined) {
    if (
      state === undefined ||
      checks.state === undefined ||
      !timingSafeEqual(state, checks.state)
    ) {
      throw new StateMismatchError(
        `The callback's state is ${state === undefined ? 'missing' : redact(state)}, not the one sent: forged, or from another login. ${AGAIN}`,
      );
    }
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? undefined;
    throw new AuthorizationResponseError(
      `The authorization server answered ${error}${description ? ` (${description})` : ''}. ${error === 'access_denied' ? 'The user or the server refused: do not retry automatically.' : 'Check the authorization request.'}`,
      {
        error,
        errorDescription: description,
        errorUri: params.get('error_uri') ?? undefined,
        state,
      },
    );
  }
  const code = params.get('code');
  if (!code) {
    throw invalid(
      'The callback has neither code nor error. Check that the redirect URI points here and response_type is "code".',
    );
  }
  const out: AuthorizationResponse = { code, state };
  if (iss !== undefined) out.iss = iss;
  return out;
}
