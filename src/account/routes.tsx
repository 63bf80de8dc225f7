/**
 * The learner's account: their profile (name, email address, recovery code), where they are
 * signed in, and changing the password.
 */
import { deviceHint } from '../auth/device-hint'
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../env'
import {
  accountEmail,
  changeDisplayName,
  changePassword,
  displayName,
  emailChange,
  renewRecoveryCode,
} from '../auth/accounts'
import { deviceFor, setDeviceCookie } from '../auth/device'
import { pepperKey } from '../auth/pepper'
import { countAttempt, ipHash, LIMITS } from '../auth/rate-limit'
import {
  clearSessionCookie,
  requireUser,
  sessionDeviceContext,
  sessionIsLive,
  setSessionCookie,
} from '../auth/session'
import { decryptText } from '../auth/keys'
import { auditSessionEnded, auditStatement, learnerAuditPage, type AuditEvent } from '../db/audit'
import { commit } from '../db/query'
import { deleteOtherSessions, deleteSession, listSessions } from '../db/sessions'
import { recoveryCodeMadeAt } from '../db/users'
import { nowIso } from '../lib/bytes'
import {
  changeEmailSchema,
  changePasswordSchema,
  confirmSchema,
  profileSchema,
  renewRecoverySchema,
} from '../auth/schemas'
import { confirmPassword } from '../auth/sudo'
import { tooManyAttempts } from '../lib/errors'
import { fieldErrors, oneValue, readForm } from '../lib/forms'
import { redirectAfterPost, render, safeNext } from '../lib/render'
import { AccountPage } from '../../views/account/account-page'
import { SecurityPage } from '../../views/account/security-page'
import { ConfirmPage } from '../../views/account/confirm-page'
import { exports } from './export'
import { imports } from './import'
import { deletion } from './delete'

export const account = new Hono<AppEnv>()

account.use('*', requireUser)
account.route('/', exports)
account.route('/', imports)

// Deleting the account: its own module, behind the same sign-in.
account.route('/delete', deletion)

const STATUSES: Record<string, string> = {
  profile: 'Your profile has been saved.',
  email: 'Your email address has been changed. Sign in with the new one from now on.',
  renewed: 'You have a new recovery code. The old one no longer works.',
  password: 'Your password has been changed. Other devices have been signed out.',
  session: 'That session has ended: the device is signed out.',
  others: 'Every other session has ended: other devices are signed out.',
  imported: 'Your workbook has been restored from the file.',
  'not-imported': 'Nothing was restored: the file you uploaded has been set aside.',
}

/**
 * The account page's view of the learner: their email and name, when their recovery code was
 * made, and where they are signed in.
 */
async function accountView(c: Context<AppEnv>) {
  const user = c.var.user!
  const [email, name, recoveryMadeAt, sessions] = await Promise.all([
    accountEmail(user),
    displayName(user),
    recoveryCodeMadeAt(c.var.db, user.id),
    listSessions(c.var.db, user.id, nowIso(Date.now())),
  ])
  const live = sessions.filter((s) => sessionIsLive(s, Date.now()))
  const opened = await Promise.all(
    live.map(async (s) => ({
      id: s.id,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      current: s.id === user.sessionId,
      device: s.deviceCt
        ? await decryptText(user.dataKey, s.deviceCt, sessionDeviceContext(user.id, s.id)).catch(
            () => null,
          )
        : null,
    })),
  )
  return { email, displayName: name, recoveryMadeAt, sessions: opened }
}

/** The account page again, with a form's problems at its top and the learner's text kept. */
async function accountProblem(
  c: Context<AppEnv>,
  errors: Record<string, string>,
  values: Record<string, string> = {},
) {
  return render(c, {
    status: 422,
    title: 'Your account',
    hasErrors: true,
    body: <AccountPage {...await accountView(c)} errors={errors} values={values} />,
  })
}

account.get('/', async (c) => {
  const changed = c.req.query('changed')
  const status = changed && Object.hasOwn(STATUSES, changed) ? STATUSES[changed] : undefined
  return render(c, {
    title: 'Your account',
    body: <AccountPage {...await accountView(c)} status={status} />,
    announce: status,
  })
})

// The name the learner wants to be called: no password needed, it opens nothing.
account.post('/profile', async (c) => {
  const form = await readForm(c)
  const parsed = profileSchema.safeParse(form)
  if (!parsed.success) {
    return accountProblem(c, fieldErrors(parsed.error), {
      display_name: oneValue(form.display_name),
    })
  }
  const pepper = await pepperKey(c.env.PEPPER)
  await changeDisplayName(c.var.db, c.var.user!, parsed.data.display_name, await ipHash(c, pepper))
  return c.redirect('/account?changed=profile', 303)
})

const EMAIL_TAKEN = 'An account with this email address already exists'

// A new email address, with the password. Whether an address is taken is told only once the
// password is proved, so the answer costs a guess against the account's limit.
account.post('/email', async (c) => {
  const form = await readForm(c)
  const values = { email: oneValue(form.email) }
  const parsed = changeEmailSchema.safeParse(form)
  if (!parsed.success) return accountProblem(c, fieldErrors(parsed.error), values)
  const pepper = await pepperKey(c.env.PEPPER)
  const { email, email_password: password } = parsed.data
  const change = await emailChange(c.var.db, pepper, c.var.user!, email, await ipHash(c, pepper))
  const statements = typeof change === 'string' ? [] : change.statements
  const confirmed = await confirmPassword(c, password, statements).catch((error: unknown) => {
    // Another account took the address between the check and the batch: the UNIQUE hash decides.
    if (String(error).includes('UNIQUE')) return 'taken' as const
    throw error
  })
  if (confirmed === 'taken') return accountProblem(c, { email: EMAIL_TAKEN }, values)
  if (!confirmed.ok && confirmed.wait) return tooManyAttempts(c, confirmed.wait)
  if (!confirmed.ok)
    return accountProblem(c, { email_password: 'The password is not right' }, values)
  if (change === 'taken') return accountProblem(c, { email: EMAIL_TAKEN }, values)
  if (change === 'same') {
    return accountProblem(c, { email: 'This is already your email address' }, values)
  }
  // The device cookie names the account by its email hash: carry this browser's over to the new one.
  await setDeviceCookie(c, pepper, change.hash, await deviceFor(c, pepper, change.oldHash))
  return c.redirect('/account?changed=email', 303)
})

// A new recovery code, with the password: the data key is unwrapped from its password-wrapped
// copy only once the password is proved, and the new code is shown once on /recovery-code.
account.post('/recovery-code', async (c) => {
  const user = c.var.user!
  const parsed = renewRecoverySchema.safeParse(await readForm(c))
  if (!parsed.success) return accountProblem(c, fieldErrors(parsed.error))
  const pepper = await pepperKey(c.env.PEPPER)
  const password = parsed.data.recovery_password
  const ip = await ipHash(c, pepper)
  const confirmed = await confirmPassword(c, password, () =>
    renewRecoveryCode(c.var.db, pepper, user, password, ip),
  )
  if (!confirmed.ok && confirmed.wait) return tooManyAttempts(c, confirmed.wait)
  if (!confirmed.ok) return accountProblem(c, { recovery_password: 'The password is not right' })
  return c.redirect('/recovery-code?after=renewed', 303)
})

/** Where a password check may send the learner on to: a page of their account. */
function accountNext(c: Context<AppEnv>, next: string | undefined): string {
  const path = safeNext(next, new URL(c.req.url).origin, '/account')
  return path.startsWith('/account/') && !path.startsWith('/account/confirm') ? path : '/account'
}

// Sudo mode: the password again before a sensitive action, then on to it.
account.get('/confirm', (c) =>
  render(c, {
    title: 'Confirm it is you',
    body: <ConfirmPage next={accountNext(c, c.req.query('next'))} />,
  }),
)

account.post('/confirm', async (c) => {
  const form = await readForm(c)
  const parsed = confirmSchema.safeParse(form)
  const next = accountNext(c, typeof form.next === 'string' ? form.next : undefined)
  const failed = (errors: Record<string, string>) =>
    render(c, {
      status: 422,
      title: 'Confirm it is you',
      hasErrors: true,
      body: <ConfirmPage next={next} errors={errors} />,
    })
  if (!parsed.success) return failed(fieldErrors(parsed.error))
  const confirmed = await confirmPassword(c, parsed.data.password)
  if (!confirmed.ok && confirmed.wait) return tooManyAttempts(c, confirmed.wait)
  if (!confirmed.ok) return failed({ password: 'The password is not right' })
  return redirectAfterPost(c, next)
})

/** Each security event in plain words, for the learner's own log. */
const EVENT_WORDS: Record<AuditEvent, string> = {
  'sign-up': 'Account created',
  'sign-in': 'Signed in',
  'sign-in-failed': 'A sign-in with a wrong password',
  'sign-out': 'Signed out',
  'rate-limited': 'Attempts paused for a while after too many tries',
  'password-changed': 'Password changed',
  'recovery-used': 'Recovery code used to set a new password',
  'recovery-failed': 'A recovery code that did not work',
  'session-ended': 'A session ended from this account page',
  'password-confirmed': 'Password confirmed for a sensitive action',
  'email-changed': 'Email address changed',
  'profile-changed': 'Display name changed',
  'recovery-code-renewed': 'A new recovery code made; the old one stopped working',
  'exported-json': 'Your data downloaded as a JSON file',
  'exported-zip': 'Your data downloaded as a ZIP file',
  printed: 'The print view of your workbook opened',
  imported: 'Data restored from an export file',
  'account-deleted': 'Account deleted',
}

// The learner's own security events, a page at a time (keyset pagination: `?before=<id>`).
account.get('/security', async (c) => {
  const raw = c.req.query('before')
  const before = raw !== undefined && /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : null
  if (raw !== undefined && before === null) return c.notFound()
  const page = await learnerAuditPage(c.var.db, c.var.user!.id, before)
  const last = page.events[page.events.length - 1]
  return render(c, {
    title: 'Security events',
    body: (
      <SecurityPage
        events={page.events.map((e) => ({ createdAt: e.createdAt, what: EVENT_WORDS[e.event] }))}
        older={page.more && last ? last.id : null}
        paged={before !== null}
      />
    ),
  })
})

// Ends one of the learner's own sessions; another learner's id ends nothing.
account.post('/sessions/end', async (c) => {
  const user = c.var.user!
  const id = oneValue((await readForm(c)).session) ?? ''
  const pepper = await pepperKey(c.env.PEPPER)
  const now = nowIso(Date.now())
  await commit(c.var.db, [
    auditSessionEnded(c.var.db, user.id, id, await ipHash(c, pepper), now),
    deleteSession(c.var.db, user.id, id),
  ])
  if (id === user.sessionId) {
    clearSessionCookie(c)
    return c.redirect('/', 303)
  }
  return c.redirect('/account?changed=session#sessions', 303)
})

account.post('/sessions/end-others', async (c) => {
  const user = c.var.user!
  const pepper = await pepperKey(c.env.PEPPER)
  await commit(c.var.db, [
    deleteOtherSessions(c.var.db, user.id, user.sessionId),
    auditStatement(c.var.db, 'session-ended', user.id, await ipHash(c, pepper), nowIso(Date.now())),
  ])
  return c.redirect('/account?changed=others#sessions', 303)
})

account.post('/password', async (c) => {
  const user = c.var.user!
  const form = await readForm(c)
  const parsed = changePasswordSchema.safeParse(form)
  const failed = async (errors: Record<string, string>) =>
    render(c, {
      status: 422,
      title: 'Your account',
      hasErrors: true,
      body: <AccountPage {...await accountView(c)} errors={errors} />,
    })
  if (!parsed.success) return failed(fieldErrors(parsed.error))
  const pepper = await pepperKey(c.env.PEPPER)
  const wait = await countAttempt(c, pepper, [[LIMITS.passwordChangeAccount, user.id]], {
    userId: user.id,
  })
  if (wait) return tooManyAttempts(c, wait)
  const changed = await changePassword(
    c.var.db,
    pepper,
    user,
    parsed.data,
    await ipHash(c, pepper),
    deviceHint(c.req.header('User-Agent')),
  )
  if (!changed) return failed({ current: 'Your current password is not right' })
  // Every session ended in the change, this one too: this browser carries on with a fresh one.
  setSessionCookie(c, changed.token)
  return c.redirect('/account?changed=password', 303)
})
