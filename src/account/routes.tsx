/** The learner's account: who they are signed in as, and changing the password. */
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { accountEmail, changePassword } from '../auth/accounts'
import { pepperKey } from '../auth/pepper'
import { countAttempt, ipHash, LIMITS } from '../auth/rate-limit'
import { requireUser, setSessionCookie } from '../auth/session'
import { changePasswordSchema } from '../auth/schemas'
import { tooManyAttempts } from '../lib/errors'
import { fieldErrors, readForm } from '../lib/forms'
import { render } from '../lib/render'
import { AccountPage } from '../../views/account/account-page'

export const account = new Hono<AppEnv>()

account.use('*', requireUser)

account.get('/', async (c) => {
  const status =
    c.req.query('changed') === 'password'
      ? 'Your password has been changed. Other devices have been signed out.'
      : undefined
  return render(c, {
    title: 'Your account',
    body: <AccountPage email={await accountEmail(c.var.user!)} status={status} />,
    announce: status,
  })
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
      body: <AccountPage email={await accountEmail(user)} errors={errors} />,
    })
  if (!parsed.success) return failed(fieldErrors(parsed.error))
  const pepper = await pepperKey(c.env.PEPPER)
  const wait = await countAttempt(c, pepper, [[LIMITS.passwordChangeAccount, user.id]], {
    userId: user.id,
  })
  if (wait) return tooManyAttempts(c, wait)
  const changed = await changePassword(c.var.db, pepper, user, parsed.data, await ipHash(c, pepper))
  if (!changed) return failed({ current: 'Your current password is not right' })
  // Every session ended in the change, this one too: this browser carries on with a fresh one.
  setSessionCookie(c, changed.token)
  return c.redirect('/account?changed=password', 303)
})
