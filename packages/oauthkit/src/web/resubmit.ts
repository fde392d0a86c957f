/**
 * `response_mode=form_post` and `SameSite=Lax`: the authorization server's page POSTs the
 * response to the callback cross-site, and a Lax cookie is not sent on a cross-site POST
 * (RFC 6265bis §5.6.7.1). So the first POST, without the cookie, gets this page: it POSTs
 * the same fields to the same URL again, now from this origin, where the browser sends the
 * login cookie. No external assets, everything escaped, `no-store`, and a CSP that allows
 * only the one inline script by its nonce and form submission to this origin.
 *
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode
 * @module
 */
import { randomToken } from '../internal/random.js';

/** The field the re-submitted form adds, so a second POST without the cookie is an error, not a loop. */
export const RESUBMIT_FIELD = 'oauthkit_resubmit';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page that re-posts `fields` to the document's own URL (a form without `action`). */
export function createResubmitResponse(fields: URLSearchParams): Response {
  const nonce = randomToken(16);
  let inputs = '';
  for (const [name, value] of fields) {
    inputs += `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
  }
  inputs += `<input type="hidden" name="${RESUBMIT_FIELD}" value="1">`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head><body><form method="post">${inputs}<noscript><p>JavaScript is off: press the button to finish signing in.</p><button type="submit">Continue</button></noscript></form><script nonce="${nonce}">document.forms[0].submit()</script></body></html>`;
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  });
}
