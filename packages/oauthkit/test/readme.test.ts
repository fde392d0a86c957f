/**
 * Every ```ts block of the repository README is compiled, strict, against the built
 * packages, so the quickstarts never show code that does not type-check. A prelude (not
 * shown in the README) declares the app's own pieces the blocks refer to.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../../', import.meta.url).pathname;
const prelude = `declare const callbackUrl: string;
declare const savedToken: string;
declare const savedTokenSecret: string;
declare function saveToken(token: unknown): Promise<void>;
declare function run(): Promise<void>;
`;

test('the README quickstarts compile', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length >= 4, 'the README has its quickstart blocks');
  const dir = `${root}.readme-check`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  blocks.forEach((code, i) => {
    const imports = code.match(/^import .*$/gm)?.join('\n') ?? '';
    const body = code.replace(/^import .*\n/gm, '');
    writeFileSync(`${dir}/block-${i + 1}.ts`, `${imports}\n${prelude}\n${body}\nexport {};\n`);
  });
  writeFileSync(
    `${dir}/tsconfig.json`,
    JSON.stringify({
      extends: '../tsconfig.base.json',
      compilerOptions: { noEmit: true, types: ['node'], noUnusedLocals: false },
      include: ['*.ts'],
    }),
  );
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', dir], {
    encoding: 'utf8',
  });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});
