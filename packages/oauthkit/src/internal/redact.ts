/**
 * Redaction: nothing oauthkit writes into an error, a log line or a trace may contain a
 * secret, token or code in full. Values are cut to a short prefix that is enough to tell
 * two tokens apart while debugging and useless to an attacker.
 */

/** Names of parameters and JSON fields whose values are secrets. */
export const SECRET_NAMES: readonly string[] = [
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'device_code',
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'subject_token',
  'actor_token',
  'code_verifier',
  'oauth_token',
  'oauth_token_secret',
  'oauth_verifier',
  'oauth_signature',
  'oauth_consumer_secret',
  'token',
  'request',
  'request_uri',
  'dpop',
];

const PREFIX = 4;

/**
 * `abcd…[40 chars]`: the first few characters and the length, never the whole value.
 *
 * @example
 * ```ts
 * import { redact } from 'oauthkit/errors';
 * console.log(`refreshed ${redact(token.access_token)}`); // refreshed 9Kta…[43 chars]
 * ```
 */
export function redact(value: string): string {
  // Nothing of a value that short: its prefix would be all of it.
  return `${value.length > PREFIX ? value.slice(0, PREFIX) : ''}…[${value.length} chars]`;
}

// Authorization: Bearer xxx / DPoP xxx / Basic xxx / OAuth xxx
const authScheme = /\b(Bearer|DPoP|Basic|OAuth)\s+([A-Za-z0-9\-._~+/]+=*)/g;
// Anything that looks like a JWT
const jwt = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/**
 * Redacts every secret-looking value in free text: JSON fields and form parameters named
 * like secrets (`access_token`, `code`, `client_secret`, `oauth_token_secret`, ...),
 * `Authorization` credentials, JWTs, and any of `extraSecrets` wherever it appears. The
 * rules every oauthkit error message follows, for your own logs and traces.
 *
 * @example
 * ```ts
 * import { redactText } from 'oauthkit/errors';
 * redactText('{"access_token":"9KtaZ...","token_type":"Bearer"}'); // {"access_token":"9Kta…[..]", ...}
 * ```
 */
export function redactText(text: string, extraSecrets: readonly string[] = []): string {
  // Built per call (error paths only), so code that uses redact() alone does not ship them.
  const names = SECRET_NAMES.join('|');
  // "name": "value" in JSON
  const jsonField = new RegExp(`("(?:${names})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`, 'gi');
  // name=value in forms, query strings and header parameters (name="value" too)
  const formField = new RegExp(`(^|[?&\\s,;])((?:${names})=)("?)([^&\\s",;]*)`, 'gi');
  let out = text
    .replace(jsonField, (_m, a: string, v: string, z: string) => a + redact(v) + z)
    .replace(
      formField,
      (_m, lead: string, name: string, q: string, v: string) =>
        lead + name + q + (v ? redact(v) : v),
    )
    .replace(authScheme, (_m, scheme: string, v: string) => `${scheme} ${redact(v)}`)
    .replace(jwt, (v) => redact(v));
  for (const secret of extraSecrets) {
    if (secret.length >= 4) out = out.split(secret).join(redact(secret));
  }
  return out;
}

/** The start of a response body for an error message: at most `max` characters, redacted. */
export function quoteBody(text: string, max = 200): string {
  const clipped = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const red = redactText(clipped).replace(/\s+/g, ' ').trim();
  return red.length > max ? `${red.slice(0, max)}…` : red;
}
