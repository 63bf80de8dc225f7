import { describe, expect, it } from 'vitest'
import {
  accountStatus,
  COOKIE_NAME,
  postForm,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
} from '../../test/helpers'
import { iso, sessionRow, setSessionTimes } from '../../test/sql'

const HOUR = 60 * 60 * 1000

describe('sessions', () => {
  it('sign-out deletes the session on the server, and the old cookie no longer works', async () => {
    const email = uniqueEmail('signout')
    const ip = uniqueIp()
    const { token } = await signUp(email, strongPassword(), ip)
    expect(await sessionRow(token)).not.toBeNull()

    const res = await postForm('/sign-out', {}, { token, ip })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/signed-out')
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE_NAME}=`))
    expect(cleared).toBeDefined()
    expect(cleared!).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i)
    expect(res.headers.get('Clear-Site-Data')).toBe('"cache", "storage"')

    expect(await sessionRow(token)).toBeNull()
    const after = await accountStatus(token)
    expect(after.status).toBe(303)
    expect(after.location).toMatch(/^\/sign-in(\?|$)/)
  })

  it('rejects a session idle for 3 hours', async () => {
    const { token } = await signUp(uniqueEmail('idle'), strongPassword(), uniqueIp())
    expect((await accountStatus(token)).status).toBe(200)
    await setSessionTimes(token, { lastSeenAt: iso(-3 * HOUR) })
    const after = await accountStatus(token)
    expect(after.status).toBe(303)
    expect(after.location).toMatch(/^\/sign-in\?next=/)
  })

  it('rejects a session past its absolute expiry, however recently used', async () => {
    const { token } = await signUp(uniqueEmail('absolute'), strongPassword(), uniqueIp())
    expect((await accountStatus(token)).status).toBe(200)
    await setSessionTimes(token, { expiresAt: iso(-1000), lastSeenAt: iso() })
    const after = await accountStatus(token)
    expect(after.status).toBe(303)
    expect(after.location).toMatch(/^\/sign-in\?next=/)
  })

  it('does not rewrite last_seen_at on a GET within 5 minutes, but does after', async () => {
    const { token } = await signUp(uniqueEmail('touch'), strongPassword(), uniqueIp())
    const fourMinutesAgo = iso(-4 * 60 * 1000)
    await setSessionTimes(token, { lastSeenAt: fourMinutesAgo })

    expect((await accountStatus(token)).status).toBe(200)
    expect((await sessionRow(token))?.last_seen_at).toBe(fourMinutesAgo)

    const sixMinutesAgo = iso(-6 * 60 * 1000)
    await setSessionTimes(token, { lastSeenAt: sixMinutesAgo })
    expect((await accountStatus(token)).status).toBe(200)
    const touched = (await sessionRow(token))!.last_seen_at!
    expect(touched).not.toBe(sixMinutesAgo)
    expect(Date.now() - Date.parse(touched)).toBeLessThan(60 * 1000)
  })

  it('ignores a forged or malformed cookie', async () => {
    const forged = 'A'.repeat(43)
    expect((await accountStatus(forged)).status).toBe(303)
    expect((await accountStatus('short')).status).toBe(303)
  })
})
