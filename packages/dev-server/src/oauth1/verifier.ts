/**
 * The seam between the dev server's OAuth 1.0a endpoints and a signature implementation.
 * The endpoints collect the request's parameters (RFC 5849 §3.4.1.3), check the consumer,
 * token, timestamp and nonce; the verifier only answers "does this signature match".
 * The library's signer (`oauthkit/oauth1`) is the intended implementation; the dev server
 * writes no signature code of its own.
 */

/** Everything a verifier needs to recompute and compare an OAuth 1.0a signature. */
export interface OAuth1VerificationInput {
  /** Upper-case HTTP method. */
  method: string;
  /** The request URL as the client addressed it (scheme, host, port, path, query). */
  url: string;
  /**
   * Every parameter that takes part in the signature, in request order: protocol
   * parameters from the `Authorization` header (without `realm`), the query, and a form body.
   * Includes `oauth_signature` (the verifier leaves it out of the base string).
   */
  params: ReadonlyArray<readonly [string, string]>;
  /** The `oauth_*` protocol parameters, decoded. */
  oauth: Readonly<Record<string, string>>;
  /** The consumer's shared secret. */
  consumerSecret: string;
  /** The consumer's PEM public key, for RSA-SHA* methods, when the consumer has one. */
  consumerPublicKey?: string;
  /** The token's secret; the empty string when the request carries no token. */
  tokenSecret: string;
}

/**
 * Checks OAuth 1.0a request signatures (RFC 5849 §3.4).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4
 * @example
 * ```ts
 * const verifier: OAuth1Verifier = {
 *   signatureMethods: ['HMAC-SHA1'],
 *   async verify(input) {
 *     const expected = await mySigner.sign(input); // e.g. the library's signer
 *     return expected === input.oauth.oauth_signature;
 *   },
 * };
 * const server = await startDevServer({ oauth1Verifier: verifier });
 * ```
 */
export interface OAuth1Verifier {
  /** Signature methods this verifier supports, e.g. `['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT']`. */
  readonly signatureMethods: readonly string[];
  /** Resolves true when `oauth.oauth_signature` is right for this request and these secrets. */
  verify(input: OAuth1VerificationInput): Promise<boolean>;
}
