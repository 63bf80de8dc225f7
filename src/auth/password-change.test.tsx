import { describe, expect, it } from 'vitest'
import { normaliseEmail } from './pepper'
import {
  accountStatus,
  postForm,
  signIn,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { sessionRow, sessionRows } from '../../test/sql'

describe('password change', () => {
  it('keeps the data readable, retires the old password and signs out other sessions', async () => {
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

    // Other sessions are gone; this one carries on.
    expect(await sessionRow(elsewhere)).toBeNull()
    expect((await accountStatus(elsewhere)).status).toBe(303)
    expect((await accountStatus(here)).status).toBe(200)
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
