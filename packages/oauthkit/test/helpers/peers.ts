/**
 * Interop suites run against real peers (Authlib, oauthlib, Redis, Chromium). Locally, a
 * suite whose peer is missing is skipped with a message naming the Debian package to
 * install; under CI=true a missing peer fails the run instead, so CI can never pass by
 * skipping.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's own Python, where python3-authlib and friends live (not a pyenv shim). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export function pythonHas(...modules: string[]): boolean {
  if (!existsSync(SYSTEM_PYTHON)) return false;
  const r = spawnSync(SYSTEM_PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], {
    stdio: 'ignore',
  });
  return r.status === 0;
}

export function commandExists(path: string): boolean {
  return existsSync(path);
}

/**
 * Options for `describe`/`test`: `{ skip: false }` when the peer is there, a skip message
 * naming the package otherwise, and a thrown error under CI=true.
 */
export function needsPeer(
  peer: string,
  available: boolean,
  install: string,
): { skip: string | false } {
  if (available) return { skip: false };
  const message = `${peer} is not installed: run \`${install}\` to run this suite`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${message}`);
  return { skip: message };
}
