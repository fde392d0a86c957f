/**
 * The README's OAuth 1.0a examples are the blocks of examples/oauth1-quickstart.ts, which
 * `npm run typecheck` checks: this keeps the two identical (imports aside), so the README
 * never shows code that does not compile.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../../../', import.meta.url);
const readme = readFileSync(new URL('packages/oauthkit/README.md', root), 'utf8');
const example = readFileSync(new URL('examples/oauth1-quickstart.ts', root), 'utf8');

test('the README OAuth 1.0a blocks are the type-checked example blocks', async () => {
  const start = readme.indexOf('## OAuth 1.0a');
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next === -1 ? undefined : next);
  const shown = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const checked = [...example.matchAll(/ {2}\/\/ --- (\d)\n([\s\S]*?) {2}\/\/ --- \1\n/g)].map(
    (m) => m[2]!.replace(/^ {2}/gm, ''),
  );
  assert.ok(shown.length >= 5);
  assert.equal(shown.length, checked.length);
  for (const [i, block] of shown.entries()) {
    const imports = block.match(/^import .*$/gm) ?? [];
    assert.equal(block.replace(/^import .*\n/gm, '').replace(/^\n/, ''), checked[i]);
    for (const line of imports) {
      const [, names, from] = /^import \{ (.*) \} from '(.*)';$/.exec(line)!;
      if (from!.startsWith('node:')) continue;
      const mod = (await import(from!)) as Record<string, unknown>;
      for (const name of names!.split(', ')) assert.ok(name in mod, `${from} exports ${name}`);
    }
  }
});
