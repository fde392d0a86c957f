/**
 * The signature methods apps that sign with HMAC never need, and `oauth_body_hash`, loaded
 * on first use through `lazy.ts`: RSA-SHA1, RSA-SHA256 and RSA-SHA512 (RFC 5849 §3.4.3:
 * RSASSA-PKCS1-v1_5 over the signature base string) and PLAINTEXT (§3.4.4).
 * RSA costs a millisecond per signature either way, so it stays on WebCrypto. A PEM is
 * parsed and imported once per key.
 *
 * @module
 */
import { fromBase64, utf8 } from '../internal/encoding.js';
import { base64, hashOf, type SignatureMethod, secrets } from './methods.js';
import { checkPlaintext } from './request.js';

const RSA = 'RSASSA-PKCS1-v1_5';

/** An unencrypted RSA private key as PEM: PKCS#8, or PKCS#1 (`BEGIN RSA PRIVATE KEY`). */
const PEM = /-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END \1?PRIVATE KEY-----/;

/** Imported keys by hash and PEM; bounded, oldest out first. */
const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The private key as PKCS#8 DER. A PKCS#1 key (`BEGIN RSA PRIVATE KEY`) is wrapped in a
 * PKCS#8 PrivateKeyInfo, because WebCrypto imports only PKCS#8.
 */
function pkcs8FromPem(m: RegExpExecArray): Uint8Array<ArrayBuffer> {
  const der = fromBase64(m[2]!.replace(/\s/g, ''));
  if (!m[1]) return der;
  // PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier rsaEncryption, OCTET STRING }
  const body = [2, 1, 0, 48, 13, 6, 9, 42, 134, 72, 134, 247, 13, 1, 1, 1, 5, 0, 4];
  body.push(...derLength(der.length), ...der);
  return Uint8Array.from([48, ...derLength(body.length), ...body]);
}

function derLength(n: number): number[] {
  if (n < 128) return [n];
  const bytes: number[] = [];
  for (; n; n >>= 8) bytes.unshift(n & 255);
  return [128 | bytes.length, ...bytes];
}

/**
 * PLAINTEXT (§3.4.4): the secrets themselves, so refused over plain http to
 * a host that is not loopback unless `allowInsecure`; or RSA-* (§3.4.3).
 */
export function signSlow(
  method: SignatureMethod,
  rsaKey: string | CryptoKey,
  base: string,
  clientSecret: string,
  tokenSecret: string,
  url: URL,
  allowInsecure: boolean,
): string | Promise<string> {
  const hash = hashOf(method);
  if (hash) return signRsa(hash, rsaKey, base);
  if (url.protocol === 'http:' && !allowInsecure) checkPlaintext(url);
  return secrets(clientSecret, tokenSecret);
}

/**
 * Signs `base` with RSASSA-PKCS1-v1_5 and `hash` (`SHA-1`, ...). Throws a `TypeError` for a
 * key that is neither an unencrypted RSA private key as PEM nor a `CryptoKey` for this
 * algorithm and hash.
 */
export async function signRsa(hash: string, rsaKey: string | CryptoKey, base: string) {
  const given = (rsaKey as CryptoKey).algorithm as { name?: string; hash?: { name?: string } };
  const pem = typeof rsaKey === 'string' ? PEM.exec(rsaKey) : undefined;
  if (pem === null || (pem === undefined && (given?.name !== RSA || given.hash?.name !== hash))) {
    throw new TypeError(
      `RSA-${hash.replace('-', '')} needs rsaKey: an unencrypted RSA private key as PEM ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY"), or a CryptoKey for ${RSA} with ${hash}`,
    );
  }
  let key = rsaKey as CryptoKey | Promise<CryptoKey>;
  if (pem) {
    const id = hash + rsaKey;
    key =
      keys.get(id) ??
      crypto.subtle.importKey('pkcs8', pkcs8FromPem(pem), { name: RSA, hash }, false, ['sign']);
    if (!keys.has(id)) {
      if (keys.size > 63) keys.delete(keys.keys().next().value!);
      keys.set(id, key);
    }
  }
  return base64(await crypto.subtle.sign(RSA, await key, utf8(base)));
}

/**
 * `oauth_body_hash` of a non-form body: base64 of its digest with the signature method's
 * hash (SHA-1 for HMAC-SHA1 and RSA-SHA1, as the extension requires; SHA-256 and SHA-512
 * for their methods). `undefined` for PLAINTEXT, where the extension adds nothing.
 *
 * @see https://datatracker.ietf.org/doc/html/draft-eaton-oauth-bodyhash-00#section-3.1
 */
export async function bodyHash(
  method: SignatureMethod,
  body: Uint8Array<ArrayBuffer>,
): Promise<string | undefined> {
  const hash = hashOf(method);
  return hash ? base64(await crypto.subtle.digest(hash, body)) : undefined;
}
