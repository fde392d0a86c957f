/**
 * The refresh storm of issue 5: worker processes (store-worker.ts `calls`) share one grant
 * on an in-process oidc-provider that rotates refresh tokens, revokes the grant when a used
 * one comes back (oidc-provider's refresh_token grant: `if (refreshToken.consumed)` →
 * revoke the grant, `invalid_grant`), and issues 2-second access tokens. The provider
 * records when it answered each refresh, so the test can compare refreshes with expiries.
 */
import assert from 'node:assert/strict';
import type { TokenSet } from '../../src/tokens/token.js';
import { codeFlowToken, type RunningProvider, startProvider } from '../helpers/oidc-provider.js';
import { startWorker, type Worker } from './workers.js';

export const CLIENT_ID = 'storm';
export const SECRET = 'storm-secret-0123456789';
/** A client whose access tokens live a minute, for the crash tests. */
export const LONG_CLIENT_ID = 'storm-long';
export const ACCESS_TOKEN_TTL = 2;
/** The workers refresh this many seconds before expiry (oidc-provider's `exp` is whole seconds). */
export const LEEWAY = 1;

export interface StormProvider extends RunningProvider {
  /** Epoch ms at which the provider answered each successful refresh, in order. */
  refreshedAt: number[];
  /** The `expires_in` of each of those answers (whole seconds: 1 when a second ticked over). */
  expiresIn: number[];
  /** Refresh requests the provider refused, by `error`. */
  refused: Map<string, number>;
  login(clientId?: string): Promise<TokenSet>;
}

export async function startStormProvider(rotateRefreshToken = true): Promise<StormProvider> {
  const op = await startProvider({
    clients: [CLIENT_ID, LONG_CLIENT_ID].map((client_id) => ({
      client_id,
      client_secret: SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    rotateRefreshToken,
    ttl: {
      AccessToken: (_ctx: unknown, _token: unknown, client: { clientId: string }) =>
        client.clientId === LONG_CLIENT_ID ? 60 : ACCESS_TOKEN_TTL,
    },
  });
  const refreshedAt: number[] = [];
  const expiresIn: number[] = [];
  const refused = new Map<string, number>();
  // Events, not middleware: the helper composed its middleware already (provider.callback()).
  type Ctx = { oidc?: { params?: { grant_type?: unknown } } };
  const isRefresh = (ctx: Ctx) => ctx.oidc?.params?.grant_type === 'refresh_token';
  op.provider.on('grant.success', (ctx) => {
    if (!isRefresh(ctx as Ctx)) return;
    refreshedAt.push(Date.now());
    expiresIn.push(Number((ctx as { body?: { expires_in?: number } }).body?.expires_in));
  });
  op.provider.on('grant.error', (ctx, error) => {
    if (!isRefresh(ctx as Ctx)) return;
    const code = String((error as { error?: string }).error);
    refused.set(code, (refused.get(code) ?? 0) + 1);
  });
  return {
    ...op,
    refreshedAt,
    expiresIn,
    refused,
    login: (clientId = CLIENT_ID) => codeFlowToken(op, clientId, SECRET),
  };
}

export interface WorkerResult {
  ok: number;
  /** 401 answers from the resource (each retried once after a refresh or a store read). */
  unauthorized: number;
  failed: number;
  grantLost: number;
  invalidGrant: number;
  grantLostEvents: number;
  tokens: number;
  errors: Record<string, number>;
}

export function callWorkers(
  n: number,
  concurrency: number,
  env: Record<string, string>,
  op: StormProvider,
): Worker[] {
  return Array.from({ length: n }, () =>
    startWorker(['calls', String(concurrency)], {
      ISSUER: op.issuer,
      CLIENT_ID,
      CLIENT_SECRET: SECRET,
      REFRESH_LEEWAY: String(LEEWAY),
      ...env,
    }),
  );
}

/**
 * Sends "go" to every ready worker and collects their results. With `seed`, the token it
 * makes once all are ready goes with "go" (for STORE=memory: a fresh token in every process).
 */
export async function runWorkers(
  workers: Worker[],
  durationMs: number,
  seed?: () => Promise<TokenSet>,
): Promise<{ results: WorkerResult[]; start: number; end: number }> {
  await Promise.all(workers.map((w) => w.waitFor('ready', 60_000)));
  const token = seed ? ` ${Buffer.from(JSON.stringify(await seed())).toString('base64url')}` : '';
  const start = Date.now();
  for (const w of workers) w.send(`go ${durationMs}${token}`);
  const lines = await Promise.all(workers.map((w) => w.waitFor('result ', durationMs + 60_000)));
  return {
    results: lines.map((l) => JSON.parse(l.slice('result '.length)) as WorkerResult),
    start,
    end: start + durationMs,
  };
}

export function sum(results: WorkerResult[], field: keyof Omit<WorkerResult, 'errors'>): number {
  return results.reduce((n, r) => n + r[field], 0);
}

/**
 * When each access token in the chain (the seeded one, then one per refresh) stopped being
 * usable: LEEWAY seconds before its `expires_at`, which the client computes from whole
 * seconds (`floor(now) + expires_in`, as Authlib does), so no earlier than the whole second
 * in which the provider answered plus `expires_in - LEEWAY`. The provider's own `exp` (that
 * whole second + `expires_in`) is later still.
 */
export function tokenEnds(seeded: TokenSet, op: StormProvider): number[] {
  return [
    ((seeded.expires_at as number) - LEEWAY) * 1000,
    ...op.refreshedAt.map(
      (at, i) => (Math.floor(at / 1000) + (op.expiresIn[i] ?? ACCESS_TOKEN_TTL) - LEEWAY) * 1000,
    ),
  ];
}

/**
 * Expiries during a run: the tokens of the chain that stopped being usable before the run
 * ended. Every refresh must answer one of them, so refreshes = expiries, or one fewer when
 * the last expiry came too close to the end for a call to notice it.
 */
export function expiries(seeded: TokenSet, op: StormProvider, end: number): number {
  return tokenEnds(seeded, op).filter((t) => t <= end).length;
}

/**
 * Refreshes made while the token they replaced was still usable (100 ms of slack for the
 * gap between the provider's answer and the client's receipt): a second refresh of one
 * expiry would be one of these.
 */
export function earlyRefreshes(seeded: TokenSet, op: StormProvider): number {
  const ends = tokenEnds(seeded, op);
  return op.refreshedAt.filter((at, i) => at < ends[i]! - 100).length;
}

export function minGap(times: number[]): number {
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap;
}

/**
 * The checks of a shared-store run: no failed call, no `invalid_grant`, refreshes =
 * expiries (within one), none early, and every refresh seen by the others through the
 * store (onToken fires only in the process that refreshed). Logs the figures.
 */
export function assertOneRefreshPerExpiry(
  label: string,
  seeded: TokenSet,
  op: StormProvider,
  run: { results: WorkerResult[]; start: number; end: number },
): void {
  const { results, start, end } = run;
  const refreshes = op.refreshedAt.length;
  const expected = expiries(seeded, op, end);
  const ends = tokenEnds(seeded, op);
  const chain = JSON.stringify(
    op.refreshedAt.map((t, i) => [t - start, ends[i]! - start, op.expiresIn[i]]),
  );
  console.log(
    `${label}: ${sum(results, 'ok')} calls ok, ${sum(results, 'failed')} failed ` +
      `(${sum(results, 'unauthorized')} 401s retried), ${refreshes} refreshes, ` +
      `${expected} expiries, min gap ${minGap(op.refreshedAt)} ms`,
  );
  assert.deepEqual(
    results.map((r) => r.errors),
    results.map(() => ({})),
  );
  assert.equal(sum(results, 'failed'), 0);
  assert.equal(sum(results, 'invalidGrant'), 0);
  assert.equal(op.refused.size, 0);
  assert.ok(results.every((r) => r.ok > 0));
  assert.ok(Math.abs(refreshes - expected) <= 1, `${refreshes} refreshes, ${expected} expiries`);
  assert.ok(refreshes >= 10, `only ${refreshes} refreshes of 1 s lifetimes in the run`);
  // [answered at, previous token usable until, expires_in] for each refresh, ms from start.
  assert.equal(earlyRefreshes(seeded, op), 0, `a refresh came early: ${chain}`);
  assert.equal(sum(results, 'tokens'), refreshes);
}
