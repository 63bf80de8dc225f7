/** Sign up, sign in, sign out, recovery, and the once-only recovery code page. */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../env'
import { fieldErrors, formValues } from '../lib/forms'
import { isPartial, redirectAfterPost, render, safeNext } from '../lib/render'
import {
  RecoverForm,
  RecoverPage,
  RecoveryCodePage,
  SignInForm,
  SignInPage,
  SignUpForm,
  SignUpPage,
} from '../../views/auth/auth-pages'
import { SignedOutPage } from '../../views/auth/account-pages'
import { TooManyAttempts, TooManyAttemptsPage } from '../../views/layout/error-pages'
import {
  acknowledgeRecoveryCode,
  createAccount,
  emailHash,
  pendingRecoveryCode,
  recoverAccount,
  signOut,
} from './accounts'
import { pepperKey, hmacHex } from './pepper'
import { clientIp, countAttempt, LIMITS } from './rate-limit'
import { clearSessionCookie, requireUser, setSessionCookie } from './session'
import { recoverSchema, signUpSchema } from './schemas'
import { attemptSignIn } from './sign-in'

export const auth = new Hono<AppEnv>()

const nonce = (c: Context<AppEnv>) => c.get('secureHeadersNonce')

/** 429 with Retry-After and a calm page. */
export function tooManyAttempts(c: Context<AppEnv>, seconds: number) {
  c.header('Retry-After', String(seconds))
  const minutes = Math.ceil(seconds / 60)
  // htmx: replace the whole of <main>, not the form that was posted.
  if (isPartial(c)) {
    c.header('HX-Retarget', '#main')
    c.header('HX-Reswap', 'innerHTML')
  }
  return render(c, {
    status: 429,
    page: (
      <TooManyAttemptsPage nonce={nonce(c)} signedIn={!!c.var.user} retryAfterMinutes={minutes} />
    ),
    fragment: <TooManyAttempts retryAfterMinutes={minutes} />,
  })
}

async function ipHashOf(c: Context<AppEnv>, pepper: CryptoKey) {
  return hmacHex(pepper, 'ip', clientIp(c))
}

auth.get('/sign-up', (c) => {
  if (c.var.user) return c.redirect('/', 303)
  return render(c, { page: <SignUpPage nonce={nonce(c)} /> })
})

auth.post('/sign-up', async (c) => {
  const form = await c.req.parseBody()
  const values = formValues(form)
  const parsed = signUpSchema.safeParse(form)
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error)
    return render(c, {
      status: 422,
      page: <SignUpPage nonce={nonce(c)} errors={errors} values={values} />,
      fragment: <SignUpForm errors={errors} values={values} />,
    })
  }
  const pepper = await pepperKey(c.env.PEPPER)
  const wait = await countAttempt(c, pepper, [[LIMITS.signUpIp, clientIp(c)]])
  if (wait) return tooManyAttempts(c, wait)
  const result = await createAccount(c.var.db, pepper, parsed.data, await ipHashOf(c, pepper))
  if (result === 'taken') {
    const errors = {
      email:
        'An account with this email address already exists. Sign in instead, or use another address',
    }
    return render(c, {
      status: 422,
      page: <SignUpPage nonce={nonce(c)} errors={errors} values={values} />,
      fragment: <SignUpForm errors={errors} values={values} />,
    })
  }
  setSessionCookie(c, result.token)
  return redirectAfterPost(c, '/recovery-code')
})

auth.get('/sign-in', (c) => {
  const next = c.req.query('next')
  if (c.var.user) return c.redirect(safeNext(next), 303)
  const notice = next
    ? 'Please sign in to carry on. Your session ends after a while without activity, to keep your writing private.'
    : undefined
  return render(c, { page: <SignInPage nonce={nonce(c)} next={next} notice={notice} /> })
})

auth.post('/sign-in', async (c) => {
  const form = await c.req.parseBody()
  const values = formValues(form)
  const next = typeof form.next === 'string' ? form.next : undefined
  const attempt = await attemptSignIn(c, form)
  if (attempt.status === 'limited') return tooManyAttempts(c, attempt.retryAfter)
  if (attempt.status === 'invalid') {
    const errors = attempt.errors
    return render(c, {
      status: 422,
      page: <SignInPage nonce={nonce(c)} errors={errors} values={values} next={next} />,
      fragment: <SignInForm errors={errors} values={values} next={next} />,
    })
  }
  return redirectAfterPost(c, safeNext(next))
})

auth.post('/sign-out', async (c) => {
  if (c.var.user) {
    const pepper = await pepperKey(c.env.PEPPER)
    await signOut(c.var.db, c.var.user, await ipHashOf(c, pepper))
  }
  clearSessionCookie(c)
  return redirectAfterPost(c, '/signed-out')
})

auth.get('/signed-out', (c) => render(c, { page: <SignedOutPage nonce={nonce(c)} /> }))

auth.get('/recover', (c) => render(c, { page: <RecoverPage nonce={nonce(c)} /> }))

auth.post('/recover', async (c) => {
  const form = await c.req.parseBody()
  const values = formValues(form)
  const parsed = recoverSchema.safeParse(form)
  const failed = (errors: Record<string, string>) =>
    render(c, {
      status: 422,
      page: <RecoverPage nonce={nonce(c)} errors={errors} values={values} />,
      fragment: <RecoverForm errors={errors} values={values} />,
    })
  if (!parsed.success) return failed(fieldErrors(parsed.error))
  const pepper = await pepperKey(c.env.PEPPER)
  const hash = await emailHash(pepper, parsed.data.email)
  const wait = await countAttempt(c, pepper, [
    [LIMITS.recoverIp, clientIp(c)],
    [LIMITS.recoverAccount, hash],
  ])
  if (wait) return tooManyAttempts(c, wait)
  const result = await recoverAccount(
    c.var.db,
    pepper,
    { emailHash: hash, code: parsed.data.code, password: parsed.data.password },
    await ipHashOf(c, pepper),
  )
  if (!result) return failed({ code: 'The email address or recovery code is not right' })
  setSessionCookie(c, result.token)
  return redirectAfterPost(c, '/recovery-code?after=recovery')
})

auth.get('/recovery-code', requireUser, async (c) => {
  const code = await pendingRecoveryCode(c.var.user!)
  if (!code) return c.redirect('/', 303)
  // A brand-new account has no other sessions or history to speak of; a recovery does.
  const isNew = c.req.query('after') !== 'recovery'
  return render(c, { page: <RecoveryCodePage nonce={nonce(c)} code={code} isNew={isNew} /> })
})

auth.post('/recovery-code/saved', requireUser, async (c) => {
  await acknowledgeRecoveryCode(c.var.db, c.var.user!)
  return redirectAfterPost(c, '/')
})
