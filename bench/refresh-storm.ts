/**
 * The refresh storm (issue 5): 1 000 concurrent calls find the access token expired. How
 * many refresh requests does the server see? oidc-provider runs in this process, rotating
 * refresh tokens with reuse detection (a used refresh token coming back revokes the grant),
 * and counts token-endpoint requests by grant type. Each row starts from a fresh grant
 * whose token the client believes expired.
 *
 * - oauthkit, one process: `OAuth2Client.getAccessToken()` 1 000 times at once.
 * - oauthkit, 8 processes: this file re-run as 8 workers, 125 calls each, sharing a
 *   `RedisTokenStore` (Debian redis-server on a free port), and for contrast a
 *   `MemoryTokenStore` per process.
 * - simple-oauth2 and openid-client, one process, as their READMEs show: check expiry,
 *   then refresh (`accessToken.expired()` → `accessToken.refresh()`;
 *   `client.refreshTokenGrant(config, refresh_token)`).
 *
 * Run: `npm run bench -- refresh-storm` (or `node --import tsx bench/refresh-storm.ts`).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import * as openid from 'openid-client';
import { AuthorizationCode } from 'simple-oauth2';
import { OAuth2Client } from '../packages/oauthkit/src/oauth2/client.js';
import { MemoryTokenStore } from '../packages/oauthkit/src/tokens/stores/memory.js';
import { RedisTokenStore } from '../packages/oauthkit/src/tokens/stores/redis.js';
import type { TokenSet } from '../packages/oauthkit/src/tokens/token.js';
import { codeFlowToken, startProvider } from '../packages/oauthkit/test/helpers/oidc-provider.js';
import { startRedis } from '../packages/oauthkit/test/tokens/redis-server.js';

const CALLS = 1000;
const PROCESSES = 8;
const CLIENT_ID = 'bench';
const SECRET = 'bench-secret-0123456789';

/** Worker mode: `refresh-storm.ts worker <issuer> <redis port | memory> <calls>`. */
async function worker(issuer: string, where: string, calls: number): Promise<void> {
  let redis: Redis | undefined;
  let store: MemoryTokenStore | RedisTokenStore;
  if (where === 'memory') {
    store = new MemoryTokenStore();
    await store.set('storm', JSON.parse(process.env.TOKEN ?? '{}') as TokenSet);
  } else {
    redis = new Redis({ host: '127.0.0.1', port: Number(where), maxRetriesPerRequest: 1 });
    store = new RedisTokenStore({ redis });
  }
  const client = new OAuth2Client({
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    tokenEndpoint: `${issuer}/token`,
    store,
    storeKey: 'storm',
  });
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const outcomes = await Promise.allSettled(
    Array.from({ length: calls }, () => client.getAccessToken()),
  );
  const failed = outcomes.filter((o) => o.status === 'rejected').length;
  process.stdout.write(`failed ${failed}\n`);
  redis?.disconnect();
  process.exit(0);
}

interface Row {
  library: string;
  setup: string;
  refreshes: number;
  failed: number;
  ms: number;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'oauthkit-bench-'));
  const redisServer = await startRedis(dir);
  const redis = new Redis({ host: '127.0.0.1', port: redisServer.port });
  const op = await startProvider({
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: SECRET,
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
  });
  const rows: Row[] = [];
  const children = new Set<ReturnType<typeof spawn>>();
  try {
    // The client believes the token expired a minute ago.
    const login = async (): Promise<TokenSet> => ({
      ...(await codeFlowToken(op, CLIENT_ID, SECRET)),
      expires_at: Math.floor(Date.now() / 1000) - 60,
    });
    const measure = async (library: string, setup: string, storm: () => Promise<number>) => {
      op.tokenRequests.clear();
      const t = performance.now();
      const failed = await storm();
      rows.push({
        library,
        setup,
        refreshes: op.tokenRequests.get('refresh_token') ?? 0,
        failed,
        ms: Math.round(performance.now() - t),
      });
    };
    const settle = async (calls: Promise<unknown>[]) =>
      (await Promise.allSettled(calls)).filter((o) => o.status === 'rejected').length;

    {
      const token = await login();
      const client = new OAuth2Client({
        clientId: CLIENT_ID,
        clientSecret: SECRET,
        tokenEndpoint: `${op.issuer}/token`,
        token,
      });
      await measure('oauthkit', '1 process', () =>
        settle(Array.from({ length: CALLS }, () => client.getAccessToken())),
      );
    }

    const processes = async (where: 'redis' | 'memory') => {
      const token = await login();
      if (where === 'redis') await new RedisTokenStore({ redis }).set('storm', token);
      const workers = Array.from({ length: PROCESSES }, () => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            new URL(import.meta.url).pathname,
            'worker',
            op.issuer,
            where === 'redis' ? String(redisServer.port) : 'memory',
            String(CALLS / PROCESSES),
          ],
          {
            env: { ...process.env, TOKEN: JSON.stringify(token) },
            stdio: ['pipe', 'pipe', 'inherit'],
          },
        );
        children.add(child);
        let out = '';
        const line = (prefix: string) =>
          new Promise<string>((resolve, reject) => {
            const check = () => {
              const l = out.split('\n').find((x) => x.startsWith(prefix));
              if (l !== undefined) resolve(l);
            };
            child.stdout.setEncoding('utf8').on('data', (d: string) => {
              out += d;
              check();
            });
            child.on('exit', (code) => reject(new Error(`bench worker exited ${code}`)));
            check();
          });
        return { child, ready: line('ready'), result: line('failed ') };
      });
      await Promise.all(workers.map((w) => w.ready));
      await measure(
        'oauthkit',
        `${PROCESSES} processes, ${where === 'redis' ? 'RedisTokenStore' : 'MemoryTokenStore each'}`,
        async () => {
          for (const w of workers) w.child.stdin.write('go\n');
          const results = await Promise.all(workers.map((w) => w.result));
          return results.reduce((n, l) => n + Number(l.split(' ')[1]), 0);
        },
      );
    };
    await processes('redis');
    await processes('memory');

    {
      const token = await login();
      const client = new AuthorizationCode({
        client: { id: CLIENT_ID, secret: SECRET },
        auth: { tokenHost: op.issuer, tokenPath: '/token', authorizePath: '/auth' },
      });
      const accessToken = client.createToken({
        ...token,
        expires_at: new Date((token.expires_at as number) * 1000).toISOString(),
      });
      await measure('simple-oauth2', '1 process', () =>
        settle(
          Array.from({ length: CALLS }, async () => {
            let t = accessToken;
            if (t.expired()) t = await t.refresh();
            return t.token.access_token;
          }),
        ),
      );
    }

    {
      const token = await login();
      const config = await openid.discovery(new URL(op.issuer), CLIENT_ID, SECRET, undefined, {
        execute: [openid.allowInsecureRequests],
      });
      await measure('openid-client', '1 process', () =>
        settle(
          Array.from({ length: CALLS }, async () => {
            if (Date.now() / 1000 >= (token.expires_at as number)) {
              const fresh = await openid.refreshTokenGrant(config, token.refresh_token as string);
              return fresh.access_token;
            }
            return token.access_token;
          }),
        ),
      );
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    redis.disconnect();
    await op.close();
    await redisServer.stop();
    await rm(dir, { recursive: true, force: true });
  }

  console.log(
    `Refresh storm: ${CALLS} concurrent calls on an expired token; oidc-provider with rotating refresh tokens and reuse detection\n`,
  );
  console.log('| library | setup | refresh requests seen by the server | failed calls | ms |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.library} | ${r.setup} | ${r.refreshes} | ${r.failed} | ${r.ms} |`);
  }
}

const [mode, issuer = '', where = '', calls = '0'] = process.argv.slice(2);
if (mode === 'worker') await worker(issuer, where, Number(calls));
else await main();
