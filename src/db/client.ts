/**
 * The one door to D1. Handlers get `c.var.db`, a thin wrapper that counts round trips (a single
 * statement, or one whole batch) and write statements, so non-production responses can report
 * them as Server-Timing and `npm run bench` can print them. Only files in src/db/ call prepare,
 * bind, run or batch.
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/** A D1 handle that counts round trips and writes. Pass it to the query functions in this folder. */
export type Db = D1Database & { readonly roundTrips: number; readonly writes: number }

const RUNNERS = new Set(['first', 'all', 'run', 'raw'])
const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i

/** Wraps a D1 binding so every round trip, and every write statement, is counted. */
export function countingDb(inner: D1Database): Db {
  let trips = 0
  let writes = 0
  const real = new WeakMap<object, { stmt: D1PreparedStatement; write: boolean }>()
  const wrapStatement = (stmt: D1PreparedStatement, write: boolean): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target)
        if (prop === 'bind')
          return (...args: unknown[]) => wrapStatement(target.bind(...args), write)
        if (typeof prop === 'string' && RUNNERS.has(prop) && typeof value === 'function') {
          return (...args: unknown[]) => {
            trips++
            if (write) writes++
            return value.apply(target, args)
          }
        }
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    real.set(proxy, { stmt, write })
    return proxy
  }
  const db = {
    get roundTrips() {
      return trips
    },
    get writes() {
      return writes
    },
    prepare: (sql: string) => wrapStatement(inner.prepare(sql), WRITE.test(sql)),
    batch: <T>(statements: D1PreparedStatement[]) => {
      trips++
      const unwrapped = statements.map((s) => real.get(s) ?? { stmt: s, write: true })
      writes += unwrapped.filter((s) => s.write).length
      return inner.batch<T>(unwrapped.map((s) => s.stmt))
    },
    exec: (sql: string) => {
      trips++
      writes++
      return inner.exec(sql)
    },
    dump: () => inner.dump(),
    withSession: (constraint?: string) => inner.withSession(constraint),
  }
  return db as unknown as Db
}

/** Runs statements from this folder's write helpers as one atomic batch: one round trip. */
export function runBatch(db: Db, statements: D1PreparedStatement[]): Promise<D1Result[]> {
  return db.batch(statements)
}

/**
 * Puts a counting D1 handle on `c.var.db`. Outside production, responses report
 * `Server-Timing: db;desc="N queries", db-writes;desc="W statements"`.
 */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  const db = countingDb(c.env.DB)
  c.set('db', db)
  await next()
  if (c.env.ENVIRONMENT !== 'production') {
    c.res.headers.append(
      'Server-Timing',
      `db;desc="${db.roundTrips} queries", db-writes;desc="${db.writes} statements"`,
    )
  }
})
