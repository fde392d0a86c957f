/**
 * Importing jose costs ~60 ms of cold start, so the OpenID Connect modules load it on first
 * use and keep the module promise: later calls cost one resolved `await`.
 */
type Jose = typeof import('jose');

let pending: Promise<Jose> | undefined;

/** The `jose` module, imported once on first call. */
export function loadJose(): Promise<Jose> {
  pending ??= import('jose');
  return pending;
}
