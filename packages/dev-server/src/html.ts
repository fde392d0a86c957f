/**
 * Server-rendered pages: plain HTML, no scripts, no external assets. Every page has a `lang`,
 * one `h1`, labelled inputs and real buttons, so it works with a keyboard, a screen reader
 * and a headless browser alike.
 */

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f6f6;color:#1a1a1a}
main{max-width:26rem;margin:3rem auto;padding:1.5rem 2rem;background:#fff;border:1px solid #ccc;border-radius:6px}
h1{font-size:1.5rem;margin-top:0}
label{display:block;font-weight:600;margin-top:1rem}
input[type=text],input[type=password]{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #767676;border-radius:4px}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}
button{font-size:1rem;padding:.5rem 1.25rem;border-radius:4px;border:1px solid #1a4fa0;background:#1a4fa0;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1a4fa0}
button:focus-visible,input:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.error{color:#a00000;font-weight:600}
code.big{font-size:1.75rem;letter-spacing:.1em}
`;

/** A complete page around `body` (already-escaped HTML). */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · oauthkit dev provider</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

function errorLine(error: string | undefined): string {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
}

/** The login form: username and password of a configured user. */
export function loginPage(input: {
  action: string;
  abortAction?: string;
  clientName: string;
  username?: string;
  error?: string;
}): string {
  const abort = input.abortAction
    ? `<form method="post" action="${escapeHtml(input.abortAction)}"><div class="actions"><button type="submit" class="secondary">Cancel</button></div></form>`
    : '';
  return page(
    'Sign in',
    `<p><strong>${escapeHtml(input.clientName)}</strong> asks you to sign in.</p>
${errorLine(input.error)}
<form method="post" action="${escapeHtml(input.action)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" required autofocus value="${escapeHtml(input.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">Sign in</button></div>
</form>
${abort}`,
  );
}

/** The consent form: the scopes asked for, Allow and Deny. */
export function consentPage(input: {
  action: string;
  abortAction: string;
  clientName: string;
  accountId: string;
  scopes: string[];
}): string {
  const items = input.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  return page(
    'Allow access?',
    `<p>Signed in as <strong>${escapeHtml(input.accountId)}</strong>.</p>
<p><strong>${escapeHtml(input.clientName)}</strong> asks for:</p>
<ul>${items || '<li>no scopes</li>'}</ul>
<div class="actions">
<form method="post" action="${escapeHtml(input.action)}"><button type="submit">Allow</button></form>
<form method="post" action="${escapeHtml(input.abortAction)}"><button type="submit" class="secondary">Deny</button></form>
</div>`,
  );
}

/** A page with a message only (success, error). */
export function messagePage(title: string, message: string, error?: boolean): string {
  return page(title, error ? errorLine(message) : `<p>${escapeHtml(message)}</p>`);
}

/** Reads one attribute value out of an HTML snippet that oidc-provider generated. */
export function attributeOf(html: string, pattern: RegExp): string {
  return pattern.exec(html)?.[1] ?? '';
}
