/**
 * The connection resolver. Before an exercise renders, its connections' sources are read in the
 * page's one batch (src/db/sources.ts); here they are opened, filtered, and handed to the views
 * as a map from each target block to what comes back to it. Views never query.
 */
import { parseFilter, type Filter } from '../content/connections'
import type { ConnectionParams, ConnectionUse, DataSource } from '../content/model'
import type { SourcesRead } from '../db/sources'
import type { SessionUser } from '../env'
import { localIdOf } from '../workbook/thread'
import { openItems, type ConnectionItem } from './open'

/** One connection, resolved for one learner: where it comes from and what it brings. */
export type Resolved = {
  id: number
  use: ConnectionUse
  source: DataSource
  params: ConnectionParams
  filter: Filter
  from: {
    placementId: string
    exerciseId: string
    localId: string
    exerciseTitle: string
  }
  /** The source's items after the filter, in order. */
  items: ConnectionItem[]
}

/** What comes back to each block of an exercise, by the block's placement id. */
export type Connected = ReadonlyMap<string, readonly Resolved[]>

export const NOTHING_CONNECTED: Connected = new Map()

/** A source's items through a filter (src/content/connections.ts defines each one). */
export function applyFilter(items: readonly ConnectionItem[], filter: Filter): ConnectionItem[] {
  switch (filter.kind) {
    case 'all':
      return [...items]
    case 'latest':
      return items.length ? [items[items.length - 1]!] : []
    case 'story':
      return items[filter.n - 1] ? [items[filter.n - 1]!] : []
    case 'high-flow':
      return items.filter((i) => (i.energy ?? 0) >= 1 && (i.focus ?? 0) >= 4)
    case 'category':
      return items.filter((i) => i.category === filter.category)
    case 'top': {
      const ranked = items
        .map((item, index) => ({ item, index, by: orderOf(item, filter.by) }))
        .filter((x) => x.by !== null)
      // A stable sort: ties keep the source's order.
      ranked.sort((a, b) => a.by! - b.by! || a.index - b.index)
      return ranked.slice(0, filter.n).map((x) => x.item)
    }
  }
}

/** The figure `top N by …` sorts on, smaller first; null leaves the item out. */
function orderOf(item: ConnectionItem, by: 'mastery' | 'rank' | 'rating' | 'score'): number | null {
  switch (by) {
    case 'mastery':
      return item.mastery ?? null
    case 'rank':
      return item.rank ?? null
    case 'rating':
      return item.rating === undefined ? null : -item.rating
    case 'score':
      return item.score === undefined ? null : -item.score
  }
}

/** Opens and filters every connection the sources read, into the map the views take. */
export async function resolveConnections(read: SourcesRead, user: SessionUser): Promise<Connected> {
  const resolved = await Promise.all(
    read.connections.map(async (meta): Promise<Resolved> => {
      const parsed = parseFilter(meta.params.filter)
      // The seed checked it; an unreadable filter reads everything rather than nothing.
      const filter: Filter = parsed.ok ? parsed.filter : { kind: 'all' }
      const items = await openItems(meta.source, read.rows[meta.source] as never, meta, user)
      return {
        id: meta.id,
        use: meta.use,
        source: meta.source,
        params: meta.params,
        filter,
        from: {
          placementId: meta.from.id,
          exerciseId: meta.from.exerciseId,
          localId: localIdOf(meta.from),
          exerciseTitle: meta.fromExerciseTitle,
        },
        items: applyFilter(items, filter),
      }
    }),
  )
  const map = new Map<string, Resolved[]>()
  read.connections.forEach((meta, i) => {
    const list = map.get(meta.placementId) ?? []
    list.push(resolved[i]!)
    map.set(meta.placementId, list)
  })
  return map
}
