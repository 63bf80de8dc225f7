/**
 * The learner's data, taken away: `/account/export.json` (for restoring), `/account/export.zip`
 * (for reading: the JSON, a README and a Markdown file per part) and `/account/print` (the whole
 * workbook on one page, to print or save as a PDF). Every download needs a recent password (sudo
 * mode), is counted against a per-account limit, and is written to the learner's security log
 * without any content.
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
import { loadOutline } from '../db/outline'
import { render } from '../lib/render'
import { PrintPage } from '../../views/account/print-page'
import { buildExport, type ExportDocument } from './transfer'
import { ownMarkdown, OWN_FILE, partMarkdown, readmeMarkdown } from './markdown'
import { partFileName, readableWorkbook } from './readable'
import { zipStream, type ZipFile } from './zip'

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
  return c.body(exportJson(document))
})

/** The JSON export's text, the same in its own download and inside the ZIP. */
const exportJson = (document: ExportDocument) => JSON.stringify(document, null, 2)

/** The learner's workbook in words, from the document and the workbook's outline. */
async function learnerReadable(c: Context<AppEnv>, document: ExportDocument) {
  return readableWorkbook(document, await loadOutline(c.var.db, c.var.user!.id))
}

/** The ZIP's files: the README first, the JSON for restoring, then a Markdown file per part. */
function zipFiles(document: ExportDocument, workbook: ReturnType<typeof readableWorkbook>) {
  const json = 'dreamtree-export.json'
  const parts = workbook.parts.map((p) => ({ name: partFileName(p), title: p.title, part: p }))
  const own = workbook.own.length ? OWN_FILE : null
  const files: ZipFile[] = [
    { name: 'README.md', text: readmeMarkdown(workbook, { json, parts, own }) },
    { name: json, text: exportJson(document) },
    ...parts.map((p) => ({ name: p.name, text: partMarkdown(p.part) })),
  ]
  if (own) files.push({ name: own, text: ownMarkdown(workbook.own) })
  return files
}

exports.get('/export.zip', requireRecentPassword(), async (c) => {
  const refused = await countDownload(c, 'exported-zip')
  if (refused) return refused
  const now = new Date()
  const document = await learnerDocument(c, now)
  const files = zipFiles(document, await learnerReadable(c, document))
  c.header('Content-Type', 'application/zip')
  c.header('Content-Disposition', `attachment; filename="${downloadName(now, 'zip')}"`)
  return c.body(zipStream(files, now))
})

exports.get('/print', requireRecentPassword(), async (c) => {
  const refused = await countDownload(c, 'printed')
  if (refused) return refused
  const document = await learnerDocument(c)
  return render(c, {
    title: 'Your workbook, to print',
    body: <PrintPage workbook={await learnerReadable(c, document)} />,
    printStyles: true,
  })
})
