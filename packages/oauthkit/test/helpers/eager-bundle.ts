/**
 * What an app loads eagerly: bundle `code` (esbuild, code splitting on, browser) and list
 * the source files in the entry chunk and every chunk it imports statically. Chunks reached
 * only through `import()` are the lazy side. The same measure as size-budget.json's
 * `"splitting": true` entries and bench/oauth2-size.ts.
 */
import { build } from 'esbuild';

const root = new URL('../../../../', import.meta.url).pathname;

export interface BundleInputs {
  /** Source files (paths relative to the repository) the app loads eagerly. */
  eager: string[];
  /** Every source file in the bundle, lazy chunks included. */
  all: string[];
}

export async function bundleInputs(code: string): Promise<BundleInputs> {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: `${root}.bench-out/eager-test`,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint)!;
  const eager = new Set<string>();
  const visit = (out: string) => {
    if (eager.has(out)) return;
    eager.add(out);
    for (const i of outputs[out]!.imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry);
  return {
    eager: [...eager].flatMap((o) => Object.keys(outputs[o]!.inputs)),
    all: Object.values(outputs).flatMap((o) => Object.keys(o.inputs)),
  };
}
