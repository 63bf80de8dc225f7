/**
 * Where the learner is signed in: the account page lists their live sessions with a coarse
 * device name (stored encrypted), and signs one out, or all the others. Another learner's
 * session is never touched.
 */
import { describe, expect, it } from 'vitest'
import { get, postForm, strongPassword, uniqueEmail, uniqueIp, userIdFor } from '../../test/helpers'
import { all, dom, one, text } from '../../test/html'
import { auditEvents, sessionRow, sessionRows, wholeDatabaseText } from '../../test/sql'
import { deviceHint } from '../auth/device-hint'

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

/** A learner signed in twice: on Firefox on Linux (sign-up) and on Chrome on Android. */
async function learnerOnTwoDevices() {
  const email = uniqueEmail('sessions')
  const password = strongPassword()
  const first = await postForm(
    '/sign-up',
    { email, password, confirm: password },
    { ip: uniqueIp(), headers: { 'User-Agent': FIREFOX_LINUX } },
  )
  const laptop = /dt_session=([^;]+)/.exec(first.headers.get('Set-Cookie') ?? '')![1]!
  const second = await postForm(
    '/sign-in',
    { email, password },
    { ip: uniqueIp(), headers: { 'User-Agent': CHROME_ANDROID } },
  )
  const phone = /dt_session=([^;]+)/.exec(second.headers.get('Set-Cookie') ?? '')![1]!
  return { email, password, laptop, phone, userId: (await userIdFor(email))! }
}

async function sessionsShown(token: string) {
  const res = await get('/account', { token })
  expect(res.status).toBe(200)
  return all(one(dom(await res.text()), 'section[aria-labelledby="sessions"]'), 'li')
}

describe('the device hint', () => {
  it('names a browser family and a system, and nothing finer', () => {
    expect(deviceHint(FIREFOX_LINUX)).toBe('Firefox on Linux')
    expect(deviceHint(CHROME_ANDROID)).toBe('Chrome on Android')
    expect(deviceHint(SAFARI_IPHONE)).toBe('Safari on iOS')
    expect(deviceHint(undefined)).toBe('A browser')
    expect(deviceHint('curl/8.0')).toBe('A browser')
  })
})

describe('where the learner is signed in', () => {
  it('lists each live session with its device, marks this one, and keeps the names encrypted', async () => {
    const { laptop, phone } = await learnerOnTwoDevices()
    const rows = await sessionsShown(phone)
    expect(rows.map((li) => text(one(li, 'strong')))).toEqual([
      'Chrome on Android',
      'Firefox on Linux',
    ])
    expect(text(rows[0]!)).toContain('(this device)')
    expect(text(rows[1]!)).not.toContain('(this device)')
    // This device's session ends as a sign-out does; another's through the account page.
    expect(one(rows[0]!, 'form').getAttribute('action')).toBe('/sign-out')
    expect(one(rows[1]!, 'form').getAttribute('action')).toBe('/account/sessions/end')
    expect(text(rows[1]!)).toMatch(/Signed in on \w+ \d+, \d{4}, last used on/)
    const row = await sessionRow(laptop)
    expect(row?.device_ct).toMatch(/^v2\./)
    expect(await wholeDatabaseText()).not.toContain('Firefox on Linux')
  })

  it('signs out another device: its session ends, this one carries on', async () => {
    const { laptop, phone, userId } = await learnerOnTwoDevices()
    const laptopId = one((await sessionsShown(phone))[1]!, 'input[name="session"]').getAttribute(
      'value',
    )!
    const res = await postForm('/account/sessions/end', { session: laptopId }, { token: phone })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account?changed=session#sessions')
    expect((await get('/account', { token: laptop })).status).toBe(303)
    expect((await get('/account', { token: phone })).status).toBe(200)
    expect(await sessionRows(userId)).toHaveLength(1)
    expect((await auditEvents(userId)).filter((e) => e.event === 'session-ended')).toHaveLength(1)
    expect(
      text(
        one(
          dom(await (await get('/account?changed=session', { token: phone })).text()),
          '.dt-notice',
        ),
      ),
    ).toBe('That session has ended: the device is signed out.')
  })

  it('never ends another learner’s session, whatever id is posted', async () => {
    const a = await learnerOnTwoDevices()
    const b = await learnerOnTwoDevices()
    const bId = one((await sessionsShown(b.phone))[0]!, 'input[name="session"]').getAttribute(
      'value',
    )!
    const res = await postForm('/account/sessions/end', { session: bId }, { token: a.phone })
    expect(res.status).toBe(303)
    expect((await get('/account', { token: b.phone })).status).toBe(200)
    expect(await sessionRows(b.userId)).toHaveLength(2)
    expect(await sessionRows(a.userId)).toHaveLength(2)
    // Nothing ended, so nothing is logged as ended, for either learner.
    const ended = async (id: string) =>
      (await auditEvents(id)).filter((e) => e.event === 'session-ended')
    expect(await ended(a.userId)).toEqual([])
    expect(await ended(b.userId)).toEqual([])
  })

  it('signs out every other device at once, and this one when asked', async () => {
    const { laptop, phone, userId } = await learnerOnTwoDevices()
    const res = await postForm('/account/sessions/end-others', {}, { token: phone })
    expect(res.headers.get('Location')).toBe('/account?changed=others#sessions')
    expect((await get('/account', { token: laptop })).status).toBe(303)
    expect(await sessionRows(userId)).toHaveLength(1)
    const rows = await sessionsShown(phone)
    expect(rows).toHaveLength(1)
    const own = one(rows[0]!, 'input[name="session"]').getAttribute('value')!
    const out = await postForm('/account/sessions/end', { session: own }, { token: phone })
    expect(out.headers.get('Location')).toBe('/')
    expect(await sessionRows(userId)).toHaveLength(0)
  })

  it('refuses a post from another site', async () => {
    const { laptop, phone } = await learnerOnTwoDevices()
    const res = await postForm(
      '/account/sessions/end-others',
      {},
      { token: phone, headers: { Origin: 'https://evil.example' } },
    )
    expect(res.status).toBe(403)
    expect((await get('/account', { token: laptop })).status).toBe(200)
  })
})
