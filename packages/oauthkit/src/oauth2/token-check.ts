/**
 * The checks of `processTokenResponse` (RFC 6749 §5.1) without the wording of its errors.
 * `OAuth2Client` accepts a token response here when every check passes and only otherwise
 * loads `response.ts` (lazily) to say exactly what is wrong, so the common case ships no
 * error text. It must never accept what `processTokenResponse` refuses, and must return
 * the same token when both accept (test/oauth2/token-check.test.ts holds them together).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @module
 */
import type { HttpResult } from '../http/send.js';
import { type TokenSet, withExpiresAt } from '../tokens/token.js';
import type { OAuth2Hooks, RawTokenResponse } from './response.js';

/** `application/json` or a `+json` structured syntax suffix (RFC 6839). */
export const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** Runs the `hooks.tokenResponse` fixes over a result, in order. */
export function applyHooks(result: HttpResult, hooks: OAuth2Hooks | undefined): HttpResult {
  const list = hooks?.tokenResponse;
  if (!list) return result;
  let raw: RawTokenResponse = result;
  for (const hook of typeof list === 'function' ? [list] : list) raw = hook(raw);
  return { ...result, status: raw.status, headers: raw.headers, body: raw.body };
}

/** The token when `result` (hooks already applied) passes every check, else `undefined`. */
export function acceptTokenResponse(result: HttpResult, now: number): TokenSet | undefined {
  if (result.status !== 200 || !JSON_MEDIA_TYPE.test(result.headers.get('content-type') ?? ''))
    return;
  let body: unknown;
  try {
    body = JSON.parse(result.body);
  } catch {
    return;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const b = body as Record<string, unknown>;
  // access_token and token_type: non-empty strings; the others: strings when present.
  const fields = ['access_token', 'token_type', 'refresh_token', 'scope', 'id_token'];
  const ok = fields.every((name, i) => {
    const v = b[name];
    return v === undefined ? i > 1 : typeof v === 'string' && (i > 1 || v !== '');
  });
  if (!ok) return;
  const token = withExpiresAt(b, now) as TokenSet;
  return b.expires_in !== undefined && token.expires_in === undefined ? undefined : token;
}
