/**
 * One sign-in attempt from a posted form, shared by the sign-in page and by a save that arrives
 * after the session ended (the learner signs in and their held answer is saved in one step).
 */
import { deviceHint } from './device-hint'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { fieldErrors } from '../lib/forms'
import { emailHash, signIn } from './accounts'
import { pepperKey } from './pepper'
import { setDeviceCookie } from './device'
import { countGuess, ipHash } from './rate-limit'
import { signInSchema } from './schemas'
import type { SessionUser } from '../env'
import { presentedSessionId, setSessionCookie } from './session'

export type SignInAttempt =
  | { status: 'ok'; user: SessionUser }
  | { status: 'invalid'; errors: Record<string, string> }
  | { status: 'limited'; retryAfter: number }

/** The one message for an unknown email and a wrong password alike. */
export const SIGN_IN_FAILED = 'The email address or password is not right'

/**
 * Validates, rate-limits (before any bcrypt), checks the password, opens a session (ending the
 * one whose cookie came with the request) and sets the session and device cookies. On success
 * `c.var.user` is the newly signed-in learner.
 */
export async function attemptSignIn(
  c: Context<AppEnv>,
  form: Record<string, unknown>,
): Promise<SignInAttempt> {
  const parsed = signInSchema.safeParse(form)
  if (!parsed.success) return { status: 'invalid', errors: fieldErrors(parsed.error) }
  const pepper = await pepperKey(c.env.PEPPER)
  const hash = await emailHash(pepper, parsed.data.email)
  const guess = await countGuess(c, pepper, 'sign-in', hash)
  if (guess.wait) return { status: 'limited', retryAfter: guess.wait }
  const result = await signIn(
    c.var.db,
    pepper,
    { emailHash: hash, password: parsed.data.password },
    await ipHash(c, pepper),
    {
      endSessionId: await presentedSessionId(c),
      extra: guess.clearOwn(c.var.db),
      device: deviceHint(c.req.header('User-Agent')),
    },
  )
  if (!result) return { status: 'invalid', errors: { email: SIGN_IN_FAILED } }
  setSessionCookie(c, result.token)
  await setDeviceCookie(c, pepper, hash, guess.deviceId)
  c.set('user', result.user)
  return { status: 'ok', user: result.user }
}
