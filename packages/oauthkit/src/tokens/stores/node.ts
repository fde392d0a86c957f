/**
 * The few Node APIs `FileTokenStore` needs, declared here and loaded at run time through
 * `process.getBuiltinModule` (Node >= 20.16, Bun, Deno 2). Why not `import 'node:fs'`: the
 * core compiles with `"types": []` so no Node global leaks into browser code, and a static
 * or literal dynamic `import('node:…')` makes browser bundlers (esbuild, Vite) fail on
 * `oauthkit/stores` even for users who only want `MemoryTokenStore`.
 *
 * @module
 */

export interface NodeFileHandle {
  readFile(): Promise<Uint8Array>;
  stat(): Promise<NodeStats>;
  write(data: Uint8Array): Promise<unknown>;
  sync(): Promise<void>;
  chmod(mode: number): Promise<void>;
  close(): Promise<void>;
}

export interface NodeStats {
  mtimeMs: number;
  mode: number;
}

export interface NodeFs {
  open(path: string, flags: string, mode?: number): Promise<NodeFileHandle>;
  readFile(path: string): Promise<Uint8Array>;
  readdir(path: string): Promise<string[]>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<string | undefined>;
  chmod(path: string, mode: number): Promise<void>;
  stat(path: string): Promise<NodeStats>;
  utimes(path: string, atime: Date, mtime: Date): Promise<void>;
}

export interface NodePath {
  resolve(...paths: string[]): string;
  join(...paths: string[]): string;
}

export interface NodeOs {
  hostname(): string;
}

interface NodeProcess {
  pid: number;
  platform: string;
  env: Record<string, string | undefined>;
  kill(pid: number, signal: number): true;
  getBuiltinModule?(id: string): unknown;
}

export interface NodeModules {
  fs: NodeFs;
  path: NodePath;
  os: NodeOs;
  process: NodeProcess;
}

/** The Node `process` object, or undefined outside Node-compatible runtimes. */
export function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

/** Loads `node:fs/promises`, `node:path` and `node:os`; a `TypeError` where they do not exist. */
export function loadNodeModules(what: string): NodeModules {
  const process = nodeProcess();
  if (typeof process?.getBuiltinModule !== 'function') {
    throw new TypeError(
      `${what} needs Node.js >= 20.16 (or Bun, Deno 2): it stores files through node:fs. ` +
        'In browsers and edge workers use MemoryTokenStore or RedisTokenStore behind your server.',
    );
  }
  return {
    fs: process.getBuiltinModule('node:fs/promises') as NodeFs,
    path: process.getBuiltinModule('node:path') as NodePath,
    os: process.getBuiltinModule('node:os') as NodeOs,
    process,
  };
}

/** The `code` of a Node system error (`ENOENT`, `EEXIST`, ...). */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
