/**
 * Restoring from a JSON export (issue 12 §4): upload → preview → confirm. The uploaded file is
 * checked with zod and staged encrypted under the learner's key (never in clear); the preview
 * shows what it holds; the confirmation replaces every table of the learner's material in one
 * batch, so a failure part-way changes nothing. Every step needs a recent password (sudo mode).
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv, SessionUser } from '../env'
import { accountEmail, displayNameContext } from '../auth/accounts'
import { decryptText, encryptText } from '../auth/keys'
import { pepperKey } from '../auth/pepper'
import { countAttempt, ipHash, LIMITS } from '../auth/rate-limit'
import { requireRecentPassword } from '../auth/sudo'
import { auditStatement } from '../db/audit'
import { ROWS_TABLES, type RowsTableName } from '../db/learner-data'
import {
  clearStagedImport,
  replaceLearnerRows,
  stagedImportQuery,
  stageImport,
  unknownPlacementsQuery,
} from '../db/learner-rows'
import { commit, run } from '../db/query'
import { setDisplayName } from '../db/users'
import { nowIso } from '../lib/bytes'
import { tooManyAttempts } from '../lib/errors'
import { readForm } from '../lib/forms'
import { logProblem } from '../lib/log'
import { redirectAfterPost, render } from '../lib/render'
import { ImportPage, ImportPreview, type ImportCount } from '../../views/account/import-page'
import {
  documentCounts,
  MAX_IMPORT_BYTES,
  placementsNamed,
  readExport,
  sealDocument,
  type ExportDocument,
  type ImportProblem,
} from './transfer'

export const imports = new Hono<AppEnv>()

/** Where the upload is posted: the one route with a body larger than a form's. */
export const IMPORT_PATH = '/account/import'

const MAX_MB = MAX_IMPORT_BYTES / (1024 * 1024)

/** What each problem with a file means, and what to do, in words for the learner. */
const PROBLEMS: Record<ImportProblem | 'missing' | 'too-large' | 'unknown-blocks', string> = {
  missing: 'Choose your export file to upload',
  'too-large': `The file is larger than ${MAX_MB} MB, more than any DreamTree export. Check that you chose the right file`,
  'not-json':
    'The file is not a DreamTree export: it is not JSON. Choose the .json file you downloaded, or dreamtree-export.json from inside the ZIP',
  'not-export':
    'The file is JSON, but not a DreamTree export. Choose the .json file you downloaded from your account page',
  'future-version':
    'This file was made by a newer version of DreamTree than this one, so it cannot be restored here yet. Nothing has changed',
  'other-workbook':
    'This file belongs to another edition of the workbook, so its answers would not fit this one. Nothing has changed',
  'unknown-blocks':
    'Some of the answers in this file belong to exercises this workbook does not have, so it cannot be restored. Nothing has changed',
  malformed:
    'Part of this file has been changed or damaged, so it cannot be restored. Nothing has changed',
}

/** The words for each kind of row, singular in the preview's table. */
const KINDS: Record<RowsTableName, string> = {
  user_settings: 'Settings',
  answers: 'Answers',
  answer_revisions: 'Earlier versions of answers',
  list_items: 'List items',
  user_skills: 'Skills',
  skill_mastery: 'Skill levels',
  ranked_items: 'Ranked items',
  stories: 'Stories',
  story_skills: 'Skills tagged in stories',
  competency_ratings: 'Competency ratings',
  personality_results: 'Personality results',
  flow_entries: 'Flow log entries',
  life_balance_rounds: 'Life balance rounds',
  life_balance_scores: 'Life balance scores',
  budget_lines: 'Budget lines',
  mindset_profiles: 'Mindset profiles',
  reframes: 'Reframes',
  idea_nodes: 'Ideas in idea trees',
  milestones: 'Timeline milestones',
  career_options: 'Career options',
}

/** The staged file is sealed in pieces of this many characters. */
const STAGE_CHARS = 256 * 1024
const stagingContext = (userId: string, chunk: number) => `import-staging:${userId}:${chunk}`

async function sealStaged(user: SessionUser, text: string): Promise<string[]> {
  const pieces: string[] = []
  for (let at = 0; at < text.length; at += STAGE_CHARS)
    pieces.push(text.slice(at, at + STAGE_CHARS))
  return Promise.all(
    pieces.map((piece, i) => encryptText(user.dataKey, piece, stagingContext(user.id, i))),
  )
}

/** The learner's staged file, opened and checked again; null if there is none or it is not good. */
async function stagedDocument(
  c: Context<AppEnv>,
): Promise<{ document: ExportDocument; stagedAt: string } | null> {
  const user = c.var.user!
  const staged = await run(c.var.db, stagedImportQuery(c.var.db, user.id))
  if (!staged) return null
  try {
    const pieces = await Promise.all(
      staged.chunks.map((ct, i) => decryptText(user.dataKey, ct, stagingContext(user.id, i))),
    )
    const read = readExport(pieces.join(''))
    return read.ok ? { document: read.document, stagedAt: staged.stagedAt } : null
  } catch {
    return null
  }
}

function uploadPage(c: Context<AppEnv>, error?: string) {
  return render(c, {
    status: error ? 422 : 200,
    title: 'Restore your workbook',
    hasErrors: Boolean(error),
    body: <ImportPage maxMb={MAX_MB} errors={error ? { file: error } : undefined} />,
  })
}

imports.get('/import', requireRecentPassword(), (c) => uploadPage(c))

imports.post(
  '/import',
  requireRecentPassword(IMPORT_PATH),
  bodyLimit({
    // The file, and room for the form's own parts around it.
    maxSize: MAX_IMPORT_BYTES + 64 * 1024,
    onError: (c) => uploadPage(c as Context<AppEnv>, PROBLEMS['too-large']),
  }),
  async (c) => {
    const user = c.var.user!
    const pepper = await pepperKey(c.env.PEPPER)
    const wait = await countAttempt(c, pepper, [[LIMITS.importAccount, user.id]], {
      userId: user.id,
    })
    if (wait) return tooManyAttempts(c, wait)
    const file = (await readForm(c)).file
    if (!(file instanceof File) || file.size === 0) return uploadPage(c, PROBLEMS.missing)
    if (file.size > MAX_IMPORT_BYTES) return uploadPage(c, PROBLEMS['too-large'])
    const text = await file.text()
    const read = readExport(text)
    if (!read.ok) return uploadPage(c, PROBLEMS[read.problem])
    const unknown = await run(
      c.var.db,
      unknownPlacementsQuery(c.var.db, [...placementsNamed(read.document)]),
    )
    if (unknown.length) return uploadPage(c, PROBLEMS['unknown-blocks'])
    // Staged as the checked document, so what is confirmed is exactly what was previewed.
    const chunks = await sealStaged(user, JSON.stringify(read.document))
    await commit(c.var.db, stageImport(c.var.db, user.id, chunks, nowIso(Date.now())))
    return redirectAfterPost(c, '/account/import/preview')
  },
)

/** The preview's table: how many of each kind, in the data list's order. */
const countsOf = (document: ExportDocument): ImportCount[] =>
  documentCounts(document).map((c) => ({ label: KINDS[c.table], count: c.rows }))

async function previewPage(
  c: Context<AppEnv>,
  document: ExportDocument,
  errors?: Record<string, string>,
) {
  const email = await accountEmail(c.var.user!)
  return render(c, {
    status: errors ? 422 : 200,
    title: 'Check what the file holds',
    hasErrors: Boolean(errors),
    body: (
      <ImportPreview
        exportedAt={document.exportedAt}
        email={document.profile.email}
        sameAccount={document.profile.email === email}
        counts={countsOf(document)}
        errors={errors}
      />
    ),
  })
}

imports.get('/import/preview', requireRecentPassword(), async (c) => {
  const staged = await stagedDocument(c)
  if (!staged) return c.redirect(IMPORT_PATH, 303)
  return previewPage(c, staged.document)
})

imports.post('/import/confirm', requireRecentPassword(IMPORT_PATH), async (c) => {
  const user = c.var.user!
  const staged = await stagedDocument(c)
  if (!staged) return redirectAfterPost(c, IMPORT_PATH)
  const { document } = staged
  const pepper = await pepperKey(c.env.PEPPER)
  const name = document.profile.displayName
  const statements = [
    ...replaceLearnerRows(c.var.db, user.id, ROWS_TABLES, await sealDocument(user, document)),
    setDisplayName(
      c.var.db,
      user.id,
      name ? await encryptText(user.dataKey, name, displayNameContext(user.id)) : null,
    ),
    clearStagedImport(c.var.db, user.id),
    auditStatement(c.var.db, 'imported', user.id, await ipHash(c, pepper), nowIso(Date.now())),
  ]
  try {
    await commit(c.var.db, statements)
  } catch (error) {
    // One batch: whatever failed, nothing of it was written, and the staged file is still there.
    // Logged as every error is: its kind and the reference, no content and no SQL.
    logProblem(c, error, { level: 'warn', what: 'import refused by the database' })
    return previewPage(c, document, {
      confirm:
        'Part of this file could not be stored, so nothing was restored and your workbook is as it was. The file may have been changed by hand; try a fresh export',
    })
  }
  return redirectAfterPost(c, '/account?changed=imported')
})

imports.post('/import/cancel', async (c) => {
  await commit(c.var.db, [clearStagedImport(c.var.db, c.var.user!.id)])
  return redirectAfterPost(c, '/account?changed=not-imported')
})
