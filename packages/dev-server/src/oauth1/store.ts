/** In-memory state of the OAuth 1.0a endpoints: tokens (RFC 5849 §2) and seen nonces (§3.3). */
import { randomBytes } from 'node:crypto';

export interface RequestTokenRecord {
  token: string;
  secret: string;
  consumerKey: string;
  /** `oauth_callback`: an absolute URI or `oob`. */
  callback: string;
  expiresAt: number;
  /** Set when the resource owner approved. */
  accountId?: string;
  verifier?: string;
}

export interface AccessTokenRecord {
  token: string;
  secret: string;
  consumerKey: string;
  accountId: string;
}

const REQUEST_TOKEN_TTL_MS = 10 * 60 * 1000;

const random = (bytes: number) => randomBytes(bytes).toString('base64url');

export class OAuth1Store {
  readonly #requestTokens = new Map<string, RequestTokenRecord>();
  readonly #accessTokens = new Map<string, AccessTokenRecord>();
  /** nonce key → the time (ms) after which it may be forgotten. */
  readonly #nonces = new Map<string, number>();

  issueRequestToken(consumerKey: string, callback: string, now: number): RequestTokenRecord {
    const record = {
      token: `rt-${random(16)}`,
      secret: random(24),
      consumerKey,
      callback,
      expiresAt: now + REQUEST_TOKEN_TTL_MS,
    };
    this.#requestTokens.set(record.token, record);
    return record;
  }

  findRequestToken(token: string, now: number): RequestTokenRecord | undefined {
    const record = this.#requestTokens.get(token);
    if (record && record.expiresAt <= now) {
      this.#requestTokens.delete(token);
      return undefined;
    }
    return record;
  }

  /** Marks the request token approved by `accountId` and returns the verifier (§2.2). */
  approve(record: RequestTokenRecord, accountId: string): string {
    record.accountId = accountId;
    record.verifier = random(12);
    return record.verifier;
  }

  /** Exchanges an approved request token for an access token (§2.3); single use. */
  issueAccessToken(record: RequestTokenRecord): AccessTokenRecord {
    this.#requestTokens.delete(record.token);
    const access = {
      token: `at-${random(16)}`,
      secret: random(24),
      consumerKey: record.consumerKey,
      accountId: record.accountId!,
    };
    this.#accessTokens.set(access.token, access);
    return access;
  }

  findAccessToken(token: string): AccessTokenRecord | undefined {
    return this.#accessTokens.get(token);
  }

  /**
   * Records a nonce; false when the same consumer, token, timestamp and nonce were seen
   * within the timestamp window (RFC 5849 §3.3).
   */
  useNonce(key: string, now: number, windowMs: number): boolean {
    if (this.#nonces.size > 10_000) {
      for (const [k, until] of this.#nonces) if (until <= now) this.#nonces.delete(k);
    }
    const until = this.#nonces.get(key);
    if (until !== undefined && until > now) return false;
    this.#nonces.set(key, now + 2 * windowMs);
    return true;
  }
}
