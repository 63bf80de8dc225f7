/** The workbook: resume, contents, the exercise page, and saving answers. */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../env'
import { attemptSignIn } from '../auth/sign-in'
import { requireUser, type SessionUser } from '../auth/session'
import { tooManyAttempts } from '../auth/routes'
import { findAnswerablePlacement, findFrontier, loadContents, loadExercise, type ExerciseData } from '../db/workbook'
import { isPartial, redirectAfterPost, render } from '../lib/render'
import { formValues } from '../lib/forms'
import { StatusUpdate } from '../../views/layout/layout'
import { ExercisePage, NotYetPage } from '../../views/workbook/exercise-page'
import { ContentsPage } from '../../views/workbook/contents-page'
import { HeldAnswerSignInPage, HeldAnswerSignInPanel } from '../../views/workbook/held-answer'
import { openAnswers, parseAnswer, storeAnswer } from './answers'
import { contentsTree } from './contents'
import { renderItem, renderThread, type Override } from './exercise-view'
import { buildThread, localIdOf } from './thread'

export const workbook = new Hono<AppEnv>()

const nonce = (c: Context<AppEnv>) => c.get('secureHeadersNonce')
const isLocked = (data: ExerciseData) => !!data.frontier && data.context.seq > data.frontier.seq

workbook.get('/', requireUser, async (c) => {
  const frontier = await findFrontier(c.var.db, c.var.user!.id)
  return c.redirect(frontier ? `/workbook/${frontier.id}` : '/workbook/contents', 303)
})

workbook.get('/contents', requireUser, async (c) => {
  const tree = contentsTree(await loadContents(c.var.db, c.var.user!.id))
  return render(c, { page: <ContentsPage nonce={nonce(c)} parts={tree.parts} current={tree.current} /> })
})

/** Loads, decrypts and renders an exercise page (or its thread fragment) with an optional override. */
async function exercisePage(c: Context<AppEnv>, data: ExerciseData, opts: { override?: Override; status?: 200 | 409 | 422 } = {}) {
  const thread = buildThread(data.placements, await openAnswers(c.var.user!, data.answers))
  const error = opts.override?.mode === 'invalid' ? { localId: opts.override.localId, message: opts.override.error } : undefined
  const page = (
    <ExercisePage nonce={nonce(c)} context={data.context} error={error} blocks={renderThread(data, thread, { override: opts.override })} />
  )
  const target = opts.override ? thread.items.find((i) => i.localId === opts.override!.localId) : undefined
  const fragment = target ? renderItem(target, { override: opts.override, inlineSummary: true, autofocus: true }) : undefined
  return render(c, { status: opts.status ?? 200, page, fragment })
}

workbook.get('/:exerciseId', requireUser, async (c) => {
  const data = await loadExercise(c.var.db, c.var.user!.id, c.req.param('exerciseId'))
  if (!data) return c.notFound()
  if (isLocked(data)) return render(c, { page: <NotYetPage nonce={nonce(c)} context={data.context} frontier={data.frontier!} /> })
  return exercisePage(c, data)
})

workbook.get('/:exerciseId/answers/:placementId/edit', requireUser, async (c) => {
  const data = await loadExercise(c.var.db, c.var.user!.id, c.req.param('exerciseId'))
  const placement = data?.placements.find((p) => p.id === c.req.param('placementId') && p.kind !== 'content')
  if (!data || !placement || isLocked(data)) return c.notFound()
  // Only the learner's own answers exist for them: an unanswered (or someone else's) answer is not found.
  if (!data.answers.some((a) => a.placementId === placement.id)) return c.notFound()
  return exercisePage(c, data, { override: { mode: 'edit', localId: localIdOf(placement) } })
})

workbook.post('/:exerciseId/answers/:placementId', async (c) => {
  const form = await c.req.parseBody({ all: true })
  const exerciseId = c.req.param('exerciseId')
  const placementId = c.req.param('placementId')
  if (!c.var.user) {
    // The session ended while the learner was writing. Hold their answer in the sign-in form;
    // signing in there posts it back here, and it is saved then.
    const values = formValues(form)
    const held = { action: c.req.path, values }
    const hasCredentials = typeof form.email === 'string' || typeof form.password === 'string'
    if (hasCredentials) {
      const attempt = await attemptSignIn(c, form)
      if (attempt.status === 'limited') return tooManyAttempts(c, attempt.retryAfter)
      if (attempt.status === 'invalid') {
        return c.html(<HeldAnswerSignInPage nonce={nonce(c)} held={held} errors={attempt.errors} />, 422)
      }
    } else if (isPartial(c)) {
      c.header('HX-Retarget', '#main')
      c.header('HX-Reswap', 'innerHTML')
      return c.html(<><HeldAnswerSignInPanel held={held} /><StatusUpdate message="Your session ended. Sign in to save your answer." /></>, 200)
    } else {
      return c.html(<HeldAnswerSignInPage nonce={nonce(c)} held={held} />, 401)
    }
  }
  const user = c.var.user as SessionUser
  const placement = await findAnswerablePlacement(c.var.db, exerciseId, placementId)
  if (!placement) return c.notFound()
  const localId = localIdOf(placement)
  const parsed = parseAnswer(placement, form)
  if (!parsed.ok) {
    const data = await loadExercise(c.var.db, user.id, exerciseId)
    if (!data) return c.notFound()
    const wasAnswered = data.answers.some((a) => a.placementId === placement.id)
    return exercisePage(c, data, {
      status: 422,
      override: { mode: 'invalid', localId, error: parsed.error, typed: parsed.typed, version: parsed.baseVersion, wasAnswered },
    })
  }
  const result = await storeAnswer(c.var.db, user, placement, parsed.value, parsed.baseVersion)
  const data = await loadExercise(c.var.db, user.id, exerciseId)
  if (!data) return c.notFound()
  if (result.status === 'conflict') {
    return exercisePage(c, data, { status: 409, override: { mode: 'conflict', localId, mine: result.mine, saved: result.saved } })
  }
  c.header('Vary', 'HX-Request')
  if (!isPartial(c)) return c.redirect(`/workbook/${exerciseId}#b-${localId}`, 303)
  // HTMX: the saved block, and (for a first answer) every block it opens up, focused on the first new one.
  const thread = buildThread(data.placements, await openAnswers(user, data.answers))
  const index = thread.items.findIndex((i) => i.localId === localId)
  if (index < 0) return redirectAfterPost(c, `/workbook/${exerciseId}`)
  const wasEdit = parsed.baseVersion > 0
  const blocks = wasEdit
    ? renderItem(thread.items[index]!, { autofocus: true })
    : (
        <>
          {renderItem(thread.items[index]!, {})}
          {renderThread(data, thread, { from: index + 1, autofocusFirst: true })}
        </>
      )
  return c.html(<>{blocks}<StatusUpdate message={wasEdit ? 'Your change is saved.' : 'Saved.'} /></>)
})
