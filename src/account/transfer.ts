/**
 * The learner's data as one document: built for an export (every table on the data list whose
 * part is `rows`, decrypted with the session's key) and checked and written back by an import
 * (re-encrypted under the importing account's key, in one batch).
 *
 * What comes back different after an export → import → export round trip, by design:
 * - `exportedAt`, the moment of each export;
 * - the ids of answer revisions, which the database numbers itself and the export leaves out.
 * Everything else (row ids, positions, dates of answers and tool rows, versions) is carried.
 */
// Named imports, as everywhere: `import { z }` would bundle all of zod (its locales, JSON Schema).
import {
  array,
  json,
  literal,
  null as nullValue,
  number,
  object,
  strictObject,
  string,
  union,
  type ZodArray,
  type ZodType,
} from 'zod'
import type { SessionUser } from '../env'
import { ciphertextFormat, decryptText, encryptText } from '../auth/keys'
import { rowContext } from '../tools/reads'
import { answerContext, legacyAnswerContext } from '../workbook/answers'
import { LEARNER_DATA, ROWS_TABLES, type RowsTableName } from '../db/learner-data'
import { carriedColumns, type RowValue, type StoredRow } from '../db/learner-rows'

/** The shape of the document; a newer DreamTree may write a higher one, which this one refuses. */
export const SCHEMA_VERSION = 1
/** The workbook the rows belong to: their placement ids are this edition's. */
export const WORKBOOK_EDITION = 'dreamtree-workbook-1'
export const EXPORT_FORMAT = 'dreamtree-export'

/** A row as the document holds it: clear columns as stored, encrypted ones opened and renamed. */
export type ExportRow = Record<string, unknown>

export type ExportDocument = {
  format: typeof EXPORT_FORMAT
  schemaVersion: typeof SCHEMA_VERSION
  workbook: typeof WORKBOOK_EDITION
  exportedAt: string
  profile: { email: string; displayName: string | null }
  /** Rows that could not be decrypted (damaged in storage) and so are not in the file. */
  unreadable: number
  tables: Record<RowsTableName, ExportRow[]>
}

/** How an encrypted column is bound and what its plain text is. */
type Sealed = {
  /** The associated data the ciphertext is bound to, for a row of this learner. */
  context: (userId: string, row: StoredRow, format: 'v1' | 'v2' | null) => string
  /** The plain text is JSON, carried as the value it encodes. */
  json: boolean
}

const answerBody: Sealed = {
  context: (userId, row, format) =>
    format === 'v1'
      ? legacyAnswerContext(userId, String(row.placement_id))
      : answerContext(userId, String(row.placement_id), Number(row.version)),
  json: true,
}

/** A tool row's text: bound to its table, owner, placement and the row's key column. */
const toolText = (table: RowsTableName, key: string, json: boolean): Sealed => ({
  context: (userId, row) => rowContext(table, userId, String(row.placement_id), String(row[key])),
  json,
})

/**
 * For every exported table, how each of its encrypted columns is opened and sealed. A table
 * added to the data list must be added here, or this does not compile; a test checks that each
 * entry names exactly the table's encrypted columns.
 */
export const SEALED: { [T in RowsTableName]: Readonly<Record<string, Sealed>> } = {
  user_settings: {},
  answers: { body_ct: answerBody },
  answer_revisions: {
    body_ct: {
      // A saved revision holds the answer's own ciphertext; a conflict was sealed as the version
      // after the one it was based on (src/workbook/save.ts).
      context: (userId, row, format) =>
        answerBody.context(
          userId,
          { ...row, version: Number(row.version) + (row.kind === 'conflict' ? 1 : 0) },
          format,
        ),
      json: true,
    },
  },
  list_items: { text_ct: toolText('list_items', 'item_id', false) },
  user_skills: { name_ct: toolText('user_skills', 'skill_key', false) },
  skill_mastery: {},
  ranked_items: { text_ct: toolText('ranked_items', 'item_id', false) },
  stories: { content_ct: toolText('stories', 'story_id', true) },
  story_skills: {},
  competency_ratings: {},
  personality_results: {},
  flow_entries: { content_ct: toolText('flow_entries', 'entry_id', true) },
  life_balance_rounds: { notes_ct: toolText('life_balance_rounds', 'round_id', false) },
  life_balance_scores: {},
  budget_lines: { content_ct: toolText('budget_lines', 'line_id', true) },
  mindset_profiles: { content_ct: toolText('mindset_profiles', 'mindset', true) },
  reframes: { content_ct: toolText('reframes', 'reframe_id', true) },
  idea_nodes: { text_ct: toolText('idea_nodes', 'node_id', false) },
  milestones: { content_ct: toolText('milestones', 'milestone_id', true) },
  career_options: { content_ct: toolText('career_options', 'option_id', true) },
}

/** The name an encrypted column has in the document: `text_ct` is carried as `text`. */
export const openedName = (column: string) => column.replace(/_ct$/, '')

/** Opens one stored row for the document; null when a field cannot be decrypted. */
async function openRow(
  user: SessionUser,
  table: RowsTableName,
  row: StoredRow,
): Promise<ExportRow | null> {
  const out: ExportRow = {}
  for (const column of carriedColumns(table)) {
    const sealed = SEALED[table][column]
    const value = row[column] ?? null
    if (!sealed) {
      out[column] = value
      continue
    }
    if (value === null) {
      out[openedName(column)] = null
      continue
    }
    try {
      const ct = String(value)
      const text = await decryptText(
        user.dataKey,
        ct,
        sealed.context(user.id, row, ciphertextFormat(ct)),
      )
      out[openedName(column)] = sealed.json ? JSON.parse(text) : text
    } catch {
      return null
    }
  }
  return out
}

/** The document of everything the learner has, decrypted with the session's key. */
export async function buildExport(
  user: SessionUser,
  stored: Record<RowsTableName, StoredRow[]>,
  profile: ExportDocument['profile'],
  now = new Date(),
): Promise<ExportDocument> {
  let unreadable = 0
  const tables = {} as Record<RowsTableName, ExportRow[]>
  for (const table of ROWS_TABLES) {
    const opened = await Promise.all(stored[table].map((row) => openRow(user, table, row)))
    unreadable += opened.filter((r) => r === null).length
    tables[table] = opened.filter((r): r is ExportRow => r !== null)
  }
  return {
    format: EXPORT_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    workbook: WORKBOOK_EDITION,
    exportedAt: now.toISOString(),
    profile,
    unreadable,
    tables,
  }
}

// ——— Import: the document checked, then sealed for the importing account ———

/** The largest export file an import takes. */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024

const clearValue = union([string().max(4096), number().finite(), nullValue()])
const openedText = string()
  .max(64 * 1024)
  .nullable()
const openedJson = json()

/** The zod schema of one table's rows: exactly its carried columns, each of the right kind. */
function rowSchema(table: RowsTableName) {
  const shape: Record<string, ZodType> = {}
  for (const column of carriedColumns(table)) {
    const sealed = SEALED[table][column]
    if (!sealed) shape[column] = clearValue
    else shape[openedName(column)] = sealed.json ? openedJson : openedText
  }
  return strictObject(shape)
}

const tablesSchema = strictObject(
  Object.fromEntries(ROWS_TABLES.map((t) => [t, array(rowSchema(t)).max(20_000)])) as Record<
    RowsTableName,
    ZodArray<ReturnType<typeof rowSchema>>
  >,
)

/** What is wrong with an uploaded file, in words for the learner. */
export type ImportProblem =
  'not-json' | 'not-export' | 'future-version' | 'other-workbook' | 'malformed'

/** The document's header, checked first so a newer or foreign file gets its own message. */
const headerSchema = object({
  format: literal(EXPORT_FORMAT),
  schemaVersion: number().int().positive(),
  workbook: string(),
})

const documentSchema = strictObject({
  format: literal(EXPORT_FORMAT),
  schemaVersion: literal(SCHEMA_VERSION),
  workbook: literal(WORKBOOK_EDITION),
  exportedAt: string().refine((s) => !Number.isNaN(Date.parse(s))),
  profile: strictObject({
    email: string().max(254),
    displayName: string().max(80).nullable(),
  }),
  unreadable: number().int().nonnegative(),
  tables: tablesSchema,
})

/** Reads an uploaded file as an export document, or says what is wrong with it. */
export function readExport(
  text: string,
): { ok: true; document: ExportDocument } | { ok: false; problem: ImportProblem } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { ok: false, problem: 'not-json' }
  }
  const header = headerSchema.safeParse(raw)
  if (!header.success) return { ok: false, problem: 'not-export' }
  if (header.data.schemaVersion > SCHEMA_VERSION) return { ok: false, problem: 'future-version' }
  if (header.data.workbook !== WORKBOOK_EDITION) return { ok: false, problem: 'other-workbook' }
  const parsed = documentSchema.safeParse(raw)
  if (!parsed.success) return { ok: false, problem: 'malformed' }
  return { ok: true, document: parsed.data as ExportDocument }
}

/** The placement ids a document's rows name, to check against the workbook before writing. */
export function placementsNamed(document: ExportDocument): Set<string> {
  const ids = new Set<string>()
  for (const table of ROWS_TABLES) {
    if (!('placement_id' in LEARNER_DATA[table].columns)) continue
    for (const row of document.tables[table]) ids.add(String(row.placement_id))
  }
  return ids
}

/** Seals a document's rows for the importing account: its id, under its data key. */
export async function sealDocument(
  user: SessionUser,
  document: ExportDocument,
): Promise<Record<RowsTableName, StoredRow[]>> {
  const out = {} as Record<RowsTableName, StoredRow[]>
  for (const table of ROWS_TABLES) {
    out[table] = await Promise.all(
      document.tables[table].map(async (row) => {
        const stored: StoredRow = {}
        for (const column of carriedColumns(table)) {
          const sealed = SEALED[table][column]
          if (!sealed) {
            stored[column] = (row[column] ?? null) as RowValue
            continue
          }
          const value = row[openedName(column)]
          stored[column] =
            value === null || value === undefined
              ? null
              : await encryptText(
                  user.dataKey,
                  sealed.json ? JSON.stringify(value) : String(value),
                  sealed.context(user.id, { ...stored, ...(row as StoredRow) }, 'v2'),
                )
        }
        return stored
      }),
    )
  }
  return out
}

/** How many of each kind a document holds, for the import's preview. */
export function documentCounts(document: ExportDocument): { table: RowsTableName; rows: number }[] {
  return ROWS_TABLES.map((table) => ({ table, rows: document.tables[table].length })).filter(
    (c) => c.rows > 0,
  )
}

/** For the tests: the encrypted columns the sealing table names, per table. */
export function sealedColumns(table: RowsTableName): string[] {
  return Object.keys(SEALED[table]).sort()
}
