/**
 * The documented exit codes of `oauthkit`, and the mapping from the library's stable error
 * `code`s to them. Scripts branch on these numbers; they never change meaning.
 *
 * @module
 */
import type { OAuthErrorCode } from 'oauthkit/errors';

export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** Anything not covered below (a bug, an unexpected local failure, "not implemented"). */
  Generic: 1,
  /** The command line is wrong: unknown command or option, missing or invalid argument. */
  Usage: 2,
  /** The provider refused or answered outside the protocol (OAuth error, bad signature, ...). */
  Auth: 3,
  /** No usable response: DNS, refused or reset connection, TLS, timeout. */
  Network: 4,
  /** The config file, a profile, a token store or a secret source is missing or invalid. */
  Config: 5,
  /** Interrupted by Ctrl-C (SIGINT). */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every library error code maps to one exit code. A `Record` over the whole union makes the
 * compiler point here when the library adds a code.
 */
const LIBRARY_CODES: Record<OAuthErrorCode, ExitCode> = {
  ERR_OAUTH: ExitCode.Generic,
  ERR_OAUTH_RESPONSE: ExitCode.Auth,
  ERR_AUTHORIZATION_RESPONSE: ExitCode.Auth,
  ERR_STATE_MISMATCH: ExitCode.Auth,
  ERR_CALLBACK_INVALID: ExitCode.Auth,
  // The discovered metadata names another issuer than the one asked for.
  ERR_ISSUER_MISMATCH: ExitCode.Auth,
  ERR_UNEXPECTED_RESPONSE: ExitCode.Auth,
  ERR_RESPONSE_TOO_LARGE: ExitCode.Auth,
  ERR_NETWORK: ExitCode.Network,
  ERR_TIMEOUT: ExitCode.Network,
  // An http:// URL for a non-loopback host comes from a profile or a flag: fix the config.
  ERR_INSECURE_URL: ExitCode.Config,
  ERR_ID_TOKEN_INVALID: ExitCode.Auth,
  ERR_ID_TOKEN_SIGNATURE: ExitCode.Auth,
  ERR_ID_TOKEN_ALG: ExitCode.Auth,
  ERR_ID_TOKEN_ISS: ExitCode.Auth,
  ERR_ID_TOKEN_AUD: ExitCode.Auth,
  ERR_ID_TOKEN_AZP: ExitCode.Auth,
  ERR_ID_TOKEN_EXP: ExitCode.Auth,
  ERR_ID_TOKEN_IAT: ExitCode.Auth,
  ERR_ID_TOKEN_NBF: ExitCode.Auth,
  ERR_ID_TOKEN_NONCE: ExitCode.Auth,
  ERR_ID_TOKEN_AT_HASH: ExitCode.Auth,
  ERR_ID_TOKEN_C_HASH: ExitCode.Auth,
  ERR_ID_TOKEN_AUTH_TIME: ExitCode.Auth,
  ERR_ID_TOKEN_SUB: ExitCode.Auth,
  ERR_ID_TOKEN_KID: ExitCode.Auth,
  ERR_OAUTH1: ExitCode.Auth,
  // Wrong store key, corrupt file, lock trouble: local state, fixed by config or `logout`.
  ERR_TOKEN_STORE: ExitCode.Config,
  // The refresh token is gone; the user must `oauthkit login` again.
  ERR_GRANT_LOST: ExitCode.Auth,
  // oauthkit/web's login cookie (the CLI does not use it): a login to start again.
  ERR_LOGIN_COOKIE: ExitCode.Auth,
};

/** Codes the CLI itself uses (its own errors), with their exit codes. */
const CLI_CODES: Record<string, ExitCode> = {
  ERR_USAGE: ExitCode.Usage,
  ERR_CONFIG: ExitCode.Config,
  ERR_PROFILE_NOT_FOUND: ExitCode.Config,
  ERR_SECRET_UNAVAILABLE: ExitCode.Config,
  ERR_NOT_IMPLEMENTED: ExitCode.Generic,
  ERR_JWT_INVALID: ExitCode.Auth,
  ERR_JWT_SIGNATURE: ExitCode.Auth,
  ERR_JWT_CLAIM: ExitCode.Auth,
  ERR_JWKS: ExitCode.Auth,
  ERR_INTERRUPTED: ExitCode.Interrupted,
  ERR_DEMO: ExitCode.Generic,
  // Nothing stored for the profile: `oauthkit login` first (local state, like a missing config).
  ERR_NO_TOKEN: ExitCode.Config,
};

/** The exit code for any thrown value, decided by its `code` (library or CLI). */
export function exitCodeFor(error: unknown): ExitCode {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (typeof code !== 'string') return ExitCode.Generic;
  if (Object.hasOwn(LIBRARY_CODES, code)) return LIBRARY_CODES[code as OAuthErrorCode];
  if (Object.hasOwn(CLI_CODES, code)) return CLI_CODES[code] ?? ExitCode.Generic;
  // Future id_token checks keep their family's exit code.
  if (code.startsWith('ERR_ID_TOKEN_')) return ExitCode.Auth;
  return ExitCode.Generic;
}
