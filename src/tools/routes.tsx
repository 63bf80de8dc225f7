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
    return {
      label: placement.config.label,
      exerciseTitle: entry.exerciseTitle,
      moduleTitle: entry.moduleTitle,
      href: `/workbook/${entry.exerciseId}#b-${localIdOf(placement)}`,
      lines: answer?.unreadable ? [] : module.lines(state.value, ctx),
      unfinished: !entry.answer.complete,
      unreadable: !!answer?.unreadable,
    }
  }
  return names.map((name) => ({
    name,
    title: TOOLS[name].title,
    summary: TOOL_MODULES[name].about,
    entries: entries.filter((e) => e.tool === name).map(view),
  }))
}

tools.get('/', requireUser, async (c) => {
  return render(c, {
    title: 'Your tools',
    body: <ToolsIndexPage tools={await toolLists(c, BUILT)} />,
  })
})

tools.get('/:tool', requireUser, async (c) => {
  const name = BUILT.find((n) => n === c.req.param('tool'))
  if (!name) return c.notFound()
  const [list] = await toolLists(c, [name])
  return render(c, { title: TOOLS[name].title, body: <ToolPage tool={list!} /> })
})
