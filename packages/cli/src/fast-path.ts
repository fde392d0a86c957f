/**
 * The start-up fast path for the commands scripts call in a loop (`token`, `header`):
 * when the command line is plainly valid for one of them, parse it with node's built-in
 * `util.parseArgs` and skip loading commander and building the command tree (~15 ms of a
 * 150 ms budget). Anything else, including `--help` and every error, goes to the full
 * parser, so messages and exit codes stay the same. A test checks that both parsers agree.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DEFAULT_MIN_TTL, DEFAULT_TIMEOUT } from './defaults.js';

type Spec = NonNullable<ParseArgsConfig['options']>;

const GLOBAL: Spec = {
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  profile: { type: 'string' },
  config: { type: 'string' },
  'no-color': { type: 'boolean' },
  timeout: { type: 'string' },
};

const COMMANDS = {
  token: {
    spec: { 'min-ttl': { type: 'string' }, 'no-refresh': { type: 'boolean' } } as Spec,
    defaults: { minTtl: DEFAULT_MIN_TTL, refresh: true } as Record<string, unknown>,
  },
  header: {
    spec: { 'value-only': { type: 'boolean' } } as Spec,
    defaults: {} as Record<string, unknown>,
  },
};

export type FastCommand = keyof typeof COMMANDS;

export interface FastParse {
  name: FastCommand;
  options: Record<string, unknown>;
  /** Options and global options together, like commander's `optsWithGlobals()`. */
  withGlobals: Record<string, unknown>;
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Commander's shape: `--no-x` sets `x: false`; `--a-b` sets `aB`. */
function toOptions(
  values: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = values[key];
    if (v === undefined) continue;
    if (key.startsWith('no-')) out[camel(key.slice(3))] = false;
    else out[camel(key)] = v;
  }
  return out;
}

export function parseFast(argv: readonly string[]): FastParse | undefined {
  const name = argv.find((a) => a === 'token' || a === 'header') as FastCommand | undefined;
  if (name === undefined) return undefined;
  const { spec, defaults } = COMMANDS[name];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...GLOBAL, ...spec },
      allowPositionals: true,
      strict: true,
    });
  } catch {
    return undefined; // unknown option, missing value, ...: the full parser explains it
  }
  if (parsed.positionals.length !== 1 || parsed.positionals[0] !== name) return undefined;
  // Commander takes an option-looking word after a string option as its value; parseArgs
  // too, but refuses "--x" forms differently: leave such lines to commander.
  for (const key of Object.keys(parsed.values)) {
    const v = parsed.values[key];
    if (typeof v === 'string' && v.startsWith('-')) return undefined;
  }
  const values = parsed.values as Record<string, unknown>;
  const options = { ...defaults, ...toOptions(values, Object.keys(spec)) };
  const globals = {
    color: true,
    timeout: DEFAULT_TIMEOUT,
    ...toOptions(values, Object.keys(GLOBAL)),
  };
  return { name, options, withGlobals: { ...globals, ...options } };
}
