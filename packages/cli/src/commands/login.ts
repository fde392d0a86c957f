/**
 * `oauthkit login`: authorization code + PKCE with a loopback redirect on 127.0.0.1 and a
 * random port (RFC 8252 §7.3), or `--device`, the device authorization grant (RFC 8628).
 * The library's `OAuth2Client` does the protocol; the token lands in the profile's
 * encrypted store through the client's `store` option.
 *
 * Everything for a human (the URL, the user code, the spinner) goes to stderr; stdout gets
 * the result (a redacted token summary, or one JSON object with `--json`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuth2Client, TokenSet } from 'oauthkit/oauth2';
import { CliError, usageError } from '../cli-error.js';
import type { Context } from '../context.js';
import { parseDuration } from '../duration.js';
import { redactText } from '../redact.js';
import type { CommandModule } from '../run.js';
import { clientAndOptionsFor, openSession, type Session } from '../session.js';
import { tokenLines, tokenView } from '../token-view.js';

const DEFAULT_REDIRECT = 'http://127.0.0.1/callback';

function page(title: string, text: string): string {
  const esc = (s: string) =>
    s.replace(
      /[&<>"]/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
    );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1><p>${esc(text)}</p></main></body></html>`;
}

function waitTimeout(wait: number, what: string): CliError {
  return new CliError(
    'ERR_TIMEOUT',
    `Gave up after ${Math.round(wait / 1000)} s waiting for ${what}. Try again, or allow longer with --wait 10m.`,
  );
}

/** Loopback redirect: the profile's fixed redirect URI wins; else 127.0.0.1, a random port, /callback. */
function redirectTarget(
  session: Session,
  portFlag: unknown,
): { host: string; port: number; path: string } {
  const fixed = session.profile.redirectUri ?? DEFAULT_REDIRECT;
  const u = new URL(fixed);
  if (u.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
    throw new CliError(
      'ERR_CONFIG',
      `Profile "${session.name}" has redirectUri ${fixed}, but oauthkit login can only receive the callback on a loopback address (http://127.0.0.1:PORT/path). Remove redirectUri or register a loopback one with the provider.`,
    );
  }
  let port = u.port === '' ? 0 : Number(u.port);
  if (portFlag !== undefined) {
    port = Number(portFlag);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw usageError(`--port must be a TCP port number (0-65535), got "${String(portFlag)}".`);
    }
  }
  return { host: u.hostname === '[::1]' ? '::1' : u.hostname, port, path: u.pathname };
}

async function loopbackLogin(
  ctx: Context,
  session: Session,
  client: OAuth2Client,
  options: Record<string, unknown>,
  wait: number,
): Promise<{ token: TokenSet; nonce?: string | undefined }> {
  const target = redirectTarget(session, options.port);
  let settle: { resolve(t: TokenSet): void; reject(e: unknown): void } | undefined;
  const done = new Promise<TokenSet>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let request: Awaited<ReturnType<OAuth2Client['createAuthorizationUrl']>> | undefined;
  let redirectUri = '';
  let handled = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', redirectUri);
    if (url.pathname !== target.path || handled || !request) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Not found', 'This is oauthkit login waiting for the OAuth callback.'));
      return;
    }
    handled = true;
    const r = request;
    client
      .fetchToken({
        authorizationResponse: url.href,
        state: r.state,
        redirectUri,
        ...(r.codeVerifier === undefined ? {} : { codeVerifier: r.codeVerifier }),
        ...(r.nonce === undefined ? {} : { nonce: r.nonce }),
      })
      .then(
        (token) => {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(
            page(
              'Logged in',
              `oauthkit stored the token of profile "${session.name}". You can close this tab.`,
            ),
          );
          settle?.resolve(token);
        },
        (error: unknown) => {
          res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
          res.end(
            page(
              'Login failed',
              `${redactText((error as Error).message ?? String(error))} See the terminal.`,
            ),
          );
          settle?.reject(error);
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? usageError(
              `Port ${target.port} on ${target.host} is in use. Pick another with --port, or leave it out for a random one.`,
            )
          : e,
      ),
    );
    server.listen(target.port, target.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = target.host === '::1' ? '[::1]' : target.host;
  redirectUri = `http://${host}:${port}${target.path}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const scope = typeof options.scope === 'string' ? options.scope : session.profile.scope;
    request = await client.createAuthorizationUrl({
      redirectUri,
      ...(scope === undefined ? {} : { scope }),
      ...(scope?.split(' ').includes('openid') ? { nonce: true } : {}),
      ...(typeof options.prompt === 'string' ? { prompt: options.prompt } : {}),
      ...(typeof options.loginHint === 'string' ? { loginHint: options.loginHint } : {}),
    });
    if (options.browser === false) {
      ctx.out.note(`Open this URL in a browser to log in:\n\n  ${request.url}\n`);
    } else {
      ctx.out.note(
        `Opening the browser to log in. If it does not open, visit:\n\n  ${request.url}\n`,
      );
      try {
        const { default: open } = await import('open');
        await open(request.url);
      } catch (e) {
        ctx.out.warn(
          `Could not start a browser (${(e as Error).message}); open the URL above yourself.`,
        );
      }
    }
    const spinner = ctx.out.startSpinner(
      `Waiting for the callback on ${redirectUri} (Ctrl-C to cancel)`,
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(waitTimeout(wait, 'the browser to come back')), wait);
    });
    try {
      return { token: await Promise.race([done, timeout]), nonce: request.nonce };
    } finally {
      spinner.stop();
    }
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  }
}

async function drawQr(ctx: Context, text: string): Promise<void> {
  try {
    const { default: qr } = await import('qrcode-terminal');
    await new Promise<void>((resolve) => {
      qr.generate(text, { small: true }, (art: string) => {
        ctx.out.note(art);
        resolve();
      });
    });
  } catch {
    // A missing QR code is no reason to fail a login.
  }
}

async function deviceLogin(
  ctx: Context,
  client: OAuth2Client,
  options: Record<string, unknown>,
  scope: string | undefined,
  wait: number,
): Promise<TokenSet> {
  const auth = await client.deviceAuthorization(scope === undefined ? {} : { scope });
  const where = auth.verification_uri_complete ?? auth.verification_uri;
  ctx.out.note(
    `To log in, open ${ctx.out.err.bold(auth.verification_uri)} and enter the code ${ctx.out.err.bold(auth.user_code)}`,
  );
  if (auth.verification_uri_complete) ctx.out.note(`(or open ${auth.verification_uri_complete})`);
  if (options.qr !== false && process.stderr.isTTY === true) await drawQr(ctx, where);
  const spinner = ctx.out.startSpinner(
    `Waiting for approval of ${auth.user_code} (expires in ${auth.expires_in} s; Ctrl-C to cancel)`,
  );
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), wait);
  try {
    return await client.pollDeviceToken(auth, { signal: controller.signal });
  } catch (e) {
    if (controller.signal.aborted) throw waitTimeout(wait, `approval of code ${auth.user_code}`);
    throw e;
  } finally {
    clearTimeout(timer);
    spinner.stop();
  }
}

/**
 * OpenID Connect: the id_token is validated with oauthkit/oidc (signature through the
 * issuer's JWKS, iss, aud, exp, iat, nonce, at_hash) before the token is stored. Without a
 * jwks_uri (a profile with endpoints but no issuer) it cannot be, and the user is told.
 */
async function checkIdToken(
  ctx: Context,
  client: OAuth2Client,
  token: TokenSet,
  nonce: string | undefined,
  clientSecret: string | undefined,
): Promise<{ validated: boolean; sub?: string }> {
  const metadata = client.metadata;
  const jwksUri = metadata?.jwks_uri;
  if (!token.id_token || !metadata || !jwksUri) {
    ctx.out.warn(
      'The token response has an id_token, but the profile has no issuer with a jwks_uri, so it was not validated. Add --issuer to the profile to have it checked.',
    );
    return { validated: false };
  }
  const { JwksCache, validateIdToken } = await import('oauthkit/oidc');
  const claims = await validateIdToken(token.id_token, {
    issuer: metadata.issuer,
    clientId: client.clientId,
    jwks: new JwksCache(jwksUri, { fetch: ctx.fetch, timeout: ctx.timeout }),
    nonce,
    accessToken: token.access_token,
    algorithms: metadata.id_token_signing_alg_values_supported as string[] | undefined,
    ...(clientSecret === undefined ? {} : { clientSecret }),
  });
  return { validated: true, sub: claims.sub };
}

export const run: CommandModule['run'] = async (ctx, _args, options) => {
  const wait = parseDuration(String(options.wait ?? '5m'), '--wait');
  const session = await openSession(ctx);
  const device = options.device === true;
  const flags = {
    clientSecret: typeof options.clientSecret === 'string' ? options.clientSecret : undefined,
    clientSecretStdin: options.clientSecretStdin === true,
  };
  // No store on this client: the token is stored below, once its id_token (if any) is valid.
  const { client, options: clientOptions } = await clientAndOptionsFor(ctx, session, {
    needs: [
      ...(device
        ? (['deviceAuthorizationEndpoint', 'tokenEndpoint'] as const)
        : (['authorizationEndpoint', 'tokenEndpoint'] as const)),
      'metadata',
    ],
    flags,
    extra: { store: undefined },
  });
  const scope = typeof options.scope === 'string' ? options.scope : session.profile.scope;
  const { token, nonce } = device
    ? { token: await deviceLogin(ctx, client, options, scope, wait), nonce: undefined }
    : await loopbackLogin(ctx, session, client, options, wait);
  const idToken = token.id_token
    ? await checkIdToken(ctx, client, token, nonce, clientOptions.clientSecret)
    : undefined;
  await session.store.set(session.key, token);
  for (const v of [token.access_token, token.refresh_token, token.id_token]) ctx.addSecret(v);
  const view = tokenView(token);
  if (ctx.json) {
    ctx.out.printJson({
      profile: session.name,
      flow: device ? 'device' : 'authorization_code',
      token: view,
      ...(idToken === undefined ? {} : { idToken }),
    });
  } else {
    ctx.out.print(`Logged in: profile "${session.name}", token stored.`);
    if (idToken?.validated) ctx.out.print(`  id_token       valid (sub ${idToken.sub})`);
    for (const line of tokenLines(view)) ctx.out.print(`  ${line}`);
  }
};
