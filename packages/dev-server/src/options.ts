/**
 * Options of {@link startDevServer} and the defaults that make `startDevServer()` usable with
 * no options at all.
 */
import type { OAuth1Verifier } from './oauth1/verifier.js';

/** A JSON Web Key as a plain object (public or private members). */
export type Jwk = { kty: string; kid?: string; alg?: string; use?: string } & Record<
  string,
  unknown
>;

/** A test user of the dev provider. */
export interface DevUser {
  /** The account id, used as the `sub` claim. */
  accountId: string;
  /** The name typed on the interactive login page. Default: the `accountId`. */
  username?: string;
  /** The password typed on the interactive login page. Default: `'password'`. */
  password?: string;
  /**
   * Claims released through the id_token and userinfo when their scope is granted
   * (`name`, `email`, ... under `profile`/`email`; unknown claim names are released under
   * `profile`). `sub` is always the `accountId`.
   */
  claims?: Record<string, unknown>;
}

/** How a client authenticates at the token, revocation and introspection endpoints. */
export type DevClientAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'client_secret_jwt'
  | 'private_key_jwt'
  | 'none';

/** A registered OAuth 2 / OIDC client of the dev provider. */
export interface DevClient {
  clientId: string;
  /** Required for `client_secret_*` methods; absent for `none` and `private_key_jwt`. */
  clientSecret?: string;
  /** Default: `client_secret_basic` with a secret, `none` without one. */
  tokenEndpointAuthMethod?: DevClientAuthMethod;
  /** Public keys for `private_key_jwt` (RFC 7523). */
  jwks?: { keys: Jwk[] };
  /**
   * Redirect URIs. A loopback URI (`http://127.0.0.1/...`, `http://localhost/...`,
   * `http://[::1]/...`) matches the same URI on any port (RFC 8252 §7.3).
   * Default: `http://127.0.0.1/callback` and `http://localhost/callback`.
   */
  redirectUris?: string[];
  /** Where RP-initiated logout may send the browser back to. Default: the redirect URIs. */
  postLogoutRedirectUris?: string[];
  /**
   * Grant types. Default: `authorization_code`, `refresh_token`, the device code grant, and
   * `client_credentials` for clients that authenticate.
   */
  grantTypes?: string[];
  /** Space-separated scopes this client may obtain. Default: every scope the server knows. */
  scope?: string;
  /** `web` or `native`. Default: `native` for public clients, `web` otherwise. */
  applicationType?: 'web' | 'native';
  /** id_token signing algorithm: `RS256` (default) or `ES256`. */
  idTokenSignedResponseAlg?: 'RS256' | 'ES256';
  /** Require DPoP-bound access tokens for this client (RFC 9449). Default: false. */
  dpopBoundAccessTokens?: boolean;
  /** A display name for consent pages. */
  clientName?: string;
}

/** Token and artifact lifetimes, in seconds. */
export interface DevTokenTtl {
  /** Access tokens from the authorization code, refresh and device grants. Default 3600. */
  accessToken?: number;
  /** Access tokens from the client credentials grant. Default: `accessToken` if set, else 600. */
  clientCredentials?: number;
  /** Default 60. */
  authorizationCode?: number;
  /** Default 3600. */
  idToken?: number;
  /** Default 14 days. */
  refreshToken?: number;
  /** Default 600. */
  deviceCode?: number;
}

/** An OAuth 1.0a consumer (client) of the dev provider's OAuth 1 endpoints. */
export interface DevOAuth1Consumer {
  consumerKey: string;
  /** Shared secret for HMAC-SHA* and PLAINTEXT signatures. */
  consumerSecret: string;
  /** PEM public key for RSA-SHA* signatures (RFC 5849 §3.4.3). */
  rsaPublicKey?: string;
}

/**
 * Options of {@link startDevServer}; every one is optional.
 *
 * @example
 * ```ts
 * const server = await startDevServer({
 *   port: 9090,
 *   users: [{ accountId: 'bob', password: 'secret', claims: { email: 'bob@example.test' } }],
 *   clients: [
 *     { clientId: 'my-app', clientSecret: 's3cret', redirectUris: ['http://localhost/cb'] },
 *     { clientId: 'my-cli' }, // public: token_endpoint_auth_method none, PKCE
 *   ],
 *   scopes: ['reports:read'],
 *   ttl: { accessToken: 5 },
 *   interactive: true,
 * });
 * ```
 */
export interface DevServerOptions {
  /** TCP port on 127.0.0.1. Default 0: a random free port. */
  port?: number;
  /** Host to bind. Default `127.0.0.1`; the dev server is not meant to be reachable. */
  host?: string;
  /** Test users. Default: one user, `alice` (password `password`). */
  users?: DevUser[];
  /** Clients. Default: {@link DEFAULT_CONFIDENTIAL_CLIENT} and {@link DEFAULT_PUBLIC_CLIENT}. */
  clients?: DevClient[];
  /**
   * Scopes the server knows besides `openid`, `offline_access`, `profile`, `email`.
   * Default: `['api:read', 'api:write']`.
   */
  scopes?: string[];
  /** Token lifetimes in seconds. */
  ttl?: DevTokenTtl;
  /**
   * `false` (default): every authorization request is approved at once, as
   * {@link DevServerOptions.defaultUser} (or the user named by `login_hint`), with no page.
   * `true`: a real login page (username and password of a configured user) and a consent
   * page, in plain accessible HTML.
   */
  interactive?: boolean;
  /** The account that auto-approval signs in. Default: the first user. */
  defaultUser?: string;
  /**
   * Signing keys as private JWKs (RS256 and/or ES256). Default: one RSA and one P-256 key
   * generated at start.
   */
  jwks?: { keys: Jwk[] };
  /**
   * Issue a refresh token to every client allowed the `refresh_token` grant (default), or
   * only when `offline_access` is granted (`true`, the OpenID Connect rule).
   */
  requireOfflineAccess?: boolean;
  /** OAuth 1.0a consumers. Default: {@link DEFAULT_OAUTH1_CONSUMER}. */
  oauth1Consumers?: DevOAuth1Consumer[];
  /**
   * How OAuth 1.0a request signatures are checked. Default: `createLibraryVerifier()`, the
   * library's signer (HMAC-SHA1/256/512 and PLAINTEXT) and, for consumers with an
   * `rsaPublicKey`, RSA-SHA1/256/512.
   */
  oauth1Verifier?: OAuth1Verifier;
  /** Accepted clock difference for OAuth 1 `oauth_timestamp`, in seconds. Default 300. */
  oauth1TimestampWindow?: number;
  /** Clock used by the OAuth 1 endpoints, epoch ms. Default `Date.now`. */
  now?: () => number;
  /**
   * Called with unexpected server errors (bugs, not OAuth errors answered to clients).
   * Default: printed to stderr.
   */
  onError?: (error: Error) => void;
}

/** The default confidential client: `client_secret_basic` (or `_post`), all grants. */
export const DEFAULT_CONFIDENTIAL_CLIENT = {
  clientId: 'dev-client',
  clientSecret: 'dev-client-secret',
  clientName: 'oauthkit dev client',
} as const satisfies DevClient;

/** The default public client: `none`, PKCE, loopback redirects on any port. */
export const DEFAULT_PUBLIC_CLIENT = {
  clientId: 'dev-public',
  tokenEndpointAuthMethod: 'none',
  clientName: 'oauthkit dev public client',
} as const satisfies DevClient;

/** The default user. */
export const DEFAULT_USER = {
  accountId: 'alice',
  password: 'password',
  claims: {
    name: 'Alice Example',
    given_name: 'Alice',
    family_name: 'Example',
    preferred_username: 'alice',
    email: 'alice@example.com',
    email_verified: true,
  },
} as const satisfies DevUser;

/** The default OAuth 1.0a consumer. */
export const DEFAULT_OAUTH1_CONSUMER = {
  consumerKey: 'dev-oauth1-consumer',
  consumerSecret: 'dev-oauth1-secret',
} as const satisfies DevOAuth1Consumer;

export const DEFAULT_REDIRECT_URIS: readonly string[] = [
  'http://127.0.0.1/callback',
  'http://localhost/callback',
];

export const DEFAULT_SCOPES: readonly string[] = ['api:read', 'api:write'];

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** A client with every default filled in. */
export interface ResolvedClient {
  clientId: string;
  clientSecret?: string;
  tokenEndpointAuthMethod: DevClientAuthMethod;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: string[];
  applicationType: 'web' | 'native';
  scope: string;
  metadata: Record<string, unknown>;
}

/** A user with every default filled in. */
export interface ResolvedUser {
  accountId: string;
  username: string;
  password: string;
  claims: Record<string, unknown>;
}

export function resolveUsers(users: DevUser[] | undefined): ResolvedUser[] {
  const list: DevUser[] = users ?? [DEFAULT_USER];
  if (list.length === 0) {
    throw new TypeError('options.users is empty: give at least one user, or omit it for alice');
  }
  const seen = new Set<string>();
  return list.map((u, i) => {
    if (typeof u.accountId !== 'string' || u.accountId === '') {
      throw new TypeError(`options.users[${i}].accountId must be a non-empty string`);
    }
    if (seen.has(u.accountId)) {
      throw new TypeError(`options.users[${i}].accountId "${u.accountId}" is used twice`);
    }
    seen.add(u.accountId);
    return {
      accountId: u.accountId,
      username: u.username ?? u.accountId,
      password: u.password ?? 'password',
      claims: { ...(u.claims ?? {}) },
    };
  });
}

export function resolveClients(
  clients: DevClient[] | undefined,
  allScopes: readonly string[],
): ResolvedClient[] {
  const list: DevClient[] = clients ?? [DEFAULT_CONFIDENTIAL_CLIENT, DEFAULT_PUBLIC_CLIENT];
  return list.map((c, i) => {
    const where = `options.clients[${i}]`;
    if (typeof c.clientId !== 'string' || c.clientId === '') {
      throw new TypeError(`${where}.clientId must be a non-empty string`);
    }
    const method: DevClientAuthMethod =
      c.tokenEndpointAuthMethod ??
      (c.clientSecret !== undefined ? 'client_secret_basic' : c.jwks ? 'private_key_jwt' : 'none');
    if (method.startsWith('client_secret') && !c.clientSecret) {
      throw new TypeError(`${where}: ${method} needs clientSecret; add one or use "none"`);
    }
    if (method === 'private_key_jwt' && !c.jwks) {
      throw new TypeError(`${where}: private_key_jwt needs jwks with the client's public key`);
    }
    const authenticates = method !== 'none';
    const grantTypes = c.grantTypes ?? [
      'authorization_code',
      'refresh_token',
      DEVICE_CODE_GRANT,
      ...(authenticates ? ['client_credentials'] : []),
    ];
    const redirectUris = c.redirectUris ?? [...DEFAULT_REDIRECT_URIS];
    const postLogoutRedirectUris = c.postLogoutRedirectUris ?? redirectUris;
    const applicationType = c.applicationType ?? (authenticates ? 'web' : 'native');
    const scope =
      c.scope ?? ['openid', 'offline_access', 'profile', 'email', ...allScopes].join(' ');
    const responseTypes = grantTypes.includes('authorization_code') ? ['code'] : [];
    const metadata: Record<string, unknown> = {
      client_id: c.clientId,
      token_endpoint_auth_method: method,
      grant_types: grantTypes,
      response_types: responseTypes,
      redirect_uris: responseTypes.length > 0 ? redirectUris : [],
      post_logout_redirect_uris: postLogoutRedirectUris,
      application_type: applicationType,
      scope,
      ...(c.clientSecret !== undefined ? { client_secret: c.clientSecret } : {}),
      ...(c.jwks ? { jwks: c.jwks } : {}),
      ...(c.idTokenSignedResponseAlg
        ? { id_token_signed_response_alg: c.idTokenSignedResponseAlg }
        : {}),
      ...(c.dpopBoundAccessTokens ? { dpop_bound_access_tokens: true } : {}),
      ...(c.clientName ? { client_name: c.clientName } : {}),
    };
    return {
      clientId: c.clientId,
      ...(c.clientSecret !== undefined ? { clientSecret: c.clientSecret } : {}),
      tokenEndpointAuthMethod: method,
      redirectUris,
      postLogoutRedirectUris,
      grantTypes,
      applicationType,
      scope,
      metadata,
    };
  });
}
