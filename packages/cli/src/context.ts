/**
 * What every command receives: the parsed global options, the output layer, the `fetch` to
 * hand to the library (verbose-wrapped when asked), and lazy access to the config file.
 */
import { configPath, type LoadedConfig, loadConfig, selectProfileName } from './config.js';
import { parseDuration } from './duration.js';
import { Output } from './output.js';
import { createVerboseFetch } from './verbose-fetch.js';

export interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
  profile?: string;
  config?: string;
  color?: boolean;
  timeout?: string;
}

export interface Context {
  json: boolean;
  verbose: boolean;
  /** `--profile`, if given (see `profileName()` for the resolved one). */
  profileFlag: string | undefined;
  configPath: string;
  /** Per-request timeout in milliseconds (`--timeout`), for the library's `timeout` option. */
  timeout: number;
  env: NodeJS.ProcessEnv;
  out: Output;
  /** Pass to the library as its `fetch` option: traces exchanges with `--verbose`. */
  fetch: typeof fetch;
  /** Registers an exact secret value so `--verbose` traces hide it even outside known fields. */
  addSecret(value: string | undefined): void;
  /** The exact secret values registered so far, for `redactText(text, ctx.secrets())`. */
  secrets(): readonly string[];
  /** The config file, read once. */
  config(): Promise<LoadedConfig>;
  /** The profile name in effect: `--profile`, `$OAUTHKIT_PROFILE`, the file's default, or "default". */
  profileName(): Promise<string>;
}

export function createContext(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
): Context {
  const json = options.json === true;
  const out = new Output({ json, color: options.color !== false, env });
  const secrets: string[] = [];
  let loaded: Promise<LoadedConfig> | undefined;
  const path = configPath(options.config, env);
  const ctx: Context = {
    json,
    verbose: options.verbose === true,
    profileFlag: options.profile,
    configPath: path,
    timeout: parseDuration(options.timeout ?? '30s', '--timeout'),
    env,
    out,
    fetch: options.verbose
      ? createVerboseFetch({
          write: (block) => out.note(out.err.dim(block)),
          secrets: () => secrets,
        })
      : globalThis.fetch,
    addSecret(value) {
      if (value !== undefined && value.length >= 4) secrets.push(value);
    },
    secrets: () => secrets,
    config() {
      loaded ??= loadConfig(path).then((c) => {
        for (const p of Object.values(c.config.profiles)) {
          ctx.addSecret(p.clientSecret);
          ctx.addSecret(p.oauth1?.consumerSecret);
        }
        if (c.looseMode !== undefined) {
          out.warn(
            `${path} is readable by other users (mode ${c.looseMode.toString(8)}); it may hold secrets. Run: chmod 600 ${path}`,
          );
        }
        return c;
      });
      return loaded;
    },
    async profileName() {
      return selectProfileName(options.profile, env, (await ctx.config()).config);
    },
  };
  return ctx;
}
