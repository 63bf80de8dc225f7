/** Fixed-window counters. One atomic upsert per key; the batch returns every count at once. */
import type { Db } from './client'
import { firstRow, join, rows, run, type Query } from './query'

export type Hit = { key: string; windowStart: number; now: number }

/** A counter after this attempt, and what it held before it (null when it was new). */
export type Counted = {
  count: number
  before: { count: number; windowStart: number; lastAt: number } | null
}

type Before = { count: number; window_start: number; last_at: number }

/** Reads one counter as it stands, then counts one attempt against it; joins any batch. */
export function hitQuery(db: Db, h: Hit): Query<Counted> {
  const before = firstRow(
    db.prepare('SELECT count, window_start, last_at FROM rate_limits WHERE key = ?1').bind(h.key),
    (r: Before) => ({ count: r.count, windowStart: r.window_start, lastAt: r.last_at }),
  )
  const upsert = rows(
    db
      .prepare(
        `INSERT INTO rate_limits (key, window_start, count, last_at) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
           window_start = excluded.window_start,
           last_at = excluded.last_at
         RETURNING count`,
      )
      .bind(h.key, h.windowStart, h.now),
    (found: { count: number }[]) => found[0]?.count ?? 0,
  )
  return join([before, upsert], ([b, count]) => ({ count, before: b }))
}

/** Counts one attempt against each key in its window; the counters, in order, in one batch. */
export function hitRateLimits(db: Db, hits: Hit[]): Promise<Counted[]> {
  return run(
    db,
    join(
      hits.map((h) => hitQuery(db, h)),
      (counted) => counted,
    ),
  )
}

/** Forgets counters (a learner's own failures, after they sign in). */
export function clearRateLimits(db: Db, keys: string[]): D1PreparedStatement[] {
  return keys.map((key) => db.prepare('DELETE FROM rate_limits WHERE key = ?1').bind(key))
}
