/** Start-up time and silence: the CLI's `demo` prints the dev server's output as its own. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('starts well under a second and prints nothing on stdout or stderr', async (t) => {
  const script = fileURLToPath(new URL('./fixtures/quiet-run.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '', timing: '' };
  child.stdout?.on('data', (d: Buffer) => {
    out.stdout += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    out.stderr += d;
  });
  child.stdio[3]?.on('data', (d: Buffer) => {
    out.timing += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, out.stderr);
  assert.equal(out.stdout, '');
  assert.equal(out.stderr, '');
  const { ready, flow } = JSON.parse(out.timing) as { ready: number; flow: number };
  t.diagnostic(
    `startDevServer() ready in ${ready.toFixed(0)} ms; start + full tour ${flow.toFixed(0)} ms`,
  );
  // ~330 ms on an idle 2-core machine, 1-2.6 s with the load of parallel test files; the
  // margin is for that. Most of it is importing oidc-provider (and Koa).
  assert.ok(ready < 8000, `ready in ${ready} ms`);
});
