import { env } from 'cloudflare:test'
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { COMMON_PASSWORDS_TEXT } from './common-passwords'
import {
  BCRYPT_COST,
  commonPasswordCount,
  DUMMY_HASH,
  hashPassword,
  PASSWORD_MAX,
  PASSWORD_MIN,
  passwordProblem,
  verifyPassword,
} from './password'
import { pepperKey } from './pepper'

const pepper = () => pepperKey(env.PEPPER)

/** The first entries of the shipped common-password list. */
const commonList = COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean)

describe('the common-password list', () => {
  it('holds at least 1,000 passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(1000)
  })

  it('holds only lower-case passwords of 12 or more characters, so every entry can match', () => {
    // Shorter ones are refused as "short" before the list is read, and input is lower-cased.
    expect(commonList.filter((p) => [...p].length < PASSWORD_MIN)).toEqual([])
    expect(commonList.filter((p) => p !== p.normalize('NFKC').toLowerCase())).toEqual([])
  })
})

describe('passwordProblem', () => {
  it('refuses 11 characters as short', () => {
    expect(passwordProblem('abcdefghijk')).toBe('short')
  })

  it('accepts 12 characters', () => {
    expect(PASSWORD_MIN).toBe(12)
    expect(passwordProblem('tree-maps-42')).toBeNull()
  })

  it('accepts 128 characters and the maximum, and refuses one more', () => {
    expect(passwordProblem('w'.repeat(64) + 'x'.repeat(64))).toBeNull()
    expect(
      passwordProblem('plum tree '.repeat(PASSWORD_MAX / 10).padEnd(PASSWORD_MAX, '!')),
    ).toBeNull()
    expect(
      passwordProblem('plum tree '.repeat(PASSWORD_MAX / 10).padEnd(PASSWORD_MAX + 1, '!')),
    ).toBe('long')
  })

  it('refuses a common password, whatever its case', () => {
    expect(commonList).toContain('qwertyuiopasdfgh')
    expect(passwordProblem('qwertyuiopasdfgh')).toBe('common')
    expect(passwordProblem('QwertyuiopASDFGH')).toBe('common')
    expect(passwordProblem(commonList[0]!)).toBe('common')
    expect(passwordProblem(commonList[commonList.length - 1]!)).toBe('common')
  })

  it('counts characters, not UTF-16 code units', () => {
    expect(passwordProblem('🌳'.repeat(11))).toBe('short')
    expect(passwordProblem('🌳'.repeat(12))).toBeNull()
  })

  it('counts length after NFKC normalisation', () => {
    // "ﬀ" (one character) is "ff" (two) after NFKC.
    expect([...'\uFB00tree maps!']).toHaveLength(11)
    expect(passwordProblem('\uFB00tree maps!')).toBeNull()
    expect(passwordProblem('\uFB00tree map!')).toBe('short')
  })
})

describe('password hashing', () => {
  it('uses bcrypt at cost 10, and the dummy hash costs the same as a real one', async () => {
    const hash = await hashPassword(await pepper(), 'plum tree at dawn')
    expect(BCRYPT_COST).toBe(10)
    expect(bcrypt.getRounds(hash)).toBe(10)
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(10)
    expect(DUMMY_HASH).toHaveLength(hash.length)
  })

  it('verifies the right password and refuses a wrong one', async () => {
    const key = await pepper()
    const hash = await hashPassword(key, 'plum tree at dawn')
    expect(await verifyPassword(key, 'plum tree at dawn', hash)).toBe(true)
    expect(await verifyPassword(key, 'plum tree at dusk', hash)).toBe(false)
  })

  it('does not truncate: two 100-character passwords sharing their first 80 do not match', async () => {
    const key = await pepper()
    const shared = 'a'.repeat(80)
    const first = shared + 'b'.repeat(20)
    const second = shared + 'c'.repeat(20)
    expect(first).toHaveLength(100)
    expect(second).toHaveLength(100)
    const firstHash = await hashPassword(key, first)
    const secondHash = await hashPassword(key, second)
    expect(await verifyPassword(key, second, firstHash)).toBe(false)
    expect(await verifyPassword(key, first, secondHash)).toBe(false)
    expect(await verifyPassword(key, first, firstHash)).toBe(true)
  })

  it('verifies a password typed in full-width characters', async () => {
    const key = await pepper()
    const hash = await hashPassword(key, 'Password12345')
    expect(await verifyPassword(key, 'Ｐａｓｓｗｏｒｄ１２３４５', hash)).toBe(true)
  })

  it('verifies a password typed in composed or decomposed form', async () => {
    const key = await pepper()
    const composed = 'caf\u00e9 au lait, please'
    const decomposed = 'cafe\u0301 au lait, please'
    expect(composed).not.toBe(decomposed)
    expect(await verifyPassword(key, decomposed, await hashPassword(key, composed))).toBe(true)
    expect(await verifyPassword(key, composed, await hashPassword(key, decomposed))).toBe(true)
  })

  it('depends on the pepper: the same password under another pepper does not verify', async () => {
    const hash = await hashPassword(await pepper(), 'plum tree at dawn')
    const other = await pepperKey(btoa(String.fromCharCode(...new Uint8Array(32).fill(7))))
    expect(await verifyPassword(other, 'plum tree at dawn', hash)).toBe(false)
  })
})
