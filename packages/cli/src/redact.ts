/**
 * Redaction for what the CLI prints (`--verbose` traces, `--json`, `profiles show`).
 *
 * The rules are the library's (`redact`, `redactText` from `oauthkit/errors`): a secret is
 * shown as its first 4 characters and its length, never in full. The CLI adds headers.
 */

import { redact, redactText } from 'oauthkit/errors';

export { redact, redactText };

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
