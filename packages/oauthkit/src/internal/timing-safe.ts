import { utf8 } from './encoding.js';

/**
 * Compares two strings in time that depends only on their lengths, never on where they
 * first differ, so a remote caller cannot learn a secret (state, signature) byte by byte.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = utf8(a);
  const y = utf8(b);
  const n = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
