/**
 * `oauthkit oauth1 login`: the three-legged OAuth 1.0a flow (RFC 5849 §2) with the library's
 * `OAuth1Client`: temporary credentials, the user's authorization (a PIN with `--pin`, i.e.
 * `oauth_callback=oob`, or a loopback callback on 127.0.0.1), then token credentials,
 * stored encrypted beside the profile's OAuth 2 token.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import type { OAuth1Client, OAuth1Token } from 'oauthkit/oauth1';
import { CliError, configError } from '../cli-error.js';
import { oauth1Options } from '../client-options.js';
import { parseDuration } from '../duration.js';
import { redact, redactText } from '../redact.js';
import type { CommandModule } from '../run.js';
import { oauth1ClientOptions, openSession, saveOAuth1Token } from '../session.js';

function timeoutError(wait: number, what: string): CliError {
  return new CliError(
    'ERR_TIMEOUT',
    `Gave up after ${Math.round(wait / 1000)} s waiting for ${what}. Try again, or allow longer with --wait 10m.`,
  );
}

/** The first line of stdin: typed at a prompt on a terminal, or piped in. */
async function readPin(prompt: (line: string) => void): Promise<string> {
  if (process.stdin.isTTY) prompt('Enter the PIN (verifier) the provider shows: ');
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) {
      if (line.trim() !== '') return line.trim();
    }
  } finally {
    rl.close();
  }
  throw new CliError(
    'ERR_USAGE',
    'No PIN was entered: expected the verifier the provider showed, on one line of standard input.',
  );
}

async function withTimeout<T>(p: Promise<T>, wait: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timeoutError(wait, what)), wait);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const run: CommandModule['run'] = async (ctx, _args, options) => {
  const wait = parseDuration(String(options.wait ?? '5m'), '--wait');
  const session = await openSession(ctx);
  const base = await oauth1Options(ctx, session.name, session.profile, {
    consumerSecretStdin: options.consumerSecretStdin === true,
  });
  const { requestTokenUrl, authorizationUrl, accessTokenUrl } = base;
  if (!requestTokenUrl || !authorizationUrl || !accessTokenUrl) {
    throw configError(
      `Profile "${session.name}" needs all three OAuth 1.0a URLs (request token, authorize, access token). Add them: oauthkit profiles add ${session.name} --force --oauth1-request-token-url URL --oauth1-authorize-url URL --oauth1-access-token-url URL ...`,
    );
  }
  const pin = options.pin === true;
  const { OAuth1Client } = await import('oauthkit/oauth1');

  let server: ReturnType<typeof createServer> | undefined;
  let callback: Promise<string> | undefined;
  let redirectUri = 'oob';
  if (!pin) {
    let got: (url: string) => void = () => {};
    callback = new Promise<string>((resolve) => {
      got = resolve;
    });
    let seen = false;
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== '/callback' || seen) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('oauthkit oauth1 login is waiting for the OAuth 1.0a callback.\n');
        return;
      }
      seen = true;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>oauthkit</title></head><body><main><h1>Authorized</h1><p>Back to the terminal: oauthkit is fetching the token. You can close this tab.</p></main></body></html>',
      );
      got(url.href);
    });
    const port = options.port === undefined ? 0 : Number(options.port);
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject);
      server?.listen(port, '127.0.0.1', () => resolve());
    });
    redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  }
  try {
    const client: OAuth1Client = new OAuth1Client(
      await oauth1ClientOptions(ctx, base, { redirectUri }),
    );
    const requestToken = await client.fetchRequestToken(requestTokenUrl);
    ctx.addSecret(requestToken.oauth_token);
    ctx.addSecret(requestToken.oauth_token_secret);
    const url = client.createAuthorizationUrl(authorizationUrl);
    if (options.browser === false) {
      ctx.out.note(`Open this URL in a browser to authorize:\n\n  ${url}\n`);
    } else {
      ctx.out.note(`Opening the browser to authorize. If it does not open, visit:\n\n  ${url}\n`);
      try {
        const { default: open } = await import('open');
        await open(url);
      } catch (e) {
        ctx.out.warn(
          `Could not start a browser (${(e as Error).message}); open the URL above yourself.`,
        );
      }
    }
    let token: OAuth1Token;
    if (pin) {
      const verifier = await withTimeout(
        readPin((line) => process.stderr.write(line)),
        wait,
        'the PIN',
      );
      ctx.addSecret(verifier);
      token = await client.fetchAccessToken(accessTokenUrl, verifier);
    } else {
      const spinner = ctx.out.startSpinner(
        `Waiting for the callback on ${redirectUri} (Ctrl-C to cancel)`,
      );
      let back: string;
      try {
        back = await withTimeout(
          callback ?? Promise.reject(new Error('no callback')),
          wait,
          'the browser to come back',
        );
      } finally {
        spinner.stop();
      }
      client.parseAuthorizationResponse(back);
      token = await client.fetchAccessToken(accessTokenUrl);
    }
    ctx.addSecret(token.oauth_token);
    ctx.addSecret(token.oauth_token_secret);
    await saveOAuth1Token(session, token);
    const extra = Object.fromEntries(
      Object.entries(token)
        .filter(([k]) => k !== 'oauth_token' && k !== 'oauth_token_secret')
        .map(([k, v]) => [k, redactText(v, ctx.secrets())]),
    );
    const view = {
      oauth_token: redact(token.oauth_token),
      oauth_token_secret: redact(token.oauth_token_secret),
      ...extra,
    };
    if (ctx.json) {
      ctx.out.printJson({ profile: session.name, flow: pin ? 'oob' : 'loopback', token: view });
    } else {
      ctx.out.print(
        `Logged in with OAuth 1.0a: profile "${session.name}", token credentials stored.`,
      );
      for (const [k, v] of Object.entries(view)) ctx.out.print(`  ${k.padEnd(19)}${v}`);
    }
  } finally {
    server?.closeAllConnections();
    server?.close();
  }
};
