/**
 * The list of the learner's data (learner-data.ts) against the live migrated schema: every table
 * with a user_id column is on it, every TEXT column is on one side or the other, and every column
 * it names exists. A migration that adds a table or a column fails here until the list says
 * what it is.
 */
import { describe, expect, it } from 'vitest'
import { schemaObjects, tableColumns } from '../../test/sql'
import { LEARNER_DATA, encryptedColumns, type LearnerTableName } from './learner-data'

const listed = Object.keys(LEARNER_DATA) as LearnerTableName[]

describe('the list of the learner’s data', () => {
  it('has every table that holds a user_id, and the users table itself', async () => {
    const withOwner: string[] = []
    for (const table of await schemaObjects('table')) {
      const columns = await tableColumns(table)
      if (columns.some((c) => c.name === 'user_id')) withOwner.push(table)
    }
    expect(withOwner.length).toBeGreaterThan(20)
    const missing = withOwner.filter((t) => !listed.includes(t as LearnerTableName))
    expect(missing, 'tables with a user_id that the list does not name').toEqual([])
    expect(listed).toContain('users')
  })

  it('puts every TEXT column of those tables on one side, with a reason when it is clear', async () => {
    for (const table of listed) {
      const columns: Readonly<Record<string, { encrypted: true } | { clear: string }>> =
        LEARNER_DATA[table].columns
      const text = (await tableColumns(table)).filter((c) => c.type.toUpperCase() === 'TEXT')
      const unnamed = text.filter((c) => !Object.hasOwn(columns, c.name)).map((c) => c.name)
      expect(unnamed, `TEXT columns of ${table} on neither side`).toEqual([])
      for (const [name, side] of Object.entries(columns)) {
        if ('clear' in side) expect(side.clear.length, `${table}.${name}: why`).toBeGreaterThan(8)
      }
    }
  })

  it('names only columns that exist, and owns each table by a column it has', async () => {
    for (const table of listed) {
      const live = (await tableColumns(table)).map((c) => c.name)
      expect(live.length, `${table} exists`).toBeGreaterThan(0)
      const gone = Object.keys(LEARNER_DATA[table].columns).filter((c) => !live.includes(c))
      expect(gone, `columns of ${table} that no longer exist`).toEqual([])
      expect(live).toContain(LEARNER_DATA[table].owner)
    }
  })

  it('encrypts the learner’s words: every *_ct column, and nothing else', () => {
    for (const table of listed) {
      const names = Object.keys(LEARNER_DATA[table].columns)
      expect(encryptedColumns(table), table).toEqual(names.filter((n) => n.endsWith('_ct')))
    }
  })
})
