/**
 * A learner's rows, table by table, as the data list (learner-data.ts) names them: read for an
 * export, and replaced wholesale by an import. Table and column names come from that list and
 * are checked as SQL names before they are spliced in; every value is bound.
 */
import type { Db } from './client'
import { LEARNER_DATA, type RowsTableName } from './learner-data'
import { join, rows, type Query } from './query'

export type RowValue = string | number | null
export type StoredRow = Record<string, RowValue>

const NAME = /^[a-z_]+$/
function sqlName(name: string): string {
  if (!NAME.test(name)) throw new Error(`bad SQL name: ${name}`)
  return name
}

/** The columns of a table that an export carries: all but the owner and regenerated row ids. */
export function carriedColumns(table: RowsTableName): string[] {
  const spec = LEARNER_DATA[table]
  return Object.keys(spec.columns).filter((c) => c !== spec.owner && !regenerated(table, c))
}

/** A column the database numbers itself, so an import makes it anew (documented in the export). */
export function regenerated(table: RowsTableName, column: string): boolean {
  return table === 'answer_revisions' && column === 'id'
}

/**
 * Every row of each table for one learner, in one batch. Rows come in a stable order (their
 * clear columns, then the rest), so two exports of the same data are the same.
 */
export function learnerRowsQuery<T extends RowsTableName>(
  db: Db,
  tables: readonly T[],
  userId: string,
): Query<Record<T, StoredRow[]>> {
  const queries = tables.map((table) => {
    const spec = LEARNER_DATA[table]
    const columns = carriedColumns(table).map(sqlName)
    const order = [
      ...columns.filter((c) => !c.endsWith('_ct')),
      ...columns.filter((c) => c.endsWith('_ct')),
    ]
    return rows(
      db
        .prepare(
          `SELECT ${columns.join(', ')} FROM ${sqlName(table)} WHERE ${sqlName(spec.owner)} = ?1
           ORDER BY ${order.join(', ')}`,
        )
        .bind(userId),
      (found: StoredRow[]) => found,
    )
  })
  return join(
    queries,
    (results) =>
      Object.fromEntries(tables.map((t, i) => [t, results[i]!])) as Record<T, StoredRow[]>,
  )
}

/** Rows travel to SQLite as JSON arrays of at most this many bytes (D1 caps a value at 2 MB). */
const CHUNK_BYTES = 512 * 1024

function chunks(list: readonly StoredRow[]): StoredRow[][] {
  const out: StoredRow[][] = []
  let current: StoredRow[] = []
  let size = 0
  for (const row of list) {
    const bytes = JSON.stringify(row).length
    if (current.length && size + bytes > CHUNK_BYTES) {
      out.push(current)
      current = []
      size = 0
    }
    current.push(row)
    size += bytes
  }
  if (current.length) out.push(current)
  return out
}

/**
 * The statements that make the learner's rows in every listed table exactly `data`: every table
 * emptied (in reverse order of the list), then filled (in its order), each table's rows through
 * `json_each` in a few chunks. Run them as one batch: all of it happens, or none.
 */
export function replaceLearnerRows<T extends RowsTableName>(
  db: Db,
  userId: string,
  tables: readonly T[],
  data: Record<T, readonly StoredRow[]>,
): D1PreparedStatement[] {
  const empty = [...tables]
    .reverse()
    .map((table) =>
      db
        .prepare(`DELETE FROM ${sqlName(table)} WHERE ${sqlName(LEARNER_DATA[table].owner)} = ?1`)
        .bind(userId),
    )
  const fill = tables.flatMap((table) => {
    const columns = carriedColumns(table).map(sqlName)
    const owner = sqlName(LEARNER_DATA[table].owner)
    const values = columns.map((c) => `j.value ->> '$.${c}'`).join(', ')
    return chunks(data[table]).map((part) =>
      db
        .prepare(
          `INSERT INTO ${sqlName(table)} (${owner}, ${columns.join(', ')})
           SELECT ?1, ${values} FROM json_each(?2) j`,
        )
        .bind(userId, JSON.stringify(part)),
    )
  })
  return [...empty, ...fill]
}

/** The statements that stage an uploaded export (already encrypted, in chunks) for one learner. */
export function stageImport(db: Db, userId: string, chunks: readonly string[], now: string) {
  return [
    clearStagedImport(db, userId),
    ...chunks.map((ct, i) =>
      db
        .prepare(
          'INSERT INTO import_staging (user_id, chunk, body_ct, created_at) VALUES (?1, ?2, ?3, ?4)',
        )
        .bind(userId, i, ct, now),
    ),
  ]
}

/** Forgets the learner's staged import. */
export function clearStagedImport(db: Db, userId: string) {
  return db.prepare('DELETE FROM import_staging WHERE user_id = ?1').bind(userId)
}

/** The learner's staged import, its chunks in order, and when it was staged; null if none. */
export function stagedImportQuery(
  db: Db,
  userId: string,
): Query<{ chunks: string[]; stagedAt: string } | null> {
  return rows(
    db
      .prepare('SELECT body_ct, created_at FROM import_staging WHERE user_id = ?1 ORDER BY chunk')
      .bind(userId),
    (found: { body_ct: string; created_at: string }[]) =>
      found.length ? { chunks: found.map((r) => r.body_ct), stagedAt: found[0]!.created_at } : null,
  )
}

/** Which of these placement ids the workbook does not have (active or not). */
export function unknownPlacementsQuery(db: Db, ids: readonly string[]): Query<string[]> {
  return rows(
    db
      .prepare(
        'SELECT j.value AS id FROM json_each(?1) j WHERE j.value NOT IN (SELECT id FROM placements)',
      )
      .bind(JSON.stringify(ids)),
    (found: { id: string }[]) => found.map((r) => r.id),
  )
}
