/** Sign up, sign in, sign out, recovery, and the once-only recovery code page. */
import { deviceHint } from './device-hint'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { tooManyAttempts } from '../lib/errors'
import { fieldErrors, formValues, oneValue, readForm } from '../lib/forms'
import { redirectAfterPost, render, safeNext } from '../lib/render'
import {
  RecoverForm,
  RecoveryCodePage,
  SignedOutPage,
  SignInForm,
  SignUpForm,
} from '../../views/auth/auth-pages'
import { GoodbyePage } from '../../views/account/delete-pages'
import {
  acknowledgeRecoveryCode,
  createAccount,
  emailHash,
  pendingRecoveryCode,
  recoverAccount,
  signOut,
} from './accounts'
import { pepperKey } from './pepper'
import { clientIp, clientNetwork, countAttempt, countGuess, ipHash, LIMITS } from './rate-limit'
import { clearSessionCookie, requireUser, setSessionCookie } from './session'
import { recoverSchema, signUpSchema } from './schemas'
import { attemptSignIn } from './sign-in'

export const auth = new Hono<AppEnv>()

const originOf = (c: { req: { url: string } }) => new URL(c.req.url).origin

auth.get('/sign-up', (c) => {
  if (c.var.user) return c.redirect('/', 303)
  return render(c, { title: 'Create an account', body: <SignUpForm /> })
})

auth.post('/sign-up', async (c) => {
  const form = await readForm(c)
  const values = formValues(form)
  const failed = (errors: Record<string, string>) => {
    const panel = <SignUpForm errors={errors} values={values} />
    return render(c, {
      status: 422,
      title: 'Create an account',
      hasErrors: true,
      body: panel,
      fragment: panel,
    })
  }
  const parsed = signUpSchema.safeParse(form)
  if (!parsed.success) return failed(fieldErrors(parsed.error))
  const pepper = await pepperKey(c.env.PEPPER)
  const wait = await countAttempt(c, pepper, [[LIMITS.signUpIp, clientNetwork(clientIp(c))]])
  if (wait) return tooManyAttempts(c, wait)
  const result = await createAccount(
    c.var.db,
    pepper,
    parsed.data,
    await ipHash(c, pepper),
    deviceHint(c.req.header('User-Agent')),
  )
  if (result === 'taken') {
    return failed({
      email:
        'An account with this email address already exists. Sign in instead, or use another address',
    })
  }
  setSessionCookie(c, result.token)
  return redirectAfterPost(c, '/recovery-code')
})

auth.get('/sign-in', (c) => {
  const next = c.req.query('next')
  if (c.var.user) return c.redirect(safeNext(next, originOf(c)), 303)
  const notice = next
    ? 'Please sign in to carry on. Your session ends after a while without activity, to keep your writing private.'
    : undefined
  return render(c, { title: 'Sign in', body: <SignInForm next={next} notice={notice} /> })
})

auth.post('/sign-in', async (c) => {
  const form = await readForm(c)
  const values = formValues(form)
  const next = typeof form.next === 'string' ? form.next : undefined
  const attempt = await attemptSignIn(c, form)
  if (attempt.status === 'limited') return tooManyAttempts(c, attempt.retryAfter)
  if (attempt.status === 'invalid') {
    const panel = <SignInForm errors={attempt.errors} values={values} next={next} />
    return render(c, {
      status: 422,
      title: 'Sign in',
      hasErrors: true,
      body: panel,
      fragment: panel,
    })
  }
  return redirectAfterPost(c, safeNext(next, originOf(c)))
})

auth.post('/sign-out', async (c) => {
  if (c.var.user) {
    const pepper = await pepperKey(c.env.PEPPER)
    await signOut(c.var.db, c.var.user, await ipHash(c, pepper))
  }
  clearSessionCookie(c)
  // Nothing personal stays behind in this browser: no cached page, no stored data. (The device
  // cookie stays: it opens nothing, and keeps the learner's own sign-in lane.)
  c.header('Clear-Site-Data', '"cache", "storage"')
  return redirectAfterPost(c, '/signed-out')
})

auth.get('/signed-out', (c) =>
  render(c, {
    title: 'You have signed out',
    body: <SignedOutPage />,
    announce: 'You have signed out.',
  }),
)

// After the account is deleted: a calm goodbye, signed out.
auth.get('/goodbye', (c) =>
  render(c, {
    title: 'Your account has been deleted',
    body: <GoodbyePage />,
    announce: 'Your account has been deleted.',
  }),
)

auth.get('/recover', (c) => render(c, { title: 'Reset your password', body: <RecoverForm /> }))

auth.post('/recover', async (c) => {
  const form = await readForm(c)
  const values = formValues(form)
  const failed = (errors: Record<string, string>) => {
    const panel = <RecoverForm errors={errors} values={values} />
    return render(c, {
      status: 422,
      title: 'Reset your password',
      hasErrors: true,
      body: panel,
      fragment: panel,
    })
  }
  const parsed = recoverSchema.safeParse(form)
  if (!parsed.success) return failed(fieldErrors(parsed.error))
  const pepper = await pepperKey(c.env.PEPPER)
  const hash = await emailHash(pepper, parsed.data.email)
  const guess = await countGuess(c, pepper, 'recover', hash)
  if (guess.wait) return tooManyAttempts(c, guess.wait)
  const result = await recoverAccount(
    c.var.db,
    pepper,
    { emailHash: hash, code: parsed.data.code, password: parsed.data.password },
    await ipHash(c, pepper),
    deviceHint(c.req.header('User-Agent')),
  )
  if (!result) return failed({ code: 'The email address or recovery code is not right' })
  setSessionCookie(c, result.token)
  return redirectAfterPost(c, '/recovery-code?after=recovery')
})

auth.get('/recovery-code', requireUser, async (c) => {
  const code = await pendingRecoveryCode(c.var.user!)
  if (!code) return c.redirect('/', 303)
  // A brand-new account has no other sessions or history to speak of; a reset or a renewal does.
  const asked = c.req.query('after')
  const after = asked === 'recovery' || asked === 'renewed' ? asked : 'sign-up'
  return render(c, {
    title: after === 'renewed' ? 'Your new recovery code' : 'Your recovery code',
    body: <RecoveryCodePage code={code} after={after} />,
  })
})

auth.post('/recovery-code/saved', requireUser, async (c) => {
  await acknowledgeRecoveryCode(c.var.db, c.var.user!)
  // A code renewed from the account page goes back there; a new account goes home.
  const renewed = oneValue((await readForm(c)).after) === 'renewed'
  return redirectAfterPost(c, renewed ? '/account?changed=renewed' : '/')
})
