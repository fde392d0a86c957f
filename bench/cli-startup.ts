/**
 * Start-up time of the `oauthkit` command, beside `node -e 0` in the same run, with
 * NODE_EXTRA_CA_CERTS cleared and as set in this environment (some machines set it, and
 * it adds tens of milliseconds to every Node start).
 *
 *   npm run build && node --import tsx bench/cli-startup.ts [runs]
 *
 * The budget (issue 6): `oauthkit token` with a fresh cached token, median <= 150 ms. The
 * bench makes that token itself: a temp HOME/XDG dir, a profile, and a token written into
 * the CLI's encrypted FileTokenStore with the library (expires in an hour, so no refresh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileTokenStore } from 'oauthkit/stores';

const root = fileURLToPath(new URL('..', import.meta.url));
const linked = `${root}node_modules/.bin/oauthkit`;
const bin = existsSync(linked) ? linked : `${root}packages/cli/dist/bin.js`;
if (!existsSync(bin)) {
  console.error(`${bin} not found: run \`npm run build\` first.`);
  process.exit(1);
}
const runs = Number(process.argv[2] ?? 25);

// A fresh cached token for `oauthkit token`, in the CLI's own locations under a temp HOME.
const home = mkdtempSync(join(tmpdir(), 'oauthkit-bench-'));
const xdg = {
  HOME: home,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_STATE_HOME: join(home, 'state'),
  OAUTHKIT_STORE_KEY: Buffer.alloc(32, 1).toString('base64url'),
};
mkdirSync(join(xdg.XDG_CONFIG_HOME, 'oauthkit'), { recursive: true, mode: 0o700 });
writeFileSync(
  join(xdg.XDG_CONFIG_HOME, 'oauthkit', 'config.json'),
  JSON.stringify({
    version: 1,
    defaultProfile: 'bench',
    profiles: { bench: { issuer: 'https://auth.example.com', clientId: 'bench-cli' } },
  }),
  { mode: 0o600 },
);
await new FileTokenStore({
  path: join(xdg.XDG_STATE_HOME, 'oauthkit', 'tokens'),
  key: xdg.OAUTHKIT_STORE_KEY,
}).set('oauthkit-cli/profile/bench', {
  access_token: 'bench-access-token-0123456789',
  token_type: 'Bearer',
  expires_in: 3600,
  expires_at: Math.floor(Date.now() / 1000) + 3600,
  refresh_token: 'bench-refresh-token',
});
process.on('exit', () => rmSync(home, { recursive: true, force: true }));

const cases: { name: string; cmd: string; args: string[] }[] = [
  { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
  { name: 'oauthkit --version', cmd: bin, args: ['--version'] },
  { name: 'oauthkit token (cached)', cmd: bin, args: ['token'] },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function measure(env: NodeJS.ProcessEnv): Map<string, number[]> {
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let i = 0; i < runs + 2; i++) {
    // Interleaved so drift (CPU frequency, caches) hits every case alike; 2 warm-up rounds.
    for (const c of cases) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(c.cmd, c.args, { env: { ...env, ...xdg }, stdio: 'ignore' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.error) throw r.error;
      if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}`);
      if (i >= 2) times.get(c.name)?.push(ms);
    }
  }
  return times;
}

const extra = process.env.NODE_EXTRA_CA_CERTS;
const cleared = { ...process.env };
delete cleared.NODE_EXTRA_CA_CERTS;
const settings: [string, NodeJS.ProcessEnv][] = [['NODE_EXTRA_CA_CERTS cleared', cleared]];
if (extra) settings.push([`NODE_EXTRA_CA_CERTS=${extra}`, { ...process.env }]);
else console.log('(NODE_EXTRA_CA_CERTS is not set here: only the cleared case is measured)');

console.log(`node ${process.version}, ${runs} runs per case, median (min) wall time in ms`);
// Medians mean little on a busy machine: say how busy it was.
const load = () => loadavg()[0]?.toFixed(1);
console.log(`load average ${load()} on ${availableParallelism()} CPUs at start\n`);
for (const [label, env] of settings) {
  console.log(label);
  const times = measure(env);
  const base = median(times.get('node -e 0') ?? []);
  for (const [name, xs] of times) {
    const m = median(xs);
    const delta = name === 'node -e 0' ? '' : `  (+${(m - base).toFixed(1)} over node -e 0)`;
    console.log(
      `  ${name.padEnd(24)} ${m.toFixed(1).padStart(7)} (${Math.min(...xs).toFixed(1)})${delta}`,
    );
  }
  console.log('');
}
console.log(`load average ${load()} at end`);
