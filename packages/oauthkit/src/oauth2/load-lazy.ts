/**
 * Loads the modules `OAuth2Client` imports on first need: `lazy.ts` (grants, device flow,
 * discovery, the rare paths), `bearer.ts` (the bearer `fetch`) and `store-hooks.ts` (the
 * token-store coordination and the token-response hooks). In dist, each is bundled
 * (scripts/bundle-entries.mjs) without an import of `../errors.js`: a module that both the eager path and a lazy one import
 * becomes, in an app bundled with code splitting, a chunk of its own that the app loads
 * eagerly (+237 B gzip for the minimal app). The bundled lazy.js instead exports
 * `injectErrors`, and this hands it the error classes once loaded, so there is still one
 * copy of each and `instanceof` holds. Unbundled (tests, tsx), lazy.ts imports them itself
 * and has no `injectErrors`.
 *
 * @module
 */
import {
  AuthorizationResponseError,
  GrantLostError,
  InsecureUrlError,
  NetworkError,
  OAuthError,
  OAuthResponseError,
  StateMismatchError,
  TimeoutError,
  UnexpectedResponseError,
} from '../errors.js';

type Lazy = typeof import('./lazy.js') & { injectErrors?: (classes: unknown[]) => void };

/** `import('./lazy.js')`, the error classes handed over. */
export const loadLazy = (): Promise<typeof import('./lazy.js')> =>
  import('./lazy.js').then((m: Lazy) => {
    // An array, not an object: its keys would ship the class names. The order is the one
    // the bundled lazy.js expects (bundle-entries.mjs reads it from here and checks it).
    m.injectErrors?.([
      AuthorizationResponseError,
      GrantLostError,
      InsecureUrlError,
      NetworkError,
      OAuthError,
      OAuthResponseError,
      StateMismatchError,
      TimeoutError,
      UnexpectedResponseError,
    ]);
    return m;
  });

/**
 * `import('./bearer.js')` and `import('./store-hooks.js')`. They need no error class (the
 * requests they make go through the client), and bundle-entries.mjs fails the build if
 * they import one.
 */
export const loadBearer = (): Promise<typeof import('./bearer.js')> => import('./bearer.js');
export const loadStoreHooks = (): Promise<typeof import('./store-hooks.js')> =>
  import('./store-hooks.js');
