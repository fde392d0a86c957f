/**
 * Signature methods (RFC 5849 §3.4.2-§3.4.4, and the SHA-256/SHA-512 variants providers
 * use) and the body hash of the OAuth Request Body Hash extension.
 *
 * The core runs on WebCrypto, so it works in browsers and edge workers. On Node (and Bun,
 * Deno) it takes `node:crypto` through `process.getBuiltinModule`, which is synchronous and
 * about ten times cheaper per HMAC than an awaited `crypto.subtle.sign`; no static `node:`
 * import enters a bundle. Imported keys are cached per secret, so a PEM is parsed once.
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

const METHODS: readonly string[] = [
  'HMAC-SHA1',
  'HMAC-SHA256',
  'HMAC-SHA512',
  'RSA-SHA1',
  'RSA-SHA256',
  'RSA-SHA512',
  'PLAINTEXT',
];

/** The subset of `node:crypto` used here (the core is type-checked without Node's types). */
interface NodeDigest {
  update(data: string | Uint8Array): NodeDigest;
  digest(encoding: 'base64'): string;
}
interface NodeCrypto {
  createHmac(algorithm: string, key: unknown): NodeDigest;
  createHash(algorithm: string): NodeDigest;
  createSecretKey(key: string, encoding: 'utf8'): unknown;
  createPrivateKey(key: { key: Uint8Array; format: 'der'; type: 'pkcs8' }): unknown;
  sign(algorithm: string, data: Uint8Array, key: unknown): Uint8Array;
}

let node: NodeCrypto | null | undefined;

/** `node:crypto` where the runtime offers `process.getBuiltinModule`, else `null`. */
function nodeCrypto(): NodeCrypto | null {
  if (node === undefined) {
    const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    node = (process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined) ?? null;
  }
  return node;
}

/** Imported keys by algorithm and secret; bounded, oldest out first. */
const keys = /* @__PURE__ */ new Map<string, unknown>();

function cachedKey<T>(id: string, make: () => T): T {
  let key = keys.get(id) as T | undefined;
  if (key === undefined) {
    if (keys.size >= 64) keys.delete(keys.keys().next().value!);
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

/** `sha1`, `sha256`, `sha512` for `*-SHA1` ... ; `undefined` for PLAINTEXT. */
function hashOf(method: SignatureMethod): string | undefined {
  const i = method.indexOf('-SHA');
  return i === -1 ? undefined : method.slice(i + 1).toLowerCase();
}

/** `sha256` -> `SHA-256` (WebCrypto's spelling). */
const webHash = (hash: string) => `SHA-${hash.slice(3)}`;

const subtle = () => crypto.subtle;

/**
 * The private key as PKCS#8 DER. A PKCS#1 key (`BEGIN RSA PRIVATE KEY`) is wrapped in a
 * PKCS#8 PrivateKeyInfo, because WebCrypto imports only PKCS#8.
 */
function pkcs8FromPem(pem: string): Uint8Array<ArrayBuffer> {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \1-----/.exec(pem);
  const what =
    'rsaKey must be an unencrypted RSA private key in PEM ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY") or a CryptoKey';
  if (!m || (m[1] !== 'PRIVATE KEY' && m[1] !== 'RSA PRIVATE KEY')) {
    throw new TypeError(`${what}${m ? `, got a PEM "${m[1]}"` : ''}`);
  }
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = fromBase64(m[2]!.replace(/\s+/g, ''));
  } catch {
    throw new TypeError(`${what}; its PEM body is not base64 (an encrypted key?)`);
  }
  if (m[1] === 'PRIVATE KEY') return der;
  // PrivateKeyInfo ::= SEQUENCE { version INTEGER 0, AlgorithmIdentifier rsaEncryption, OCTET STRING }
  const head = [0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d];
  head.push(0x01, 0x01, 0x01, 0x05, 0x00, 0x04, ...derLength(der.length));
  const body = [...head, ...der];
  return Uint8Array.from([0x30, ...derLength(body.length), ...body]);
}

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

export interface SignerOptions {
  /** An RSA private key (PEM, PKCS#1 or PKCS#8) or a WebCrypto `CryptoKey`, for RSA-*. */
  rsaKey?: string | CryptoKey | undefined;
  /** Use `node:crypto` when the runtime has it (default). `false`: WebCrypto only. */
  useNodeCrypto?: boolean | undefined;
}

/** Throws a `TypeError` naming the option unless `method` is one oauthkit signs with. */
export function checkSignatureMethod(method: string): SignatureMethod {
  if (!METHODS.includes(method)) {
    throw new TypeError(
      `signatureMethod must be one of ${METHODS.join(', ')}; got ${JSON.stringify(method)}`,
    );
  }
  return method as SignatureMethod;
}

/**
 * A sign function for `method`. Validates the RSA key at once (a wrong PEM is a
 * `TypeError` here, not at the first request) and imports it on first use.
 */
export function createSignFunction(
  method: SignatureMethod,
  options: SignerOptions = {},
): SignFunction {
  const hash = hashOf(method);
  if (hash === undefined) {
    // §3.4.4: the encoded secrets, joined by "&" even when either is empty.
    return (_base, clientSecret, tokenSecret) =>
      `${percentEncode(clientSecret)}&${percentEncode(tokenSecret)}`;
  }
  const nodeC = options.useNodeCrypto === false ? null : nodeCrypto();

  if (method.startsWith('HMAC')) {
    // §3.4.2: key = encode(client secret) & encode(token secret); text = the base string.
    if (nodeC) {
      // The last secrets' key, without building the cache id for every request.
      let last: [string, string, unknown] | undefined;
      return (base, clientSecret, tokenSecret) => {
        if (last === undefined || last[0] !== clientSecret || last[1] !== tokenSecret) {
          const secret = `${percentEncode(clientSecret)}&${percentEncode(tokenSecret)}`;
          const key = cachedKey(`n${hash}&${secret}`, () => nodeC.createSecretKey(secret, 'utf8'));
          last = [clientSecret, tokenSecret, key];
        }
        return nodeC.createHmac(hash, last[2]).update(base).digest('base64');
      };
    }
    return async (base, clientSecret, tokenSecret) => {
      const secret = `${percentEncode(clientSecret)}&${percentEncode(tokenSecret)}`;
      const key = await cachedKey(`w${hash}&${secret}`, () =>
        subtle().importKey('raw', utf8(secret), { name: 'HMAC', hash: webHash(hash) }, false, [
          'sign',
        ]),
      );
      return toBase64(new Uint8Array(await subtle().sign('HMAC', key, utf8(base))));
    };
  }

  // §3.4.3: RSASSA-PKCS1-v1_5 over the base string.
  const rsaKey = options.rsaKey;
  if (rsaKey === undefined) {
    throw new TypeError(`rsaKey is required for ${method}: pass a PEM private key or a CryptoKey`);
  }
  if (typeof rsaKey !== 'string') {
    const alg = rsaKey.algorithm as { name?: string; hash?: { name?: string } };
    if (alg.name !== 'RSASSA-PKCS1-v1_5' || alg.hash?.name !== webHash(hash)) {
      throw new TypeError(
        `rsaKey is a CryptoKey for ${alg.name}/${alg.hash?.name}; ${method} needs RSASSA-PKCS1-v1_5 with ${webHash(hash)}`,
      );
    }
    return async (base) =>
      toBase64(new Uint8Array(await subtle().sign('RSASSA-PKCS1-v1_5', rsaKey, utf8(base))));
  }
  const der = pkcs8FromPem(rsaKey);
  if (nodeC) {
    return (base) => {
      const key = cachedKey(`n${rsaKey}`, () =>
        nodeC.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      );
      return toBase64(nodeC.sign(hash, utf8(base), key));
    };
  }
  return async (base) => {
    const key = await cachedKey(`w${hash}${rsaKey}`, () =>
      subtle().importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: webHash(hash) }, false, [
        'sign',
      ]),
    );
    return toBase64(new Uint8Array(await subtle().sign('RSASSA-PKCS1-v1_5', key, utf8(base))));
  };
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
  useNodeCrypto = true,
): Promise<string | undefined> {
  const hash = hashOf(method);
  if (hash === undefined) return undefined;
  const nodeC = useNodeCrypto ? nodeCrypto() : null;
  if (nodeC) return nodeC.createHash(hash).update(body).digest('base64');
  return toBase64(new Uint8Array(await subtle().digest(webHash(hash), body)));
}
