/**
 * Deleting an account is driven by the list of the learner's data, so it must cover the live
 * schema: every table with a user_id column (and users itself), emptied children first, and a
 * learner with a row in every such table left with none, while another learner keeps theirs.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  countWhere,
  foreignKeys,
  insertUserWithEverything,
  rowsOwnedBy,
  schemaObjects,
  tableColumns,
} from '../../test/sql'
import { loadFixtureWorkbook } from '../../test/workbook-fixture'
import type { Db } from './client'
import { eraseLearner, eraseOrder } from './erase'
import { commit } from './query'

/** The live schema's tables that hold a user_id, and users. */
async function ownedTables(): Promise<string[]> {
  const owned = ['users']
  for (const table of await schemaObjects('table')) {
    if ((await tableColumns(table)).some((c) => c.name === 'user_id')) owned.push(table)
  }
  return owned
}

beforeAll(async () => {
  await loadFixtureWorkbook()
})

describe('deleting an account, table by table', () => {
  it('empties every table of the live schema that has a user_id column, and users', async () => {
    const owned = await ownedTables()
    expect(owned.length).toBeGreaterThan(20)
    expect(eraseOrder().map(([table]) => table)).toEqual(expect.arrayContaining(owned))
  })

  it('empties each child table before the table its foreign key points at, users last', async () => {
    const order = eraseOrder().map(([table]) => table)
    expect(order.at(-1)).toBe('users')
    for (const fk of await foreignKeys()) {
      if (!order.includes(fk.table) || !order.includes(fk.to)) continue
      expect(order.indexOf(fk.table), `${fk.table} before ${fk.to}`).toBeLessThan(
        order.indexOf(fk.to),
      )
    }
  })

  it('leaves a learner with a row in every table with none, and another learner untouched', async () => {
    const gone = crypto.randomUUID()
    const kept = crypto.randomUUID()
    const filled = await insertUserWithEverything(gone, 'ex-one.first')
    await insertUserWithEverything(kept, 'ex-one.first')
    expect([...filled].sort()).toEqual(expect.arrayContaining(await ownedTables()))
    const before = await rowsOwnedBy(kept)

    await commit(env.DB as Db, eraseLearner(env.DB as Db, gone, [], new Date().toISOString()))

    for (const table of await ownedTables()) {
      const owner = table === 'users' ? 'id' : 'user_id'
      expect(await countWhere(table, owner, gone), table).toBe(0)
      expect(await countWhere(table, owner, kept), table).toBeGreaterThan(0)
    }
    expect(await rowsOwnedBy(kept)).toEqual(before)
  })

  it('refuses a table or column name that is not a plain SQL name', () => {
    expect(() => eraseOrder({ 'users; DROP TABLE users': { owner: 'id' } })).toThrow(/bad SQL name/)
    expect(() => eraseOrder({ users: { owner: 'id = id OR 1' } })).toThrow(/bad SQL name/)
    expect(eraseOrder({ users: { owner: 'id' }, answers: { owner: 'user_id' } })).toEqual([
      ['answers', 'user_id'],
      ['users', 'id'],
    ])
  })
})
