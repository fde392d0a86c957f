/**
 * Dispatch: load the command's module on demand, build the context, run it, and turn any
 * error into a message (or a JSON error object) and a documented exit code.
 */
import type { Command } from 'commander';
import { type Context, createContext, type GlobalOptions } from './context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { redactText } from './redact.js';
import { active } from './state.js';

/** A command module: one file per command under src/commands/. */
export interface CommandModule {
  run(
    ctx: Context,
    args: readonly unknown[],
    options: Record<string, unknown>,
    /** The parsed command, when the full parser ran (absent on the fast path). */
    command?: Command,
  ): Promise<void>;
}

/** Literal `import()`s so tsc checks the paths; each module loads only when its command runs. */
const loaders = {
  demo: () => import('./commands/demo.js'),
  login: () => import('./commands/login.js'),
  token: () => import('./commands/token.js'),
  header: () => import('./commands/header.js'),
  request: () => import('./commands/request.js'),
  refresh: () => import('./commands/refresh.js'),
  revoke: () => import('./commands/revoke.js'),
  introspect: () => import('./commands/introspect.js'),
  decode: () => import('./commands/decode.js'),
  discover: () => import('./commands/discover.js'),
  logout: () => import('./commands/logout.js'),
  'profiles list': () => import('./commands/profiles-list.js'),
  'profiles show': () => import('./commands/profiles-show.js'),
  'profiles add': () => import('./commands/profiles-add.js'),
  'profiles remove': () => import('./commands/profiles-remove.js'),
  'profiles use': () => import('./commands/profiles-use.js'),
  'oauth1 login': () => import('./commands/oauth1-login.js'),
  'dev-server': () => import('./commands/dev-server.js'),
  completion: () => import('./commands/completion.js'),
} satisfies Record<string, () => Promise<CommandModule>>;

export type CommandName = keyof typeof loaders;

export function runCommand(name: CommandName, command: Command): Promise<void> {
  return runParsed(name, command.processedArgs, command.opts(), command.optsWithGlobals(), command);
}

/** Runs a command from parsed input (commander's, or the fast path's for `token`/`header`). */
export async function runParsed(
  name: CommandName,
  args: readonly unknown[],
  options: Record<string, unknown>,
  withGlobals: GlobalOptions,
  command?: Command,
): Promise<void> {
  let ctx: Context | undefined;
  try {
    ctx = createContext(withGlobals);
    active.output = ctx.out;
    const mod: CommandModule = await loaders[name]();
    await mod.run(ctx, args, options, command);
  } catch (error) {
    process.exitCode = reportError(error, ctx, withGlobals.json === true);
  } finally {
    ctx?.out.stopSpinner();
  }
}

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[key]
    : undefined;
}

/** Prints the error (human text on stderr, or the JSON error object on stdout) and returns the exit code. */
export function reportError(error: unknown, ctx: Context | undefined, json: boolean): number {
  const exitCode = exitCodeFor(error);
  const code =
    typeof field(error, 'code') === 'string' ? (field(error, 'code') as string) : 'ERR_INTERNAL';
  const message = redactText(error instanceof Error ? error.message : String(error));
  if (json) {
    const body: Record<string, unknown> = { code, message, exitCode };
    // OAuth error fields from the provider (OAuthResponseError, AuthorizationResponseError, OAuth1Error).
    for (const key of ['error', 'errorDescription', 'errorUri', 'status', 'problem']) {
      const v = field(error, key);
      if (typeof v === 'string' || typeof v === 'number')
        body[key] = typeof v === 'string' ? redactText(v) : v;
    }
    process.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`);
  } else {
    const red = ctx?.out.err.red ?? ((s: string) => s);
    process.stderr.write(
      `${red('error:')} ${message}${exitCode === ExitCode.Generic && code === 'ERR_INTERNAL' ? '' : ` [${code}]`}\n`,
    );
  }
  if (ctx?.verbose) {
    let cause = field(error, 'cause');
    while (cause !== undefined && cause !== null) {
      process.stderr.write(
        `  caused by: ${redactText(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause))}\n`,
      );
      cause = field(cause, 'cause');
    }
    if (exitCode === ExitCode.Generic && error instanceof Error && error.stack) {
      process.stderr.write(`${redactText(error.stack)}\n`);
    }
  }
  return exitCode;
}
