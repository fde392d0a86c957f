/**
 * Pure validation of authorization-server responses: each function takes an `HttpResult`
 * (a response already read in full) and returns the validated value or throws. No I/O, so
 * a test can feed them a hand-made response.
 *
 * @module
 */
import { OAuthResponseError } from '../errors.js';
import { parseJsonObject, unexpected } from '../http/parse.js';
import type { HttpResult } from '../http/send.js';
import { redactText } from '../internal/redact.js';
import { type TokenSet, withExpiresAt } from '../tokens/token.js';
import { applyHooks, JSON_MEDIA_TYPE } from './token-check.js';

/** A token-endpoint response before validation, as the hooks see it. */
export interface RawTokenResponse {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * Normalises a raw token-endpoint response before validation, for providers that do not
 * follow RFC 6749 §5.1 (see `oauthkit/providers` quirks). Return the input unchanged when
 * there is nothing to fix.
 */
export type TokenResponseHook = (raw: RawTokenResponse) => RawTokenResponse;

/** Hooks for non-compliant providers. */
export interface OAuth2Hooks {
  /** Applied in order to every token-endpoint response (all grants) before validation. */
  tokenResponse?: TokenResponseHook | readonly TokenResponseHook[];
}

const ADVICE: Record<string, string> = {
  invalid_client: 'Check the client id, the secret or key and tokenEndpointAuthMethod.',
  invalid_grant:
    'The code or refresh token is expired, used or revoked: start the authorization again.',
  unauthorized_client: 'The client is not allowed this grant type: check its registration.',
  invalid_scope: 'Ask for scopes the client is registered for.',
};

/** Throws `OAuthResponseError` if `body` is an RFC 6749 §5.2 error object. */
export function throwIfErrorBody(
  result: HttpResult,
  body: Record<string, unknown>,
  what: string,
): void {
  const { error, error_description: d, error_uri: u } = body;
  if (typeof error !== 'string') return;
  const description = typeof d === 'string' ? redactText(d) : undefined;
  throw new OAuthResponseError(
    `${what} answered ${error}${description ? ` (${description})` : ''}. ${ADVICE[error] ?? 'See the server documentation for this error.'}`,
    {
      error,
      errorDescription: description,
      errorUri: typeof u === 'string' ? u : undefined,
      status: result.status,
      response: result.response,
    },
  );
}

/**
 * Validates a JSON response of an authorization-server endpoint: 200 (or `okStatus`) with
 * a JSON object, or an RFC 6749 §5.2 error body (`OAuthResponseError`). HTML, invalid JSON
 * and a wrong content type are `UnexpectedResponseError`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function processJsonResponse(
  result: HttpResult,
  what: string,
  okStatus = 200,
): Record<string, unknown> {
  if (result.status !== okStatus) {
    let body: Record<string, unknown> | undefined;
    try {
      body = parseJsonObject(result, what);
    } catch {}
    if (body) throwIfErrorBody(result, body, what);
    throw unexpected(
      result,
      `${what} failed without an OAuth error body`,
      'Check the endpoint URL and the server logs.',
    );
  }
  const body = parseJsonObject(result, what);
  const type = (result.headers.get('content-type') ?? '').toLowerCase();
  if (!JSON_MEDIA_TYPE.test(type)) {
    throw unexpected(
      result,
      `${what} is JSON sent as "${type || 'no content type'}", expected application/json`,
      'If the provider is known to do this, add a fix through the hooks option.',
    );
  }
  return body;
}

function field(result: HttpResult, body: Record<string, unknown>, name: string, required: boolean) {
  const v = body[name];
  if (v === undefined ? required : typeof v !== 'string' || (required && v === '')) {
    throw unexpected(
      result,
      `the token response has ${v === undefined ? 'no' : 'an invalid'} ${name}`,
      'Check the endpoint URL; a provider that omits it may need a fix through the hooks option.',
    );
  }
}

/**
 * Validates a token-endpoint response (RFC 6749 §5.1) after the hooks ran: HTTP 200,
 * `application/json`, `access_token` and `token_type` strings, `expires_in` a number (or
 * numeric string) turned into `expires_at`. An error body with HTTP 200 is refused as
 * unexpected unless a hook turns it into an error status.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * const token = processTokenResponse(await send(tokenEndpoint, init), { now: Date.now() });
 * ```
 */
export function processTokenResponse(
  input: HttpResult,
  options: { hooks?: OAuth2Hooks | undefined; now: number; what?: string },
): TokenSet {
  const result = applyHooks(input, options.hooks);
  const what = options.what ?? 'The token endpoint';
  const body = processJsonResponse(result, what);
  if (typeof body.error === 'string' && body.access_token === undefined) {
    throw unexpected(
      result,
      `${what} answered an error (${body.error}) with HTTP 200`,
      'Some providers do this; the http200ErrorResponse fix in hooks turns it into an OAuthResponseError.',
    );
  }
  field(result, body, 'access_token', true);
  field(result, body, 'token_type', true);
  for (const name of ['refresh_token', 'scope', 'id_token']) field(result, body, name, false);
  const token = withExpiresAt(body, options.now) as TokenSet;
  if (body.expires_in !== undefined && token.expires_in === undefined) {
    throw unexpected(result, 'expires_in is not a number', 'Check the provider.');
  }
  return token;
}
