/**
 * `--verbose`: a `fetch` wrapper that prints each HTTP exchange to stderr with secrets
 * redacted. It is handed to the library through its `fetch` option (inject, don't patch),
 * so the trace shows exactly what the library sent and received.
 */
import { redactHeader, redactText } from './redact.js';

const MAX_BODY = 2000;

export interface VerboseFetchOptions {
  write: (line: string) => void;
  /** Exact secret values (client secret, tokens from the store) to hide as well. */
  secrets?: () => readonly string[];
  fetch?: typeof fetch;
}

function clip(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}… [${text.length} chars]` : text;
}

async function bodyText(body: Request | Response): Promise<string | undefined> {
  if (body.body === null) return undefined;
  try {
    return await body.clone().text();
  } catch {
    return '[body not readable]';
  }
}

export function createVerboseFetch(options: VerboseFetchOptions): typeof fetch {
  const base = options.fetch ?? globalThis.fetch;
  const secrets = options.secrets ?? (() => []);
  let seq = 0;
  const verboseFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const id = ++seq;
    const request = new Request(input, init);
    const known = secrets();
    const lines: string[] = [`> [${id}] ${request.method} ${redactText(request.url, known)}`];
    request.headers.forEach((value, name) => {
      lines.push(`> ${name}: ${redactHeader(name, value, known)}`);
    });
    const sent = await bodyText(request);
    if (sent !== undefined)
      lines.push(
        '>',
        ...clip(redactText(sent, known))
          .split('\n')
          .map((l) => `> ${l}`),
      );
    options.write(lines.join('\n'));
    const started = performance.now();
    let response: Response;
    try {
      // The original input/init go on unchanged (a consumed Request body cannot be resent).
      response = await base(request);
    } catch (e) {
      options.write(
        `< [${id}] failed after ${Math.round(performance.now() - started)} ms: ${redactText(String((e as Error)?.message ?? e), known)}`,
      );
      throw e;
    }
    const out: string[] = [
      `< [${id}] ${response.status} ${response.statusText} (${Math.round(performance.now() - started)} ms)`,
    ];
    response.headers.forEach((value, name) => {
      out.push(`< ${name}: ${redactHeader(name, value, known)}`);
    });
    const received = await bodyText(response);
    if (received !== undefined)
      out.push(
        '<',
        ...clip(redactText(received, known))
          .split('\n')
          .map((l) => `< ${l}`),
      );
    options.write(out.join('\n'));
    return response;
  };
  return verboseFetch as typeof fetch;
}
