/** Signing keys generated at start: one RSA key (RS256) and one P-256 key (ES256). */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Jwk } from './options.js';

const generate = promisify(generateKeyPair);

/**
 * Generates the provider's signing keys. RSA key generation is the slowest part of start-up
 * (~100-300 ms); it runs on libuv's thread pool, so callers start it before other work.
 */
export async function generateSigningKeys(): Promise<{ keys: Jwk[] }> {
  const [rsa, ec] = await Promise.all([
    generate('rsa', { modulusLength: 2048 }),
    generate('ec', { namedCurve: 'P-256' }),
  ]);
  const kid = () => randomBytes(6).toString('base64url');
  return {
    keys: [
      {
        ...(rsa.privateKey.export({ format: 'jwk' }) as Jwk),
        kid: kid(),
        alg: 'RS256',
        use: 'sig',
      },
      { ...(ec.privateKey.export({ format: 'jwk' }) as Jwk), kid: kid(), alg: 'ES256', use: 'sig' },
    ],
  };
}
