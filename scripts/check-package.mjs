#!/usr/bin/env node
// Packaging checks for the published library: publint (package.json and files), attw (types
// resolve for every subpath under node16 ESM and bundlers; ESM-only is intended because
// require(esm) works on Node >= 20.19), a real require() of each subpath from CommonJS,
// and the bundle-size budgets in size-budget.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
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
// - Default: one file, code splitting off, so everything reachable counts, import() too.
// - "splitting": true: code splitting on; what counts is the chunks the app loads eagerly
//   (the entry and what it imports statically) plus, with "run", every chunk it loads while
//   it actually runs: the bundle is written out and executed in Node after the "run" setup
//   code (stubs for fetch or location, never for oauthkit), and each chunk records that it
//   was evaluated. So a lazy chunk the app's own job needs is counted; one only a rarer path
//   (an error, RSA, another grant) needs is not. The app must run to completion.
const budgets = JSON.parse(readFileSync(`${root}size-budget.json`, 'utf8'));
let failed = false;
for (const [i, b] of budgets.entries()) {
  const outdir = `${root}.bench-out/budget-${i}`;
  const out = await build({
    stdin: { contents: b.code, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: b.platform ?? 'browser',
    write: false,
    external: b.external ?? [],
    logLevel: 'silent',
    ...(b.splitting ? { splitting: true, outdir, metafile: true } : {}),
  });
  let files = [out.outputFiles[0]];
  let how = '';
  if (b.splitting) {
    const outputs = out.metafile.outputs;
    const counted = new Set();
    const visit = (o) => {
      if (counted.has(o)) return;
      counted.add(o);
      for (const i of outputs[o].imports) if (i.kind === 'import-statement') visit(i.path);
    };
    const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint);
    visit(entry);
    const eagerCount = counted.size;
    if (b.run !== undefined) {
      for (const name of runLoaded(
        b,
        out.outputFiles,
        outdir,
        relative(outdir, `${root}${entry}`),
      )) {
        counted.add(relative(root, `${outdir}/${name}`));
      }
    }
    files = out.outputFiles.filter((f) => counted.has(relative(root, f.path)));
    how = ` in ${files.length} chunk(s), ${files.length - eagerCount} loaded on use`;
  }
  const bytes = files.reduce((n, f) => n + gzipSync(f.contents).length, 0);
  const ok = bytes <= b.limit;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${b.name}: ${bytes} B gzip${how} (budget ${b.limit} B)`);
}

/** Runs a split bundle in Node; returns the chunk files (relative to `outdir`) it loaded. */
function runLoaded(b, outputFiles, outdir, entry) {
  rmSync(outdir, { recursive: true, force: true });
  for (const f of outputFiles) {
    const name = relative(outdir, f.path);
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, `globalThis.__chunks.add(${JSON.stringify(name)});\n${f.text}`);
  }
  const harness = `${outdir}/harness.mjs`;
  writeFileSync(
    harness,
    `import { writeFileSync } from 'node:fs';
globalThis.__chunks = new Set();
process.on('exit', () => writeFileSync('${outdir}/loaded.json', JSON.stringify([...globalThis.__chunks])));
${b.run}
await import('./${entry}');
`,
  );
  const r = spawnSync(process.execPath, [harness], { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) {
    throw new Error(`budget app "${b.name}" failed when run:\n${r.stderr}`);
  }
  return JSON.parse(readFileSync(`${outdir}/loaded.json`, 'utf8'));
}
if (failed) {
  console.error(
    'A bundle is over its budget (size-budget.json). Shrink it, or raise the budget with a reason in the commit.',
  );
  process.exit(1);
}
