/**
 * The messages of the errors `send` and `sendRaw` throw (send.ts), in a module of its own
 * that send.ts loads with `import()` only once a request has failed. Plain strings: this
 * module imports no error class, so that in an app bundled with code splitting it is a
 * small lazy chunk of its own, sharing nothing with the eager code.
 *
 * @module
 */
import type { NetworkError, TimeoutError, UnexpectedResponseError } from '../errors.js';

/** `what` is the URL without its query; `limit` the size limit of a `send`. */
export function failureMessage(
  error: TimeoutError | UnexpectedResponseError | NetworkError,
  what: string,
  limit: number | undefined,
): string {
  if (error.code === 'ERR_TIMEOUT') {
    return `${what} did not answer within ${(error as TimeoutError).timeout} ms. Check that the server is up, or raise the timeout option.`;
  }
  if (error.code === 'ERR_RESPONSE_TOO_LARGE') {
    return (
      `${what} answered a body larger than ${limit} bytes (HTTP ${(error as UnexpectedResponseError).status}); this is not an OAuth response. ` +
      'Check the endpoint URL, or raise maxResponseBytes if the server really sends this much.'
    );
  }
  const cause = error.cause;
  const reason =
    cause instanceof Error && cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${what} could not be reached${reason}. Check the URL, your network and the server.`;
}
