/**
 * id_token validation cost vs a bare jose.jwtVerify on the same token and key, in the same
 * run (issue 4, item 3: goal at most 1.15x). The JWKS is served from 127.0.0.1 and cached
 * after the first validation, as in a long-running client.
 *
 *   node --import tsx bench/id-token.ts [iterations-per-round=250] [rounds=61]
 *
 * Short rounds, interleaved, median per operation: on a busy machine long rounds let
 * load changes land on one contender only. Both wall time and CPU time are reported; CPU
 * time is the steadier figure when other processes compete for the cores. `ratio` divides
 * the medians; `paired` is the median of the per-round ratios (same round, same load).
 */
import * as jose from 'jose';
import { validateIdToken } from '../packages/oauthkit/src/oidc/id-token.js';
import { JwksCache } from '../packages/oauthkit/src/oidc/jwks.js';
import { startServer } from '../packages/oauthkit/test/helpers/server.js';

const iterations = Number(process.argv[2] ?? 250);
const rounds = Number(process.argv[3] ?? 61);
const ISSUER = 'https://op.example.com';
const CLIENT = 'client-1';

interface Sample {
  wall: number;
  cpu: number;
}

/** µs per operation: wall clock, and process CPU time (main thread + WebCrypto's threadpool). */
async function time(n: number, fn: () => Promise<unknown>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  const wall = Number(process.hrtime.bigint() - start) / n / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / n };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const now = Math.floor(Date.now() / 1000);
const keys = await Promise.all(
  (['RS256', 'ES256'] as const).map(async (alg) => {
    const pair = await jose.generateKeyPair(alg, { extractable: true });
    const jwk = {
      ...(await jose.exportJWK(pair.publicKey)),
      kid: alg.toLowerCase(),
      alg,
      use: 'sig',
    };
    return { alg, ...pair, jwk };
  }),
);
const srv = await startServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
});

console.log(
  `node ${process.version}, ${iterations} validations per round, median of ${rounds} rounds\n`,
);
console.log(
  'alg    | time | jose.jwtVerify | validateIdToken | ratio | paired | jwtVerify+iss/aud/algs | ratio',
);
try {
  for (const k of keys) {
    const token = await new jose.SignJWT({
      iss: ISSUER,
      sub: 'user-42',
      aud: CLIENT,
      nonce: 'n-0S6_WzA2Mj',
      auth_time: now - 10,
      iat: now,
      exp: now + 3600,
    })
      .setProtectedHeader({ alg: k.alg, kid: k.jwk.kid })
      .sign(k.privateKey);
    const jwks = new JwksCache(`${srv.url}/jwks`);
    const options = {
      issuer: ISSUER,
      clientId: CLIENT,
      jwks,
      nonce: 'n-0S6_WzA2Mj',
      algorithms: [k.alg],
    };
    // The same key the validator verifies with: the public JWK the JWKS publishes, imported.
    const key = await jose.importJWK(k.jwk, k.alg);
    const bare = () => jose.jwtVerify(token, key);
    const withClaims = () =>
      jose.jwtVerify(token, key, { issuer: ISSUER, audience: CLIENT, algorithms: [k.alg] });
    const ours = () => validateIdToken(token, options);
    await ours(); // fetches and caches the JWKS
    for (const fn of [bare, withClaims, ours]) await time(200, fn); // warm-up
    const a: Sample[] = [];
    const b: Sample[] = [];
    const c: Sample[] = [];
    const contenders: [() => Promise<unknown>, Sample[]][] = [
      [bare, a],
      [ours, b],
      [withClaims, c],
    ];
    for (let r = 0; r < rounds; r++) {
      // interleaved and rotated, so drift (turbo, GC, other load) and position effects
      // hit all three alike
      for (let j = 0; j < contenders.length; j++) {
        const [fn, out] = contenders[(r + j) % contenders.length]!;
        out.push(await time(iterations, fn));
      }
    }
    for (const m of ['wall', 'cpu'] as const) {
      const [ma, mb, mc] = [a, b, c].map((xs) => median(xs.map((x) => x[m]))) as [
        number,
        number,
        number,
      ];
      // paired: ours / bare within the same round, then the median of those ratios
      const paired = median(b.map((x, r) => x[m] / a[r]![m]));
      console.log(
        `${k.alg}  | ${m.padEnd(4)} | ${ma.toFixed(1).padStart(11)} µs | ${mb.toFixed(1).padStart(12)} µs | ${(mb / ma).toFixed(3)} | ${paired.toFixed(3).padStart(6)} | ${mc.toFixed(1).padStart(19)} µs | ${(mc / ma).toFixed(3)}`,
      );
    }
  }
} finally {
  await srv.close();
}
