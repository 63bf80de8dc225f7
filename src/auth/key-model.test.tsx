import { env } from 'cloudflare:test'
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import {
  decryptText,
  deriveKek,
  newPasswordKdf,
  unwrapDataKey,
  wrapDataKey,
  importDataKey,
  PASSWORD_KDF_VERSION,
} from './keys'
import { BCRYPT_COST } from './password'
import { hmacBase64, normaliseEmail, pepperKey } from './pepper'
import {
  accountStatus,
  get,
  postForm,
  sessionToken,
  signIn,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import {
  databaseTextWithoutPasswordHashes,
  passwordHashOf,
  replaceWrappedKey,
  sessionRow,
  setPasswordHash,
  userRow,
  wrappedKeyRow,
} from '../../test/sql'
import { loadFixtureWorkbook } from '../../test/workbook-fixture'

const pepper = () => pepperKey(env.PEPPER)
const params = (row: NonNullable<Awaited<ReturnType<typeof wrappedKeyRow>>>) => ({
  kdf: row.kdf,
  iterations: row.kdf_iterations,
  salt: row.kdf_salt,
  version: row.kdf_version,
})

describe('the key model', () => {
  it('gives a copy of the database, without the pepper, no way to open a key, even with the right password', async () => {
    const email = uniqueEmail('copy')
    const password = strongPassword()
    await signUp(email, password, uniqueIp())
    const userId = (await userIdFor(email))!
    // The database copy: the wrapped key, its KDF parameters and the encrypted email.
    const row = (await wrappedKeyRow(userId, 'password'))!
    const emailCt = String((await userRow(userId))!.email_ct)
    expect(row.kdf_version).toBe(PASSWORD_KDF_VERSION)

    // Without the pepper the only derivation an attacker has is the bare password's.
    await expect(deriveKek(password, params(row))).rejects.toThrow()
    const bare = await deriveKek(password, { ...params(row), version: 1 })
    await expect(unwrapDataKey(bare, row.wrapped_key)).rejects.toThrow()
    const guessedPepper = await pepperKey(btoa('x'.repeat(32)))
    const guessed = await deriveKek(password, params(row), guessedPepper)
    await expect(unwrapDataKey(guessed, row.wrapped_key)).rejects.toThrow()

    // With the pepper (the operator's secret) and the password, it opens: the control.
    const raw = await unwrapDataKey(
      await deriveKek(password, params(row), await pepper()),
      row.wrapped_key,
    )
    const dataKey = await importDataKey(raw)
    expect(await decryptText(dataKey, emailCt, `email:${userId}`)).toBe(normaliseEmail(email))
  })

  it('upgrades a key wrapped the old way at the next sign-in, in its batch, and the writing stays readable', async () => {
    await loadFixtureWorkbook()
    const email = uniqueEmail('old-format')
    const password = strongPassword()
    const ip = uniqueIp()
    const { token } = await signUp(email, password, ip)
    await postForm(
      '/workbook/ex-one/answers/ex-one.first',
      { answer: 'Written before the upgrade', version: '0' },
      { token },
    )
    const userId = (await userIdFor(email))!
    // Stage the foundation's format: the same data key, wrapped under the bare password.
    const current = (await wrappedKeyRow(userId, 'password'))!
    const raw = await unwrapDataKey(
      await deriveKek(password, params(current), await pepper()),
      current.wrapped_key,
    )
    const old = { ...newPasswordKdf(), version: 1 }
    await replaceWrappedKey(userId, 'password', {
      ...old,
      wrappedKey: await wrapDataKey(await deriveKek(password, old), raw),
    })
    expect((await wrappedKeyRow(userId, 'password'))!.kdf_version).toBe(1)

    const signedIn = await signIn(email, password, ip)
    expect(signedIn.res.status).toBe(303)
    const upgraded = (await wrappedKeyRow(userId, 'password'))!
    expect(upgraded.kdf_version).toBe(PASSWORD_KDF_VERSION)
    const again = await unwrapDataKey(
      await deriveKek(password, params(upgraded), await pepper()),
      upgraded.wrapped_key,
    )
    expect([...again]).toEqual([...raw])
    const page = await (await get('/workbook/ex-one', { token: signedIn.token })).text()
    expect(page).toContain('Written before the upgrade')
    expect((await accountStatus(signedIn.token!)).html).toContain(normaliseEmail(email))
  })

  it('re-hashes at sign-in a password hashed at a lower bcrypt cost', async () => {
    const email = uniqueEmail('rehash')
    const password = strongPassword()
    const ip = uniqueIp()
    await signUp(email, password, ip)
    const userId = (await userIdFor(email))!
    const input = await hmacBase64(await pepper(), 'password', password.normalize('NFKC'))
    await setPasswordHash(userId, await bcrypt.hash(input, 4))
    expect(await passwordHashOf(userId)).toMatch(/^\$2[aby]\$04\$/)

    expect((await signIn(email, password, ip)).res.status).toBe(303)
    const rehashed = (await passwordHashOf(userId))!
    expect(rehashed).toMatch(new RegExp(`^\\$2[aby]\\$${String(BCRYPT_COST).padStart(2, '0')}\\$`))
    expect(await bcrypt.compare(input, rehashed)).toBe(true)
    expect((await signIn(email, password, ip)).res.status).toBe(303)
  }, 20_000)

  it('never lets a password hash out: not in any page, not in any other column', async () => {
    await loadFixtureWorkbook()
    const email = uniqueEmail('no-hash')
    const password = strongPassword()
    const ip = uniqueIp()
    const pages: string[] = []
    const { res, token } = await signUp(email, password, ip)
    pages.push(await res.text())
    for (const path of [
      '/recovery-code',
      '/',
      '/account',
      '/workbook/ex-one',
      '/workbook/contents',
    ]) {
      pages.push(await (await get(path, { token })).text())
    }
    pages.push(
      await (await postForm('/sign-in', { email, password: 'wrong one entirely' }, { ip })).text(),
    )
    pages.push(
      await (
        await postForm(
          '/account/password',
          { current: 'wrong', password, confirm: password },
          { token, ip },
        )
      ).text(),
    )
    for (const html of pages) expect(html).not.toMatch(/\$2[aby]\$/)
    expect(await passwordHashOf((await userIdFor(email))!)).toMatch(/^\$2[aby]\$/)
    expect(await databaseTextWithoutPasswordHashes()).not.toMatch(/\$2[aby]\$/)
  }, 20_000)
})

describe('sessions at sign-in', () => {
  it('ends the session whose cookie came with a new sign-in, rather than leaving it valid beside it', async () => {
    const email = uniqueEmail('presented')
    const password = strongPassword()
    const ip = uniqueIp()
    const { token: earlier } = await signUp(email, password, ip)
    const res = await postForm('/sign-in', { email, password }, { ip, token: earlier })
    expect(res.status).toBe(303)
    const fresh = sessionToken(res)!
    expect(fresh).not.toBe(earlier)
    expect(await sessionRow(earlier)).toBeNull()
    expect((await accountStatus(earlier)).status).toBe(303)
    expect((await accountStatus(fresh)).status).toBe(200)
  })
})
