/**
 * The token record oauthkit hands out and stores: the token endpoint's JSON (RFC 6749 §5.1)
 * with RFC spelling, plus `expires_at` (epoch seconds, as Authlib stores it) computed on
 * receipt so a saved token knows when it expires.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export interface TokenSet {
  access_token: string;
  token_type: string;
  /** Seconds the access token lives, as received. */
  expires_in?: number;
  /** When the access token expires, epoch seconds; computed from `expires_in` on receipt. */
  expires_at?: number;
  refresh_token?: string;
  scope?: string;
  id_token?: string;
  [field: string]: unknown;
}

/**
 * Adds `expires_at` from `expires_in` (a number or a numeric string, as some providers
 * send) relative to `nowMs`. A token that already has `expires_at` and no `expires_in`
 * keeps it.
 */
export function withExpiresAt<T extends Record<string, unknown>>(
  token: T,
  nowMs: number,
): T & { expires_in?: number; expires_at?: number } {
  const raw = token.expires_in;
  const seconds = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) {
    return { ...token, expires_in: seconds, expires_at: Math.floor(nowMs / 1000) + seconds };
  }
  const { expires_in: _drop, ...rest } = token;
  return rest as T & { expires_at?: number };
}

/**
 * True when the access token expires within `leewaySeconds` of `nowMs` (or already has).
 * A token without `expires_at` is never considered stale here: the server will say so
 * with a 401.
 */
export function isStale(
  token: Pick<TokenSet, 'expires_at'>,
  leewaySeconds: number,
  nowMs: number,
): boolean {
  if (typeof token.expires_at !== 'number') return false;
  return token.expires_at - leewaySeconds <= nowMs / 1000;
}
