/** Test keys and a JWKS endpoint on 127.0.0.1 that counts its fetches. */
import { createHash } from 'node:crypto';
import * as jose from 'jose';
import { startServer, type TestServer } from './server.js';

export interface TestKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: jose.JWK;
}

export async function makeKey(alg: string, kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, publicJwk };
}

export interface JwksServer extends TestServer {
  /** The JWKS the server publishes; replace it to rotate keys. */
  keys: jose.JWK[];
  /** How many times /jwks was fetched. */
  fetches: number;
  jwksUri: string;
}

export async function startJwksServer(keys: jose.JWK[]): Promise<JwksServer> {
  const state = { keys, fetches: 0 };
  const srv = await startServer((req, res) => {
    if (req.url === '/jwks') {
      state.fetches++;
      res.setHeader('content-type', 'application/jwk-set+json');
      res.end(JSON.stringify({ keys: state.keys }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  // defineProperties, not Object.assign: assign would copy the getters' current values.
  return Object.defineProperties(srv, {
    jwksUri: { value: `${srv.url}/jwks` },
    keys: {
      get: () => state.keys,
      set: (k: jose.JWK[]) => {
        state.keys = k;
      },
    },
    fetches: { get: () => state.fetches },
  }) as JwksServer;
}

/** at_hash / c_hash computed independently of the library (node:crypto). */
export function leftHalfHash(value: string, hash = 'sha256'): string {
  const digest = createHash(hash).update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export async function sign(
  claims: jose.JWTPayload,
  key: { alg: string; kid?: string | undefined; privateKey: CryptoKey | Uint8Array },
): Promise<string> {
  const header: jose.JWTHeaderParameters = { alg: key.alg, typ: 'JWT' };
  if (key.kid !== undefined) header.kid = key.kid;
  return new jose.SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
}
