/**
 * The one door to D1. Handlers get `c.var.db`, a thin wrapper that counts round trips (a single
 * statement, or one whole batch) and write statements, so non-production responses can report
 * them as Server-Timing and `npm run bench` can print them. Only files in src/db/ call prepare,
 * bind, run or batch (see query.ts for the query shape).
 */
import { createMiddleware } from 'hono/factory'

/** A D1 handle that counts round trips and writes. Pass it to the query functions in this folder. */
export type Db = D1Database & {
  readonly roundTrips: number
  readonly writes: number
  /** The statements in the last batch of this request (a POST's save, usually). */
  readonly lastBatch: number
}

const RUNNERS = new Set(['first', 'all', 'run', 'raw'])
const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i

type Counter = { trips: number; writes: number; lastBatch: number }

/**
 * Counting versions of `prepare` and `batch` over one D1 handle (the database itself, or a
 * session from `withSession`), adding to the shared counter.
 */
function counted(inner: D1Database | D1DatabaseSession, count: Counter) {
  const real = new WeakMap<object, { stmt: D1PreparedStatement; write: boolean }>()
  const wrapStatement = (stmt: D1PreparedStatement, write: boolean): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target)
        if (prop === 'bind')
          return (...args: unknown[]) => wrapStatement(target.bind(...args), write)
        if (typeof prop === 'string' && RUNNERS.has(prop) && typeof value === 'function') {
          return (...args: unknown[]) => {
            count.trips++
            if (write) count.writes++
            return value.apply(target, args)
          }
        }
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    real.set(proxy, { stmt, write })
    return proxy
  }
  return {
    prepare: (sql: string) => wrapStatement(inner.prepare(sql), WRITE.test(sql)),
    batch: <T>(statements: D1PreparedStatement[]) => {
      count.trips++
      count.lastBatch = statements.length
      const unwrapped = statements.map((s) => real.get(s) ?? { stmt: s, write: true })
      count.writes += unwrapped.filter((s) => s.write).length
      return inner.batch<T>(unwrapped.map((s) => s.stmt))
    },
  }
}

/**
 * Wraps a D1 binding so every round trip, and every write statement, is counted, including those
 * of a session from `withSession` (read replicas), which share the same counts.
 */
export function countingDb(inner: D1Database): Db {
  const count: Counter = { trips: 0, writes: 0, lastBatch: 0 }
  const db = {
    get roundTrips() {
      return count.trips
    },
    get lastBatch() {
      return count.lastBatch
    },
    get writes() {
      return count.writes
    },
    ...counted(inner, count),
    exec: (sql: string) => {
      count.trips++
      count.writes++
      return inner.exec(sql)
    },
    dump: () => inner.dump(),
    withSession: (constraint?: D1SessionConstraint | D1SessionBookmark) => {
      const session = inner.withSession(constraint)
      return { ...counted(session, count), getBookmark: () => session.getBookmark() }
    },
  }
  return db as unknown as Db
}

/** The counting handle for a Worker's bindings, outside a request (the scheduled handler). */
export function dbOf(env: { DB: D1Database }): Db {
  return countingDb(env.DB)
}

/**
 * Puts a counting D1 handle on `c.var.db`. Outside production, responses report
 * `Server-Timing: db;desc="N queries", db-writes;desc="W statements", db-batch;desc="B statements"`
 * (B: the last batch, which for a save is the save itself).
 */
export const database = createMiddleware<{
  // The slice of the app's env this middleware needs; src/db/ depends on no app module.
  Bindings: { DB: D1Database; ENVIRONMENT?: string }
  Variables: { db: Db }
}>(async (c, next) => {
  const db = dbOf(c.env)
  c.set('db', db)
  await next()
  if (c.env.ENVIRONMENT !== 'production') {
    c.res.headers.append(
      'Server-Timing',
      `db;desc="${db.roundTrips} queries", db-writes;desc="${db.writes} statements", db-batch;desc="${db.lastBatch} statements"`,
    )
  }
})
