/**
 * The README's "Provider presets" blocks are the numbered blocks of examples/providers.ts,
 * which `npm run typecheck` checks: this keeps them identical (imports aside), so the
 * README never shows code that does not compile.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../../../', import.meta.url);
const readme = readFileSync(new URL('packages/oauthkit/README.md', root), 'utf8');
const example = readFileSync(new URL('examples/providers.ts', root), 'utf8');

test('the README provider-preset blocks are the type-checked example blocks', () => {
  const start = readme.indexOf('## Provider presets (oauthkit/providers)');
  assert.ok(start > 0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const shown = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  assert.equal(shown.length, 4);
  shown.forEach((block, i) => {
    const n = i + 1;
    const checked =
      new RegExp(` {2}// --- ${n}\\n([\\s\\S]*?) {2}// --- ${n}\\n`).exec(example)?.[1] ?? '';
    assert.ok(checked.length > 0, `example block ${n}`);
    assert.match(block, /^(import .*\n)+\n/, `README block ${n} starts with its imports`);
    assert.equal(
      block.replace(/^(import .*\n)+\n/, ''),
      checked.replace(/^ {2}/gm, ''),
      `block ${n}`,
    );
  });
});
