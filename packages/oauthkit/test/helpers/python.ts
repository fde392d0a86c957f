/**
 * Long-lived Python peers for interop suites, run with Debian's /usr/bin/python3: a server
 * that prints its port on its first stdout line, or a worker that answers one JSON line per
 * JSON line. Either exits when its stdin closes, so it never outlives the test process.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SYSTEM_PYTHON } from './peers.js';

function start(script: string, env: Record<string, string>): ChildProcessWithoutNullStreams {
  const child = spawn(SYSTEM_PYTHON, [script], {
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code) => {
    if (code) process.stderr.write(`${script} exited with ${code}:\n${stderr}\n`);
  });
  return child;
}

function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(), 2000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin.end();
  });
}

export interface PythonServer {
  url: string;
  close(): Promise<void>;
}

/** Starts `script`, which must print its port first, and serves on 127.0.0.1. */
export async function startPythonServer(
  script: string,
  env: Record<string, string> = {},
): Promise<PythonServer> {
  const child = start(script, env);
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} printed no port in 20 s`)), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before printing its port`));
    });
  });
  if (!/^\d+$/.test(port)) throw new Error(`${script} printed ${JSON.stringify(port)}, not a port`);
  return { url: `http://127.0.0.1:${port}`, close: () => stop(child) };
}

export interface PythonWorker {
  /** Sends one JSON value and resolves with the JSON line answered to it. */
  call<T>(message: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Starts `script`, which answers each JSON line on stdin with one JSON line on stdout. */
export function startPythonWorker(script: string): PythonWorker {
  const child = start(script, {});
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  return {
    call<T>(message: unknown) {
      return new Promise<T>((resolve, reject) => {
        waiting.push((line) => {
          try {
            resolve(JSON.parse(line) as T);
          } catch (error) {
            reject(error);
          }
        });
        child.stdin.write(`${JSON.stringify(message)}\n`);
      });
    },
    close: () => stop(child),
  };
}
