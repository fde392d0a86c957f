/**
 * `npm run bench`: runs every benchmark in this folder (each file exports `run()`), one
 * after the other in this process. `npm run bench -- oauth1` runs the files whose name
 * contains "oauth1".
 */
import { readdirSync } from 'node:fs';

const filters = process.argv.slice(2);
const here = new URL('.', import.meta.url);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'run.ts')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
for (const file of files) {
  console.log(`\n== ${file}`);
  const mod = (await import(new URL(file, here).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') throw new Error(`${file} exports no run()`);
  await mod.run();
}
