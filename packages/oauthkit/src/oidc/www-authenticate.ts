/**
 * A small parser for `WWW-Authenticate` (RFC 9110 §11.6.1): challenges with auth-params,
 * enough to read `error="use_dpop_nonce"` (RFC 9449 §9) and `error="invalid_token"`
 * (RFC 6750 §3). token68 challenges are not interpreted.
 */

/**
 * One challenge: its scheme (as sent) and its parameters (names lower-cased).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const PARAM = /\s*([^\s=,]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)\s*,?/y;
const SCHEME = /\s*,?\s*([^\s=,]+)(?=\s|,|$)\s*,?/y;

/**
 * Parses a `WWW-Authenticate` value into its challenges.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 * @example
 * ```ts
 * parseWwwAuthenticate('DPoP error="use_dpop_nonce", algs="ES256"');
 * // [{ scheme: 'DPoP', params: { error: 'use_dpop_nonce', algs: 'ES256' } }]
 * ```
 */
export function parseWwwAuthenticate(value: string): Challenge[] {
  const out: Challenge[] = [];
  let current: Challenge | undefined;
  let i = 0;
  while (i < value.length) {
    PARAM.lastIndex = i;
    const param = current ? PARAM.exec(value) : null;
    if (param && current) {
      const raw = param[2] ?? '';
      current.params[param[1]!.toLowerCase()] = raw.startsWith('"')
        ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
        : raw;
      i = PARAM.lastIndex;
      continue;
    }
    SCHEME.lastIndex = i;
    const scheme = SCHEME.exec(value);
    if (scheme) {
      current = { scheme: scheme[1]!, params: {} };
      out.push(current);
      i = SCHEME.lastIndex;
      continue;
    }
    i++;
  }
  return out;
}
