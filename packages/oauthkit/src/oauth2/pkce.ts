import { toBase64Url, utf8 } from '../internal/encoding.js';
import { randomToken } from '../internal/random.js';

/**
 * A PKCE code verifier: 32 random bytes, base64url, 43 characters from the unreserved set
 * (RFC 7636 §4.1).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 * @example
 * ```ts
 * const verifier = generateCodeVerifier();
 * const challenge = await computeCodeChallenge(verifier);
 * ```
 */
export function generateCodeVerifier(): string {
  return randomToken(32);
}

/**
 * The S256 code challenge: `BASE64URL(SHA-256(ASCII(code_verifier)))` (RFC 7636 §4.2).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 * @example
 * ```ts
 * // RFC 7636 Appendix B
 * await computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
 * // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export async function computeCodeChallenge(codeVerifier: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    utf8(codeVerifier) as Uint8Array<ArrayBuffer>,
  );
  return toBase64Url(new Uint8Array(digest));
}
