/**
 * The checks of the workbook's connections (see seed/FORMAT.md): each connection as read from
 * its block (its fields, and whether its use fits the block), the `{{tokens}}` of a content
 * block against its mentions, and, once every block is read, its source against the walk order,
 * the registered data sources and their filters.
 */
import { type ConnectionParams, type Placement } from './model.ts'
import {
  brokenTokens,
  defaultSource,
  mentionTokens,
  parseFilter,
  sourceMisfit,
  type SourceBlock,
} from './connections.ts'
import { CONNECTION_FIELDS } from './schemas.ts'
import { at, isFields, parsed } from './fields.ts'
import type { Build, PendingConnection, Report } from './fields.ts'

export function readConnections(
  value: unknown,
  where: string,
  placementId: string,
  target: PendingConnection['target'],
  errors: string[],
): PendingConnection[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    errors.push(`${where}: connections must be a list`)
    return []
  }
  const out: PendingConnection[] = []
  value.forEach((connection: unknown, index) => {
    const here = `${where}, connection ${index + 1}`
    const report = at(errors, here)
    const fields = parsed(CONNECTION_FIELDS, connection, report, {
      order: Object.keys(CONNECTION_FIELDS.shape),
    })
    const from = isFields(connection) ? connection.from : undefined
    const use = isFields(connection) ? connection.use : undefined
    const repeat = out.findIndex((c) => c.from === from && c.use === use)
    if (repeat >= 0) report(`repeats connection ${repeat + 1}`)
    if (!fields || repeat >= 0) return
    const misuse = useMisfit(fields, target)
    if (misuse) report(misuse)
    else out.push({ where: here, placementId, target, ...withoutUndefined(fields) })
  })
  return out
}

/** Why a connection cannot be used this way on this block, or null. */
function useMisfit(
  c: { use: PendingConnection['use']; as?: string; fallback?: string },
  target: PendingConnection['target'],
): string | null {
  if (target.kind === 'content') {
    if (c.use !== 'mention') {
      return `a content block can only mention earlier answers, with use: mention (found ${c.use})`
    }
    if (!c.as)
      return 'a mention in a content block needs "as": the token its text uses, like {{skills}}'
    if (!c.fallback) {
      return 'a mention in a content block needs "fallback": the words shown when there is nothing to quote'
    }
    return null
  }
  if (c.as) return '"as" is only for mentions in content blocks, whose text uses it as a {{token}}'
  if (c.fallback && c.use !== 'mention') return '"fallback" is only for mentions'
  if (c.use === 'prefill' && target.kind !== 'tool') {
    return 'prefill starts a tool with earlier items; this block is a prompt, so use hydrate (a text or textarea prompt), reference or mention'
  }
  if (
    c.use === 'hydrate' &&
    !(target.kind === 'prompt' && ['text', 'textarea'].includes(target.prompt))
  ) {
    return `hydrate starts a text or textarea prompt with earlier words; this block is ${target.kind === 'tool' ? 'a tool, so use prefill' : `a ${target.prompt} prompt`}`
  }
  return null
}

/** Each `{{token}}` in a content block's text names one of its mentions, and each mention is used. */
export function checkMentionTokens(text: string, connections: PendingConnection[], report: Report) {
  for (const broken of brokenTokens(text)) {
    report(`has "${broken}", which is not a mention token; write tokens like {{skills}}`)
  }
  const names = connections.map((c) => c.as)
  for (const token of mentionTokens(text)) {
    if (!names.includes(token)) {
      report(`uses {{${token}}}, but no connection of this block has "as: ${token}"`)
    }
  }
  const used = mentionTokens(text)
  connections.forEach((c) => {
    if (c.as && !used.includes(c.as))
      report(`has a mention "as: ${c.as}" that its text never uses as {{${c.as}}}`)
  })
  const seen = new Set<string>()
  for (const name of names) {
    if (name && seen.has(name)) report(`has two mentions with "as: ${name}"`)
    if (name) seen.add(name)
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
/**
 * Each connection must bring back an earlier prompt or tool (never itself, never a later one),
 * through a data source that reads that block, with a filter that source takes.
 */
export function resolveConnections(build: Build) {
  const walk = new Map<string, { index: number; placement: Placement }>()
  build.workbook.placements.forEach((placement, index) =>
    walk.set(placement.id, { index, placement }),
  )
  for (const c of build.pending) {
    const report = at(build.errors, c.where)
    const found = walk.get(c.from)
    const here = walk.get(c.placementId)
    const names = `"from" names "${c.from}"`
    if (!found) {
      const shape = c.from.includes('.') ? '' : '; write it as "exercise-id.prompt-id"'
      report(`${names}, which is not a prompt or tool in the workbook${shape}`)
      continue
    }
    const source = found.placement
    if (source.kind === 'content') {
      report(`${names}, which is a content block; only prompts and tools have answers`)
    } else if (here && found.index === here.index) {
      report(`${names}, which is this block itself`)
    } else if (here && found.index > here.index) {
      report(
        `${names}, which comes later in the walk order; a connection can only bring back an earlier answer`,
      )
    } else {
      const block: SourceBlock =
        source.kind === 'tool'
          ? { id: source.id, kind: 'tool', tool: source.config.tool }
          : { id: source.id, kind: 'prompt' }
      const name = c.source ?? defaultSource(block)
      const read = parseFilter(c.filter)
      if (!name) {
        report(`${names}; no data source reads it by default, so name one with "source"`)
        continue
      }
      const misfit = read.ok ? sourceMisfit(name, block, read.filter) : read.message
      if (misfit) {
        report(`${names}: ${misfit}`)
        continue
      }
      const params: ConnectionParams = withoutUndefined({
        filter: c.filter,
        as: c.as,
        fallback: c.fallback,
      })
      build.workbook.connections.push({
        placementId: c.placementId,
        sourcePlacementId: c.from,
        source: name,
        use: c.use,
        params,
      })
    }
  }
}
