/** The account page's profile: the display name, the email address and a new recovery code. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  COOKIE_NAME,
  deviceCookie,
  fillRateLimit,
  get,
  newLearner,
  postForm,
  sessionToken,
  shownRecoveryCode,
  signIn,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { all, dom, one, summaryLinks, text, titleOf } from '../../test/html'
import { rawPost } from '../../test/pages'
import { auditEvents, userRow, wholeDatabaseText, wrappedKeyRow } from '../../test/sql'
import { emailHash } from '../auth/accounts'
import { normaliseEmail, pepperKey } from '../auth/pepper'
import { clientNetwork, LIMITS } from '../auth/rate-limit'

const NAME = 'Zoë “Ziggy” Ångström 🌳'

async function learner(label: string) {
  const { email, password, ip, token, userId } = await newLearner(label)
  const code = await shownRecoveryCode(token)
  await postForm('/recovery-code/saved', {}, { token, ip })
  return { email, password, ip, token, userId, code }
}

type Learner = Awaited<ReturnType<typeof learner>>

async function accountPage(token: string, path = '/account') {
  const res = await get(path, { token })
  const html = await res.text()
  return { res, html, root: dom(html) }
}

const greeting = async (token: string) =>
  all((await accountPage(token)).root, 'main p')
    .map(text)
    .find((words) => words.startsWith('You are signed in as'))

const events = async (userId: string) => (await auditEvents(userId)).map((e) => e.event)

/** Everything of the learner's that these routes could change. */
async function stateOf(l: Learner) {
  return {
    user: await userRow(l.userId),
    recovery: await wrappedKeyRow(l.userId, 'recovery'),
    events: await events(l.userId),
  }
}

async function recover(email: string, code: string, ip: string) {
  const password = strongPassword('reset')
  return postForm('/recover', { email, code, password, confirm: password }, { ip })
}

describe('the display name', () => {
  it('is stored encrypted, greets the learner on the account page, and is logged', async () => {
    const l = await learner('name')
    const res = await postForm('/account/profile', { display_name: `  ${NAME}  ` }, l)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account?changed=profile')

    const stored = (await userRow(l.userId))!.display_name_ct as string
    expect(stored).toMatch(/^v2\.k1\./)
    const everything = await wholeDatabaseText()
    for (const piece of [NAME, 'Ziggy', 'Ångström', '🌳', JSON.stringify(NAME).slice(1, -1)]) {
      expect(everything).not.toContain(piece)
    }
    expect(await events(l.userId)).toContain('profile-changed')

    const page = await accountPage(l.token, '/account?changed=profile')
    expect(text(one(page.root, '.dt-notice'))).toBe('Your profile has been saved.')
    expect(await greeting(l.token)).toBe(
      `You are signed in as ${NAME} (${normaliseEmail(l.email)}).`,
    )
    expect(one(page.root, '#display_name').getAttribute('value')).toBe(NAME)
  })

  it('is cleared when the field is left empty', async () => {
    const l = await learner('clear')
    await postForm('/account/profile', { display_name: NAME }, l)
    const res = await postForm('/account/profile', { display_name: '   ' }, l)
    expect(res.status).toBe(303)
    expect((await userRow(l.userId))!.display_name_ct).toBeNull()
    expect(await greeting(l.token)).toBe(`You are signed in as ${normaliseEmail(l.email)}.`)
    expect(one((await accountPage(l.token)).root, '#display_name').getAttribute('value')).toBe('')
  })

  it('refuses a name over 80 characters with 422, an error summary and the text kept', async () => {
    const l = await learner('long')
    await postForm('/account/profile', { display_name: 'Sam' }, l)
    const before = await stateOf(l)
    // 81 characters, each an emoji of two UTF-16 units; 80 of them fit.
    const long = '🌳'.repeat(81)
    const res = await postForm('/account/profile', { display_name: long }, l)
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(titleOf(html)).toBe('Error: Your account – DreamTree')
    expect(summaryLinks(html)).toEqual([
      ['#display_name', 'Your name must be 80 characters or fewer'],
    ])
    const field = one(dom(html), '#display_name')
    expect(field.getAttribute('value')).toBe(long)
    expect(field.getAttribute('aria-describedby')).toBe('display_name-hint display_name-error')
    expect(await stateOf(l)).toEqual(before)

    const fits = await postForm('/account/profile', { display_name: '🌳'.repeat(80) }, l)
    expect(fits.status).toBe(303)
  })
})

describe('the email address', () => {
  it('changes with the right password: the new address signs in, the old one no longer does', async () => {
    const l = await learner('move')
    const next = uniqueEmail('moved')
    const res = await postForm('/account/email', { email: next, email_password: l.password }, l)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account?changed=email')
    expect(await events(l.userId)).toEqual(expect.arrayContaining(['email-changed']))

    const page = await accountPage(l.token, '/account?changed=email')
    expect(text(one(page.root, '.dt-notice'))).toBe(
      'Your email address has been changed. Sign in with the new one from now on.',
    )
    expect(await greeting(l.token)).toBe(`You are signed in as ${normaliseEmail(next)}.`)

    const fresh = await signIn(next, l.password, uniqueIp())
    expect(fresh.res.status).toBe(303)
    expect(fresh.token).toBeDefined()
    expect(await userIdFor(next)).toBe(l.userId)
    const old = await signIn(l.email, l.password, uniqueIp())
    expect(old.res.status).toBe(422)
    expect(await userIdFor(l.email)).toBeNull()

    // Neither address is anywhere in the database in clear.
    const everything = (await wholeDatabaseText()).toLowerCase()
    expect(everything).not.toContain(normaliseEmail(next))
    expect(everything).not.toContain(normaliseEmail(l.email))
    expect(everything).not.toContain(next.split('@')[0]!.toLowerCase())
  })

  it('keeps this browser’s own sign-in lane: the device cookie moves to the new address', async () => {
    const l = await learner('lane')
    const signedIn = await signIn(l.email, l.password, l.ip)
    const device = deviceCookie(signedIn.res)!
    const token = signedIn.token!
    const next = uniqueEmail('lane-moved')
    const res = await postForm(
      '/account/email',
      { email: next, email_password: l.password },
      { token, ip: l.ip, device },
    )
    expect(res.status).toBe(303)
    const moved = deviceCookie(res)!
    // The same device, now signed for the new address.
    expect(moved.split('.')[0]).toBe(device.split('.')[0])
    expect(moved).not.toBe(device)

    // Someone has spent this network's guesses at the new address: only the device lane is open.
    const hash = await emailHash(await pepperKey(env.PEPPER), next)
    await fillRateLimit(LIMITS.signInAccountIp, `${hash}:${clientNetwork(l.ip)}`)
    const stranger = await postForm('/sign-in', { email: next, password: l.password }, { ip: l.ip })
    expect(stranger.status).toBe(429)
    const own = await postForm(
      '/sign-in',
      { email: next, password: l.password },
      { ip: l.ip, device: moved },
    )
    expect(own.status).toBe(303)
    expect(sessionToken(own)).toBeDefined()
  })

  it('refuses a wrong password with 422, keeps the address typed and changes nothing', async () => {
    const l = await learner('wrong')
    const before = await stateOf(l)
    const next = uniqueEmail('never')
    const res = await postForm(
      '/account/email',
      { email: next, email_password: 'not my password at all' },
      l,
    )
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(summaryLinks(html)).toEqual([['#email_password', 'The password is not right']])
    expect(one(dom(html), '#email').getAttribute('value')).toBe(next)
    expect(one(dom(html), '#email_password').hasAttribute('value')).toBe(false)
    expect(await stateOf(l)).toEqual(before)
    expect((await signIn(l.email, l.password, l.ip)).res.status).toBe(303)
  })

  it('refuses an address another account has, with 422, only once the password is right', async () => {
    const l = await learner('taken')
    const other = await learner('holder')
    const before = await stateOf(l)
    const otherBefore = await stateOf(other)

    // A wrong password learns nothing about the other address.
    const guess = await postForm(
      '/account/email',
      { email: other.email, email_password: 'not my password at all' },
      l,
    )
    expect(summaryLinks(await guess.text())).toEqual([
      ['#email_password', 'The password is not right'],
    ])

    const res = await postForm(
      '/account/email',
      { email: other.email.toUpperCase(), email_password: l.password },
      l,
    )
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(summaryLinks(html)).toEqual([
      ['#email', 'An account with this email address already exists'],
    ])
    expect(one(dom(html), '#email').getAttribute('value')).toBe(other.email.toUpperCase())
    const after = await stateOf(l)
    expect(after.user).toEqual(before.user)
    expect(after.events).not.toContain('email-changed')
    expect(await stateOf(other)).toEqual(otherBefore)
    expect(await userIdFor(other.email)).toBe(other.userId)
  })

  it('gives one of two learners racing for one new address the change, the other a 422', async () => {
    const a = await learner('race-a')
    const b = await learner('race-b')
    const prize = uniqueEmail('prize')
    // Both pass the check before either batch lands; the UNIQUE email hash decides.
    const answers = await Promise.all(
      [a, b].map((l) =>
        postForm('/account/email', { email: prize, email_password: l.password }, l),
      ),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([303, 422])
    const lost = answers.find((r) => r.status === 422)!
    expect(summaryLinks(await lost.text())).toEqual([
      ['#email', 'An account with this email address already exists'],
    ])
    const winner = answers[0]!.status === 303 ? a : b
    const loser = winner === a ? b : a
    expect(await userIdFor(prize)).toBe(winner.userId)
    expect(await userIdFor(loser.email)).toBe(loser.userId)
    expect(await events(loser.userId)).not.toContain('email-changed')
  })

  it('checks the address as sign-up does, and says when it is already theirs', async () => {
    const l = await learner('shape')
    const before = await stateOf(l)
    const bad = await postForm(
      '/account/email',
      { email: 'name at example', email_password: l.password },
      l,
    )
    expect(bad.status).toBe(422)
    expect(summaryLinks(await bad.text())).toEqual([
      ['#email', 'Enter an email address in the correct format, like name@example.com'],
    ])
    const empty = await postForm('/account/email', { email: ' ', email_password: '' }, l)
    expect(summaryLinks(await empty.text())).toEqual([
      ['#email', 'Enter your email address'],
      ['#email_password', 'Enter your password'],
    ])
    expect(await stateOf(l)).toEqual(before)

    const same = await postForm(
      '/account/email',
      { email: ` ${l.email.toUpperCase()} `, email_password: l.password },
      l,
    )
    expect(same.status).toBe(422)
    expect(summaryLinks(await same.text())).toEqual([
      ['#email', 'This is already your email address'],
    ])
    expect((await stateOf(l)).user).toEqual(before.user)
  })

  it('answers 429 once the password has been tried too often', async () => {
    const l = await learner('limit')
    await fillRateLimit(LIMITS.confirmAccount, l.userId)
    const before = await stateOf(l)
    const res = await postForm(
      '/account/email',
      { email: uniqueEmail('limited'), email_password: l.password },
      l,
    )
    expect(res.status).toBe(429)
    expect((await stateOf(l)).user).toEqual(before.user)
  })
})

describe('a new recovery code', () => {
  it('replaces the old code at once: the old one fails at /recover, the one shown works', async () => {
    const l = await learner('renew')
    const madeBefore = (await accountPage(l.token)).root
    expect(text(one(madeBefore, 'section[aria-labelledby="recovery"] p'))).toMatch(
      /^Your recovery code was made on \w+ \d{1,2}, \d{4}\./,
    )
    const res = await postForm('/account/recovery-code', { recovery_password: l.password }, l)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/recovery-code?after=renewed')
    expect(await events(l.userId)).toContain('recovery-code-renewed')

    const shown = await get('/recovery-code?after=renewed', { token: l.token })
    const html = await shown.text()
    expect(titleOf(html)).toBe('Your new recovery code – DreamTree')
    expect(html).toContain('This is your new recovery code. The old one no longer works.')
    const code = await shownRecoveryCode(l.token, '/recovery-code?after=renewed')
    expect(code).not.toBe(l.code)
    expect(await wholeDatabaseText()).not.toContain(code)

    const saved = await postForm('/recovery-code/saved', { after: 'renewed' }, l)
    expect(saved.headers.get('Location')).toBe('/account?changed=renewed')
    const page = await accountPage(l.token, '/account?changed=renewed')
    expect(text(one(page.root, '.dt-notice'))).toBe(
      'You have a new recovery code. The old one no longer works.',
    )
    expect((await get('/recovery-code', { token: l.token })).status).toBe(303)

    expect((await recover(l.email, l.code, l.ip)).status).toBe(422)
    const reset = await recover(l.email, code, l.ip)
    expect(reset.status).toBe(303)
    expect(reset.headers.get('Location')).toBe('/recovery-code?after=recovery')
  })

  it('refuses a wrong password with 422 and writes nothing but the counted attempt', async () => {
    const l = await learner('renew-wrong')
    const before = await stateOf(l)
    const res = await postForm(
      '/account/recovery-code',
      { recovery_password: 'not my password at all' },
      l,
    )
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(summaryLinks(html)).toEqual([['#recovery_password', 'The password is not right']])
    expect(await stateOf(l)).toEqual(before)
    expect((await get('/recovery-code', { token: l.token })).status).toBe(303)
    expect((await recover(l.email, l.code, l.ip)).status).toBe(303)
  })

  it('answers 429 once the password has been tried too often', async () => {
    const l = await learner('renew-limit')
    await fillRateLimit(LIMITS.confirmAccount, l.userId)
    const before = await stateOf(l)
    const res = await postForm('/account/recovery-code', { recovery_password: l.password }, l)
    expect(res.status).toBe(429)
    expect((await stateOf(l)).recovery).toEqual(before.recovery)
  })
})

const FORMS = (l: Learner): [string, Record<string, string>][] => [
  ['/account/profile', { display_name: NAME }],
  ['/account/email', { email: uniqueEmail('elsewhere'), email_password: l.password }],
  ['/account/recovery-code', { recovery_password: l.password }],
]

describe('the profile forms’ guards', () => {
  it('send a signed-out visitor to sign in and change nothing', async () => {
    const l = await learner('signed-out')
    const before = await stateOf(l)
    for (const [path, fields] of FORMS(l)) {
      const res = await postForm(path, fields, { ip: l.ip })
      expect(res.status, path).toBe(303)
      expect(res.headers.get('Location'), path).toBe(`/sign-in?next=${encodeURIComponent(path)}`)
    }
    expect(await stateOf(l)).toEqual(before)
  })

  it('refuse a cross-site post with 403 and change nothing', async () => {
    const l = await learner('csrf')
    const before = await stateOf(l)
    for (const [path, fields] of FORMS(l)) {
      const evil = await postForm(path, fields, {
        token: l.token,
        ip: l.ip,
        headers: { Origin: 'https://evil.example' },
      })
      expect(evil.status, path).toBe(403)
      const unmarked = await rawPost(path, new URLSearchParams(fields).toString(), {
        Cookie: `${COOKIE_NAME}=${l.token}`,
        'Sec-Fetch-Site': 'cross-site',
      })
      expect(unmarked.status, path).toBe(403)
    }
    expect(await stateOf(l)).toEqual(before)
  })

  it('never touch another learner', async () => {
    const a = await learner('mine')
    const b = await learner('theirs')
    const bBefore = await stateOf(b)
    for (const [path, fields] of FORMS(a)) {
      expect((await postForm(path, fields, a)).status, path).toBe(303)
    }
    expect(await stateOf(b)).toEqual(bBefore)
    const page = await accountPage(b.token)
    expect(await greeting(b.token)).toBe(`You are signed in as ${normaliseEmail(b.email)}.`)
    expect(page.html).not.toContain(NAME)
    expect((await get('/recovery-code', { token: b.token })).status).toBe(303)
    expect((await recover(b.email, b.code, b.ip)).status).toBe(303)
  })
})
