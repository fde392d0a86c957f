#!/usr/bin/env node
// Packaging checks for the published library: publint (package.json and files), attw (types
// resolve for every subpath under node16 ESM and bundlers; ESM-only is intended because
// require(esm) works on Node >= 20.19), a real require() of each subpath from CommonJS,
// and the bundle-size budgets in size-budget.json.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const lib = `${root}packages/oauthkit`;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, [`${root}node_modules/publint/src/cli.js`, '--strict', lib]);
run(process.execPath, [
  `${root}node_modules/@arethetypeswrong/cli/dist/index.js`,
  '--pack',
  lib,
  '--profile',
  'esm-only',
  '--format',
  'table-flipped',
]);

const pkg = JSON.parse(readFileSync(`${lib}/package.json`, 'utf8'));
const require = createRequire(`${root}package.json`);
for (const subpath of Object.keys(pkg.exports)) {
  if (subpath.endsWith('.json')) continue;
  const id = subpath === '.' ? 'oauthkit' : `oauthkit/${subpath.slice(2)}`;
  const mod = require(id);
  if (Object.keys(mod).length === 0) throw new Error(`require('${id}') returned no exports`);
}
console.log(`require() works for ${Object.keys(pkg.exports).length - 1} subpaths`);

// Bundle budgets: each entry is a tiny app; its bundle (esbuild, minified, gzip) must fit.
const budgets = JSON.parse(readFileSync(`${root}size-budget.json`, 'utf8'));
let failed = false;
for (const b of budgets) {
  // With "splitting": true, code splitting is on and only the chunks the entry loads
  // eagerly count (the entry and what it imports statically), as in bench/oauth2-size.ts;
  // chunks reached through import() are what the app loads only on a rarer path.
  const out = await build({
    stdin: { contents: b.code, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: b.platform ?? 'browser',
    write: false,
    external: b.external ?? [],
    logLevel: 'silent',
    ...(b.splitting ? { splitting: true, outdir: `${root}.bench-out/budget`, metafile: true } : {}),
  });
  let files = [out.outputFiles[0]];
  if (b.splitting) {
    const outputs = out.metafile.outputs;
    const eager = new Set();
    const visit = (o) => {
      if (eager.has(o)) return;
      eager.add(o);
      for (const i of outputs[o].imports) if (i.kind === 'import-statement') visit(i.path);
    };
    visit(Object.keys(outputs).find((o) => outputs[o].entryPoint));
    files = out.outputFiles.filter((f) => eager.has(relative(root, f.path)));
  }
  const bytes = files.reduce((n, f) => n + gzipSync(f.contents).length, 0);
  const ok = bytes <= b.limit;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${b.name}: ${bytes} B gzip (budget ${b.limit} B)`);
}
if (failed) {
  console.error(
    'A bundle is over its budget (size-budget.json). Shrink it, or raise the budget with a reason in the commit.',
  );
  process.exit(1);
}
