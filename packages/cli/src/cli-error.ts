/**
 * Errors the CLI raises itself. Like the library's, each has a stable `code`; the exit code
 * follows from it (see exit-codes.ts). Messages say what happened, what was expected and
 * what to try, and never hold a secret in full.
 */
export type CliErrorCode =
  | 'ERR_USAGE'
  | 'ERR_CONFIG'
  | 'ERR_PROFILE_NOT_FOUND'
  | 'ERR_SECRET_UNAVAILABLE'
  | 'ERR_NOT_IMPLEMENTED'
  | 'ERR_JWT_INVALID'
  | 'ERR_JWT_SIGNATURE'
  | 'ERR_JWT_CLAIM'
  | 'ERR_JWKS'
  | 'ERR_INTERRUPTED'
  /** `oauthkit demo` met something the dev provider should never do (a bug). */
  | 'ERR_DEMO'
  /** No token stored for the profile, or it cannot be used. */
  | 'ERR_NO_TOKEN'
  /** Waited too long for the browser, a device approval or a PIN (exit 4, like the library's). */
  | 'ERR_TIMEOUT';

export class CliError extends Error {
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
  }
}

export function usageError(message: string): CliError {
  return new CliError('ERR_USAGE', message);
}

export function configError(message: string, cause?: unknown): CliError {
  return new CliError('ERR_CONFIG', message, cause === undefined ? {} : { cause });
}

/** What every stub command throws until the library part it needs has landed. */
export function notImplemented(command: string): CliError {
  return new CliError(
    'ERR_NOT_IMPLEMENTED',
    `oauthkit ${command}: not implemented yet. This build has the command's options and help ` +
      'but not its action; use a newer oauthkit.',
  );
}
