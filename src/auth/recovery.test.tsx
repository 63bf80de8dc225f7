import { describe, expect, it } from 'vitest'
import { normaliseEmail } from './pepper'
import {
  accountStatus,
  postForm,
  sessionToken,
  shownRecoveryCode,
  signIn,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  withoutNonce,
} from '../../test/helpers'
import { sessionRow } from '../../test/sql'

describe('recovery', () => {
  it('resets the password with the recovery code, keeps the data readable and issues a new code', async () => {
    const email = uniqueEmail('recover')
    const ip = uniqueIp()
    const oldPassword = strongPassword('old')
    const newPassword = strongPassword('new')
    const { token: before } = await signUp(email, oldPassword, ip)
    const code = await shownRecoveryCode(before)
    await postForm('/recovery-code/saved', {}, { token: before })

    // Typed carelessly: lower case, spaces for hyphens.
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `
    const res = await postForm(
      '/recover',
      { email, code: typed, password: newPassword, confirm: newPassword },
      { ip },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/recovery-code?after=recovery')
    const token = sessionToken(res)!
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const newCode = await shownRecoveryCode(token, '/recovery-code?after=recovery')
    expect(newCode).not.toBe(code)
    // Every earlier session has ended.
    expect(await sessionRow(before)).toBeNull()

    const signedIn = await signIn(email, newPassword, ip)
    expect(signedIn.res.status).toBe(303)
    const account = await accountStatus(signedIn.token!)
    expect(account.status).toBe(200)
    expect(account.html).toContain(normaliseEmail(email))
    expect((await signIn(email, oldPassword, ip)).res.status).toBe(422)

    // The old code no longer unlocks anything; the new one does.
    const reused = await postForm(
      '/recover',
      { email, code, password: oldPassword, confirm: oldPassword },
      { ip },
    )
    expect(reused.status).toBe(422)
  }, 20_000) // several bcrypt runs of about 100 ms each; slow CI machines need headroom

  it('gives a wrong code exactly the same answer as an unknown email', async () => {
    const email = uniqueEmail('badcode')
    const ip = uniqueIp()
    const password = strongPassword()
    const form = { email, code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG', password, confirm: password }
    const unknown = await postForm('/recover', form, { ip })
    await signUp(email, strongPassword(), uniqueIp())
    const wrong = await postForm('/recover', form, { ip })

    expect(unknown.status).toBe(422)
    expect(wrong.status).toBe(422)
    const unknownHtml = await unknown.text()
    expect(unknownHtml).toContain('The email address or recovery code is not right')
    expect(withoutNonce(await wrong.text())).toBe(withoutNonce(unknownHtml))
    expect(sessionToken(wrong)).toBeUndefined()
  })

  it('uses a code once, even when several requests race with it: exactly one succeeds', async () => {
    const email = uniqueEmail('race')
    const { token } = await signUp(email, strongPassword(), uniqueIp())
    const code = await shownRecoveryCode(token)
    const passwords = Array.from({ length: 5 }, (_, i) => strongPassword(`race${i}`))
    const results = await Promise.all(
      passwords.map((password) =>
        postForm('/recover', { email, code, password, confirm: password }, { ip: uniqueIp() }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 303)).toHaveLength(1)
    expect(statuses.filter((s) => s === 422)).toHaveLength(4)
    for (const loser of results.filter((r) => r.status === 422)) {
      expect(await loser.text()).toContain('The email address or recovery code is not right')
      expect(sessionToken(loser)).toBeUndefined()
    }
    // The winner's password is the one that works; the others were never set.
    const winner = passwords[statuses.indexOf(303)]!
    expect((await signIn(email, winner, uniqueIp())).res.status).toBe(303)
    for (const loser of passwords.filter((p) => p !== winner)) {
      expect((await signIn(email, loser, uniqueIp())).res.status).toBe(422)
    }
  }, 30_000)
})
