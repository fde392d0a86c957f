/**
 * `oauthkit request [METHOD] URL`: a curl-like request through the library's
 * `OAuth2Client.fetch` (Bearer token from the store, refreshed before expiry, one retry on
 * 401 invalid_token) or `OAuth1Client.fetch` (signed with the stored token credentials). The body goes to stdout as received; `-i` puts the status line and
 * headers before it. Like curl, any HTTP status exits 0; the status line also goes to
 * stderr. `--json` prints `{ status, statusText, headers, body }` with credentials redacted.
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { CliError, usageError } from '../cli-error.js';
import { oauth1Options } from '../client-options.js';
import type { Context } from '../context.js';
import { redactHeader, redactText } from '../redact.js';
import type { CommandModule } from '../run.js';
import {
  clientFor,
  loadOAuth1Token,
  oauth1ClientOptions,
  openSession,
  type Session,
  storedToken,
} from '../session.js';

const METHOD = /^[A-Z]+$/;

/** `--auth auto`: OAuth 1 for a profile without OAuth 2, or with only an OAuth 1 token stored. */
async function prefersOAuth1(ctx: Context, session: Session): Promise<boolean> {
  if (session.profile.oauth1 === undefined) return false;
  if (session.profile.clientId === undefined) return true;
  const oauth2 = await session.store.get(session.key);
  return oauth2 === undefined && (await loadOAuth1Token(ctx, session)) !== undefined;
}

async function readBody(data: string): Promise<string> {
  if (data === '@-') return text(process.stdin);
  if (data.startsWith('@')) {
    try {
      return await readFile(data.slice(1), 'utf8');
    } catch (e) {
      throw usageError(`Cannot read the body file ${data.slice(1)}: ${(e as Error).message}.`);
    }
  }
  return data;
}

export const run: CommandModule['run'] = async (ctx, args, options) => {
  const [first, second] = args as [string, string | undefined];
  let method = typeof options.method === 'string' ? options.method.toUpperCase() : undefined;
  let url = first;
  if (second !== undefined) {
    if (!METHOD.test(first.toUpperCase())) {
      throw usageError(
        `Expected "METHOD URL" or "URL", got "${first} ${second}". Example: oauthkit request POST https://api.example.com/items`,
      );
    }
    method = first.toUpperCase();
    url = second;
  }
  try {
    new URL(url);
  } catch {
    throw usageError(
      `"${url}" is not an absolute URL. Example: oauthkit request https://api.example.com/me`,
    );
  }
  const headers = new Headers();
  for (const h of (options.header as string[] | undefined) ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw usageError(`-H "${h}" is not a header: expected "Name: value".`);
    headers.append(h.slice(0, colon).trim(), h.slice(colon + 1).trim());
  }
  let body: string | undefined;
  if (typeof options.data === 'string') body = await readBody(options.data);
  const form = options.form as string[] | undefined;
  if (form?.length) {
    if (body !== undefined) throw usageError('Use either --data or --form, not both.');
    const params = new URLSearchParams();
    for (const field of form) {
      const eq = field.indexOf('=');
      if (eq <= 0) throw usageError(`--form "${field}" is not a field: expected name=value.`);
      params.append(field.slice(0, eq), field.slice(eq + 1));
    }
    body = params.toString();
    if (!headers.has('content-type'))
      headers.set('content-type', 'application/x-www-form-urlencoded');
  }
  method ??= body === undefined ? 'GET' : 'POST';
  const session = await openSession(ctx);
  const auth = String(options.auth ?? 'auto');
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = body;
  const oauth1 = auth === 'oauth1' || (auth === 'auto' && (await prefersOAuth1(ctx, session)));
  let response: Response;
  if (oauth1) {
    const credentials = await loadOAuth1Token(ctx, session);
    if (!credentials) {
      throw new CliError(
        'ERR_NO_TOKEN',
        `No OAuth 1.0a token stored for profile "${session.name}". Log in first: oauthkit oauth1 login --profile ${session.name}`,
      );
    }
    const [{ OAuth1Client }, base] = await Promise.all([
      import('oauthkit/oauth1'),
      oauth1Options(ctx, session.name, session.profile),
    ]);
    // Form bodies are signed parameter by parameter (RFC 5849 §3.4.1.3.1); others get oauth_body_hash.
    const client = new OAuth1Client(await oauth1ClientOptions(ctx, base, credentials));
    response = await client.fetch(url, init);
  } else {
    const token = await storedToken(ctx, session);
    // The token endpoint is needed for a refresh before expiry or after a 401 invalid_token.
    const client = await clientFor(ctx, session, {
      extra: { token },
      ...(token.refresh_token === undefined ? {} : { needs: ['tokenEndpoint'] as const }),
    });
    response = await client.fetch(url, init);
    for (const v of [client.token?.access_token, client.token?.refresh_token]) ctx.addSecret(v);
  }
  const received = await response.text();
  const status = `HTTP ${response.status} ${response.statusText}`.trim();
  if (ctx.json) {
    const shownHeaders: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      shownHeaders[k] = redactHeader(k, v, ctx.secrets());
    });
    ctx.out.printJson({
      request: { method, url: redactText(url, ctx.secrets()) },
      status: response.status,
      statusText: response.statusText,
      headers: shownHeaders,
      body: redactText(received, ctx.secrets()),
    });
    return;
  }
  if (options.include === true) {
    let head = `${status}\n`;
    response.headers.forEach((v, k) => {
      head += `${k}: ${v}\n`;
    });
    process.stdout.write(`${head}\n`);
  } else {
    ctx.out.note(ctx.out.err.dim(status));
  }
  process.stdout.write(received.endsWith('\n') || received === '' ? received : `${received}\n`);
};
