/** The workbook: resume, contents, the exercise page, and saving answers. */
import { Hono, type Context } from 'hono'
import type { AnswerablePlacement, ToolPlacement } from '../content/model'
import type { AppEnv, SessionUser } from '../env'
import { requireUser } from '../auth/session'
import { batch, commit } from '../db/query'
import { hitQuery } from '../db/rate-limits'
import { conflictRevisionQuery } from '../db/answers'
import {
  answerablePlacementQuery,
  exerciseQuery,
  findFrontier,
  frontierQuery,
  loadContents,
  loadExercise,
  type ExerciseData,
} from '../db/workbook'
import { pepperKey } from '../auth/pepper'
import { LIMITS, limitStep, lockoutAudit } from '../auth/rate-limit'
import { formValues, oneValue, readForm } from '../lib/forms'
import { isPartial, redirectAfterPost, render, renderFragment, retargetMain } from '../lib/render'
import { ContentsPage } from '../../views/workbook/contents-page'
import { CONFLICT_MESSAGE, ExercisePage, NotYetPage } from '../../views/workbook/exercise-page'
import { UnshownProblem, type Unshown } from '../../views/workbook/held-answer'
import { Thread, ThreadItem, type Override } from '../../views/workbook/thread'
import { actionOf, actOnTool, CONFLICT_NOTICE, saveLimit } from '../tools/act'
import { openToolRefs, toolReadsQuery, type ToolRefs } from '../tools/reads'
import { toolModule } from '../tools/registry'
import { baseVersionOf, openAnswers, type Answer } from './answers'
import { contentsTree } from './contents'
import { siblingValues, threadEnd, threadItems, type ToolOverride } from './present'
import { keepWordsOnFailure, signInToSave } from './held'
import { openConflict, saveAnswer, STORAGE_QUOTA_BYTES } from './save'
import { buildThread, localIdOf } from './thread'
import { sourcesQuery, type SourcesRead } from '../db/sources'
import { resolveConnections, type Connected } from '../connections/resolve'
import { prefillItems } from '../connections/present'

export const workbook = new Hono<AppEnv>()

const isLocked = (data: ExerciseData) => !!data.frontier && data.context.seq > data.frontier.seq
/** The title of an exercise the learner has not reached: it says so. */
const notYetTitle = (title: string) => `Not open yet: ${title}`

workbook.get('/', requireUser, async (c) => {
  const frontier = await findFrontier(c.var.db, c.var.user!.id)
  return c.redirect(frontier ? `/workbook/${frontier.id}` : '/workbook/contents', 303)
})

workbook.get('/contents', requireUser, async (c) => {
  const tree = contentsTree(await loadContents(c.var.db, c.var.user!.id))
  return render(c, {
    title: 'The workbook',
    body: <ContentsPage parts={tree.parts} current={tree.current} />,
  })
})

/**
 * An exercise's data with what its tools read for themselves and what its connections bring
 * back from earlier exercises.
 */
type PageData = { data: ExerciseData; refs: ToolRefs; connected: Connected }

/** The tool reads' scope for this request: the learner, the exercise, the page's search. */
const scopeOf = (c: Context<AppEnv>, exerciseId: string) => ({
  userId: c.var.user!.id,
  exerciseId,
  search: new URL(c.req.url).searchParams,
})

/**
 * An exercise page's data, its tools' reads and its connections' sources: one round trip after
 * the session, however many connections the page has.
 */
async function loadPage(c: Context<AppEnv>, exerciseId: string): Promise<PageData | null> {
  const db = c.var.db
  const user = c.var.user!
  const [data, found, sources] = await batch(db, [
    exerciseQuery(db, user.id, exerciseId),
    toolReadsQuery(db, scopeOf(c, exerciseId)),
    sourcesQuery(db, user.id, exerciseId),
  ])
  return data ? openPage(user, data, found, sources) : null
}

/** Opens what a page's batch read: the tools' refs and the connections, decrypted. */
async function openPage(
  user: SessionUser,
  data: ExerciseData,
  found: ToolRefs,
  sources: SourcesRead,
): Promise<PageData> {
  const [refs, connected] = await Promise.all([
    openToolRefs(found, user),
    resolveConnections(sources, user),
  ])
  return { data, refs, connected }
}

/** The view of an exercise's thread: its items and, when complete, where it leads. */
async function threadOf(
  user: SessionUser,
  page: PageData,
  tool?: ToolOverride,
  replaced?: Answer & { placementId: string },
) {
  const answers = await openAnswers(user, page.data.answers)
  if (replaced) answers.set(replaced.placementId, replaced)
  const thread = buildThread(page.data.placements, answers)
  return {
    items: threadItems(thread, { refs: page.refs, tool, connected: page.connected }),
    end: threadEnd(page.data.context, thread),
  }
}

/** Renders an exercise page, or for htmx the one block an override names. */
async function exercisePage(
  c: Context<AppEnv>,
  page: PageData,
  opts: {
    override?: Override
    tool?: ToolOverride
    status?: 200 | 409 | 422 | 429
    announce?: string
  } = {},
) {
  const data = page.data
  const { items, end } = await threadOf(c.var.user!, page, opts.tool)
  const override = opts.override
  const localId = override?.localId ?? opts.tool?.localId
  const target = localId ? items.find((i) => i.localId === localId) : undefined
  // The block is further on than the thread reaches, or it is a tool that cannot show words
  // sent to it as a plain answer.
  const unshown = !localId
    ? undefined
    : !target
      ? unshownProblem(override, opts.tool, 'later')
      : target.type === 'tool' && override
        ? unshownProblem(override, undefined, 'tool')
        : undefined
  return render(c, {
    status: opts.status ?? 200,
    title: data.context.title,
    hasErrors:
      !!unshown ||
      override?.mode === 'invalid' ||
      override?.mode === 'conflict' ||
      !!opts.tool?.error ||
      !!opts.tool?.notice,
    announce: opts.announce,
    body: (
      <ExercisePage
        place={data.context}
        items={items}
        end={end}
        override={unshown ? undefined : override}
        unshown={unshown}
      />
    ),
    // For htmx, the words replace the stale block, with the summary that links to them.
    fragment: unshown ? (
      <>
        <UnshownProblem unshown={unshown} />
        {target ? <ThreadItem item={target} /> : null}
      </>
    ) : target ? (
      <ThreadItem item={target} override={override} inlineSummary autofocus />
    ) : undefined,
  })
}

/** The problem and the words of an override whose block the page does not show, if any. */
function unshownProblem(
  override: Override | undefined,
  tool: ToolOverride | undefined,
  why: Unshown['why'],
): Unshown | undefined {
  if (override?.mode === 'invalid' || override?.mode === 'conflict') {
    const typed = override.mode === 'invalid' ? override.typed : override.mine
    const answer = Array.isArray(typed) ? typed : typeof typed === 'object' ? '' : String(typed)
    const message = override.mode === 'invalid' ? override.error : CONFLICT_MESSAGE
    return { localId: override.localId, why, message, values: { answer } }
  }
  const message = tool?.error?.message ?? tool?.notice
  if (tool && message) return { localId: tool.localId, why, message, values: tool.kept ?? {} }
  return undefined
}

workbook.get('/:exerciseId', requireUser, async (c) => {
  const page = await loadPage(c, c.req.param('exerciseId'))
  if (!page) return c.notFound()
  const data = page.data
  if (isLocked(data)) {
    return render(c, {
      title: notYetTitle(data.context.title),
      body: <NotYetPage place={data.context} frontier={data.frontier!} />,
    })
  }
  const search = searchOn(c, page)
  if (search) return exercisePage(c, page, search)
  return exercisePage(c, page)
})

/**
 * A search in one tool of the page (`?find=<local id>&q=…`, the skill tagger's GET form): that
 * tool shows the results, reopened if it was finished, with focus back in its search field; for
 * htmx, just that tool, with the number of results announced.
 */
function searchOn(c: Context<AppEnv>, page: PageData) {
  const find = c.req.query('find')
  const q = c.req.query('q') ?? ''
  const placement = page.data.placements.find(
    (p) => p.kind === 'tool' && localIdOf(p) === find && toolModule(p.config.tool)?.searched,
  )
  const module = placement?.kind === 'tool' ? toolModule(placement.config.tool) : null
  if (!find || !placement || !module?.searched) return null
  const answered = page.data.answers.some((a) => a.placementId === placement.id && a.complete)
  return {
    tool: {
      localId: find,
      focus: 'q',
      query: { find, q },
      ...(answered ? { state: 'edit' as const } : {}),
    },
    announce: q.trim()
      ? module.searched(page.refs.get(module.name) ?? null, placement.id, q.trim())
      : undefined,
  }
}

workbook.get('/:exerciseId/answers/:placementId/edit', requireUser, async (c) => {
  const page = await loadPage(c, c.req.param('exerciseId'))
  const data = page?.data
  const placement = data?.placements.find(
    (p) => p.id === c.req.param('placementId') && p.kind !== 'content',
  )
  if (!page || !data || !placement || isLocked(data)) return c.notFound()
  // Only the learner's own answers exist for them: an unanswered (or someone else's) answer is not found.
  if (!data.answers.some((a) => a.placementId === placement.id)) return c.notFound()
  const localId = localIdOf(placement)
  if (placement.kind === 'tool' && toolModule(placement.config.tool)) {
    return exercisePage(c, page, { tool: { localId, state: 'edit' } })
  }
  return exercisePage(c, page, { override: { mode: 'edit', localId } })
})

workbook.get('/:exerciseId/answers/:placementId/conflict/:revisionId', requireUser, async (c) => {
  const user = c.var.user!
  const placementId = c.req.param('placementId')
  const revisionId = Number(c.req.param('revisionId'))
  if (!Number.isSafeInteger(revisionId)) return c.notFound()
  const exerciseId = c.req.param('exerciseId')
  const [data, revision, found, sources] = await batch(c.var.db, [
    exerciseQuery(c.var.db, user.id, exerciseId),
    conflictRevisionQuery(c.var.db, user.id, placementId, revisionId),
    toolReadsQuery(c.var.db, scopeOf(c, exerciseId)),
    sourcesQuery(c.var.db, user.id, exerciseId),
  ])
  const placement = data?.placements.find((p) => p.id === placementId && p.kind !== 'content')
  if (!data || !placement || !revision || isLocked(data)) return c.notFound()
  const localId = localIdOf(placement)
  // Chosen about already (the answer was saved again since): back to the answer itself.
  if (revision.seen) return c.redirect(`/workbook/${data.context.id}#b-${localId}`, 303)
  const stored = data.answers.find((a) => a.placementId === placementId)
  if (!stored) return c.notFound()
  const [mine, saved] = await Promise.all([
    openConflict(user, placementId, revision),
    openAnswers(user, [stored]).then((opened) => opened.get(placementId)!),
  ])
  const page = await openPage(user, data, found, sources)
  return exercisePage(c, page, { override: { mode: 'conflict', localId, mine, saved } })
})

/** After a save: 303 to the next block, or for htmx the saved block and every block it opens up. */
async function afterSave(
  c: Context<AppEnv>,
  user: SessionUser,
  placement: AnswerablePlacement,
  nextId: string | null,
  wasEdit: boolean,
  announce?: string,
) {
  const localId = localIdOf(placement)
  const exerciseId = placement.exerciseId
  if (!isPartial(c)) {
    // A first answer moves the reader on to the next block (or the end); an edit stays put.
    const anchor = wasEdit ? localId : nextId ? localIdOf({ id: nextId, exerciseId }) : 'end'
    return redirectAfterPost(c, `/workbook/${exerciseId}#b-${anchor}`)
  }
  const page = await loadPage(c, exerciseId)
  if (!page) return c.notFound()
  const { items, end } = await threadOf(user, page)
  const index = items.findIndex((i) => i.localId === localId)
  if (index < 0) return redirectAfterPost(c, `/workbook/${exerciseId}`)
  // An edit swaps back just its block; a first answer also appends what it opens, focused on the first new block.
  const blocks = wasEdit ? (
    <ThreadItem item={items[index]!} autofocus />
  ) : (
    <>
      <ThreadItem item={items[index]!} />
      <Thread items={items} end={end} from={index + 1} autofocusFirst />
    </>
  )
  return renderFragment(c, blocks, {
    title: page.data.context.title,
    announce: announce ?? (wasEdit ? 'Your change is saved.' : 'Saved.'),
  })
}

/** Re-renders the exercise with one question overridden: invalid (422) or in conflict (409). */
async function answerProblem(
  c: Context<AppEnv>,
  user: SessionUser,
  placement: AnswerablePlacement,
  status: 409 | 422 | 429,
  problem: (wasAnswered: boolean) => Override,
) {
  const page = await loadPage(c, placement.exerciseId)
  if (!page) return c.notFound()
  const override = problem(page.data.answers.some((a) => a.placementId === placement.id))
  return exercisePage(c, page, { status, override })
}

workbook.post('/:exerciseId/answers/:placementId', keepWordsOnFailure, async (c) => {
  const form = await readForm(c, { all: true })
  if (!c.var.user) {
    const response = await signInToSave(c, form)
    if (response) return response
  }
  const user = c.var.user!
  const db = c.var.db
  const pepper = await pepperKey(c.env.PEPPER)
  const limit = await limitStep(pepper, LIMITS.saveUser, user.id)
  // The placement, where the learner is, and the save limit: one round trip.
  const [found, frontier, counted] = await batch(db, [
    answerablePlacementQuery(db, c.req.param('exerciseId'), c.req.param('placementId')),
    frontierQuery(db, user.id),
    hitQuery(db, limit.hit),
  ])
  if (!found) return c.notFound()
  const { placement, nextId } = found
  const localId = localIdOf(placement)
  const typed = formValues(form).answer
  if (frontier && found.exerciseSeq > frontier.seq) return notReached(c, placement, frontier, typed)
  const wait = limit.wait(counted)
  if (wait) {
    if (limit.lockout(counted))
      await commit(db, [await lockoutAudit(c, pepper, { userId: user.id })])
    c.header('Retry-After', String(wait))
    return answerProblem(c, user, placement, 429, (wasAnswered) => ({
      mode: 'invalid',
      localId,
      error:
        'You have saved a great many times in the last few minutes, so saving is paused for a moment. Your text is still here: wait a minute, then save again',
      typed: typed ?? '',
      version: baseVersionOf(form),
      wasAnswered,
    }))
  }
  const result = await saveAnswer(db, user, placement, form)
  switch (result.status) {
    case 'saved':
      return afterSave(c, user, placement, nextId, result.baseVersion > 0)
    case 'invalid':
    case 'full': {
      const error =
        result.status === 'full'
          ? `Your workbook has reached its storage limit of ${STORAGE_QUOTA_BYTES / 1024 / 1024} MB, so this was not saved. Your text is still here: copy it somewhere safe. A shorter answer may fit`
          : result.error
      return answerProblem(c, user, placement, 422, (wasAnswered) => ({
        mode: 'invalid',
        localId,
        error,
        typed: result.typed,
        version: result.baseVersion,
        wasAnswered,
      }))
    }
    case 'conflict':
      // Without JavaScript, the conflict page is served after a redirect, so a reload never
      // posts the stale text again. (Its text is kept in the conflict revision.)
      if (!isPartial(c) && result.conflictId !== null) {
        return redirectAfterPost(
          c,
          `/workbook/${placement.exerciseId}/answers/${encodeURIComponent(placement.id)}/conflict/${result.conflictId}#error-summary`,
        )
      }
      return answerProblem(c, user, placement, 409, () => ({
        mode: 'conflict',
        localId,
        mine: result.mine,
        saved: result.saved,
      }))
  }
})

/**
 * A save to an exercise the learner has not reached (an old tab, say): refused like the page
 * itself, with what they typed shown so it is not lost.
 */
async function notReached(
  c: Context<AppEnv>,
  placement: AnswerablePlacement,
  frontier: { id: string; title: string },
  typed: string | string[] | undefined,
) {
  const data = await loadExercise(c.var.db, c.var.user!.id, placement.exerciseId)
  if (!data) return c.notFound()
  const unsaved = Array.isArray(typed) ? typed.join(', ') : typed
  const body = <NotYetPage place={data.context} frontier={frontier} unsaved={unsaved} />
  retargetMain(c)
  return render(c, { status: 409, title: notYetTitle(data.context.title), body, fragment: body })
}

/**
 * Every tool's buttons post here: the route reads the learner's current value, applies one
 * action from the posted form, checks it against the placement's limits, and saves it with the
 * tool's typed rows in one guarded batch. It answers a 303 (back to the tool), the tool's block
 * for htmx, a 422 with the problem and the learner's input kept, or a 409 when the tool changed
 * in another tab (nothing is overwritten).
 */
workbook.post('/:exerciseId/tools/:placementId/:action', keepWordsOnFailure, async (c) => {
  const form = await readForm(c, { all: true })
  if (!c.var.user) {
    const response = await signInToSave(c, form)
    if (response) return response
  }
  const user = c.var.user!
  const db = c.var.db
  const exerciseId = c.req.param('exerciseId')
  const placementId = c.req.param('placementId')
  const pepper = await pepperKey(c.env.PEPPER)
  const limit = await saveLimit(pepper, user.id)
  // The placement, the exercise with the learner's answers, the tools' reads and the save
  // limit: one round trip.
  const [found, data, read, counted, sources] = await batch(db, [
    answerablePlacementQuery(db, exerciseId, placementId),
    exerciseQuery(db, user.id, exerciseId),
    toolReadsQuery(db, scopeOf(c, exerciseId)),
    hitQuery(db, limit.hit),
    sourcesQuery(db, user.id, exerciseId),
  ])
  const placement = found?.placement
  if (!found || !data || placement?.kind !== 'tool') return c.notFound()
  const module = toolModule(placement.config.tool)
  const actionName = actionOf(module, c.req.param('action'))
  if (!module || !actionName) return c.notFound()
  if (isLocked(data)) {
    return notReached(c, placement, data.frontier!, oneValue(form.new) || undefined)
  }
  const page = await openPage(user, data, read, sources)
  const refs = page.refs
  const here = page.connected.get(placement.id) ?? []
  const localId = localIdOf(placement)
  const answers = await openAnswers(user, data.answers)
  const outcome = await actOnTool(c, {
    pepper,
    limit,
    counted,
    placement,
    module,
    actionName,
    // Item ids ride in the URL (see ActionButton); the form carries the rest.
    posted: { ...form, item: c.req.query('item') ?? form.item },
    current: answers.get(placement.id),
    currentSubmission:
      data.answers.find((a) => a.placementId === placement.id)?.submissionId ?? null,
    refs: refs.get(module.name) ?? null,
    siblings: siblingValues(buildThread(data.placements, answers)),
    prefill: prefillItems(here),
    prefillFrom: [
      ...new Set(here.filter((r) => r.use === 'prefill').map((r) => r.from.exerciseTitle)),
    ],
  })
  // A search on screen stays there through a problem, too.
  const find = c.req.query('find')
  const query = find === localId ? { find, q: c.req.query('q') ?? '' } : undefined
  switch (outcome.kind) {
    case 'repeat':
      return toolSaved(c, page, placement, { announce: 'Saved.', done: false })
    case 'problem':
      return exercisePage(c, page, {
        status: outcome.status,
        tool: { localId, query, error: outcome.error, notice: outcome.notice, kept: outcome.kept },
      })
    case 'saved':
      if (outcome.finishing && !outcome.wasComplete) {
        return afterSave(c, user, placement, found.nextId, false, outcome.announce)
      }
      return toolSaved(c, page, placement, {
        announce: outcome.announce,
        focus: outcome.focus,
        done: outcome.finishing,
        replaced: outcome.answer,
      })
    case 'conflict': {
      // Shown with the newer saved value: the learner's change was kept as a revision, not applied.
      const fresh = await loadPage(c, exerciseId)
      if (!fresh) return c.notFound()
      return exercisePage(c, fresh, {
        status: 409,
        tool: { localId, notice: CONFLICT_NOTICE, kept: outcome.kept },
      })
    }
  }
})

/**
 * After a tool action saved: without JavaScript, a 303 back to the tool (reopened, if it was
 * being changed); with htmx, the tool's block with its new version, focus kept in the tool.
 */
async function toolSaved(
  c: Context<AppEnv>,
  page: PageData,
  placement: ToolPlacement,
  opts: {
    announce: string
    focus?: string
    done: boolean
    replaced?: Answer & { placementId: string }
  },
) {
  const localId = localIdOf(placement)
  const exerciseId = placement.exerciseId
  const answered = (opts.replaced ?? page.data.answers.find((a) => a.placementId === placement.id))
    ?.complete
  const reopened = !!answered && !opts.done
  // A search on screen stays there (the tagger's buttons carry it in their URLs).
  const find = c.req.query('find')
  const query = find === localId && !opts.done ? { find, q: c.req.query('q') ?? '' } : undefined
  if (!isPartial(c)) {
    const url = query
      ? `/workbook/${exerciseId}?${new URLSearchParams(query)}`
      : reopened
        ? `/workbook/${exerciseId}/answers/${encodeURIComponent(placement.id)}/edit`
        : `/workbook/${exerciseId}`
    const anchor = opts.focus ? `${localId}-${opts.focus}` : `b-${localId}`
    return redirectAfterPost(c, `${url}#${anchor}`)
  }
  const override: ToolOverride = {
    localId,
    focus: opts.focus,
    query,
    ...(reopened ? { state: 'edit' as const } : {}),
  }
  const { items } = await threadOf(c.var.user!, page, override, opts.replaced)
  const item = items.find((i) => i.localId === localId)
  if (!item) return redirectAfterPost(c, `/workbook/${exerciseId}`)
  return renderFragment(c, <ThreadItem item={item} autofocus={!opts.focus} />, {
    title: page.data.context.title,
    announce: opts.announce,
  })
}
