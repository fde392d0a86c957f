/**
 * The JWT client-assertion methods, `client_secret_jwt` and `private_key_jwt` (RFC 7523
 * §2.2), behind `ClientSecretJwt` and `PrivateKeyJwt` of `client-auth.ts`. A module of its
 * own, loaded (with `jose`) on first use, so clients that never sign pay nothing for it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @module
 */
import { utf8 } from '../internal/encoding.js';
import { randomToken } from '../internal/random.js';
import type { ClientAuth, ClientAuthContext, JwtAuthOptions, PrivateJwk } from './client-auth.js';
import { checkedKey, checkedSecret } from './client-auth-checks.js';

type SigningKey = CryptoKey | Uint8Array;

async function signAssertion(
  context: ClientAuthContext,
  key: () => Promise<SigningKey>,
  alg: string,
  options: JwtAuthOptions,
): Promise<string> {
  const { SignJWT } = await import('jose/jwt/sign');
  const now = Math.floor(context.now / 1000);
  const audience = options.audience ?? context.issuer ?? context.tokenEndpoint ?? context.endpoint;
  const header: { alg: string; kid?: string } = { alg };
  if (options.kid !== undefined) header.kid = options.kid;
  // RFC 7523 §3: iss = sub = client_id, aud = the authorization server, exp, jti.
  return new SignJWT({})
    .setProtectedHeader(header)
    .setIssuer(context.clientId)
    .setSubject(context.clientId)
    .setAudience(audience)
    .setJti(randomToken(16))
    .setIssuedAt(now)
    .setExpirationTime(now + (options.lifetime ?? 60))
    .sign(await key());
}

function addAssertion(body: URLSearchParams, clientId: string, assertion: string): void {
  body.set('client_id', clientId);
  body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  body.set('client_assertion', assertion);
}

/**
 * `client_secret_jwt`: an HMAC-signed JWT assertion keyed with the client secret.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 * @example
 * ```ts
 * const auth = ClientSecretJwt('a-secret-of-at-least-32-bytes.....', { alg: 'HS256' });
 * ```
 */
export function signWithClientSecret(
  clientSecret: string,
  options: JwtAuthOptions = {},
): ClientAuth {
  const key = utf8(checkedSecret(clientSecret));
  return async (context, _headers, body) => {
    const jwt = await signAssertion(context, async () => key, options.alg ?? 'HS256', options);
    addAssertion(body, context.clientId, jwt);
  };
}

function algFromKey(key: CryptoKey | PrivateJwk): string | undefined {
  if (!('algorithm' in key)) {
    if (key.alg) return key.alg;
    if (key.kty === 'RSA') return 'RS256';
    if (key.kty === 'EC') return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[key.crv!];
    if (key.kty === 'OKP') return 'EdDSA';
    return undefined;
  }
  const a = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string };
  const bits = a.hash?.name.replace('SHA-', '');
  if (a.name === 'RSASSA-PKCS1-v1_5') return `RS${bits}`;
  if (a.name === 'RSA-PSS') return `PS${bits}`;
  if (a.name === 'ECDSA') return `ES${a.namedCurve?.replace('P-', '').replace('521', '512')}`;
  if (a.name === 'Ed25519') return 'EdDSA';
  return undefined;
}

/**
 * `private_key_jwt`: a JWT assertion signed with the client's private key (a `CryptoKey`
 * or a private JWK). The algorithm comes from the key unless given.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @example
 * ```ts
 * const { privateKey } = await crypto.subtle.generateKey(
 *   { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
 * const auth = PrivateKeyJwt(privateKey, { kid: 'key-1' });
 * ```
 */
export function signWithPrivateKey(
  key: CryptoKey | PrivateJwk,
  options: JwtAuthOptions = {},
): ClientAuth {
  // OAuth2Client leaves this check to the first use (PrivateKeyJwt makes it at once): its
  // message would ship in every app.
  const alg = options.alg ?? algFromKey(checkedKey(key));
  if (!alg) {
    throw new TypeError(
      'clientPrivateKey: cannot tell the JWS algorithm from the key; pass { alg }',
    );
  }
  const kid = options.kid ?? ('algorithm' in key ? undefined : key.kid);
  const opts: JwtAuthOptions = kid === undefined ? options : { ...options, kid };
  let imported: Promise<SigningKey> | undefined;
  const load = (): Promise<SigningKey> => {
    if ('algorithm' in key) return Promise.resolve(key as CryptoKey);
    imported ??= import('jose/key/import').then(
      ({ importJWK }) => importJWK(key as never, alg) as Promise<SigningKey>,
    );
    return imported;
  };
  return async (context, _headers, body) => {
    addAssertion(body, context.clientId, await signAssertion(context, load, alg, opts));
  };
}
