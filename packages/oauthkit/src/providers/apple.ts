/**
 * Sign in with Apple (OpenID Connect with two departures: `form_post` for the user's name
 * and email, and a client secret that is a JWT the client signs).
 *
 * @module
 */
import type { AuthorizationUrlParams } from '../oauth2/client.js';
import { loadJose } from '../oidc/load-jose.js';
import type { OidcProviderPreset, PresetOptions } from './preset.js';

const APPLE = 'https://appleid.apple.com';
const DEFAULT_SCOPE = 'openid name email';
/** Apple refuses client secrets valid for longer than 6 months (15 777 000 s). */
const MAX_SECRET_LIFETIME = 15_777_000;

/**
 * Apple's endpoints. The client secret is a JWT: build it with {@link appleClientSecret};
 * Apple takes it in the body (`client_secret_post`). Ask for `name` or `email` and Apple
 * requires `response_mode=form_post`: build the authorization request with
 * {@link appleAuthorizationParams}, then hand the POSTed callback `Request` to
 * `OidcClient.fetchToken`. Apple has no UserInfo endpoint: the claims are in the id_token.
 * Use the preset with `new OidcClient()` or `OidcClient.discover(apple().issuer, ...)`.
 *
 * @see https://developer.apple.com/documentation/sign_in_with_apple/sign_in_with_apple_rest_api
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { apple, appleClientSecret } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   ...apple(),
 *   clientId: 'com.example.web',
 *   clientSecret: await appleClientSecret({
 *     teamId: 'ABCDE12345',
 *     keyId: 'KEY1234567',
 *     privateKey: process.env.APPLE_KEY ?? '',
 *     clientId: 'com.example.web',
 *   }),
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function apple(_options?: PresetOptions): OidcProviderPreset {
  return {
    issuer: APPLE,
    authorizationEndpoint: `${APPLE}/auth/authorize`,
    tokenEndpoint: `${APPLE}/auth/token`,
    revocationEndpoint: `${APPLE}/auth/revoke`,
    jwksUri: `${APPLE}/auth/keys`,
    scope: DEFAULT_SCOPE,
    tokenEndpointAuthMethod: 'client_secret_post',
  };
}

/** The `debug` callbacks already told about `appleFormPost`: each hears it once. */
const told = new WeakSet<object>();

/**
 * The named fix `appleFormPost`: adds `response_mode: 'form_post'` to the parameters of
 * `createAuthorizationUrl` when the scope (given, else Apple's default) asks for `name` or
 * `email`, which Apple only returns by POST. `debug` hears of it once per callback. Parameters that set `response_mode` already,
 * or scopes without those two, are returned unchanged; so is everything with `strict: true`.
 *
 * @see https://developer.apple.com/documentation/sign_in_with_apple/request_an_authorization_to_the_sign_in_with_apple_server
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
 * @example
 * ```ts
 * const { url, state, codeVerifier, nonce } = await client.createAuthorizationUrl(
 *   appleAuthorizationParams({ nonce: true }),
 * );
 * ```
 */
export function appleAuthorizationParams(
  params: AuthorizationUrlParams = {},
  options?: PresetOptions,
): AuthorizationUrlParams {
  if (options?.strict === true || params.response_mode !== undefined) return params;
  const scope = params.scope ?? DEFAULT_SCOPE;
  const list = typeof scope === 'string' ? scope.split(' ') : scope;
  if (!list.includes('name') && !list.includes('email')) return params;
  const debug = options?.debug;
  if (debug && !told.has(debug)) {
    told.add(debug);
    debug(
      'oauthkit/providers: apple: applied fix appleFormPost (response_mode=form_post added: Apple sends name and email only by POST); pass strict: true to turn the fixes off.',
    );
  }
  return { ...params, response_mode: 'form_post' };
}

/** Options of {@link appleClientSecret}. */
export interface AppleClientSecretOptions {
  /** Your Apple Developer Team ID (10 characters): the JWT's `iss`. */
  teamId: string;
  /** The id of the Sign in with Apple key (10 characters): the JWT's `kid`. */
  keyId: string;
  /** The key: the `.p8` file's PEM text (PKCS#8, P-256), or an ECDSA P-256 `CryptoKey`. */
  privateKey: string | CryptoKey;
  /** The Services ID or App ID: the JWT's `sub` and your `clientId`. */
  clientId: string;
  /** Lifetime in seconds, at most 15 777 000 (6 months, Apple's limit). Default 15 552 000 (180 days). */
  expiresIn?: number | undefined;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * Signs the client secret Apple's token endpoint requires: an ES256 JWT with `kid` =
 * `keyId`, `iss` = `teamId`, `sub` = `clientId`, `aud` = `https://appleid.apple.com`, and
 * an `exp` at most 6 months away. Make a new one before it expires (e.g. at each start).
 * Loads `jose` on first call.
 *
 * @see https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
 * @see https://www.rfc-editor.org/rfc/rfc7519
 * @example
 * ```ts
 * const clientSecret = await appleClientSecret({
 *   teamId: 'ABCDE12345',
 *   keyId: 'KEY1234567',
 *   privateKey: process.env.APPLE_KEY ?? '',
 *   clientId: 'com.example.web',
 * });
 * ```
 */
export async function appleClientSecret(options: AppleClientSecretOptions): Promise<string> {
  const { teamId, keyId, privateKey, clientId } = options ?? {};
  for (const [name, value] of Object.entries({ teamId, keyId, clientId })) {
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`${name} must be a non-empty string (see the Apple Developer account)`);
    }
  }
  const lifetime = options.expiresIn ?? 15_552_000;
  if (!Number.isInteger(lifetime) || lifetime <= 0 || lifetime > MAX_SECRET_LIFETIME) {
    throw new TypeError(
      `expiresIn must be whole seconds between 1 and ${MAX_SECRET_LIFETIME} (6 months, Apple's limit), got ${String(lifetime)}`,
    );
  }
  const jose = await loadJose();
  let key: CryptoKey;
  if (typeof privateKey === 'string') {
    try {
      key = await jose.importPKCS8(privateKey, 'ES256');
    } catch (cause) {
      throw new TypeError(
        'privateKey must be the PEM text of the Sign in with Apple key (.p8 file, "-----BEGIN PRIVATE KEY-----", P-256)',
        { cause },
      );
    }
  } else {
    key = privateKey;
  }
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  return new jose.SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: keyId as string })
    .setIssuer(teamId as string)
    .setSubject(clientId as string)
    .setAudience(APPLE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .sign(key);
}
