import { describe, expect, it } from 'vitest'
import { normaliseEmail } from './pepper'
import {
  accountStatus,
  postForm,
  sessionToken,
  signIn,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { sessionRow, sessionRows } from '../../test/sql'

describe('password change', () => {
  it('keeps the data readable, retires the old password, ends every session and opens a fresh one', async () => {
    const email = uniqueEmail('change')
    const ip = uniqueIp()
    const oldPassword = strongPassword('old')
    const newPassword = strongPassword('new')
    const { token: here } = await signUp(email, oldPassword, ip)
    const elsewhere = (await signIn(email, oldPassword, ip)).token!
    expect((await accountStatus(elsewhere)).status).toBe(200)

    const wrong = await postForm(
      '/account/password',
      { current: 'not my password at all', password: newPassword, confirm: newPassword },
      { token: here, ip },
    )
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain('Your current password is not right')

    const res = await postForm(
      '/account/password',
      { current: oldPassword, password: newPassword, confirm: newPassword },
      { token: here, ip },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account?changed=password')

    // Every session is gone, this one's too; this browser carries on with a fresh token.
    const fresher = sessionToken(res)!
    expect(fresher).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(fresher).not.toBe(here)
    expect(await sessionRow(elsewhere)).toBeNull()
    expect(await sessionRow(here)).toBeNull()
    expect((await accountStatus(elsewhere)).status).toBe(303)
    expect((await accountStatus(here)).status).toBe(303)
    expect((await accountStatus(fresher)).status).toBe(200)
    expect(await sessionRows((await userIdFor(email))!)).toHaveLength(1)

    const fresh = await signIn(email, newPassword, ip)
    expect(fresh.res.status).toBe(303)
    const account = await accountStatus(fresh.token!)
    expect(account.status).toBe(200)
    expect(account.html).toContain(normaliseEmail(email))

    const old = await signIn(email, oldPassword, ip)
    expect(old.res.status).toBe(422)
    expect(old.token).toBeUndefined()
  }, 20_000) // several bcrypt runs of about 100 ms each; slow CI machines need headroom
})
