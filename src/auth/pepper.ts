/**
 * The pepper: one server secret for password HMACs, email look-up hashes and rate-limit keys.
 * A missing or short pepper fails closed with a clear error; `npm start` generates one locally.
 */
import { fromBase64Url, toBase64Url, toHex, utf8 } from '../lib/bytes'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const cache = new Map<string, Promise<CryptoKey>>()

/** Imports the PEPPER secret as an HMAC key, once per isolate. */
export function pepperKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret)
    throw new ConfigError('PEPPER is not set. Run `wrangler secret put PEPPER` (see README).')
  let key = cache.get(secret)
  if (!key) {
    let raw: Uint8Array
    try {
      raw = fromBase64Url(secret.trim())
    } catch {
      throw new ConfigError('PEPPER must be base64.')
    }
    if (raw.length < 32) throw new ConfigError('PEPPER must hold at least 32 random bytes.')
    key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    cache.set(secret, key)
  }
  return key
}

async function hmac(key: CryptoKey, purpose: string, value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(`${purpose}\u0000${value}`)))
}

/** HMAC under the pepper, as hex: for look-up columns such as the email hash. */
export async function hmacHex(key: CryptoKey, purpose: string, value: string): Promise<string> {
  return toHex(await hmac(key, purpose, value))
}

/** HMAC under the pepper, as base64url: the input bcrypt sees (44 chars, under its 72 bytes). */
export async function hmacBase64(key: CryptoKey, purpose: string, value: string): Promise<string> {
  return toBase64Url(await hmac(key, purpose, value))
}

/** The canonical form of an email address for look-up: NFKC, trimmed, lower-cased. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase()
}
