/**
 * The learner's data key (DEK) and the keys that wrap it. See docs/architecture.md, "Keys".
 *
 * - The DEK is 256 random bits. Every piece of personal text is AES-GCM ciphertext under it.
 * - It is stored only wrapped: under a key from the password and the pepper, under an HKDF key
 *   from the recovery code, and once per session under an HKDF key from the session token. The
 *   database alone can therefore decrypt nothing, and cannot even confirm a password guess.
 */
import type { KdfParams } from '../db/users'
import { fromBase64Url, randomBytes, toBase64Url, utf8 } from '../lib/bytes'

/** Production Workers reject PBKDF2 above 100,000 iterations; local workerd does not. */
export const PBKDF2_ITERATIONS = 100_000

/**
 * How a password-wrapped key is derived, by `kdf_version`:
 * 1. PBKDF2 over the bare password (the foundation's; upgraded at the next sign-in);
 * 2. PBKDF2 over HMAC(pepper, NFKC(password)): without the pepper, a copy of the database
 *    cannot test a single guess.
 */
export const PASSWORD_KDF_VERSION = 2

/**
 * Ciphertext formats. `v1.<iv>.<body>` binds only its context as associated data (still read).
 * `v2.k1.<iv>.<body>` also binds its format and the key version, and callers put what the text
 * belongs to (owner, field and, for answers, the version) in the context.
 */
const FORMAT = 'v2'
const KEY_VERSION = 'k1'
const aad = (format: string, keyVersion: string, context: string) =>
  format === 'v1' ? context : `dreamtree:${format}:${keyVersion}:${context}`

export type { KdfParams }

/** A fresh random data key, as raw bytes (kept only in memory). */
export function newDataKey(): Uint8Array {
  return randomBytes(32)
}

/** Imports raw DEK bytes as a non-extractable AES-GCM key for field encryption. */
export function importDataKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
}

/** Fresh KDF parameters for a password-derived key, at the current version. */
export function newPasswordKdf(): KdfParams {
  return {
    kdf: 'pbkdf2-sha256',
    iterations: PBKDF2_ITERATIONS,
    salt: toBase64Url(randomBytes(16)),
    version: PASSWORD_KDF_VERSION,
  }
}

/**
 * Fresh KDF parameters for a high-entropy secret such as the recovery code (128 random bits:
 * no guessing is possible, so it needs no stretching and no pepper).
 */
export function newSecretKdf(): KdfParams {
  return { kdf: 'hkdf-sha256', iterations: 1, salt: toBase64Url(randomBytes(16)), version: 1 }
}

/** The bytes PBKDF2 stretches: the bare password (version 1), or its HMAC under the pepper. */
async function passwordMaterial(
  secret: string,
  version: number,
  pepper?: CryptoKey,
): Promise<Uint8Array> {
  const normal = utf8(secret.normalize('NFKC'))
  if (version < 2) return normal
  if (!pepper) throw new Error('This key is derived with the pepper')
  const mac = await crypto.subtle.sign(
    'HMAC',
    pepper,
    utf8(`data-key-wrap\u0000${secret.normalize('NFKC')}`),
  )
  return new Uint8Array(mac)
}

/**
 * Derives the key-encryption key for a secret under stored KDF parameters. Password keys from
 * version 2 on need the pepper (the server's HMAC key).
 */
export async function deriveKek(
  secret: string,
  params: KdfParams,
  pepper?: CryptoKey,
): Promise<CryptoKey> {
  const salt = fromBase64Url(params.salt)
  if (params.kdf === 'pbkdf2-sha256') {
    if (params.iterations > PBKDF2_ITERATIONS) throw new Error('PBKDF2 iterations over the limit')
    const base = await crypto.subtle.importKey(
      'raw',
      await passwordMaterial(secret, params.version, pepper),
      'PBKDF2',
      false,
      ['deriveKey'],
    )
    return crypto.subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: params.iterations },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    )
  }
  const base = await crypto.subtle.importKey('raw', utf8(secret), 'HKDF', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8('dreamtree key wrap') },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}

/** Key that wraps the DEK for one session: HKDF of the 256-bit cookie token. */
export function sessionKek(token: string): Promise<CryptoKey> {
  return deriveKek(token, {
    kdf: 'hkdf-sha256',
    iterations: 1,
    salt: toBase64Url(utf8('dreamtree session')),
    version: 1,
  })
}

async function seal(key: CryptoKey, plain: Uint8Array, context: string): Promise<string> {
  const iv = randomBytes(12)
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8(aad(FORMAT, KEY_VERSION, context)) },
    key,
    plain,
  )
  return `${FORMAT}.${KEY_VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`
}

/** The format of a ciphertext: `v1` or `v2`, or null if it is neither. */
export function ciphertextFormat(payload: string): 'v1' | 'v2' | null {
  const format = payload.slice(0, payload.indexOf('.'))
  return format === 'v1' || format === 'v2' ? format : null
}

async function open(key: CryptoKey, payload: string, context: string): Promise<Uint8Array> {
  const parts = payload.split('.')
  const format = parts[0]
  const [keyVersion, iv, body] =
    format === 'v1' ? ['', parts[1], parts[2]] : [parts[1], parts[2], parts[3]]
  const known = (format === 'v1' && parts.length === 3) || (format === 'v2' && parts.length === 4)
  if (!known || !iv || !body || (format === 'v2' && keyVersion !== KEY_VERSION)) {
    throw new Error('Unknown ciphertext format')
  }
  const plain = await crypto.subtle.decrypt(
    {
      name: 'AES-GCM',
      iv: fromBase64Url(iv),
      additionalData: utf8(aad(format!, keyVersion!, context)),
    },
    key,
    fromBase64Url(body),
  )
  return new Uint8Array(plain)
}

/** Wraps raw DEK bytes under a key-encryption key. */
export function wrapDataKey(kek: CryptoKey, raw: Uint8Array): Promise<string> {
  return seal(kek, raw, 'dek')
}

/** Unwraps a DEK; throws if the key is wrong (AES-GCM authenticates). */
export function unwrapDataKey(kek: CryptoKey, wrapped: string): Promise<Uint8Array> {
  return open(kek, wrapped, 'dek')
}

/**
 * Encrypts one field of personal text under the DEK. A fresh IV each time; the format, the key
 * version and `context` (for example `answer:<userId>:<placementId>:<version>`) are bound as
 * associated data, so ciphertext cannot be moved to another owner, field or version.
 * @example const stored = await encryptText(dataKey, 'I like maps', `email:${userId}`)
 */
export function encryptText(dataKey: CryptoKey, text: string, context: string): Promise<string> {
  return seal(dataKey, utf8(text), context)
}

/** Decrypts what {@link encryptText} produced under the same DEK and context. */
export async function decryptText(
  dataKey: CryptoKey,
  payload: string,
  context: string,
): Promise<string> {
  return new TextDecoder().decode(await open(dataKey, payload, context))
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A new recovery code: 128 random bits as Crockford base32 in groups of four. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(16)
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31]
  return out.match(/.{1,4}/g)!.join('-')
}

/** Canonical form of a typed recovery code: case, spaces, hyphens and look-alikes forgiven. */
export function normaliseRecoveryCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  return plain.match(/.{1,4}/g)?.join('-') ?? ''
}
