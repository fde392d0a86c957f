/**
 * `oauthkit/stores` must stay usable in browser bundles (for MemoryTokenStore) although
 * FileTokenStore lives next to it: no `node:` import may reach a bundler.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = fileURLToPath(new URL('../../', import.meta.url));

async function bundle(code: string) {
  const out = await build({
    stdin: { contents: code, resolveDir: pkg, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const imports = Object.values(out.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
  return { text: out.outputFiles[0]!.text, imports };
}

test('MemoryTokenStore alone bundles for the browser without Node builtins or FileTokenStore', async () => {
  const { text, imports } = await bundle(
    "import { MemoryTokenStore } from './src/tokens/stores/index.js'; console.log(new MemoryTokenStore());",
  );
  assert.deepEqual(
    imports.filter((p) => p.startsWith('node:')),
    [],
  );
  assert.equal(text.includes('node:'), false);
  assert.equal(text.includes('getBuiltinModule'), false, 'FileTokenStore was tree-shaken');
});

test('even FileTokenStore bundles for the browser (it loads node:fs only when constructed)', async () => {
  const { imports } = await bundle(
    "import { FileTokenStore } from './src/tokens/stores/index.js'; console.log(FileTokenStore);",
  );
  assert.deepEqual(
    imports.filter((p) => p.startsWith('node:')),
    [],
  );
});

test('the stores import neither node: modules nor ioredis, nor reference Node types', async () => {
  for (const file of ['index.ts', 'file.ts', 'node.ts', 'seal.ts', 'memory.ts', 'redis.ts']) {
    const text = await readFile(
      new URL(`../../src/tokens/stores/${file}`, import.meta.url),
      'utf8',
    );
    assert.equal(/reference\s+types/.test(text), false, file);
    assert.equal(/^import[^\n]*from ['"](node:|ioredis)/m.test(text), false, file);
  }
});
