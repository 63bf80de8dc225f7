/**
 * The one door to D1. Handlers get `c.var.db`, a thin wrapper that counts round trips (a single
 * statement, or one whole batch) so development responses can report them as Server-Timing and
 * `npm run bench` can print them. Only files in src/db/ call prepare, bind or batch.
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/** A D1 handle that counts round trips. Pass it to the query functions in this folder. */
export type Db = D1Database & { readonly roundTrips: number }

const RUNNERS = new Set(['first', 'all', 'run', 'raw'])

/** Wraps a D1 binding so every round trip is counted. */
export function countingDb(inner: D1Database): Db {
  let trips = 0
  const real = new WeakMap<object, D1PreparedStatement>()
  const wrapStatement = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target)
        if (prop === 'bind') return (...args: unknown[]) => wrapStatement(target.bind(...args))
        if (typeof prop === 'string' && RUNNERS.has(prop) && typeof value === 'function') {
          return (...args: unknown[]) => {
            trips++
            return value.apply(target, args)
          }
        }
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    real.set(proxy, stmt)
    return proxy
  }
  const db = {
    get roundTrips() {
      return trips
    },
    prepare: (sql: string) => wrapStatement(inner.prepare(sql)),
    batch: <T>(statements: D1PreparedStatement[]) => {
      trips++
      return inner.batch<T>(statements.map((s) => real.get(s) ?? s))
    },
    exec: (sql: string) => {
      trips++
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

/** Puts a counting D1 handle on `c.var.db`; outside production, reports its count as Server-Timing. */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  const db = countingDb(c.env.DB)
  c.set('db', db)
  await next()
  if (c.env.ENVIRONMENT !== 'production') {
    c.res.headers.append('Server-Timing', `db;desc="${db.roundTrips} queries"`)
  }
})
