/**
 * Runs the built CLI (dist/bin.js) as a child process, with HOME and XDG_CONFIG_HOME in a
 * fresh temp dir so no real config is touched. Asynchronous, so a test server in this
 * process keeps serving while the CLI talks to it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

if (!existsSync(BIN)) {
  throw new Error(`${BIN} is missing: run \`npm run build\` (npm test builds first).`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /** Called once the child is spawned (e.g. to send it a signal). */
  onSpawn?: (child: ReturnType<typeof spawn>) => void;
}

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'oauthkit-cli-'));
}

/** A clean environment: no colour forcing, no inherited oauthkit variables. */
export function baseEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'xdg'),
  };
  return env;
}

export function runCli(
  args: readonly string[],
  options: RunOptions & { home?: string } = {},
): Promise<CliResult> {
  const home = options.home ?? tempHome();
  const env: Record<string, string> = baseEnv(home);
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
    options.onSpawn?.(child);
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes on purpose
export const ANSI = /\u001b\[/;

export interface LiveCli {
  child: ReturnType<typeof spawn>;
  /** Resolves with the first match of `pattern` in stdout + stderr so far (or later). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done: Promise<CliResult>;
  output(): { stdout: string; stderr: string };
}

/**
 * Starts the CLI and lets the test react to what it prints while it runs (a URL to open, a
 * user code to approve, a dev server's issuer).
 */
export function startCli(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; home: string; keepStdin?: boolean },
): LiveCli {
  const env: Record<string, string> = baseEnv(options.home);
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of waiters) w();
  };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    poke();
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    poke();
  });
  if (!options.keepStdin) child.stdin?.end();
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      poke();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    output: () => ({ stdout, stderr }),
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = (stdout + stderr).match(pattern);
          if (m) {
            cleanup();
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`CLI exited before printing ${pattern}:\n${stdout}\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`CLI did not print ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** HOME, XDG config and XDG state all in one fresh temp dir. */
export function xdgEnv(home: string): Record<string, string> {
  return { XDG_CONFIG_HOME: join(home, 'xdg-config'), XDG_STATE_HOME: join(home, 'xdg-state') };
}
