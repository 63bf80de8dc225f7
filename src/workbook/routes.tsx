/** The workbook: resume, contents, the exercise page, and saving answers. */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../env'
import { attemptSignIn } from '../auth/sign-in'
import { requireUser, type SessionUser } from '../auth/session'
import { tooManyAttempts } from '../auth/routes'
import {
  findAnswerablePlacement,
  findFrontier,
  loadContents,
  loadExercise,
  type ExerciseData,
  type Placement,
} from '../db/workbook'
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
  return render(c, {
    page: <ContentsPage nonce={nonce(c)} parts={tree.parts} current={tree.current} />,
  })
})

/** Loads, decrypts and renders an exercise page (or its thread fragment) with an optional override. */
async function exercisePage(
  c: Context<AppEnv>,
  data: ExerciseData,
  opts: { override?: Override; status?: 200 | 409 | 422 } = {},
) {
  const thread = buildThread(data.placements, await openAnswers(c.var.user!, data.answers))
  const error =
    opts.override?.mode === 'invalid'
      ? { localId: opts.override.localId, message: opts.override.error }
      : undefined
  const page = (
    <ExercisePage
      nonce={nonce(c)}
      context={data.context}
      error={error}
      blocks={renderThread(data, thread, { override: opts.override })}
    />
  )
  const target = opts.override
    ? thread.items.find((i) => i.localId === opts.override!.localId)
    : undefined
  const fragment = target
    ? renderItem(target, { override: opts.override, inlineSummary: true, autofocus: true })
    : undefined
  return render(c, { status: opts.status ?? 200, page, fragment })
}

workbook.get('/:exerciseId', requireUser, async (c) => {
  const data = await loadExercise(c.var.db, c.var.user!.id, c.req.param('exerciseId'))
  if (!data) return c.notFound()
  if (isLocked(data))
    return render(c, {
      page: <NotYetPage nonce={nonce(c)} context={data.context} frontier={data.frontier!} />,
    })
  return exercisePage(c, data)
})

workbook.get('/:exerciseId/answers/:placementId/edit', requireUser, async (c) => {
  const data = await loadExercise(c.var.db, c.var.user!.id, c.req.param('exerciseId'))
  const placement = data?.placements.find(
    (p) => p.id === c.req.param('placementId') && p.kind !== 'content',
  )
  if (!data || !placement || isLocked(data)) return c.notFound()
  // Only the learner's own answers exist for them: an unanswered (or someone else's) answer is not found.
  if (!data.answers.some((a) => a.placementId === placement.id)) return c.notFound()
  return exercisePage(c, data, { override: { mode: 'edit', localId: localIdOf(placement) } })
})

/**
 * A save that arrives after the session ended. With credentials (the held sign-in form posts back
 * here) it signs in and returns null, so the save carries on. Otherwise it answers with the
 * sign-in form holding the learner's words, so nothing they typed is lost.
 */
async function signInToSave(
  c: Context<AppEnv>,
  form: Record<string, unknown>,
): Promise<Response | null> {
  const held = { action: c.req.path, values: formValues(form) }
  if (typeof form.email === 'string' || typeof form.password === 'string') {
    const attempt = await attemptSignIn(c, form)
    if (attempt.status === 'ok') return null
    if (attempt.status === 'limited') return tooManyAttempts(c, attempt.retryAfter)
    return render(c, {
      status: 422,
      page: <HeldAnswerSignInPage nonce={nonce(c)} held={held} errors={attempt.errors} />,
    })
  }
  if (isPartial(c)) {
    c.header('HX-Retarget', '#main')
    c.header('HX-Reswap', 'innerHTML')
    const message = 'Your session ended. Sign in to save your answer.'
    return c.html(
      <>
        <HeldAnswerSignInPanel held={held} />
        <StatusUpdate message={message} />
      </>,
    )
  }
  return render(c, { status: 401, page: <HeldAnswerSignInPage nonce={nonce(c)} held={held} /> })
}

/** After a save: 303 to the next block, or for htmx the saved block and every block it opens up. */
async function afterSave(
  c: Context<AppEnv>,
  user: SessionUser,
  placement: Placement,
  nextId: string | null,
  wasEdit: boolean,
) {
  const localId = localIdOf(placement)
  const exerciseId = placement.exerciseId
  if (!isPartial(c)) {
    // A first answer moves the reader on to the next block (or the end); an edit stays put.
    const anchor = wasEdit ? localId : nextId ? localIdOf({ id: nextId, exerciseId }) : 'end'
    return redirectAfterPost(c, `/workbook/${exerciseId}#b-${anchor}`)
  }
  const data = await loadExercise(c.var.db, user.id, exerciseId)
  if (!data) return c.notFound()
  const thread = buildThread(data.placements, await openAnswers(user, data.answers))
  const index = thread.items.findIndex((i) => i.localId === localId)
  if (index < 0) return redirectAfterPost(c, `/workbook/${exerciseId}`)
  // An edit swaps back just its block; a first answer also appends what it opens, focused on the first new block.
  const blocks = wasEdit ? (
    renderItem(thread.items[index]!, { autofocus: true })
  ) : (
    <>
      {renderItem(thread.items[index]!, {})}
      {renderThread(data, thread, { from: index + 1, autofocusFirst: true })}
    </>
  )
  c.header('Vary', 'HX-Request')
  return c.html(
    <>
      {blocks}
      <StatusUpdate message={wasEdit ? 'Your change is saved.' : 'Saved.'} />
    </>,
  )
}

/** Re-renders the exercise with one question overridden: invalid (422) or in conflict (409). */
async function answerProblem(
  c: Context<AppEnv>,
  user: SessionUser,
  placement: Placement,
  problem: (wasAnswered: boolean) => Override,
) {
  const data = await loadExercise(c.var.db, user.id, placement.exerciseId)
  if (!data) return c.notFound()
  const override = problem(data.answers.some((a) => a.placementId === placement.id))
  return exercisePage(c, data, { status: override.mode === 'conflict' ? 409 : 422, override })
}

workbook.post('/:exerciseId/answers/:placementId', async (c) => {
  const form = await c.req.parseBody({ all: true })
  if (!c.var.user) {
    const response = await signInToSave(c, form)
    if (response) return response
  }
  const user = c.var.user!
  const found = await findAnswerablePlacement(
    c.var.db,
    c.req.param('exerciseId'),
    c.req.param('placementId'),
  )
  if (!found) return c.notFound()
  const { placement, nextId } = found
  const localId = localIdOf(placement)
  const parsed = parseAnswer(placement, form)
  if (!parsed.ok) {
    const { error, typed, baseVersion: version } = parsed
    return answerProblem(c, user, placement, (wasAnswered) => ({
      mode: 'invalid',
      localId,
      error,
      typed,
      version,
      wasAnswered,
    }))
  }
  const result = await storeAnswer(c.var.db, user, placement, parsed.value, parsed.baseVersion)
  if (result.status === 'saved') {
    return afterSave(c, user, placement, nextId, parsed.baseVersion > 0)
  }
  return answerProblem(c, user, placement, () => ({
    mode: 'conflict',
    localId,
    mine: result.mine,
    saved: result.saved,
  }))
})
