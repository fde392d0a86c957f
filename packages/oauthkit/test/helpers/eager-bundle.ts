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
  /**
   * The source files an `import()` of the chunk holding `file` loads beyond the eager ones:
   * that chunk and every chunk it imports statically.
   */
  loadedWith(file: string): string[];
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
  const closure = (from: string) => {
    const seen = new Set<string>();
    const visit = (out: string) => {
      if (seen.has(out)) return;
      seen.add(out);
      for (const i of outputs[out]!.imports) if (i.kind === 'import-statement') visit(i.path);
    };
    visit(from);
    return seen;
  };
  const eager = closure(entry);
  return {
    eager: [...eager].flatMap((o) => Object.keys(outputs[o]!.inputs)),
    all: Object.values(outputs).flatMap((o) => Object.keys(o.inputs)),
    loadedWith(file) {
      const chunk = Object.keys(outputs).find((o) =>
        Object.keys(outputs[o]!.inputs).some((i) => i.includes(file)),
      );
      if (!chunk) throw new Error(`${file} is in no chunk`);
      return [...closure(chunk)]
        .filter((o) => !eager.has(o))
        .flatMap((o) => Object.keys(outputs[o]!.inputs));
    },
  };
}
