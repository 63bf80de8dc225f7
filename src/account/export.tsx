/**
 * The learner's data, taken away: `/account/export.json` (for restoring). Every download needs a
 * recent password (sudo mode), is counted against a per-account limit, and is written to the
 * learner's security log without any content.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../env'
import { accountEmail, displayName } from '../auth/accounts'
import { pepperKey } from '../auth/pepper'
import { countAttempt, ipHash, LIMITS } from '../auth/rate-limit'
import { requireRecentPassword } from '../auth/sudo'
import { auditStatement, type AuditEvent } from '../db/audit'
import { ROWS_TABLES } from '../db/learner-data'
import { learnerRowsQuery } from '../db/learner-rows'
import { commit, run } from '../db/query'
import { nowIso } from '../lib/bytes'
import { tooManyAttempts } from '../lib/errors'
import { buildExport, type ExportDocument } from './transfer'

export const exports = new Hono<AppEnv>()

/** Everything the learner has, as one document, decrypted with the session's key. */
export async function learnerDocument(
  c: Context<AppEnv>,
  now = new Date(),
): Promise<ExportDocument> {
  const user = c.var.user!
  const [stored, email, name] = await Promise.all([
    run(c.var.db, learnerRowsQuery(c.var.db, ROWS_TABLES, user.id)),
    accountEmail(user),
    displayName(user).catch(() => null),
  ])
  return buildExport(user, stored, { email, displayName: name }, now)
}

/**
 * Counts a download against the learner's limit and logs it. Returns the response to send
 * instead (the wait page) when the limit is reached, or null to go ahead.
 */
export async function countDownload(c: Context<AppEnv>, event: AuditEvent) {
  const user = c.var.user!
  const pepper = await pepperKey(c.env.PEPPER)
  const wait = await countAttempt(c, pepper, [[LIMITS.exportAccount, user.id]], {
    userId: user.id,
  })
  if (wait) return tooManyAttempts(c, wait)
  await commit(c.var.db, [
    auditStatement(c.var.db, event, user.id, await ipHash(c, pepper), nowIso(Date.now())),
  ])
  return null
}

/** `dreamtree-2026-12-02.json`: the day of the export in the name, so copies sort. */
export const downloadName = (now: Date, extension: string) =>
  `dreamtree-${now.toISOString().slice(0, 10)}.${extension}`

exports.get('/export.json', requireRecentPassword(), async (c) => {
  const refused = await countDownload(c, 'exported-json')
  if (refused) return refused
  const now = new Date()
  const document = await learnerDocument(c, now)
  c.header('Content-Type', 'application/json; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="${downloadName(now, 'json')}"`)
  return c.body(JSON.stringify(document, null, 2))
})
