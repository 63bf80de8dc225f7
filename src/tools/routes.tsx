/** Your tools: /tools lists every built tool with the learner's entries; /tools/:tool one tool. */
import { Hono, type Context } from 'hono'
import { readPlacement } from '../content/model'
import { TOOLS } from '../content/tools'
import type { AppEnv } from '../env'
import { requireUser } from '../auth/session'
import { batch, run } from '../db/query'
import { toolEntriesQuery, type ToolEntry } from '../db/tools/entries'
import { render } from '../lib/render'
import { openAnswers } from '../workbook/answers'
import { localIdOf } from '../workbook/thread'
import { ToolPage, ToolsIndexPage, type ToolListView } from '../../views/tools/tools-page'
import { contextOf, toolState } from './present'
import { openToolRefs, toolReadsQuery, type ToolRefs } from './reads'
import { OWN, OWN_TOOLS, type OwnTool } from '../content/own'
import type { ToolPlacement } from '../content/model'
import { pepperKey } from '../auth/pepper'
import { answerQuery, type StoredAnswer } from '../db/answers'
import { hitQuery } from '../db/rate-limits'
import { ownPlacementQuery } from '../db/workbook'
import { randomBytes, toBase64Url } from '../lib/bytes'
import { readForm } from '../lib/forms'
import { isPartial, redirectAfterPost, renderFragment } from '../lib/render'
import type { Answer } from '../workbook/answers'
import { keepWordsOnFailure, signInToSave } from '../workbook/held'
import { OwnToolPage } from '../../views/tools/own-page'
import { ToolBlock } from '../../views/tools/tool-block'
import { actionOf, actOnTool, CONFLICT_NOTICE, saveLimit } from './act'
import { toolItem, type ToolItem, type ToolState } from './present'
import { TOOL_MODULES, type BuiltTool } from './registry'
import type { AnyToolModule } from './types'

export const tools = new Hono<AppEnv>()

const BUILT = Object.keys(TOOL_MODULES) as BuiltTool[]

/** The learner's entries, each with its tool's lines, grouped under the tools asked for. */
async function toolLists(c: Context<AppEnv>, names: BuiltTool[]): Promise<ToolListView[]> {
  const user = c.var.user!
  const db = c.var.db
  const entries = await run(
    db,
    toolEntriesQuery(db, user.id, names.length === 1 ? names[0]! : null),
  )
  // What the tools read for themselves (skill names, say), once per exercise: one round trip.
  const exercises = [...new Set(entries.map((e) => e.exerciseId))]
  const found = await batch(
    db,
    exercises.map((exerciseId) =>
      toolReadsQuery(db, { userId: user.id, exerciseId, search: new URLSearchParams() }),
    ),
  )
  const refs = new Map<string, ToolRefs>()
  await Promise.all(
    exercises.map(async (id, i) => refs.set(id, await openToolRefs(found[i]!, user))),
  )
  const answers = await openAnswers(
    user,
    entries.map((e) => e.answer),
  )
  const view = (entry: ToolEntry) => {
    const placement = readPlacement(
      { id: entry.answer.placementId, exerciseId: entry.exerciseId, ordinal: entry.ordinal },
      entry.kind,
      entry.config,
    )
    // The query reads tool blocks only; the check keeps the type honest.
    if (placement.kind !== 'tool') throw new Error('A tool entry must be a tool block')
    const module: AnyToolModule = TOOL_MODULES[entry.tool as BuiltTool]
    const answer = answers.get(placement.id)
    const ctx = contextOf(placement, refs.get(entry.exerciseId)?.get(module.name) ?? null)
    const state = toolState(module, answer, ctx)
    const own = entry.exerciseId === OWN
    return {
      label: placement.config.label,
      where: own ? null : { exercise: entry.exerciseTitle, module: entry.moduleTitle },
      href: own
        ? `/tools/${module.name}/own`
        : `/workbook/${entry.exerciseId}#b-${localIdOf(placement)}`,
      lines: answer?.unreadable ? [] : module.lines(state.value, ctx),
      unfinished: !entry.answer.complete,
      unreadable: !!answer?.unreadable,
    }
  }
  return names.map((name) => ({
    name,
    title: TOOLS[name].title,
    summary: TOOL_MODULES[name].about,
    own: ownTool(name),
    entries: entries.filter((e) => e.tool === name).map(view),
  }))
}

tools.get('/', requireUser, async (c) => {
  return render(c, {
    title: 'Your tools',
    body: <ToolsIndexPage tools={await toolLists(c, BUILT)} />,
  })
})

/** The page and link words of a tool the learner can use outside the workbook, or null. */
function ownTool(name: string) {
  const own = ownOf(name)
  return own ? { href: `/tools/${own}/own`, label: OWN_TOOLS[own].link } : null
}

/** The learner's own placement of a tool they can use outside the workbook, if it has one. */
const ownOf = (name: string) =>
  (Object.keys(OWN_TOOLS) as OwnTool[]).find((n) => n === name) ?? null

/** Renders one of the learner's own tools, for htmx just its block. */
function ownPage(
  c: Context<AppEnv>,
  item: ToolItem,
  tool: OwnTool,
  opts: { status?: 200 | 409 | 422 | 429; announce?: string; autofocus?: boolean } = {},
) {
  const hasErrors = !!item.frame.error || !!item.frame.notice
  return render(c, {
    status: opts.status ?? 200,
    title: item.frame.label,
    hasErrors,
    announce: opts.announce,
    body: <OwnToolPage frame={item.frame} view={item.view} toolTitle={TOOLS[tool].title} />,
    fragment: (
      <ToolBlock
        frame={item.frame}
        view={item.view}
        inlineSummary
        autofocus={opts.autofocus ?? !item.frame.focus}
      />
    ),
  })
}

/**
 * The learner's own tool as a block: its placement, their answer (or a newer one), its reads,
 * and any problem to show.
 */
async function ownItem(
  c: Context<AppEnv>,
  tool: OwnTool,
  found: { placement: ToolPlacement; stored: StoredAnswer | null; refs: ToolRefs },
  opts: Omit<
    Parameters<typeof toolItem>[2],
    'state' | 'toolState' | 'version' | 'submissionId' | 'refs' | 'own'
  > & {
    answer?: Answer
    state?: ToolState
  } = {},
): Promise<ToolItem> {
  const user = c.var.user!
  const module: AnyToolModule = TOOL_MODULES[tool]
  const opened = found.stored
    ? (await openAnswers(user, [found.stored])).get(found.placement.id)
    : undefined
  const answer = opts.answer ?? opened
  const refs = found.refs.get(module.name) ?? null
  const ctx = contextOf(found.placement, refs)
  return toolItem(module, found.placement, {
    ...opts,
    state: answer?.complete ? 'edit' : 'current',
    toolState: opts.state ?? toolState(module, answer, ctx),
    version: answer?.version ?? 0,
    submissionId: toBase64Url(randomBytes(16)),
    refs,
    own: { actions: `/tools/${tool}/own`, back: `/tools/${tool}` },
  })
}

/** The batch an own tool's page reads: its placement, the learner's answer and the tools' reads. */
function ownQueries(c: Context<AppEnv>, tool: OwnTool) {
  const db = c.var.db
  const user = c.var.user!
  const placementId = OWN_TOOLS[tool].id
  return [
    ownPlacementQuery(db, placementId),
    answerQuery(db, user.id, placementId),
    toolReadsQuery(db, { userId: user.id, exerciseId: OWN, search: new URLSearchParams() }),
  ] as const
}

tools.get('/:tool/own', requireUser, async (c) => {
  const tool = ownOf(c.req.param('tool'))
  if (!tool) return c.notFound()
  const [placement, stored, read] = await batch(c.var.db, ownQueries(c, tool))
  if (placement?.kind !== 'tool') return c.notFound()
  const refs = await openToolRefs(read, c.var.user!)
  return ownPage(c, await ownItem(c, tool, { placement, stored, refs }), tool)
})

tools.post('/:tool/own/:action', keepWordsOnFailure, async (c) => {
  const form = await readForm(c, { all: true })
  if (!c.var.user) {
    const response = await signInToSave(c, form)
    if (response) return response
  }
  const user = c.var.user!
  const db = c.var.db
  const tool = ownOf(c.req.param('tool'))
  const module: AnyToolModule | null = tool ? TOOL_MODULES[tool] : null
  const actionName = actionOf(module, c.req.param('action'))
  if (!tool || !module || !actionName) return c.notFound()
  const pepper = await pepperKey(c.env.PEPPER)
  const limit = await saveLimit(pepper, user.id)
  const [placement, stored, read, counted] = await batch(db, [
    ...ownQueries(c, tool),
    hitQuery(db, limit.hit),
  ])
  if (placement?.kind !== 'tool') return c.notFound()
  const refs = await openToolRefs(read, user)
  const found = { placement, stored, refs }
  const current = stored ? (await openAnswers(user, [stored])).get(placement.id) : undefined
  const outcome = await actOnTool(c, {
    pepper,
    limit,
    counted,
    placement,
    module,
    actionName,
    posted: { ...form, item: c.req.query('item') ?? form.item },
    current,
    currentSubmission: stored?.submissionId ?? null,
    refs: refs.get(module.name) ?? null,
    siblings: new Map(),
  })
  const page = `/tools/${tool}/own`
  switch (outcome.kind) {
    case 'repeat':
      return redirectAfterPost(c, page)
    case 'problem':
      return ownPage(
        c,
        await ownItem(c, tool, found, {
          error: outcome.error,
          notice: outcome.notice,
          kept: outcome.kept,
        }),
        tool,
        { status: outcome.status },
      )
    case 'conflict': {
      const [, fresh] = await batch(db, ownQueries(c, tool))
      return ownPage(
        c,
        await ownItem(
          c,
          tool,
          { ...found, stored: fresh },
          { notice: CONFLICT_NOTICE, kept: outcome.kept },
        ),
        tool,
        { status: 409 },
      )
    }
    case 'saved': {
      // Finished: back to the tool's entries, where this one now shows.
      if (outcome.finishing) return redirectAfterPost(c, `/tools/${tool}`)
      if (!isPartial(c)) {
        const localId = localIdOf(placement)
        const anchor = outcome.focus ? `${localId}-${outcome.focus}` : `b-${localId}`
        return redirectAfterPost(c, `${page}#${anchor}`)
      }
      const item = await ownItem(c, tool, found, { answer: outcome.answer, focus: outcome.focus })
      return renderFragment(
        c,
        <ToolBlock frame={item.frame} view={item.view} autofocus={!outcome.focus} />,
        { title: item.frame.label, announce: outcome.announce },
      )
    }
  }
})

tools.get('/:tool', requireUser, async (c) => {
  const name = BUILT.find((n) => n === c.req.param('tool'))
  if (!name) return c.notFound()
  const [list] = await toolLists(c, [name])
  return render(c, { title: TOOLS[name].title, body: <ToolPage tool={list!} /> })
})
