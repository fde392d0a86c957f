/**
 * `oauthkit demo`: starts the embedded dev provider in this process and walks authorization
 * code + PKCE against it with the library's `OAuth2Client`, one numbered step per line,
 * showing what each step sent and received (secrets redacted). No network, no account.
 *
 * The "browser" is plain `fetch` following the provider's redirects by hand (the dev
 * provider auto-approves, and takes the interaction cookie from the URL when a client has
 * no cookie jar); it stops at the redirect URI instead of fetching it, the way a loopback
 * listener would receive it.
 */
import type { DevServer } from '@oauthkit/dev-server';
import type { OAuth2Client, TokenSet } from 'oauthkit/oauth2';
import { CliError } from '../cli-error.js';
import { redact, redactText } from '../redact.js';
import type { CommandModule } from '../run.js';

/** One HTTP exchange as the demo shows it (already redacted). */
export interface DemoExchange {
  method: string;
  url: string;
  status: number;
  sent?: string;
  received?: string;
}

/** One step of `oauthkit demo --json` (see the README for the shape). */
export interface DemoStep {
  step: number;
  name: string;
  status: 'ok' | 'skipped';
  summary: string;
  exchanges: DemoExchange[];
}

const REDIRECT_URI = 'http://127.0.0.1/callback';
const CLIENT_ID = 'dev-client';
const MAX_REDIRECTS = 10;

/** Wraps `fetch` to keep a redacted record of each exchange for the step being shown. */
function recorder(base: typeof fetch, secrets: () => readonly string[]) {
  const log: DemoExchange[] = [];
  const shorten = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const sent = request.body === null ? undefined : await request.clone().text();
    const response = await base(request);
    const type = response.headers.get('content-type') ?? '';
    let received: string | undefined;
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      if (location) received = `Location: ${location}`;
    } else if (/json|x-www-form-urlencoded/.test(type)) {
      received = await response.clone().text();
    } else if (type) {
      received = `[${type.split(';')[0]}]`;
    }
    const known = secrets();
    const entry: DemoExchange = {
      method: request.method,
      url: redactText(request.url, known),
      status: response.status,
    };
    if (sent) entry.sent = shorten(redactText(sent, known));
    if (received) entry.received = shorten(redactText(received, known));
    log.push(entry);
    return response;
  };
  return { fetch: fetchFn as typeof fetch, take: () => log.splice(0, log.length) };
}

/** Follows the provider's redirects like a browser would, up to the redirect URI. */
async function authorize(
  fetchFn: typeof fetch,
  start: string,
  timeout: number,
): Promise<{ callback: string; hops: number }> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetchFn(url, {
      redirect: 'manual',
      headers,
      signal: AbortSignal.timeout(timeout),
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    await res.body?.cancel().catch(() => {});
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new CliError(
        'ERR_DEMO',
        `The dev provider answered HTTP ${res.status} at ${new URL(url).pathname} instead of redirecting back to ${REDIRECT_URI}. This is a bug in the demo or the dev provider; run again with --verbose and report it.`,
      );
    }
    const next = new URL(location, url).href;
    if (next.startsWith(`${REDIRECT_URI}?`)) return { callback: next, hops: hop + 1 };
    url = next;
  }
  throw new CliError(
    'ERR_DEMO',
    `The dev provider redirected more than ${MAX_REDIRECTS} times without reaching ${REDIRECT_URI}. Run again with --verbose and report it.`,
  );
}

function tokenSummary(token: TokenSet): string {
  const parts = [`access_token ${redact(token.access_token)}`, `token_type ${token.token_type}`];
  if (token.expires_in !== undefined) parts.push(`expires_in ${token.expires_in}`);
  if (token.refresh_token) parts.push(`refresh_token ${redact(token.refresh_token)}`);
  if (token.id_token) parts.push(`id_token ${redact(token.id_token)}`);
  if (token.scope) parts.push(`scope "${token.scope}"`);
  return parts.join(', ');
}

/** The id_token's JOSE header, for display only (nothing is trusted from it). */
function joseHeader(jwt: string): Record<string, unknown> {
  try {
    const head = jwt.split('.')[0] ?? '';
    return JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export const run: CommandModule['run'] = async (ctx, _args, options) => {
  const started = performance.now();
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(
      'ERR_USAGE',
      `--port must be a TCP port number (0-65535), got "${String(options.port)}". Omit it to pick a free port.`,
    );
  }
  const [{ startDevServer, DEFAULT_CONFIDENTIAL_CLIENT }, { OAuth2Client }] = await Promise.all([
    import('@oauthkit/dev-server'),
    import('oauthkit/oauth2'),
  ]);
  const secret = DEFAULT_CONFIDENTIAL_CLIENT.clientSecret ?? '';
  ctx.addSecret(secret);
  const server: DevServer = await startDevServer({ port });
  const steps: DemoStep[] = [];
  const issuer = server.issuer;
  try {
    const user = server.users[0]?.username ?? 'alice';
    if (!ctx.json) {
      ctx.out.print(
        `Dev provider at ${server.issuer} (client ${CLIENT_ID}, user ${user}; started in ${Math.round(performance.now() - started)} ms)`,
      );
    }
    const known: string[] = [secret];
    const rec = recorder(ctx.fetch, () => known);
    const client: OAuth2Client = await OAuth2Client.discover(server.issuer, {
      clientId: CLIENT_ID,
      clientSecret: secret,
      redirectUri: REDIRECT_URI,
      scope: 'openid profile email offline_access',
      fetch: rec.fetch,
      timeout: ctx.timeout,
    });
    rec.take(); // the discovery request belongs to the preamble
    const show = (step: Omit<DemoStep, 'step' | 'exchanges'>) => {
      const s: DemoStep = { step: steps.length + 1, ...step, exchanges: rec.take() };
      steps.push(s);
      if (ctx.json) return;
      const mark = s.status === 'ok' ? ctx.out.out.green('ok') : ctx.out.out.yellow('skipped');
      ctx.out.print(`${s.step}. ${ctx.out.out.bold(s.name)} [${mark}] ${s.summary}`);
      for (const x of s.exchanges) {
        const path = x.url.replace(server.issuer, '');
        ctx.out.print(ctx.out.out.dim(`     > ${x.method} ${path}${x.sent ? `  ${x.sent}` : ''}`));
        ctx.out.print(ctx.out.out.dim(`     < ${x.status}${x.received ? `  ${x.received}` : ''}`));
      }
    };

    // 1. Authorization URL: state and PKCE S256 by default, a nonce for OpenID Connect.
    const request = await client.createAuthorizationUrl({ nonce: true });
    const q = new URL(request.url).searchParams;
    show({
      name: 'authorization URL',
      status: 'ok',
      summary: `${redactText(request.url)} (state ${redact(request.state)}, PKCE ${q.get('code_challenge_method')}, nonce ${redact(request.nonce ?? '')})`,
    });

    // 2. The provider signs alice in, approves, and redirects to the callback.
    const { callback, hops } = await authorize(rec.fetch, request.url, ctx.timeout);
    const response = await client.parseAuthorizationResponse(callback, { state: request.state });
    known.push(response.code);
    show({
      name: 'callback, state verified',
      status: 'ok',
      summary: `${hops} redirects to ${REDIRECT_URI}; state matches (constant-time), iss ${response.iss ?? '(none)'} checked; code ${redact(response.code)}`,
    });

    // 3. Code exchange (client_secret_basic + code_verifier).
    const token = await client.fetchToken({
      code: response.code,
      ...(request.codeVerifier === undefined ? {} : { codeVerifier: request.codeVerifier }),
    });
    for (const v of [token.access_token, token.refresh_token, token.id_token]) {
      if (v) known.push(v);
    }
    show({ name: 'code exchanged', status: 'ok', summary: tokenSummary(token) });

    // 4. id_token: signature through the JWKS, iss, aud, exp, iat, nonce, at_hash
    // (oauthkit/oidc's validateIdToken; jose loads here, never on the token path).
    if (token.id_token) {
      const { JwksCache, validateIdToken } = await import('oauthkit/oidc');
      const metadata = client.metadata;
      const jwksUri = metadata?.jwks_uri;
      if (!jwksUri) {
        throw new CliError(
          'ERR_DEMO',
          'The dev provider advertised no jwks_uri, so the id_token cannot be validated. Report this bug.',
        );
      }
      const header = joseHeader(token.id_token);
      const claims = await validateIdToken(token.id_token, {
        issuer,
        clientId: CLIENT_ID,
        jwks: new JwksCache(jwksUri, { fetch: rec.fetch, timeout: ctx.timeout }),
        ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
        accessToken: token.access_token,
        algorithms: metadata?.id_token_signing_alg_values_supported as string[] | undefined,
      });
      const checked = ['signature', 'iss', 'aud', 'exp', 'iat', 'nonce'];
      if (claims.at_hash !== undefined) checked.push('at_hash');
      show({
        name: 'id_token validated',
        status: 'ok',
        summary: `${String(header.alg)} signature (kid ${String(header.kid)}) checked with the JWKS; ${checked.slice(1).join(', ')} ok; sub ${claims.sub}, expires ${new Date(claims.exp * 1000).toISOString()}`,
      });
    } else {
      show({
        name: 'id_token validated',
        status: 'skipped',
        summary: 'the provider sent no id_token',
      });
    }

    // 5. UserInfo with the bearer token.
    const userinfoUrl = client.metadata?.userinfo_endpoint;
    if (userinfoUrl) {
      const res = await client.fetch(userinfoUrl);
      const claims = (await res.json()) as Record<string, unknown>;
      if (!res.ok) {
        throw new CliError(
          'ERR_DEMO',
          `UserInfo answered HTTP ${res.status}: expected 200 with the user's claims. Run again with --verbose and report it.`,
        );
      }
      show({
        name: 'userinfo',
        status: 'ok',
        summary: `sub ${String(claims.sub)}, ${Object.keys(claims).length} claims (${Object.keys(claims).join(', ')})`,
      });
    } else {
      show({ name: 'userinfo', status: 'skipped', summary: 'no userinfo_endpoint in discovery' });
    }

    if (options.refresh === false) {
      show({ name: 'refresh', status: 'skipped', summary: '--no-refresh' });
      show({ name: 'revocation', status: 'skipped', summary: '--no-refresh' });
    } else {
      // 6. Refresh: the dev provider rotates the refresh token.
      const refreshed = await client.refreshToken();
      for (const v of [refreshed.access_token, refreshed.refresh_token, refreshed.id_token]) {
        if (v) known.push(v);
      }
      const rotated = refreshed.refresh_token !== token.refresh_token;
      show({
        name: 'refresh',
        status: 'ok',
        summary: `${tokenSummary(refreshed)}; refresh token ${rotated ? 'rotated' : 'kept'}`,
      });

      // 7. Revocation of the refresh token (RFC 7009), then introspection shows it inactive.
      const revoked = refreshed.refresh_token ?? refreshed.access_token;
      const hint = refreshed.refresh_token ? 'refresh_token' : 'access_token';
      await client.revokeToken(revoked, { tokenTypeHint: hint });
      const after = await client.introspectToken(revoked, { tokenTypeHint: hint });
      show({
        name: 'revocation',
        status: 'ok',
        summary: `${hint} ${redact(revoked)} revoked; introspection now says active: ${String(after.active)}`,
      });
    }
  } finally {
    await server.stop();
  }
  const ms = Math.round(performance.now() - started);
  if (ctx.json) {
    ctx.out.printJson({ issuer, clientId: CLIENT_ID, steps, durationMs: ms });
  } else {
    ctx.out.print(`Done in ${ms} ms. Next: oauthkit dev-server, then oauthkit login.`);
  }
};
