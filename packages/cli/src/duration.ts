import { usageError } from './cli-error.js';

/** Parses `30`, `30s`, `500ms`, `2m` into milliseconds (a bare number is seconds, like curl's --max-time). */
export function parseDuration(
  text: string,
  flag: string,
  options: { allowZero?: boolean } = {},
): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) {
    throw usageError(
      `${flag} "${text}" is not a duration: expected seconds (30), or 500ms, 30s, 2m.`,
    );
  }
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms < 0 || (ms === 0 && !options.allowZero))
    throw usageError(`${flag} must be greater than zero.`);
  return Math.round(ms);
}
