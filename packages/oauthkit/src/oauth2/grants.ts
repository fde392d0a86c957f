/**
 * The grants and endpoints beyond authorization code + refresh: client credentials,
 * password, JWT bearer (RFC 7523), token exchange (RFC 8693), the device flow (RFC 8628),
 * revocation (RFC 7009) and introspection (RFC 7662). `OAuth2Client` loads this module on
 * first use, so an app doing only the code flow does not ship it.
 *
 * @module
 */
import type { TokenSet } from '../tokens/token.js';
import type { ClientInternals, ExtraParams } from './client.js';
import { endpoint } from './client-rare.js';
import {
  type DeviceAuthorization,
  pollDevice,
  processDeviceAuthorizationResponse,
} from './device.js';
import { type IntrospectionResponse, processIntrospectionResponse } from './introspection.js';
import { processRevocationResponse } from './revocation.js';

type Scoped = ExtraParams & { scope?: string | readonly string[] };

const scopeString = (s: string | readonly string[] | undefined) =>
  typeof s === 'string' ? s : s?.join(' ');

async function grant(
  c: ClientInternals,
  params: ExtraParams,
  name: string,
  reacquire = false,
): Promise<TokenSet> {
  const request = async () => {
    const token = await c.client.requestToken(params);
    await c.client.validateToken(token, { grant: name });
    return token;
  };
  return c.accept(await request(), reacquire ? request : undefined);
}

/** RFC 6749 §4.4. */
export function clientCredentials(c: ClientInternals, params: Scoped): Promise<TokenSet> {
  const { scope, ...rest } = params;
  return grant(
    c,
    { grant_type: 'client_credentials', scope: scopeString(scope ?? c.options.scope), ...rest },
    'client_credentials',
    true,
  );
}

/** RFC 6749 §4.3. */
export function passwordGrant(c: ClientInternals, params: Scoped): Promise<TokenSet> {
  const { scope, ...rest } = params;
  return grant(
    c,
    { grant_type: 'password', scope: scopeString(scope ?? c.options.scope), ...rest },
    'password',
  );
}

/** RFC 7523 §2.1. */
export function jwtBearerGrant(c: ClientInternals, params: Scoped): Promise<TokenSet> {
  const { scope, ...rest } = params;
  return grant(
    c,
    {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      scope: scopeString(scope),
      ...rest,
    },
    'jwt_bearer',
  );
}

/** RFC 8693 §2.1: the issued token is returned, not held. */
export async function tokenExchange(c: ClientInternals, params: Scoped): Promise<TokenSet> {
  const { scope, ...rest } = params;
  const token = await c.client.requestToken({
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    scope: scopeString(scope),
    ...rest,
  });
  await c.client.validateToken(token, { grant: 'token_exchange' });
  return token;
}

/** RFC 8628 §3.1. */
export async function deviceAuthorization(
  c: ClientInternals,
  params: Scoped,
): Promise<DeviceAuthorization> {
  const { scope, ...rest } = params;
  const result = await c.client.post(endpoint(c.options, 'deviceAuthorizationEndpoint'), {
    scope: scopeString(scope ?? c.options.scope),
    ...rest,
  });
  return processDeviceAuthorizationResponse(result, c.now());
}

/** RFC 8628 §3.4, §3.5. */
export async function pollDeviceToken(
  c: ClientInternals,
  authorization: Pick<DeviceAuthorization, 'device_code' | 'interval' | 'expires_in'> & {
    expires_at?: number;
  },
  signal: AbortSignal | undefined,
): Promise<TokenSet> {
  const token = await pollDevice(
    {
      interval: authorization.interval,
      expires_in: authorization.expires_in,
      expires_at: authorization.expires_at ?? Math.floor(c.now() / 1000) + authorization.expires_in,
    },
    () =>
      c.client.requestToken({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: authorization.device_code,
      }),
    { signal, now: c.now },
  );
  await c.client.validateToken(token, { grant: 'device_code' });
  return c.accept(token, undefined);
}

/** RFC 7009 §2.1: default the held refresh token, else the access token. */
export async function revokeToken(
  c: ClientInternals,
  token: string | undefined,
  tokenTypeHint: string | undefined,
): Promise<void> {
  const held = c.client.token;
  const value = token ?? held?.refresh_token ?? held?.access_token;
  if (!value) throw new TypeError('token: there is no token to revoke; pass one');
  const hint =
    tokenTypeHint ??
    (token === undefined ? (held?.refresh_token ? 'refresh_token' : 'access_token') : undefined);
  processRevocationResponse(
    await c.client.post(endpoint(c.options, 'revocationEndpoint'), {
      token: value,
      token_type_hint: hint,
    }),
  );
}

/** RFC 7662 §2.1. */
export async function introspectToken(
  c: ClientInternals,
  token: string,
  tokenTypeHint: string | undefined,
): Promise<IntrospectionResponse> {
  if (typeof token !== 'string' || !token) throw new TypeError('token must be a non-empty string');
  return processIntrospectionResponse(
    await c.client.post(endpoint(c.options, 'introspectionEndpoint'), {
      token,
      token_type_hint: tokenTypeHint,
    }),
  );
}
