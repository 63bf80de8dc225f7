/**
 * Password hashing and rules. bcryptjs at cost 10 over HMAC(pepper, NFKC(password)): the HMAC
 * step means bcrypt's 72-byte truncation never applies, and a stolen database without the
 * pepper cannot be attacked offline.
 */
import bcrypt from 'bcryptjs'
import { COMMON_PASSWORDS_TEXT } from './common-passwords'
import { hmacBase64 } from './pepper'

export const BCRYPT_COST = 10
export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 256

let bcryptCalls = 0
let commonPasswords: Set<string> | undefined

/** How many bcrypt operations this isolate has run; tests use it to prove limits come first. */
export function bcryptCallCount(): number {
  return bcryptCalls
}

/** Hashes a password for storage. */
export async function hashPassword(pepper: CryptoKey, password: string): Promise<string> {
  bcryptCalls++
  return bcrypt.hash(await hmacBase64(pepper, 'password', password.normalize('NFKC')), BCRYPT_COST)
}

/** Checks a password against a stored hash, in constant time per bcrypt. */
export async function verifyPassword(
  pepper: CryptoKey,
  password: string,
  hash: string,
): Promise<boolean> {
  bcryptCalls++
  return bcrypt.compare(await hmacBase64(pepper, 'password', password.normalize('NFKC')), hash)
}

/** Whether a stored hash was made at a lower cost than today's, and should be made again. */
export function needsRehash(hash: string): boolean {
  const cost = hash.match(/^\$2[aby]\$(\d{2})\$/)?.[1]
  return cost === undefined || Number(cost) < BCRYPT_COST
}

/**
 * A cost-10 hash of a random string nobody knows. Signing in to an unknown email compares against
 * it, so an unknown email costs the same time as a wrong password.
 */
export const DUMMY_HASH = '$2b$10$J.USn4/AH2izr0WofjFWZOOn9NVZ.ojINQ7n9ID3HD8SoKsmVSd8a'

/** Why a new password is not acceptable, or null. Length counts characters after NFKC. */
export function passwordProblem(password: string): 'short' | 'long' | 'common' | null {
  const length = [...password.normalize('NFKC')].length
  if (length < PASSWORD_MIN) return 'short'
  if (length > PASSWORD_MAX) return 'long'
  commonPasswords ??= new Set(COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean))
  if (commonPasswords.has(password.normalize('NFKC').toLowerCase())) return 'common'
  return null
}

/** How many passwords the shipped common-password list holds. */
export function commonPasswordCount(): number {
  commonPasswords ??= new Set(COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean))
  return commonPasswords.size
}
