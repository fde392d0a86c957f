/**
 * AES-256-GCM sealing of one token record, shared by the file and Redis stores. WebCrypto
 * only (no Node globals), so it stays out of the way of browser bundles.
 *
 * Layout of a sealed record: `version (1) | key id (8) | IV (12) | ciphertext + tag (16)`.
 * The additional authenticated data is `version | key id | UTF-8 store key name`, so a
 * record copied under another name, or edited in place, fails to open. The key id (the
 * first 8 bytes of HMAC-SHA-256(key, label)) lets a wrong key be told apart from a
 * corrupt record without revealing anything about the key.
 *
 * @module
 */
import { TokenStoreError } from '../../errors.js';
import { fromBase64, fromUtf8, utf8 } from '../../internal/encoding.js';
import { randomBytes } from '../../internal/random.js';
import type { TokenSet } from '../token.js';

const VERSION = 1;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES;
/** The smallest sealed record: header, IV and the GCM tag of an empty plaintext. */
export const MIN_SEALED_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;
const KEY_ID_LABEL = utf8('oauthkit token store key id v1');

/** The name of the environment variable `FileTokenStore` reads its key from by default. */
export const STORE_KEY_ENV = 'OAUTHKIT_STORE_KEY';

/** A store key: 32 bytes, or their base64url (or base64) encoding. */
export type StoreKey = Uint8Array | string;

export interface SealKey {
  aes: CryptoKey;
  id: Uint8Array;
}

/**
 * Checks a `key` option and returns its 32 bytes. Throws `TypeError` naming `source` (the
 * option, or the environment variable it came from) and `also` (where else a key can come
 * from) on anything else. The value itself never appears in the message.
 */
export function parseStoreKey(value: unknown, source: string, also = ''): Uint8Array {
  const hint =
    `Expected 32 random bytes as a Uint8Array or a base64url string${also}; generate one with ` +
    '`node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))"`.';
  if (value instanceof Uint8Array) {
    if (value.length !== 32) {
      throw new TypeError(`${source} is ${value.length} bytes, not 32. ${hint}`);
    }
    return new Uint8Array(value);
  }
  if (typeof value === 'string' && value.trim() !== '') {
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(value.trim());
    } catch {
      throw new TypeError(`${source} is not base64url. ${hint}`);
    }
    if (bytes.length !== 32) {
      throw new TypeError(`${source} decodes to ${bytes.length} bytes, not 32. ${hint}`);
    }
    return bytes;
  }
  throw new TypeError(`${source} is missing or empty. ${hint}`);
}

/** Imports the AES-GCM key (non-extractable) and derives its key id. */
export async function importSealKey(raw: Uint8Array): Promise<SealKey> {
  const bytes = new Uint8Array(raw);
  const aes = await crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  const mac = await crypto.subtle.importKey(
    'raw',
    bytes,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const id = new Uint8Array(await crypto.subtle.sign('HMAC', mac, new Uint8Array(KEY_ID_LABEL)));
  bytes.fill(0);
  return { aes, id: id.slice(0, KEY_ID_BYTES) };
}

function additionalData(header: Uint8Array, name: string): Uint8Array<ArrayBuffer> {
  const n = utf8(name);
  const out = new Uint8Array(header.length + n.length);
  out.set(header, 0);
  out.set(n, header.length);
  return out;
}

/** Encrypts `token` for the store key `name`, with a fresh random 96-bit IV. */
export async function sealToken(key: SealKey, name: string, token: TokenSet): Promise<Uint8Array> {
  const header = new Uint8Array(HEADER_BYTES);
  header[0] = VERSION;
  header.set(key.id, 1);
  const iv = new Uint8Array(randomBytes(IV_BYTES));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: additionalData(header, name) },
      key.aes,
      new Uint8Array(utf8(JSON.stringify(token))),
    ),
  );
  const out = new Uint8Array(HEADER_BYTES + IV_BYTES + ct.length);
  out.set(header, 0);
  out.set(iv, HEADER_BYTES);
  out.set(ct, HEADER_BYTES + IV_BYTES);
  return out;
}

/**
 * Decrypts a sealed record. `where` names it in errors (a file path, a Redis key). Every
 * failure is a `TokenStoreError` that says which: truncated, unknown version, written with
 * another key, or altered.
 */
export async function openToken(
  key: SealKey,
  name: string,
  sealed: Uint8Array,
  where: string,
): Promise<TokenSet> {
  if (sealed.length < MIN_SEALED_BYTES) {
    throw new TokenStoreError(
      `The token record ${where} is truncated (${sealed.length} bytes, at least ${MIN_SEALED_BYTES} expected). ` +
        'It was damaged outside oauthkit; delete it and log in again.',
    );
  }
  if (sealed[0] !== VERSION) {
    throw new TokenStoreError(
      `The token record ${where} has format version ${sealed[0]}, this oauthkit reads version ${VERSION}. ` +
        'Upgrade oauthkit, or delete the record and log in again.',
    );
  }
  const header = sealed.subarray(0, HEADER_BYTES);
  let sameKey = true;
  for (let i = 0; i < KEY_ID_BYTES; i++) sameKey &&= header[1 + i] === key.id[i];
  if (!sameKey) {
    throw new TokenStoreError(
      `Cannot decrypt the token record ${where}: wrong key? It was written with a different store key. ` +
        `Check the \`key\` option or ${STORE_KEY_ENV}; with the key lost, delete the record and log in again.`,
    );
  }
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(
      await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: sealed.slice(HEADER_BYTES, HEADER_BYTES + IV_BYTES),
          additionalData: additionalData(header, name),
        },
        key.aes,
        sealed.slice(HEADER_BYTES + IV_BYTES),
      ),
    );
  } catch (cause) {
    throw new TokenStoreError(
      `Cannot decrypt the token record ${where}: it is corrupt or was stored under another name ` +
        '(authentication failed). Delete it and log in again.',
      { cause },
    );
  }
  return parseTokenJson(fromUtf8(plain), where);
}

/** Parses a stored token record; a `TokenStoreError` if it is not a JSON object with `access_token`. */
export function parseTokenJson(text: string, where: string): TokenSet {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new TokenStoreError(
      `The token record ${where} is not valid JSON. Delete it and log in again.`,
      {
        cause,
      },
    );
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    typeof (value as { access_token?: unknown }).access_token !== 'string'
  ) {
    throw new TokenStoreError(
      `The token record ${where} is not a token (an object with access_token expected). Delete it and log in again.`,
    );
  }
  return value as TokenSet;
}
