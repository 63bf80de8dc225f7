/**
 * The query shape of this folder: statements plus the function that reads their results into a
 * typed value. A query runs alone, or joins others in one `db.batch()`: one round trip, every
 * result typed and in order, with no positional casts at the call site.
 *
 * Reads are usually one SELECT (`rows`, `firstRow`). A write helper's statements join a batch
 * through `writes`. `join` composes queries into one, so a page's load (content, answers, tool
 * rows, connection sources) is a single query that runs in a single batch.
 */
import type { Db } from './client'

/** One or more statements, and the reader of their results. */
export type Query<T> = {
  readonly statements: readonly D1PreparedStatement[]
  readonly read: (results: readonly D1Result[]) => T
}

/** The value each query of a tuple reads to. */
export type Results<Q extends readonly Query<unknown>[]> = {
  -readonly [K in keyof Q]: Q[K] extends Query<infer T> ? T : never
}

/**
 * A SELECT read into a typed value by `map`, which sees every row.
 * @example rows(db.prepare('SELECT id FROM parts').bind(), (r: { id: string }[]) => r.map((x) => x.id))
 */
export function rows<Row, T>(statement: D1PreparedStatement, map: (rows: Row[]) => T): Query<T> {
  return { statements: [statement], read: ([result]) => map((result?.results ?? []) as Row[]) }
}

/**
 * A SELECT whose first row is read by `map`; null when there is none.
 * @example firstRow(db.prepare('SELECT … WHERE id = ?1').bind(id), rowToSession)
 */
export function firstRow<Row, T>(
  statement: D1PreparedStatement,
  map: (row: Row) => T,
): Query<T | null> {
  return rows(statement, (found: Row[]) => (found[0] === undefined ? null : map(found[0])))
}

/**
 * Write statements as a query, so they can take their place in a batch. Reads the number of rows
 * each statement changed.
 * @example await run(db, writes([touchSession(db, id, now)]))
 */
export function writes(statements: readonly D1PreparedStatement[]): Query<number[]> {
  return { statements, read: (results) => results.map((r) => r.meta.changes ?? 0) }
}

/**
 * Composes queries into one: their statements in order, their results handed to `read` typed.
 * @example join([contextQuery, placementsQuery], ([context, placements]) => ({ context, placements }))
 */
export function join<const Q extends readonly Query<unknown>[], T>(
  queries: Q,
  read: (results: Results<Q>) => T,
): Query<T> {
  return {
    statements: queries.flatMap((q) => q.statements),
    read: (results) => {
      let at = 0
      const values = queries.map((q) => {
        const own = results.slice(at, at + q.statements.length)
        at += q.statements.length
        return q.read(own)
      })
      return read(values as Results<Q>)
    },
  }
}

/**
 * Runs one query in one round trip (a batch when it has several statements, which D1 runs as
 * one transaction). A query with no statements costs nothing.
 */
export async function run<T>(db: Db, query: Query<T>): Promise<T> {
  if (query.statements.length === 0) return query.read([])
  return query.read(await db.batch([...query.statements]))
}

/**
 * Runs several queries in one batch and returns their results in order, each typed.
 * @example const [session, frontier] = await batch(db, [sessionQuery(…), frontierQuery(…)])
 */
export function batch<const Q extends readonly Query<unknown>[]>(
  db: Db,
  queries: Q,
): Promise<Results<Q>> {
  return run(
    db,
    join(queries, (results) => results),
  )
}

/**
 * Runs the statements of this folder's write helpers as one atomic batch: one round trip.
 * @example await commit(db, [touchSession(db, id, now)])
 */
export async function commit(db: Db, statements: readonly D1PreparedStatement[]): Promise<void> {
  await run(db, writes(statements))
}
