/**
 * Named fixes for token endpoints that do not follow RFC 6749 §5.1, as `TokenResponseHook`s
 * for the `hooks.tokenResponse` option of `OAuth2Client`. Each fix is small, pure and does
 * nothing to a compliant response, so a preset can list them without harm. A string
 * `expires_in` (`"3600"`, Microsoft's v1.0 endpoints) needs no fix: the token parser already
 * accepts numeric strings (tokens/token.ts).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * import { githubQuirks } from 'oauthkit/oauth2';
 * const github = new OAuth2Client({ clientId, clientSecret, tokenEndpoint, hooks: { tokenResponse: githubQuirks } });
 * ```
 * @module
 */
import type { RawTokenResponse, TokenResponseHook } from '../oauth2/response.js';

const JSON_TYPE = 'application/json';

function withJson(raw: RawTokenResponse, value: unknown, status = raw.status): RawTokenResponse {
  const headers = new Headers(raw.headers);
  headers.set('content-type', JSON_TYPE);
  return { status, headers, body: JSON.stringify(value) };
}

function jsonOf(raw: RawTokenResponse): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw.body);
    return v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `formEncodedTokenResponse`: the body is `application/x-www-form-urlencoded` (GitHub
 * without `Accept: application/json`, old Facebook); it becomes the equivalent JSON.
 */
export const formEncodedTokenResponse: TokenResponseHook = (raw) => {
  const type = raw.headers.get('content-type') ?? '';
  if (!/application\/x-www-form-urlencoded|text\/plain/i.test(type)) return raw;
  if (jsonOf(raw) || !/^[\w.~%+-]+=/.test(raw.body.trim())) return raw;
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(raw.body.trim())) out[k] = v;
  return withJson(raw, out);
};

/**
 * `http200ErrorResponse`: an error object (`{"error": ...}`) sent with HTTP 200 (GitHub's
 * `bad_verification_code`); the status becomes 400 so it is reported as an
 * `OAuthResponseError` with the server's `error`.
 */
export const http200ErrorResponse: TokenResponseHook = (raw) => {
  if (raw.status !== 200) return raw;
  const body = jsonOf(raw);
  if (!body || typeof body.error !== 'string' || body.access_token !== undefined) return raw;
  return withJson(raw, body, 400);
};

/**
 * `defaultTokenType`: a token response without `token_type` (RFC 6749 §5.1 requires it) is
 * taken to be `Bearer`.
 */
export const defaultTokenType: TokenResponseHook = (raw) => {
  const body = jsonOf(raw);
  if (!body || typeof body.access_token !== 'string' || body.token_type !== undefined) return raw;
  return withJson(raw, { ...body, token_type: 'Bearer' });
};

/** GitHub's token endpoint: form-encoded bodies, errors with HTTP 200, no `token_type` on some apps. */
export const githubQuirks: readonly TokenResponseHook[] = [
  formEncodedTokenResponse,
  http200ErrorResponse,
  defaultTokenType,
];
