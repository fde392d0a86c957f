/** Option defaults shared by the full parser (program.ts) and the fast path (fast-path.ts). */
export const DEFAULT_TIMEOUT = '30s';
export const DEFAULT_MIN_TTL = '60s';
