/**
 * Redaction for what the CLI prints (`--verbose` traces, `--json`, `profiles show`).
 *
 * The library keeps its redaction internal (not a public subpath), so this is a small
 * re-implementation of the same rules: a secret is shown as its first 4 characters and its
 * length, never in full. TODO(lead): switch to the library's helper if it becomes public.
 */

/** Parameter and JSON field names whose values are secrets (the library's list). */
const SECRET_NAMES = [
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

/** `abcd…[40 chars]` */
export function redact(value: string): string {
  return value.length <= 4
    ? `…[${value.length} chars]`
    : `${value.slice(0, 4)}…[${value.length} chars]`;
}

const alt = SECRET_NAMES.join('|');
const JSON_FIELD = new RegExp(`("(?:${alt})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)"`, 'gi');
const FORM_FIELD = new RegExp(`(^|[?&\\s,;])(${alt})=("?)([^&\\s",;]+)`, 'gi');
const AUTH_SCHEME = /\b(Bearer|DPoP|Basic|OAuth)\s+([A-Za-z0-9\-._~+/]+=*)/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/** Redacts secret-looking values in free text; `known` are exact values to hide as well. */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = text
    .replace(JSON_FIELD, (_m, head: string, v: string) => `${head}${redact(v)}"`)
    .replace(
      FORM_FIELD,
      (_m, lead: string, n: string, q: string, v: string) => `${lead}${n}=${q}${redact(v)}`,
    )
    .replace(AUTH_SCHEME, (_m, scheme: string, v: string) => `${scheme} ${redact(v)}`)
    .replace(JWT, (v) => redact(v));
  for (const secret of known) {
    if (secret.length >= 4) out = out.split(secret).join(redact(secret));
  }
  return out;
}

/** Header names whose whole value is a credential. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'dpop',
]);

export function redactHeader(name: string, value: string, known: readonly string[] = []): string {
  if (!SECRET_HEADERS.has(name.toLowerCase())) return redactText(value, known);
  const space = value.indexOf(' ');
  // Keep the scheme ("Bearer", "OAuth") readable; the credential itself is cut.
  if (space > 0 && space < 12) return `${value.slice(0, space)} ${redact(value.slice(space + 1))}`;
  return redact(value);
}
