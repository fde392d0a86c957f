import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as errors from '../src/errors.js';

const classes = Object.entries(errors).filter(
  (e): e is [string, typeof errors.OAuthError] =>
    typeof e[1] === 'function' && e[1].prototype instanceof Error,
);

describe('error names', () => {
  test('every error class is named after itself, and an app subclass after its own class', () => {
    assert.ok(classes.length >= 12, classes.map(([n]) => n).join());
    for (const [name, Class] of classes) {
      // Each constructor takes the message first; the rest are optional or objects.
      const e = new (Class as new (m: string, o: object) => Error)('m', {
        error: 'x',
        status: 400,
      });
      assert.equal(e.name, name);
      assert.ok(String(e).startsWith(`${name}: m`), String(e));
    }
    class AppError extends errors.OAuthError {}
    assert.equal(new AppError('m').name, 'AppError');
  });

  test('names survive a minifying bundler, which renames classes', async () => {
    const entry = fileURLToPath(new URL('../src/errors.ts', import.meta.url));
    const names = classes.map(([n]) => n);
    const out = await build({
      stdin: {
        contents: `import { ${names.join(', ')} } from ${JSON.stringify(entry)};
export const made = [${names.map((n) => `new ${n}('m', { error: 'x', status: 400 }).name`).join(', ')}];`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.text;
    const mod = await import(`data:text/javascript,${encodeURIComponent(code)}`);
    assert.deepEqual(mod.made, names);
  });
});
