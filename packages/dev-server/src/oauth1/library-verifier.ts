/**
 * The default `OAuth1Verifier`: recomputes the signature with the library's own signer
 * (`OAuth1Auth` from `oauthkit/oauth1`), fed the request's nonce and timestamp, and
 * compares in constant time. No signature code here: the base string (RFC 5849 §3.4.1)
 * and the HMAC/PLAINTEXT methods (§3.4.2, §3.4.4) are the library's.
 *
 * The normalized parameters of the base string do not depend on where a parameter came
 * from (§3.4.1.3.1), so every parameter besides the signer's own protocol parameters is
 * handed over as form parameters of a query-less URL.
 *
 * RSA-SHA* (§3.4.3) cannot be re-signed without the client's private key: for those the
 * base string is the library's (`signatureBaseString`) and the signature is checked against
 * the consumer's PEM public key (`oauth1Consumers[].rsaPublicKey`) with RSASSA-PKCS1-v1_5.
 */
import { timingSafeEqual, verify as verifySignature } from 'node:crypto';
import {
  OAuth1Auth,
  SIGNATURE_METHODS,
  type SignatureMethod,
  signatureBaseString,
} from 'oauthkit/oauth1';
import type { OAuth1VerificationInput, OAuth1Verifier } from './verifier.js';

/** Protocol parameters the signer writes itself (from the options below). */
const SIGNER_PARAMS = new Set([
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_signature',
]);

/** RFC 5849 §3.4.3: RSASSA-PKCS1-v1_5 over the base string; the digest from the method name. */
function verifyRsa(input: OAuth1VerificationInput, method: string, sent: string): boolean {
  if (input.consumerPublicKey === undefined) return false;
  // input.params already holds the query's parameters: the URL goes in without them.
  const url = new URL(input.url);
  url.search = '';
  const base = signatureBaseString(input.method, url, input.params);
  const digest = `sha${method.slice('RSA-SHA'.length)}`;
  try {
    return verifySignature(
      digest,
      Buffer.from(base, 'utf8'),
      input.consumerPublicKey,
      Buffer.from(sent, 'base64'),
    );
  } catch {
    return false; // a key that is not an RSA public key, or a garbled signature
  }
}

function signatureOf(header: string): string | undefined {
  const m = /(?:^|[ ,])oauth_signature="([^"]*)"/.exec(header);
  return m?.[1] === undefined ? undefined : decodeURIComponent(m[1]);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks HMAC-SHA1, HMAC-SHA256, HMAC-SHA512 and PLAINTEXT signatures with `oauthkit/oauth1`,
 * and RSA-SHA1, RSA-SHA256 and RSA-SHA512 against the consumer's `rsaPublicKey` (refused
 * when the consumer has none).
 *
 * @example
 * ```ts
 * const server = await startDevServer({ oauth1Verifier: createLibraryVerifier() }); // the default
 * ```
 */
export function createLibraryVerifier(): OAuth1Verifier {
  return {
    signatureMethods: SIGNATURE_METHODS,
    async verify(input: OAuth1VerificationInput): Promise<boolean> {
      const { oauth } = input;
      const sent = oauth.oauth_signature;
      const method = oauth.oauth_signature_method as SignatureMethod | undefined;
      if (sent === undefined || method === undefined) return false;
      if (method.startsWith('RSA-')) return verifyRsa(input, method, sent);
      const auth = new OAuth1Auth({
        clientId: oauth.oauth_consumer_key ?? '',
        clientSecret: input.consumerSecret,
        token: oauth.oauth_token,
        tokenSecret: input.tokenSecret,
        signatureMethod: method,
        nonce: () => oauth.oauth_nonce ?? '',
        now: () => Number(oauth.oauth_timestamp ?? 0) * 1000,
        includeVersion: oauth.oauth_version !== undefined,
        // Verifying, not sending: PLAINTEXT over loopback http is what the dev server sees.
        allowInsecureRequests: true,
      });
      const url = new URL(input.url);
      url.search = '';
      url.hash = '';
      const rest = input.params
        .filter(([k]) => !SIGNER_PARAMS.has(k))
        .map(([k, v]) => [k, v] as [string, string]);
      const expected = signatureOf(await auth.authorizationHeader(input.method, url, rest));
      return expected !== undefined && sameText(expected, sent);
    },
  };
}
