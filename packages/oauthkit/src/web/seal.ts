/**
 * The login cookie's sealing: AES-256-GCM over WebCrypto, sealed value =
 * base64url(IV (12) || ciphertext + tag (16)), the cookie's name as the additional
 * authenticated data, so a value moved to another cookie name, edited, or sealed with
 * another secret fails to open. Pure functions; `now` is passed in.
 *
 * @module
 */
import { OAuthError } from '../errors.js';
import { fromBase64, fromUtf8, toBase64Url, utf8 } from '../internal/encoding.js';
import { randomBytes } from '../internal/random.js';
import { redact } from '../internal/redact.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Browsers keep about 4096 bytes per cookie; anything longer is not ours. */
const MAX_SEALED_CHARS = 4096;

/** What the login cookie carries from `login` to `callback`. */
export interface LoginState {
  state: string;
  codeVerifier?: string | undefined;
  nonce?: string | undefined;
  returnTo: string;
  /** Epoch seconds after which the cookie is refused (its `Max-Age` mirrors it). */
  expires: number;
}

/** Imports the 32-byte secret as a non-extractable AES-GCM key. */
export function importLoginKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
}

/**
 * Seals `value` for the cookie `name`: base64url(IV || AES-GCM ciphertext), with a fresh
 * random 96-bit IV (NIST SP 800-38D §8.2.2) and `name` as additional data.
 */
export async function sealLoginState(
  key: CryptoKey,
  name: string,
  value: LoginState,
): Promise<string> {
  const iv = new Uint8Array(randomBytes(IV_BYTES));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: utf8(name) },
      key,
      utf8(JSON.stringify(value)),
    ),
  );
  const out = new Uint8Array(IV_BYTES + ct.length);
  out.set(iv, 0);
  out.set(ct, IV_BYTES);
  return toBase64Url(out);
}

function cookieError(what: string, sealed: string, cause?: unknown): OAuthError {
  return new OAuthError(
    `The login cookie ${what} (value ${redact(sealed)}). Start the login again from the login route; if this repeats, check that the callback is served on the origin the login started from and that the secret is the same on every server.`,
    { code: 'ERR_LOGIN_COOKIE', cause },
  );
}

/**
 * Opens a sealed login cookie for the cookie `name`. Every failure is an `OAuthError` with
 * code `ERR_LOGIN_COOKIE` whose message says which: malformed, tampered or sealed with
 * another secret or for another cookie name (GCM cannot tell these apart), not a login
 * state, or expired. The message quotes the value redacted, never in full.
 */
export async function openLoginState(
  key: CryptoKey,
  name: string,
  sealed: string,
  nowSeconds: number,
): Promise<LoginState> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    if (sealed.length > MAX_SEALED_CHARS || !/^[A-Za-z0-9_-]+$/.test(sealed)) throw 0;
    bytes = fromBase64(sealed);
  } catch {
    throw cookieError('is malformed (not base64url, or too long)', sealed);
  }
  if (bytes.length < IV_BYTES + TAG_BYTES) {
    throw cookieError(
      `is truncated (${bytes.length} bytes, at least ${IV_BYTES + TAG_BYTES} expected)`,
      sealed,
    );
  }
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: utf8(name) },
        key,
        bytes.slice(IV_BYTES),
      ),
    );
  } catch (cause) {
    throw cookieError(
      'cannot be opened: tampered with, sealed with another secret, or for another cookie name',
      sealed,
      cause,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(plain));
  } catch (cause) {
    throw cookieError('does not hold a login state', sealed, cause);
  }
  const v = value as Partial<Record<keyof LoginState, unknown>> | null;
  const optional = (x: unknown) => x === undefined || typeof x === 'string';
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v.state !== 'string' ||
    typeof v.returnTo !== 'string' ||
    typeof v.expires !== 'number' ||
    !optional(v.codeVerifier) ||
    !optional(v.nonce)
  ) {
    throw cookieError('does not hold a login state', sealed);
  }
  if (!(nowSeconds < v.expires)) {
    throw cookieError(
      `expired ${Math.round(nowSeconds - v.expires)} s ago (the login took longer than the cookie's Max-Age)`,
      sealed,
    );
  }
  return v as LoginState;
}
