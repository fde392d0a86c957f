/**
 * The README's login-helper blocks (Hono, Express, createWebLogin) are the blocks of
 * examples/web-login.ts, which `npm run typecheck` checks against the real express and hono
 * types: this keeps them identical (imports aside), so the README never shows code that
 * does not compile.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../../../', import.meta.url);
const readme = readFileSync(new URL('packages/oauthkit/README.md', root), 'utf8');
const example = readFileSync(new URL('examples/web-login.ts', root), 'utf8');

test('the README login-helper blocks are the type-checked example blocks', () => {
  const section = readme.indexOf(
    '## Login helpers (oauthkit/web, oauthkit/express, oauthkit/hono)',
  );
  assert.ok(section > 0);
  for (const [heading, tag] of [
    ['### Hono', 'hono'],
    ['### Express 5', 'express'],
    ['### Any other framework: `createWebLogin`', 'web'],
  ] as const) {
    const start = readme.indexOf(heading, section);
    assert.ok(start > 0, heading);
    const shown = /```ts\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';
    const checked =
      new RegExp(` {2}// --- ${tag}\\n([\\s\\S]*?) {2}// --- ${tag}\\n`).exec(example)?.[1] ?? '';
    assert.ok(checked.length > 100, tag);
    assert.equal(shown.replace(/^(import .*\n)+\n/, ''), checked.replace(/^ {2}/gm, ''), heading);
  }
});
