/**
 * The output layer. Results go to stdout (one JSON object with `--json`); everything meant
 * for a human watching (progress, warnings, `--verbose` traces) goes to stderr, so
 * `$(oauthkit token)` captures the token and nothing else. Colour only when the stream is a
 * TTY, `NO_COLOR` is unset or empty, and `--no-color` was not given.
 */

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
}

export interface OutputOptions {
  json?: boolean;
  /** `false` for `--no-color`. */
  color?: boolean;
  env?: NodeJS.ProcessEnv;
  stdout?: OutputStream;
  stderr?: OutputStream;
}

/** https://no-color.org: set and non-empty disables colour; FORCE_COLOR forces it (tests, CI logs). */
export function colorEnabled(stream: OutputStream, env: NodeJS.ProcessEnv, flag = true): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') {
    return true;
  }
  return stream.isTTY === true && env.TERM !== 'dumb';
}

type Paint = (text: string) => string;
const identity: Paint = (text) => text;
const sgr =
  (open: number, close: number): Paint =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;

export interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  cyan: Paint;
}

function palette(on: boolean): Palette {
  if (!on)
    return {
      bold: identity,
      dim: identity,
      red: identity,
      green: identity,
      yellow: identity,
      cyan: identity,
    };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

export interface Spinner {
  update(text: string): void;
  /** Stops and clears the line; prints `final` (on stderr) when given. */
  stop(final?: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Output {
  readonly json: boolean;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Colours for stdout / stderr (each decided on its own stream). */
  readonly out: Palette;
  readonly err: Palette;
  private spinner: { timer: ReturnType<typeof setInterval>; text: string } | undefined;

  constructor(options: OutputOptions = {}) {
    const env = options.env ?? process.env;
    this.json = options.json ?? false;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.out = palette(colorEnabled(this.stdout, env, options.color ?? true));
    this.err = palette(colorEnabled(this.stderr, env, options.color ?? true));
  }

  /** A result line for humans (stdout). Ignored with `--json`: the JSON object is the result. */
  print(line: string): void {
    if (!this.json) this.writeOut(`${line}\n`);
  }

  /** The one JSON object of a `--json` run. */
  printJson(value: unknown): void {
    this.writeOut(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Diagnostics for humans (stderr), also with `--json`. */
  note(line: string): void {
    this.writeErr(`${line}\n`);
  }

  warn(line: string): void {
    this.writeErr(`${this.err.yellow('warning:')} ${line}\n`);
  }

  /**
   * A spinner on stderr while waiting (browser, device code). Only on a TTY: in a pipe or a
   * log file it prints the text once instead, and never anything on stdout.
   */
  startSpinner(text: string): Spinner {
    this.stopSpinner();
    if (this.stderr.isTTY !== true) {
      return { update: () => {}, stop: (final) => final !== undefined && this.note(final) };
    }
    let i = 0;
    const draw = () => {
      const frame = FRAMES[i++ % FRAMES.length] ?? '';
      this.stderr.write(`\r\u001b[2K${this.err.cyan(frame)} ${state.text}`);
    };
    const state = { timer: setInterval(draw, 80), text };
    state.timer.unref?.();
    this.spinner = state;
    draw();
    return {
      update: (t) => {
        state.text = t;
      },
      stop: (final) => {
        if (this.spinner === state) this.stopSpinner();
        if (final !== undefined) this.note(final);
      },
    };
  }

  /** Clears a running spinner (also called on Ctrl-C so the prompt line is clean). */
  stopSpinner(): void {
    if (!this.spinner) return;
    clearInterval(this.spinner.timer);
    this.spinner = undefined;
    this.stderr.write('\r\u001b[2K');
  }

  private writeOut(s: string): void {
    this.stdout.write(s);
  }

  private writeErr(s: string): void {
    // A note written while the spinner runs goes above it.
    if (this.spinner) this.stderr.write('\r\u001b[2K');
    this.stderr.write(s);
  }
}
