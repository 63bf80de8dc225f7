import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  decryptText,
  deriveKek,
  encryptText,
  importDataKey,
  newDataKey,
  newPasswordKdf,
  newRecoveryCode,
  newSecretKdf,
  normaliseRecoveryCode,
  PASSWORD_KDF_VERSION,
  PBKDF2_ITERATIONS,
  unwrapDataKey,
  wrapDataKey,
} from './keys'
import { pepperKey } from './pepper'

const pepper = () => pepperKey(env.PEPPER)

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** The bits a Crockford base32 string spells, as a string of 0s and 1s. */
function bitsOf(base32: string): string {
  return [...base32].map((ch) => CROCKFORD.indexOf(ch).toString(2).padStart(5, '0')).join('')
}

describe('key derivation limits', () => {
  it('keeps PBKDF2 at or under 100,000 iterations, the most production Workers accept', () => {
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(100_000)
    expect(newPasswordKdf().iterations).toBe(PBKDF2_ITERATIONS)
  })

  it('refuses stored PBKDF2 parameters above the limit', async () => {
    const params = { ...newPasswordKdf(), iterations: PBKDF2_ITERATIONS + 1 }
    await expect(deriveKek('a long enough password', params)).rejects.toThrow(/iterations/)
  })

  it('derives a key at exactly the limit', async () => {
    const kek = await deriveKek('a long enough password', newPasswordKdf(), await pepper())
    expect(kek.algorithm.name).toBe('AES-GCM')
    expect(kek.extractable).toBe(false)
  })
})

describe('field encryption', () => {
  it('decrypts what it encrypted under the same key and context', async () => {
    const key = await importDataKey(newDataKey())
    const text = 'I like maps, and long walks 🌳 — café'
    const stored = await encryptText(key, text, 'email:user-1')
    expect(await decryptText(key, stored, 'email:user-1')).toBe(text)
  })

  it('gives different ciphertext for the same text each time, with the v2 format and key version', async () => {
    const key = await importDataKey(newDataKey())
    const a = await encryptText(key, 'same words', 'answer:u:p')
    const b = await encryptText(key, 'same words', 'answer:u:p')
    expect(a).not.toBe(b)
    expect(a.startsWith('v2.k1.')).toBe(true)
    expect(b.startsWith('v2.k1.')).toBe(true)
    expect(a.split('.')[2]).not.toBe(b.split('.')[2])
    expect(a).not.toContain('same words')
  })

  it('refuses to decrypt under the wrong context, so ciphertext cannot be moved', async () => {
    const key = await importDataKey(newDataKey())
    const stored = await encryptText(key, 'private', 'email:user-1')
    await expect(decryptText(key, stored, 'email:user-2')).rejects.toThrow()
  })

  it('refuses to decrypt under the wrong key', async () => {
    const stored = await encryptText(await importDataKey(newDataKey()), 'private', 'email:user-1')
    await expect(
      decryptText(await importDataKey(newDataKey()), stored, 'email:user-1'),
    ).rejects.toThrow()
  })

  it('refuses ciphertext in an unknown format', async () => {
    const key = await importDataKey(newDataKey())
    const stored = await encryptText(key, 'private', 'ctx')
    await expect(decryptText(key, stored.replace(/^v2\./, 'v9.'), 'ctx')).rejects.toThrow()
    await expect(decryptText(key, stored.replace(/^v2\.k1\./, 'v2.k2.'), 'ctx')).rejects.toThrow()
  })

  it('binds its format into the associated data: relabelled as v1, it no longer opens', async () => {
    const key = await importDataKey(newDataKey())
    const stored = await encryptText(key, 'private', 'ctx')
    const [, , iv, body] = stored.split('.')
    await expect(decryptText(key, `v1.${iv}.${body}`, 'ctx')).rejects.toThrow()
    expect(await decryptText(key, stored, 'ctx')).toBe('private')
  })
})

describe('wrapping the data key', () => {
  it('unwraps the same raw key it wrapped, under a key from the password and the pepper', async () => {
    const raw = newDataKey()
    const params = newPasswordKdf()
    expect(params.version).toBe(PASSWORD_KDF_VERSION)
    const wrapped = await wrapDataKey(
      await deriveKek('my long password', params, await pepper()),
      raw,
    )
    const unwrapped = await unwrapDataKey(
      await deriveKek('my long password', params, await pepper()),
      wrapped,
    )
    expect([...unwrapped]).toEqual([...raw])
    expect(raw.length).toBe(32)
  })

  it('cannot be opened without the pepper, even with the right password', async () => {
    const raw = newDataKey()
    const params = newPasswordKdf()
    const wrapped = await wrapDataKey(
      await deriveKek('my long password', params, await pepper()),
      raw,
    )
    // With a copy of the database and no pepper, the only derivation left is the bare password's.
    await expect(deriveKek('my long password', params)).rejects.toThrow(/pepper/)
    const bare = await deriveKek('my long password', { ...params, version: 1 })
    await expect(unwrapDataKey(bare, wrapped)).rejects.toThrow()
    const otherPepper = await pepperKey(btoa(String.fromCharCode(...newDataKey())))
    await expect(
      unwrapDataKey(await deriveKek('my long password', params, otherPepper), wrapped),
    ).rejects.toThrow()
  })

  it('still opens a key wrapped the old way, under the bare password (version 1)', async () => {
    const raw = newDataKey()
    const params = { ...newPasswordKdf(), version: 1 }
    const wrapped = await wrapDataKey(await deriveKek('my long password', params), raw)
    const unwrapped = await unwrapDataKey(await deriveKek('my long password', params), wrapped)
    expect([...unwrapped]).toEqual([...raw])
  })

  it('unwraps under a recovery-code key too', async () => {
    const raw = newDataKey()
    const code = newRecoveryCode()
    const params = newSecretKdf()
    const wrapped = await wrapDataKey(await deriveKek(code, params), raw)
    expect([...(await unwrapDataKey(await deriveKek(code, params), wrapped))]).toEqual([...raw])
  })

  it('refuses to unwrap under the wrong key-encryption key', async () => {
    const raw = newDataKey()
    const params = newPasswordKdf()
    const p = await pepper()
    const wrapped = await wrapDataKey(await deriveKek('my long password', params, p), raw)
    await expect(
      unwrapDataKey(await deriveKek('not my password', params, p), wrapped),
    ).rejects.toThrow()
    await expect(
      unwrapDataKey(await deriveKek('my long password', newPasswordKdf(), p), wrapped),
    ).rejects.toThrow()
  })
})

describe('recovery codes', () => {
  it('holds 128 random bits as 26 Crockford base32 characters in groups of four', () => {
    const code = newRecoveryCode()
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{2}$/)
    const plain = code.replace(/-/g, '')
    expect(plain).toHaveLength(26)
    // 26 × 5 = 130 bits: 128 random, then two zero bits of padding.
    expect(bitsOf(plain).slice(128)).toBe('00')
  })

  it('never repeats a code', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newRecoveryCode()))
    expect(codes.size).toBe(500)
  })

  it('uses every bit: each of the first 128 bits is sometimes 0 and sometimes 1', () => {
    const seen = Array.from({ length: 128 }, () => new Set<string>())
    for (let i = 0; i < 200; i++) {
      const bits = bitsOf(newRecoveryCode().replace(/-/g, ''))
      for (let b = 0; b < 128; b++) seen[b]!.add(bits[b]!)
    }
    expect(seen.every((s) => s.size === 2)).toBe(true)
  })

  it('forgives lower case, spaces and missing or extra hyphens', () => {
    const code = newRecoveryCode()
    expect(normaliseRecoveryCode(code)).toBe(code)
    expect(normaliseRecoveryCode(code.toLowerCase())).toBe(code)
    expect(normaliseRecoveryCode(code.replace(/-/g, ''))).toBe(code)
    expect(normaliseRecoveryCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(code)
    expect(normaliseRecoveryCode(code.replace(/-/g, '--').split('').join(' '))).toBe(code)
  })

  it('reads O as 0 and I or L as 1', () => {
    const code = '0123-4567-89AB-CDEF-GHJK-MNPQ-RS'
    expect(normaliseRecoveryCode('oi23 4567 89ab cdef ghjk mnpq rs')).toBe(code)
    expect(normaliseRecoveryCode('Ol23-4567-89AB-CDEF-GHJK-MNPQ-RS')).toBe(code)
    expect(normaliseRecoveryCode('OL234567-89ABCDEFGHJKMNPQRS')).toBe(code)
  })
})
