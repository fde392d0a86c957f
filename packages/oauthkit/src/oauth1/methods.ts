/**
 * Signature methods (RFC 5849 §3.4.2-§3.4.4, and the SHA-256/SHA-512 variants providers
 * use) and the body hash of the OAuth Request Body Hash extension.
 *
 * The core runs on WebCrypto, so it works in browsers and edge workers. For HMAC, the hot
 * path, it takes `node:crypto` where the runtime offers it through
 * `process.getBuiltinModule` (Node, Bun, Deno): synchronous, and about ten times cheaper
 * per signature than an awaited `crypto.subtle.sign`; no static `node:` import enters a
 * bundle. RSA costs a millisecond per signature either way, so it stays on WebCrypto.
 * Imported keys are cached per secret, so a PEM is parsed once.
 *
 * @module
 */
import { fromBase64, toBase64, utf8 } from '../internal/encoding.js';
import { percentEncode } from './signature.js';

/** The signature methods oauthkit signs with. */
export type SignatureMethod =
  | 'HMAC-SHA1'
  | 'HMAC-SHA256'
  | 'HMAC-SHA512'
  | 'RSA-SHA1'
  | 'RSA-SHA256'
  | 'RSA-SHA512'
  | 'PLAINTEXT';

/** The subset of `node:crypto` used here (the core is type-checked without Node's types). */
interface NodeCrypto {
  createHmac(
    algorithm: string,
    key: unknown,
  ): { update(data: string): { digest(encoding: 'base64'): string } };
  createSecretKey(key: string, encoding: 'utf8'): unknown;
}

/** Imported keys by algorithm and secret; bounded, oldest out first. */
const keys = /* @__PURE__ */ new Map<string, unknown>();

function cachedKey<T>(id: string, make: () => T): T {
  let key = keys.get(id) as T | undefined;
  if (key === undefined) {
    if (keys.size > 63) keys.delete(keys.keys().next().value!);
    key = make();
    keys.set(id, key);
  }
  return key;
}

/** Computes `oauth_signature` from the signature base string and the two shared secrets. */
export type SignFunction = (
  baseString: string,
  clientSecret: string,
  tokenSecret: string,
) => string | Promise<string>;

/** `SHA-1`, `SHA-256`, `SHA-512` (WebCrypto's spelling) for `*-SHA1` ...; `''` for PLAINTEXT. */
const hashOf = (method: string) =>
  method === 'PLAINTEXT' ? '' : method.replace(/^.*-SHA/, 'SHA-');

const subtle = () => crypto.subtle;
const sign = async (alg: string, key: CryptoKey, text: string) =>
  toBase64(new Uint8Array(await subtle().sign(alg, key, utf8(text))));

/**
 * The private key as PKCS#8 DER. A PKCS#1 key (`BEGIN RSA PRIVATE KEY`) is wrapped in a
 * PKCS#8 PrivateKeyInfo, because WebCrypto imports only PKCS#8.
 */
function pkcs8FromPem(pem: string): Uint8Array<ArrayBuffer> {
  const m =
    /-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END \1?PRIVATE KEY-----/.exec(pem);
  if (!m) {
    throw new TypeError(
      'rsaKey must be an unencrypted RSA private key, PEM ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY"), or a CryptoKey',
    );
  }
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
 * A sign function for `method`. Validates the RSA key at once (a wrong PEM is a
 * `TypeError` here, not at the first request) and imports it on first use.
 *
 * @param useNodeCrypto `false`: WebCrypto only, even where `node:crypto` is available.
 */
export function createSignFunction(
  method: SignatureMethod,
  rsaKey: string | CryptoKey | undefined,
  useNodeCrypto: boolean,
): SignFunction {
  const hash = hashOf(method);
  // §3.4.4 PLAINTEXT; §3.4.2 HMAC key: the encoded secrets joined by "&", even when empty.
  const secret = (c: string, t: string) => `${percentEncode(c)}&${percentEncode(t)}`;
  if (!hash) return (_base, c, t) => secret(c, t);

  if (method[0] === 'H') {
    const node = useNodeCrypto
      ? ((
          globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
        ).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined)
      : undefined;
    const alg = hash.replace('-', '').toLowerCase();
    // The last secrets' key, so no cache id is built per request.
    let last: [string, string, unknown] | undefined;
    const keyFor = (c: string, t: string) => {
      if (last?.[0] !== c || last[1] !== t) {
        const s = secret(c, t);
        last = [
          c,
          t,
          cachedKey(node ? alg + s : hash + s, () =>
            node
              ? node.createSecretKey(s, 'utf8')
              : subtle().importKey('raw', utf8(s), { name: 'HMAC', hash }, false, ['sign']),
          ),
        ];
      }
      return last[2];
    };
    return node
      ? (base, c, t) => node.createHmac(alg, keyFor(c, t)).update(base).digest('base64')
      : async (base, c, t) => sign('HMAC', await (keyFor(c, t) as Promise<CryptoKey>), base);
  }

  // §3.4.3: RSASSA-PKCS1-v1_5 over the base string.
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash };
  if (typeof rsaKey === 'string') {
    const der = pkcs8FromPem(rsaKey);
    return async (base) =>
      sign(
        alg.name,
        await cachedKey(hash + rsaKey, () =>
          subtle().importKey('pkcs8', der, alg, false, ['sign']),
        ),
        base,
      );
  }
  const given = rsaKey?.algorithm as { name?: string; hash?: { name?: string } } | undefined;
  if (given?.name !== alg.name || given.hash?.name !== hash) {
    throw new TypeError(
      `${method} needs rsaKey: a PEM private key, or a CryptoKey for RSASSA-PKCS1-v1_5 with ${hash}`,
    );
  }
  return (base) => sign(alg.name, rsaKey as CryptoKey, base);
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
  return hash ? toBase64(new Uint8Array(await subtle().digest(hash, body))) : undefined;
}
