/**
 * oidc-provider 9 in-process on 127.0.0.1 and a random port, as the reference OAuth 2.0 /
 * OpenID Connect server for interop tests. The interaction auto-approves (login as
 * `accountId`, consent to every requested scope), so `authorize(url)` follows the redirects
 * with plain fetch and a cookie jar, no browser. The device flow is approved or denied
 * through the provider's own models, as its device interaction would. The server counts
 * token-endpoint requests by grant type.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { OAuth2Client } from '../../src/oauth2/client.js';
import type { TokenSet } from '../../src/tokens/token.js';

export const REDIRECT_URI = 'http://127.0.0.1:1/callback';

export interface ClientMetadata {
  client_id: string;
  client_secret?: string;
  token_endpoint_auth_method?: string;
  grant_types?: string[];
  redirect_uris?: string[];
  response_types?: string[];
  jwks?: { keys: Record<string, unknown>[] };
  [field: string]: unknown;
}

export interface ProviderOptions {
  clients: ClientMetadata[];
  /** oidc-provider `ttl` entries (seconds, or functions as oidc-provider allows). */
  ttl?: Record<string, unknown>;
  /** Rotate refresh tokens on every use (default true). */
  rotateRefreshToken?: boolean;
  /** The account the interaction logs in. Default `alice`. */
  accountId?: string;
  /** oidc-provider `features` entries, merged over the defaults (dPoP, PAR, JAR, logout...). */
  features?: Record<string, unknown>;
  /** The provider's signing keys (private JWKs). Default: oidc-provider's development key. */
  jwks?: { keys: Record<string, unknown>[] };
}

export interface RunningProvider {
  issuer: string;
  provider: Provider;
  /** Token-endpoint requests by `grant_type`, counted by the server. */
  tokenRequests: Map<string, number>;
  /** Follows the authorization redirects, approving; resolves to the callback URL. */
  authorize(url: string): Promise<string>;
  /**
   * As `authorize` for `response_mode=form_post`: resolves to the fields of the
   * auto-submitting form the provider answers with (what the browser would POST).
   */
  authorizeFormPost(url: string): Promise<URLSearchParams>;
  approveDevice(userCode: string): Promise<void>;
  denyDevice(userCode: string): Promise<void>;
  close(): Promise<void>;
}

export async function startProvider(options: ProviderOptions): Promise<RunningProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const accountId = options.accountId ?? 'alice';
  const clients = options.clients.map((c) => ({
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [REDIRECT_URI],
    ...c,
  }));
  const provider = new Provider(issuer, {
    clients,
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub }),
    }),
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      clientCredentials: { enabled: true },
      ...options.features,
    },
    ...(options.jwks ? { jwks: options.jwks } : {}),
    scopes: ['openid', 'offline_access', 'api'],
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: options.rotateRefreshToken ?? true,
    pkce: { required: () => false },
    cookies: { keys: ['oauthkit-test-cookie-key'] },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      DeviceCode: 600,
      Grant: 3600,
      Interaction: 600,
      RefreshToken: 86400,
      Session: 3600,
      ...options.ttl,
    },
  });
  // The warning about an unsupported runtime (Node 20) and server errors stay quiet.
  provider.on('server_error', () => {});
  const tokenRequests = new Map<string, number>();
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.method === 'POST') {
      const g = String(ctx.oidc?.params?.grant_type ?? 'unknown');
      tokenRequests.set(g, (tokenRequests.get(g) ?? 0) + 1);
    }
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(details.params.scope ?? 'openid');
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  async function authorize(url: string): Promise<string> {
    const last = await follow(url);
    if (typeof last !== 'string') {
      throw new Error(`no redirect from ${last.url}: ${last.status} ${await last.text()}`);
    }
    return last;
  }

  async function authorizeFormPost(url: string): Promise<URLSearchParams> {
    const last = await follow(url);
    if (typeof last === 'string') throw new Error(`a redirect, not a form_post page: ${last}`);
    const html = await last.text();
    if (!html.includes(`action="${REDIRECT_URI}"`))
      throw new Error(`not a form_post page: ${html}`);
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
      fields.append(m[1]!, m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
    }
    return fields;
  }

  /** Follows redirects with a cookie jar: the callback URL, or the first non-redirect response. */
  async function follow(url: string): Promise<string | Response> {
    const jar = new Map<string, string>();
    let next = url;
    for (let i = 0; i < 10; i++) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(next, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (!location) return res;
      await res.body?.cancel();
      next = new URL(location, next).href;
      if (next.startsWith(REDIRECT_URI)) return next;
    }
    throw new Error('too many redirects');
  }

  async function findDevice(userCode: string) {
    // Stored as the device page normalises input: upper case, no separators.
    const code = await provider.DeviceCode.findByUserCode(
      userCode.toUpperCase().replace(/\W/g, ''),
    );
    if (!code) throw new Error(`no device code for ${userCode}`);
    return code;
  }

  return {
    issuer,
    provider,
    tokenRequests,
    authorize,
    authorizeFormPost,
    async approveDevice(userCode) {
      const code = await findDevice(userCode);
      const grant = new provider.Grant({ accountId, clientId: code.clientId });
      grant.addOIDCScope(code.scope ?? 'openid');
      code.grantId = await grant.save();
      code.accountId = accountId;
      code.authTime = Math.floor(Date.now() / 1000);
      await code.save();
    },
    async denyDevice(userCode) {
      const code = await findDevice(userCode);
      code.error = 'access_denied';
      code.errorDescription = 'the user denied the device';
      await code.save();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A token from the authorization code flow with PKCE, through `OAuth2Client` and the
 * provider's auto-approving interaction; `offline_access` with consent, so it carries a
 * refresh token.
 */
export async function codeFlowToken(
  op: RunningProvider,
  clientId: string,
  clientSecret: string,
): Promise<TokenSet> {
  const c = new OAuth2Client({
    clientId,
    clientSecret,
    authorizationEndpoint: `${op.issuer}/auth`,
    tokenEndpoint: `${op.issuer}/token`,
    redirectUri: REDIRECT_URI,
  });
  const { url, state, codeVerifier } = await c.createAuthorizationUrl({
    scope: 'openid offline_access',
    prompt: 'consent',
  });
  return c.fetchToken({ authorizationResponse: await op.authorize(url), state, codeVerifier });
}
