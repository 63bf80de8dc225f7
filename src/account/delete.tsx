/**
 * Deleting the account, in three steps: the password again (with the export offered first), a
 * plain confirmation page, then one batch that deletes every row of the learner in every table
 * on the list of the learner's data (src/db/erase.ts). Mounted under /account, behind sign-in.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../env'
import { accountEmail, emailHash } from '../auth/accounts'
import { clearDeviceCookie } from '../auth/device'
import { pepperKey } from '../auth/pepper'
import { accountRateLimitKeys } from '../auth/rate-limit'
import { confirmSchema } from '../auth/schemas'
import { clearSessionCookie } from '../auth/session'
import { confirmPassword, requireRecentPassword } from '../auth/sudo'
import { eraseLearner } from '../db/erase'
import { commit } from '../db/query'
import { nowIso } from '../lib/bytes'
import { tooManyAttempts } from '../lib/errors'
import { fieldErrors, readForm } from '../lib/forms'
import { redirectAfterPost, render } from '../lib/render'
import { DeleteAccountPage, DeleteConfirmPage } from '../../views/account/delete-pages'

export const deletion = new Hono<AppEnv>()

const TITLE = 'Delete your account'

function deletePage(c: Context<AppEnv>, errors?: Record<string, string>) {
  return render(c, {
    status: errors ? 422 : 200,
    title: TITLE,
    hasErrors: Boolean(errors),
    body: <DeleteAccountPage errors={errors} />,
  })
}

// Step 1: what deletion does, the export first, and the password again.
deletion.get('/', (c) => deletePage(c))

deletion.post('/', async (c) => {
  const parsed = confirmSchema.safeParse(await readForm(c))
  if (!parsed.success) return deletePage(c, fieldErrors(parsed.error))
  const confirmed = await confirmPassword(c, parsed.data.password)
  if (!confirmed.ok && confirmed.wait) return tooManyAttempts(c, confirmed.wait)
  if (!confirmed.ok) return deletePage(c, { password: 'The password is not right' })
  return redirectAfterPost(c, '/account/delete/confirm')
})

// Step 2: the last check, only within 10 minutes of the password.
deletion.get('/confirm', requireRecentPassword('/account/delete'), (c) =>
  render(c, { title: 'Are you sure?', body: <DeleteConfirmPage /> }),
)

// Step 3: everything goes, in one batch; then this browser forgets the learner too.
deletion.post('/confirm', requireRecentPassword('/account/delete'), async (c) => {
  const user = c.var.user!
  const pepper = await pepperKey(c.env.PEPPER)
  const hash = await emailHash(pepper, await accountEmail(user))
  const keys = await accountRateLimitKeys(c, pepper, { userId: user.id, emailHash: hash })
  await commit(c.var.db, eraseLearner(c.var.db, user.id, keys, nowIso(Date.now())))
  clearSessionCookie(c)
  clearDeviceCookie(c)
  c.header('Clear-Site-Data', '"cache", "storage"')
  return redirectAfterPost(c, '/goodbye')
})
