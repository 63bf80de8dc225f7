/** Fixed-window counters. One atomic upsert per key; the batch returns every count at once. */
import type { Db } from './client'
import { rows, run, join } from './query'

/** Counts one attempt against each key in its window and returns the new counts, in order. */
export async function hitRateLimits(
  db: Db,
  hits: { key: string; windowStart: number }[],
): Promise<number[]> {
  const statements = hits.map((h) =>
    db
      .prepare(
        `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING count`,
      )
      .bind(h.key, h.windowStart),
  )
  const counts = statements.map((s) =>
    rows(s, (found: { count: number }[]) => found[0]?.count ?? 0),
  )
  return run(
    db,
    join(counts, (values) => values),
  )
}
