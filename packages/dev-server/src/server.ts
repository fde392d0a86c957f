/** `startDevServer`: oidc-provider and the OAuth 1.0a endpoints on one loopback HTTP server. */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { applyFault, type Fault, type FaultEndpoint, FaultInjector } from './faults.js';
import { handleInteraction } from './interactions.js';
import { generateSigningKeys } from './keys.js';
import { createOAuth1Endpoints, type OAuth1Endpoints } from './oauth1/endpoints.js';
import { createLibraryVerifier } from './oauth1/library-verifier.js';
import {
  DEFAULT_OAUTH1_CONSUMER,
  DEFAULT_SCOPES,
  type DevClientAuthMethod,
  type DevOAuth1Consumer,
  type DevServerOptions,
  resolveClients,
  resolveUsers,
} from './options.js';
import { allowLoopbackOnAnyPort, providerConfiguration } from './provider.js';

/** A registered client as the running server knows it. */
export interface DevServerClient {
  clientId: string;
  clientSecret?: string;
  tokenEndpointAuthMethod: DevClientAuthMethod;
  redirectUris: readonly string[];
  grantTypes: readonly string[];
  scope: string;
}

/** A test user as the running server knows it. */
export interface DevServerUser {
  accountId: string;
  username: string;
  password: string;
  claims: Readonly<Record<string, unknown>>;
}

/** Endpoint URLs of the running server (the same ones discovery advertises). */
export interface DevServerEndpoints {
  discovery: string;
  authorization: string;
  token: string;
  userinfo: string;
  jwks: string;
  deviceAuthorization: string;
  deviceVerification: string;
  introspection: string;
  revocation: string;
  pushedAuthorizationRequest: string;
  endSession: string;
  oauth1RequestToken: string;
  oauth1Authorize: string;
  oauth1AccessToken: string;
  oauth1Resource: string;
}

/** Options of {@link DevServer.approveDevice}. */
export interface ApproveDeviceOptions {
  /** The account that approves. Default: the default user. */
  accountId?: string;
  /** Deny instead: the device's next poll gets `access_denied`. */
  deny?: boolean;
}

/**
 * A running dev provider, returned by {@link startDevServer}.
 *
 * @example
 * ```ts
 * const server = await startDevServer();
 * const [confidential] = server.clients; // dev-client / dev-client-secret
 * console.log(server.issuer, server.endpoints.token, confidential?.clientId);
 * await server.stop();
 * ```
 */
export interface DevServer {
  /** The issuer, e.g. `http://127.0.0.1:49152` (also the base URL of every endpoint). */
  readonly issuer: string;
  /** The TCP port bound on 127.0.0.1. */
  readonly port: number;
  readonly endpoints: DevServerEndpoints;
  readonly clients: readonly DevServerClient[];
  readonly users: readonly DevServerUser[];
  readonly oauth1Consumers: readonly DevOAuth1Consumer[];
  /**
   * Approves (or denies) a pending device authorization (RFC 8628) by its user code, as if
   * the user had typed it on the verification page. Dashes and case do not matter.
   */
  approveDevice(userCode: string, options?: ApproveDeviceOptions): Promise<void>;
  /**
   * Makes the next request to `endpoint` fail: an OAuth error (`{ error: 'invalid_grant' }`),
   * a custom answer (`{ status, body, headers }`), a delay (`{ delayMs }`, then served
   * normally unless combined) or a broken response (`{ broken: 'html' | 'truncated-json' |
   * 'empty' | 'reset' }`). Calls queue up, first in, first out.
   *
   * @example
   * ```ts
   * server.failNext('token', { error: 'invalid_grant' });
   * server.failNext('userinfo', { delayMs: 5000 }); // slow, then served normally
   * server.failNext('token', { broken: 'html' }); // 502 with an HTML page
   * server.failNext('oauth1/*', { status: 503, body: 'maintenance' });
   * ```
   */
  failNext(endpoint: FaultEndpoint, fault: Fault): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

const WARNING = 'oidc-provider WARNING: Unsupported runtime';

/**
 * oidc-provider announces "Unsupported runtime" on Node 20 at import, though it works there
 * (>= 20.18); oauthkit supports Node >= 20.19, so that one line is dropped while importing.
 */
async function importProvider(): Promise<typeof Provider> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes(WARNING)) return;
    warn(...args);
  };
  try {
    return (await import('oidc-provider')).default;
  } finally {
    console.warn = warn;
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function normalizeUserCode(input: string): string {
  return input.toUpperCase().replace(/\W/g, '');
}

/**
 * Starts the dev provider on 127.0.0.1 (a random port unless `port` is given). With no
 * options it has one confidential client (`dev-client` / `dev-client-secret`), one public
 * client (`dev-public`), one user (`alice` / `password`) and approves every authorization
 * request at once.
 *
 * @example
 * ```ts
 * import { startDevServer } from '@oauthkit/dev-server';
 *
 * const server = await startDevServer();
 * const discovery = await fetch(`${server.issuer}/.well-known/openid-configuration`);
 * server.failNext('token', { error: 'invalid_grant' }); // the next token request fails
 * await server.stop();
 * ```
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  // Key generation (thread pool) overlaps with importing oidc-provider (main thread).
  const jwksPromise = options.jwks ? Promise.resolve(options.jwks) : generateSigningKeys();
  const providerPromise = importProvider();
  // Settle both promises even if one fails, so no rejection goes unhandled.
  jwksPromise.catch(() => {});
  providerPromise.catch(() => {});

  const scopes = options.scopes ?? DEFAULT_SCOPES;
  const users = resolveUsers(options.users);
  const usersById = new Map(users.map((u) => [u.accountId, u]));
  const clients = resolveClients(options.clients, scopes);
  const defaultUser = options.defaultUser ?? users[0]!.accountId;
  if (!usersById.has(defaultUser)) {
    throw new TypeError(`options.defaultUser "${defaultUser}" is not one of options.users`);
  }
  const interactive = options.interactive ?? false;
  const onError =
    options.onError ??
    ((error: Error) => console.error(`@oauthkit/dev-server: ${error.stack ?? error.message}`));
  const faults = new FaultInjector();
  const consumers = options.oauth1Consumers ?? [DEFAULT_OAUTH1_CONSUMER];

  let handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_q, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof RangeError && !res.headersSent) {
        // readForm's size limit: the client's fault, not a bug to report.
        res.writeHead(413, { 'content-type': 'text/plain' }).end('form body too large');
        return;
      }
      onError(error instanceof Error ? error : new Error(String(error)));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error in the dev provider');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE';
      reject(
        inUse
          ? new Error(
              `startDevServer: port ${options.port} on ${host} is already in use; pass another port, or port 0 for a random one`,
              { cause: error },
            )
          : error,
      );
    });
    server.listen(options.port ?? 0, host, () => {
      server.removeAllListeners('error');
      server.on('error', onError);
      resolve();
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  let provider: Provider;
  let port: number;
  let issuer: string;
  let oauth1: OAuth1Endpoints;
  try {
    port = (server.address() as AddressInfo).port;
    issuer = `http://${hostForUrl(host)}:${port}`;
    const [ProviderClass, jwks] = await Promise.all([providerPromise, jwksPromise]);
    provider = new ProviderClass(
      issuer,
      providerConfiguration({
        users: usersById,
        clients,
        scopes,
        ttl: options.ttl ?? {},
        jwks,
        requireOfflineAccess: options.requireOfflineAccess ?? false,
      }),
    );
    allowLoopbackOnAnyPort(provider);
    provider.on('server_error', (_ctx, error) => onError(error));
    oauth1 = createOAuth1Endpoints({
      consumers,
      users: usersById,
      defaultUser,
      interactive,
      verifier: options.oauth1Verifier ?? createLibraryVerifier(),
      timestampWindow: options.oauth1TimestampWindow ?? 300,
      now: options.now ?? Date.now,
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const callback = provider.callback();
  const setup = {
    provider,
    users: usersById,
    defaultUser,
    interactive,
    clientNames: new Map(
      clients.map((c) => [c.clientId, String(c.metadata.client_name ?? c.clientId)]),
    ),
  };
  handle = async (req, res) => {
    const pathname = new URL(req.url ?? '/', issuer).pathname;
    const fault = faults.take(pathname);
    if (fault && (await applyFault(fault, req, res))) return;
    if (pathname.startsWith('/interaction/')) {
      if (!interactive) addInteractionCookie(req, pathname);
      if (await handleInteraction(setup, req, res, pathname)) return;
    }
    if (pathname.startsWith('/oauth1/')) {
      if (await oauth1.handle(req, res, issuer)) return;
    }
    if (!interactive) addInteractionCookie(req, pathname);
    callback(req, res);
  };

  const url = (path: string) => `${issuer}${path}`;
  return {
    issuer,
    port,
    endpoints: {
      discovery: url('/.well-known/openid-configuration'),
      authorization: url('/auth'),
      token: url('/token'),
      userinfo: url('/me'),
      jwks: url('/jwks'),
      deviceAuthorization: url('/device/auth'),
      deviceVerification: url('/device'),
      introspection: url('/token/introspection'),
      revocation: url('/token/revocation'),
      pushedAuthorizationRequest: url('/request'),
      endSession: url('/session/end'),
      oauth1RequestToken: url('/oauth1/request_token'),
      oauth1Authorize: url('/oauth1/authorize'),
      oauth1AccessToken: url('/oauth1/access_token'),
      oauth1Resource: url('/oauth1/resource'),
    },
    clients: clients.map((c) => ({
      clientId: c.clientId,
      ...(c.clientSecret !== undefined ? { clientSecret: c.clientSecret } : {}),
      tokenEndpointAuthMethod: c.tokenEndpointAuthMethod,
      redirectUris: c.redirectUris,
      grantTypes: c.grantTypes,
      scope: c.scope,
    })),
    users: users.map((u) => ({ ...u })),
    oauth1Consumers: consumers.map((c) => ({ ...c })),
    async approveDevice(userCode, approval = {}) {
      const code = await provider.DeviceCode.findByUserCode(normalizeUserCode(userCode), {
        ignoreExpiration: true,
      });
      const shown = `${userCode.slice(0, 2)}…`;
      if (!code) {
        throw new Error(
          `approveDevice: no device authorization has user code ${shown}; pass the user_code from the device authorization response`,
        );
      }
      if (code.isExpired) {
        throw new Error(
          `approveDevice: the device authorization ${shown} has expired; start a new one`,
        );
      }
      if (code.accountId || code.error || code.consumed) {
        throw new Error(`approveDevice: the device authorization ${shown} was already answered`);
      }
      if (approval.deny) {
        code.error = 'access_denied';
        code.errorDescription = 'End-User denied the device authorization request';
        await code.save();
        return;
      }
      const accountId = approval.accountId ?? defaultUser;
      if (!usersById.has(accountId)) {
        throw new TypeError(`approveDevice: accountId "${accountId}" is not a configured user`);
      }
      const grant = new provider.Grant({ accountId, clientId: code.clientId });
      const scope = typeof code.params.scope === 'string' ? code.params.scope : 'openid';
      grant.addOIDCScope(scope);
      const grantId = await grant.save();
      Object.assign(code, { accountId, grantId, scope, authTime: Math.floor(Date.now() / 1000) });
      await code.save();
    },
    failNext: (endpoint, fault) => faults.add(endpoint, fault),
    clearFaults: () => faults.clear(),
    stop,
  };
}

const INTERACTION_PATH = /^\/interaction\/([\w-]+)/;
const RESUME_PATH = /^\/auth\/([\w-]+)$/;

/**
 * Auto-approve mode serves clients without a cookie jar (a CLI following redirects with
 * fetch): oidc-provider binds an interaction to the browser through the `_interaction` and
 * `_interaction_resume` cookies, whose value is the interaction id that is also in the
 * path. When the cookie is missing it is supplied from the path. This gives up the
 * protection those cookies exist for (login CSRF), which a local server that signs
 * everyone in as a test user does not have anyway; interactive mode never does this.
 */
function addInteractionCookie(req: IncomingMessage, pathname: string): void {
  const interaction = INTERACTION_PATH.exec(pathname);
  const resume = interaction ? undefined : RESUME_PATH.exec(pathname);
  const name = interaction ? '_interaction' : resume ? '_interaction_resume' : undefined;
  const uid = (interaction ?? resume)?.[1];
  if (!name || !uid) return;
  const cookie = req.headers.cookie ?? '';
  if (cookie.split(/;\s*/).some((c) => c.startsWith(`${name}=`))) return;
  req.headers.cookie = cookie ? `${cookie}; ${name}=${uid}` : `${name}=${uid}`;
}
