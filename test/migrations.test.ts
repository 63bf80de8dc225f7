import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { loadFixtureWorkbook } from './workbook-fixture'
import {
  appliedMigrations,
  countWhere,
  deleteUser,
  emptyDatabase,
  foreignKeys,
  insertUser,
  insertUserWithEverything,
  migrate,
  refused,
  schemaObjects,
  type ForeignKey,
} from './sql'

/** The foundation's tables; later migrations add more. */
const FOUNDATION_TABLES = [
  'audit_events',
  'credentials',
  'rate_limits',
  'sessions',
  'users',
  'wrapped_keys',
]
const FOUNDATION_INDEXES = ['audit_events_by_user', 'rate_limits_by_window', 'sessions_by_user']

/**
 * Every table or index the migration files create and do not later drop, sorted, following a
 * table's `ALTER TABLE … RENAME TO` (a table rebuilt under a new name and renamed back).
 */
function declared(type: 'table' | 'index'): string[] {
  const names = new Set<string>()
  const sql = env.TEST_MIGRATIONS.flatMap((m) => m.queries).join(';\n')
  const pattern = new RegExp(
    `\\b(?:(CREATE|DROP)\\s+(?:UNIQUE\\s+)?${type}\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?"?(\\w+)"?` +
      `|ALTER\\s+TABLE\\s+"?(\\w+)"?\\s+RENAME\\s+TO\\s+"?(\\w+)"?)`,
    'gi',
  )
  for (const [, verb, name, from, to] of sql.matchAll(pattern)) {
    if (from !== undefined) {
      if (type === 'table' && names.delete(from)) names.add(to!)
    } else if (verb!.toUpperCase() === 'CREATE') names.add(name!)
    else names.delete(name!)
  }
  return [...names].sort()
}

/**
 * The tables that hold a learner's rows: those with a foreign key to users, and those with a key
 * to such a table, found from the live schema. Each with the column that leads to the user.
 */
function userTables(keys: ForeignKey[]): Map<string, ForeignKey[]> {
  const found = new Map<string, ForeignKey[]>()
  let grew = true
  while (grew) {
    grew = false
    for (const key of keys) {
      if ((key.to === 'users' || found.has(key.to)) && key.table !== 'users') {
        const list = found.get(key.table) ?? []
        if (!list.some((k) => k.from === key.from && k.to === key.to)) {
          list.push(key)
          found.set(key.table, list)
          grew = true
        }
      }
    }
  }
  return found
}

/** How many rows of each of `tables` belong to a user (by its user_id column, or id). */
async function rowCounts(userId: string, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of tables) {
    out[table] = await countWhere(table, table === 'users' ? 'id' : 'user_id', userId)
  }
  return out
}

describe('migrations', () => {
  it('applied to an empty database, give the expected tables and indexes', async () => {
    await emptyDatabase()
    expect(await schemaObjects('table')).toEqual([])
    await migrate()
    const tables = await schemaObjects('table')
    const indexes = await schemaObjects('index')
    expect(tables).toEqual(expect.arrayContaining(FOUNDATION_TABLES))
    expect(indexes).toEqual(expect.arrayContaining(FOUNDATION_INDEXES))
    // Exactly what the migration files declare: nothing missing, nothing stray.
    expect(tables).toEqual(declared('table'))
    expect(indexes).toEqual(declared('index'))
    expect(await appliedMigrations()).toEqual(env.TEST_MIGRATIONS.map((m) => m.name))
  })

  it('can be applied again without error or change', async () => {
    await migrate()
    expect(await schemaObjects('table')).toEqual(declared('table'))
    expect(await appliedMigrations()).toHaveLength(env.TEST_MIGRATIONS.length)
  })

  it('cascades every key to users, so deleting a user deletes every row of theirs', async () => {
    const keys = await foreignKeys()
    const tables = userTables(keys)
    // The schema is really read: the foundation's and the workbook's tables are among them.
    expect([...tables.keys()]).toEqual(
      expect.arrayContaining(['credentials', 'sessions', 'answers', 'answer_revisions']),
    )
    for (const [table, list] of tables) {
      for (const key of list) {
        if (key.to === 'users')
          expect(`${table}.${key.from}: ${key.onDelete}`).toBe(`${table}.${key.from}: CASCADE`)
      }
    }

    const workbook = await loadFixtureWorkbook()
    const placement = workbook.placements.find((p) => p.kind !== 'content')!.id
    const gone = crypto.randomUUID()
    const kept = crypto.randomUUID()
    const filled = await insertUserWithEverything(gone, placement)
    await insertUserWithEverything(kept, placement)
    // A new table that holds a user's rows must get a row here, or this test cannot check it.
    expect([...filled].sort()).toEqual(['users', ...tables.keys()].sort())

    const full = await rowCounts(gone, filled)
    for (const [table, n] of Object.entries(full)) expect(n, table).toBeGreaterThan(0)

    await deleteUser(gone)

    const none = Object.fromEntries(filled.map((t) => [t, 0]))
    expect(await rowCounts(gone, filled)).toEqual(none)
    expect(await rowCounts(kept, filled)).toEqual(full)
  })

  it('refuses rows that point at no user', async () => {
    await expect(refused.orphanCredential()).rejects.toThrow(/FOREIGN KEY/)
  })

  it('refuses PBKDF2 parameters above 100,000 iterations at the schema level too', async () => {
    const id = crypto.randomUUID()
    await insertUser(id)
    await expect(refused.tooManyIterations(id)).rejects.toThrow(/CHECK/)
  })
})
