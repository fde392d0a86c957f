/**
 * Where secrets come from, in order: an explicit flag value (discouraged: it lands in shell
 * history and `ps`), an environment variable, standard input (`--*-stdin`), or a hidden
 * prompt on the terminal. Never echoed, never printed back in full.
 */
import { CliError } from './cli-error.js';

export interface SecretSource {
  /** Human label, e.g. "client secret". */
  label: string;
  /** Value given on the command line, if any. */
  flag?: string | undefined;
  /** Name of the flag, for the history warning and the error message. */
  flagName: string;
  /** Environment variable to read, e.g. OAUTHKIT_CLIENT_SECRET. */
  envName: string;
  /** Read the secret from standard input (the first line). */
  stdin?: boolean | undefined;
  /** Ask on the terminal when no other source has it. */
  prompt?: boolean | undefined;
}

export interface SecretIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  warn(line: string): void;
}

/** The I/O of a command's context: its env and its output layer for the warning. */
export function secretIo(ctx: {
  env: NodeJS.ProcessEnv;
  out: { warn(line: string): void };
}): SecretIo {
  return {
    env: ctx.env,
    stdin: process.stdin,
    stderr: process.stderr,
    warn: (line) => ctx.out.warn(line),
  };
}

const defaultIo = (): SecretIo => ({
  env: process.env,
  stdin: process.stdin,
  stderr: process.stderr,
  warn: (line) => process.stderr.write(`warning: ${line}\n`),
});

/** Resolves a secret, or `undefined` when no source has one and none was required. */
export async function resolveSecret(
  source: SecretSource,
  io: SecretIo = defaultIo(),
): Promise<string | undefined> {
  if (source.flag !== undefined) {
    io.warn(
      `${source.flagName} puts the ${source.label} in your shell history and the process list; prefer ${source.envName} or ${source.flagName}-stdin.`,
    );
    return source.flag;
  }
  const fromEnv = io.env[source.envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (source.stdin) return readFirstLine(io.stdin, source.label);
  if (source.prompt)
    return promptHidden(`${source.label[0]?.toUpperCase()}${source.label.slice(1)}: `, io, source);
  return undefined;
}

async function readFirstLine(stdin: NodeJS.ReadStream, label: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  if (line === '') {
    throw new CliError(
      'ERR_SECRET_UNAVAILABLE',
      `Standard input was empty: expected the ${label} on its first line.`,
    );
  }
  return line;
}

/** Reads a line from the terminal without echoing it. Refuses when stdin is not a TTY. */
export async function promptHidden(
  question: string,
  io: SecretIo,
  source: SecretSource,
): Promise<string> {
  const { stdin, stderr } = io;
  if (!stdin.isTTY) {
    throw new CliError(
      'ERR_SECRET_UNAVAILABLE',
      `Cannot ask for the ${source.label}: standard input is not a terminal. ` +
        `Set ${source.envName}, or pipe it in with ${source.flagName}-stdin.`,
    );
  }
  // Echo off before the question appears: input typed (or pasted) right away stays hidden.
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  stderr.write(question);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') {
          return done(new CliError('ERR_INTERRUPTED', 'Interrupted while reading the secret.'));
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
