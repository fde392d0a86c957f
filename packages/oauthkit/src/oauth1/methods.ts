/**
 * Signature methods (RFC 5849 §3.4.2-§3.4.4, and the SHA-256/SHA-512 variants providers
 * use): HMAC-* here; RSA-* and PLAINTEXT in `methods-lazy.ts`, loaded on first use.
 *
 * The core runs on WebCrypto, so it works in browsers and edge workers. For HMAC, the hot
 * path, it takes `node:crypto` where the runtime offers it through
 * `process.getBuiltinModule` (Node, Bun, Deno): synchronous, and about ten times cheaper
 * per signature than an awaited `crypto.subtle.sign`; no static `node:` import enters a
 * bundle.
 *
 * @module
 */
import { utf8 } from '../internal/encoding.js';
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

/**
 * Computes `oauth_signature` from the signature base string and the two shared secrets;
 * `url` is the request's, for PLAINTEXT's refusal of plain http.
 */
export type SignFunction = (
  baseString: string,
  clientSecret: string,
  tokenSecret: string,
  url: URL,
) => string | Promise<string>;

/** `SHA-1`, `SHA-256`, `SHA-512` (WebCrypto's spelling) for `*-SHA1` ...; `''` for PLAINTEXT. */
export const hashOf = (method: string) =>
  method === 'PLAINTEXT' ? '' : method.replace(/^.*-SHA/, 'SHA-');

/**
 * The code beyond HMAC (`lazy.ts`), loaded on first use: RSA, PLAINTEXT, `oauth_body_hash`,
 * the other placements, `fetch`, the timeout layer, the text of rarer errors. One loader
 * for `auth.ts` and this module, so an app's bundle names the chunk once.
 */
export const lazy = () => import('./lazy.js');

/** Base64 of a signature or digest (at most a few hundred bytes, so one spread will do). */
export const base64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

/** §3.4.2 HMAC key and §3.4.4 PLAINTEXT: the encoded secrets joined by "&", even when empty. */
export const secrets = (c: string, t: string) => `${percentEncode(c)}&${percentEncode(t)}`;

/**
 * A sign function for `method`. RSA-* and PLAINTEXT load their code on first use
 * (`lazy.ts`), as HMAC apps never need it: an RSA key is checked and imported then (only
 * a missing one is refused here), and PLAINTEXT refuses plain http to a host that is not
 * loopback unless `allowInsecure`.
 *
 * @param useNodeCrypto `false`: WebCrypto only, even where `node:crypto` is available.
 */
export function createSignFunction(
  method: SignatureMethod,
  rsaKey: string | CryptoKey | undefined,
  useNodeCrypto: boolean,
  allowInsecure = false,
): SignFunction {
  if (method[0] !== 'H') {
    // §3.4.3: RSASSA-PKCS1-v1_5.
    if (method[0] === 'R' && !rsaKey) throw new TypeError(`${method} needs rsaKey`);
    return async (base, c, t, url) =>
      (await lazy()).signSlow(method, rsaKey!, base, c, t, url, allowInsecure);
  }
  // HMAC-SHA1 ...: `SHA-1` ... for WebCrypto, `sha1` ... for node:crypto.
  const bits = method.slice(8);
  const hash = `SHA-${bits}`;

  const node = useNodeCrypto
    ? ((
        globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
      ).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined)
    : undefined;
  // The key for the last secrets, imported once: they change only with the token.
  let last: [string, string, unknown] | undefined;
  const keyFor = (c: string, t: string) => {
    if (last?.[0] !== c || last[1] !== t) {
      const s = secrets(c, t);
      last = [
        c,
        t,
        node
          ? node.createSecretKey(s, 'utf8')
          : crypto.subtle.importKey('raw', utf8(s), { name: 'HMAC', hash }, false, ['sign']),
      ];
    }
    return last[2];
  };
  return node
    ? (base, c, t) => node.createHmac(`sha${bits}`, keyFor(c, t)).update(base).digest('base64')
    : async (base, c, t) =>
        base64(await crypto.subtle.sign('HMAC', (await keyFor(c, t)) as CryptoKey, utf8(base)));
}
