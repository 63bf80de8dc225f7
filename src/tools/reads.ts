/**
 * The reads of every built tool, as one query that joins the page's batch. Each tool's SQL scopes
 * itself to an exercise that has the tool, so a page without it costs an empty result and no
 * round trip.
 */
import type { ToolName } from '../content/model'
import type { Db } from '../db/client'
import { join, type Query } from '../db/query'
import { TOOL_MODULES } from './registry'
import type { SessionUser } from '../env'
import { decryptText, encryptText } from '../auth/keys'
import type { AnyToolModule, ReadScope, Seal, Unseal } from './types'

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

/** The context a tool row's text is bound to: its table, owner, placement and row. */
export const rowContext = (table: string, userId: string, placementId: string, rowKey: string) =>
  `tool:${table}:${userId}:${placementId}:${rowKey}`

/** Encrypts a tool's row text for one placement. */
export function sealFor(user: SessionUser, placementId: string): Seal {
  return (table, rowKey, text) =>
    encryptText(user.dataKey, text, rowContext(table, user.id, placementId, rowKey))
}

/** Decrypts a tool's row text. */
export function unsealFor(user: SessionUser): Unseal {
  return (table, placementId, rowKey, ct) =>
    decryptText(user.dataKey, ct, rowContext(table, user.id, placementId, rowKey))
}

/** What the tools read, opened: each tool's refs as its module uses them. */
export async function openToolRefs(found: ToolRefs, user: SessionUser): Promise<ToolRefs> {
  const unseal = unsealFor(user)
  const opened = await Promise.all(
    [...found].map(async ([name, raw]) => {
      const module = TOOL_MODULES[name as keyof typeof TOOL_MODULES] as AnyToolModule | undefined
      return [name, module?.openRefs ? await module.openRefs(raw, unseal) : raw] as const
    }),
  )
  return new Map(opened)
}
