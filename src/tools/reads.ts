/**
 * The reads of every built tool, as one query that joins the page's batch. Each tool's SQL scopes
 * itself to an exercise that has the tool, so a page without it costs an empty result and no
 * round trip.
 */
import type { ToolName } from '../content/model'
import type { Db } from '../db/client'
import { join, type Query } from '../db/query'
import { TOOL_MODULES } from './registry'
import type { AnyToolModule, ReadScope } from './types'

/** What each tool read for itself, by tool name. */
export type ToolRefs = ReadonlyMap<ToolName, unknown>

export function toolReadsQuery(db: Db, scope: ReadScope): Query<ToolRefs> {
  const readers = (Object.values(TOOL_MODULES) as AnyToolModule[]).flatMap((m) =>
    m.reads ? [{ name: m.name, query: m.reads(db, scope) as Query<unknown> }] : [],
  )
  return join(
    readers.map((r) => r.query),
    (values) => new Map(readers.map((r, i) => [r.name, values[i]])),
  )
}
