/**
 * Importing jose costs ~60 ms of cold start, so the OpenID Connect modules load it on first
 * use and keep the module promise: later calls cost one resolved `await`.
 */
type Jose = typeof import('jose');

let pending: Promise<Jose> | undefined;
let loaded: Jose | undefined;

/** The `jose` module, imported once on first call. */
export function loadJose(): Promise<Jose> {
  pending ??= import('jose').then((mod) => {
    loaded = mod;
    return mod;
  });
  return pending;
}

/** The `jose` module if it is loaded already: lets hot paths skip an `await`. */
export function loadedJose(): Jose | undefined {
  return loaded;
}
