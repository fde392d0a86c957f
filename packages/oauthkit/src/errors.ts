/**
 * The error model of oauthkit: one base class, a union of stable `code` strings, `cause`
 * kept. Tests and callers should branch on `code` (or `instanceof`), never on message text.
 *
 * Messages say what happened, what was expected and what to try. They never contain a
 * secret, token or code in full: anything that may be one is cut to a short prefix.
 *
 * @module
 */

/** Stable machine-readable codes. New codes may be added; existing ones never change. */
export type OAuthErrorCode =
  | 'ERR_OAUTH'
  | 'ERR_OAUTH_RESPONSE'
  | 'ERR_AUTHORIZATION_RESPONSE'
  | 'ERR_STATE_MISMATCH'
  | 'ERR_UNEXPECTED_RESPONSE'
  | 'ERR_RESPONSE_TOO_LARGE'
  | 'ERR_NETWORK'
  | 'ERR_TIMEOUT'
  | 'ERR_INSECURE_URL'
  | 'ERR_ID_TOKEN_INVALID'
  | 'ERR_ID_TOKEN_SIGNATURE'
  | 'ERR_ID_TOKEN_ALG'
  | 'ERR_ID_TOKEN_ISS'
  | 'ERR_ID_TOKEN_AUD'
  | 'ERR_ID_TOKEN_AZP'
  | 'ERR_ID_TOKEN_EXP'
  | 'ERR_ID_TOKEN_IAT'
  | 'ERR_ID_TOKEN_NBF'
  | 'ERR_ID_TOKEN_NONCE'
  | 'ERR_ID_TOKEN_AT_HASH'
  | 'ERR_ID_TOKEN_C_HASH'
  | 'ERR_ID_TOKEN_AUTH_TIME'
  | 'ERR_ID_TOKEN_SUB'
  | 'ERR_ID_TOKEN_KID'
  | 'ERR_OAUTH1'
  | 'ERR_TOKEN_STORE'
  | 'ERR_GRANT_LOST'
  | 'ERR_CALLBACK_INVALID'
  | 'ERR_ISSUER_MISMATCH'
  | 'ERR_LOGIN_COOKIE';

export interface OAuthErrorOptions {
  cause?: unknown;
  code?: OAuthErrorCode;
}

/** Base class of every error oauthkit throws on purpose. */
export class OAuthError extends Error {
  // Fields here and in the subclasses are `declare`d and set by the constructors: the same
  // own properties in the same order, without ES2022 field definitions (smaller bundles).
  /** A stable code: branch on this, not on the message. */
  declare readonly code: OAuthErrorCode;

  constructor(message: string, options: OAuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Named in words, not from the class: bundlers that minify rename classes, and an
    // error that reports itself as "k" helps nobody. Each subclass below names itself;
    // an app's own subclass keeps its class name.
    this.name = new.target === OAuthError ? 'OAuthError' : new.target.name;
    this.code = options.code ?? 'ERR_OAUTH';
  }
}

/** A read-only, non-enumerable property (defineProperty's defaults). */
function hide(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value });
}

export interface OAuthResponseErrorInit extends OAuthErrorOptions {
  error: string;
  errorDescription?: string | undefined;
  errorUri?: string | undefined;
  status: number;
  response?: Response | undefined;
}

/**
 * The server answered with an OAuth error body (RFC 6749 §5.2): `error`,
 * `error_description`, `error_uri`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export class OAuthResponseError extends OAuthError {
  declare readonly error: string;
  declare readonly errorDescription: string | undefined;
  declare readonly errorUri: string | undefined;
  declare readonly status: number;
  /** The raw response (non-enumerable, so it never lands in logs by accident). */
  declare readonly response: Response | undefined;

  constructor(message: string, init: OAuthResponseErrorInit) {
    super(message, { cause: init.cause, code: init.code ?? 'ERR_OAUTH_RESPONSE' });
    this.name = 'OAuthResponseError';
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.errorUri = init.errorUri;
    this.status = init.status;
    hide(this, 'response', init.response);
  }
}

/**
 * The grant behind a stored token is gone (`invalid_grant` on refresh, and the store holds
 * no newer token): the user must log in again.
 */
export class GrantLostError extends OAuthResponseError {
  constructor(message: string, init: OAuthResponseErrorInit) {
    super(message, { ...init, code: 'ERR_GRANT_LOST' });
    this.name = 'GrantLostError';
  }
}

export interface AuthorizationResponseErrorInit {
  error: string;
  errorDescription?: string | undefined;
  errorUri?: string | undefined;
  state?: string | undefined;
}

/**
 * The authorization server redirected back with `?error=` (RFC 6749 §4.1.2.1).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export class AuthorizationResponseError extends OAuthError {
  declare readonly error: string;
  declare readonly errorDescription: string | undefined;
  declare readonly errorUri: string | undefined;
  declare readonly state: string | undefined;

  constructor(message: string, init: AuthorizationResponseErrorInit) {
    super(message, { code: 'ERR_AUTHORIZATION_RESPONSE' });
    this.name = 'AuthorizationResponseError';
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.errorUri = init.errorUri;
    this.state = init.state;
  }
}

/** The callback's `state` is missing or differs from the one sent (RFC 6749 §10.12). */
export class StateMismatchError extends OAuthError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'ERR_STATE_MISMATCH' });
    this.name = 'StateMismatchError';
  }
}

export interface UnexpectedResponseErrorInit extends OAuthErrorOptions {
  status: number;
  contentType?: string | undefined;
  /** The start of the body, already redacted. */
  bodyStart?: string | undefined;
  response?: Response | undefined;
}

/**
 * The server answered something that is not what the protocol allows: an HTML error page,
 * invalid JSON, the wrong content type, a missing required field, a body over the size
 * limit. The message quotes the (redacted) start of the body.
 */
export class UnexpectedResponseError extends OAuthError {
  declare readonly status: number;
  declare readonly contentType: string | undefined;
  declare readonly bodyStart: string | undefined;
  declare readonly response: Response | undefined;

  constructor(message: string, init: UnexpectedResponseErrorInit) {
    super(message, { cause: init.cause, code: init.code ?? 'ERR_UNEXPECTED_RESPONSE' });
    this.name = 'UnexpectedResponseError';
    this.status = init.status;
    this.contentType = init.contentType;
    this.bodyStart = init.bodyStart;
    hide(this, 'response', init.response);
  }
}

/** The request did not get a response: DNS, refused or reset connection, TLS. The original error is `cause`. */
export class NetworkError extends OAuthError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'ERR_NETWORK' });
    this.name = 'NetworkError';
  }
}

/** No complete response arrived within `timeout` milliseconds. */
export class TimeoutError extends OAuthError {
  declare readonly timeout: number;
  constructor(message: string, timeout: number, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'ERR_TIMEOUT' });
    this.name = 'TimeoutError';
    this.timeout = timeout;
  }
}

/** A URL that would carry credentials in clear text over a non-loopback network. */
export class InsecureUrlError extends OAuthError {
  constructor(message: string) {
    super(message, { code: 'ERR_INSECURE_URL' });
    this.name = 'InsecureUrlError';
  }
}

/** An id_token failed one of the checks of OpenID Connect Core §3.1.3.7; `code` names the check. */
export class IdTokenValidationError extends OAuthError {
  declare readonly claim: string | undefined;
  constructor(
    message: string,
    options: { code?: OAuthErrorCode; claim?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause, code: options.code ?? 'ERR_ID_TOKEN_INVALID' });
    this.name = 'IdTokenValidationError';
    this.claim = options.claim;
  }
}

export interface OAuth1ErrorInit extends OAuthErrorOptions {
  status?: number | undefined;
  /** `oauth_problem` from OAuth Problem Reporting, e.g. `nonce_used`, `signature_invalid`. */
  problem?: string | undefined;
  /** `oauth_problem_advice`. */
  advice?: string | undefined;
  response?: Response | undefined;
}

/** An OAuth 1.0a provider refused a request or answered outside RFC 5849. */
export class OAuth1Error extends OAuthError {
  declare readonly status: number | undefined;
  declare readonly problem: string | undefined;
  declare readonly advice: string | undefined;
  declare readonly response: Response | undefined;

  constructor(message: string, init: OAuth1ErrorInit = {}) {
    super(message, { cause: init.cause, code: init.code ?? 'ERR_OAUTH1' });
    this.name = 'OAuth1Error';
    this.status = init.status;
    this.problem = init.problem;
    this.advice = init.advice;
    hide(this, 'response', init.response);
  }
}

/** A token store could not read or write: wrong key, truncated or corrupt file, lock trouble. */
export class TokenStoreError extends OAuthError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'ERR_TOKEN_STORE' });
    this.name = 'TokenStoreError';
  }
}

/** True for any error oauthkit throws on purpose. */
export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}

/** The redaction every message above goes through, for your own logs and traces. */
export { redact, redactText } from './internal/redact.js';
