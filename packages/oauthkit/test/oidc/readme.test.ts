/**
 * The README's OidcClient quickstart is the block of examples/oidc-quickstart.ts, which
 * `npm run typecheck` checks: this keeps the two identical (imports aside), so the README
 * never shows code that does not compile.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../../../', import.meta.url);
const readme = readFileSync(new URL('packages/oauthkit/README.md', root), 'utf8');
const example = readFileSync(new URL('examples/oidc-quickstart.ts', root), 'utf8');

test('the README OidcClient quickstart is the type-checked example block', () => {
  const start = readme.indexOf('### Quickstart: `OidcClient`');
  assert.ok(start > 0);
  const shown = /```ts\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';
  const checked = / {2}\/\/ --- 1\n([\s\S]*?) {2}\/\/ --- 1\n/.exec(example)?.[1] ?? '';
  assert.ok(shown.startsWith("import { OidcClient } from 'oauthkit/oidc';\n\n"));
  assert.equal(shown.replace(/^import .*\n\n/, ''), checked.replace(/^ {2}/gm, ''));
});
