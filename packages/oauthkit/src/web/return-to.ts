/**
 * Open-redirect protection for `returnTo` (RFC 6749 §10.15, OAuth 2.0 Security BCP §4.11):
 * only a path on this origin is a place to send the user after login.
 *
 * @module
 */

const BASE = 'http://return-to.invalid';
/** Leaves room for the rest of the login cookie within the ~4096 bytes browsers keep. */
const MAX_RETURN_TO = 1024;

/**
 * True when `value` is a same-origin relative path (`/account?tab=2`): it starts with one
 * `/`, is not protocol-relative (`//evil`, `/\evil`, which browsers read as `//evil`), has
 * no control characters or whitespace, and resolves to this origin. Use it to check a
 * `returnTo` taken from a query parameter before passing it to `login`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.15
 * @example
 * ```ts
 * import { isSafeReturnTo } from 'oauthkit/web';
 * const returnTo = new URL(request.url).searchParams.get('returnTo');
 * const target = returnTo && isSafeReturnTo(returnTo) ? returnTo : '/';
 * ```
 */
export function isSafeReturnTo(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_RETURN_TO) return false;
  // Browsers strip tabs and newlines from URLs and read `\` as `/`: `/\t/evil` is `//evil`.
  if (!/^\/(?![/\\])[^\\\s]*$/.test(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  try {
    return new URL(value, BASE).origin === BASE;
  } catch {
    return false;
  }
}

/** Throws `TypeError` naming `returnTo` unless `isSafeReturnTo(value)`. */
export function checkReturnTo(value: unknown): string {
  if (!isSafeReturnTo(value)) {
    throw new TypeError(
      `returnTo must be a same-origin path like "/account" (at most ${MAX_RETURN_TO} characters, not "//host" nor an absolute URL), got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : typeof value}: an absolute or protocol-relative target would make the login an open redirect. Pass a path on this site.`,
    );
  }
  return value;
}

/** The adapters' default: the `returnTo` query parameter when it is safe, else `/` (never an open redirect). */
export function returnToFromQuery(url: string): string {
  const value = new URL(url).searchParams.get('returnTo');
  return isSafeReturnTo(value) ? value : '/';
}
