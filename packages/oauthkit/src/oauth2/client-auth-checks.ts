/**
 * The argument checks of the client authentication strategies, shared by the eager
 * factories (`client-auth.ts`) and the JWT builders lazy.js loads (`client-auth-jwt.ts`).
 * A module of its own, importing nothing: were client-auth-jwt.ts to import client-auth.ts,
 * which loads lazy.js with `import()`, the bundled lazy.js would import itself and esbuild
 * would wrap each of its modules for lazy initialization (+1 kB minified).
 *
 * @module
 */

/** @internal `secret`, if it is a string; else the TypeError that says so. */
export function checkedSecret(secret: string): string {
  if (typeof secret !== 'string') throw new TypeError('clientSecret must be a string');
  return secret;
}

/** @internal `key`, if it is a `CryptoKey` or a JWK; else the TypeError that says so. */
export function checkedKey<K>(key: K): K {
  if (!key || typeof key !== 'object') {
    throw new TypeError('clientPrivateKey must be a CryptoKey or a private JWK');
  }
  return key;
}
