/** The SQL that loads the workbook content: idempotent upserts by stable id, one line each. */
import type { Placement, Workbook } from './model.ts'
import { CONFIG_BYTES_LIMIT, STATEMENT_BYTES_LIMIT } from './fields.ts'
import type { Report } from './fields.ts'
import type { Reference } from './reference.ts'
import { ownStatements } from './own.ts'

/**
 * The SQL that makes the database's content match `workbook`: upserts by stable id, then
 * deactivates whatever the seed no longer has, then replaces the connections. Running it twice
 * changes nothing. It never deletes content rows and never touches answers. Each statement is one
 * line with its values inlined (D1's exec splits on newlines; `wrangler d1 execute --file` takes
 * no binds) and is under D1's 100 KB limit.
 *
 * @example
 * writeFileSync('seed.sql', workbookStatements(workbook).join(';\n') + ';') // as scripts/seed.mjs does
 */
export function workbookStatements(workbook: Workbook): string[] {
  const statements: string[] = []
  for (const p of workbook.parts) {
    statements.push(
      upsert('parts', [
        ['id', p.id],
        ['ordinal', p.ordinal],
        ['title', p.title],
        ['summary', p.summary],
      ]),
    )
  }
  for (const m of workbook.modules) {
    statements.push(
      upsert('modules', [
        ['id', m.id],
        ['part_id', m.partId],
        ['ordinal', m.ordinal],
        ['title', m.title],
        ['summary', m.summary],
      ]),
    )
  }
  for (const e of workbook.exercises) {
    statements.push(
      upsert('exercises', [
        ['id', e.id],
        ['module_id', e.moduleId],
        ['ordinal', e.ordinal],
        ['seq', e.seq],
        ['title', e.title],
      ]),
    )
  }
  for (const p of workbook.placements) {
    statements.push(
      upsert('placements', [
        ['id', p.id],
        ['exercise_id', p.exerciseId],
        ['ordinal', p.ordinal],
        ['kind', p.kind],
        ['config', JSON.stringify(p.config)],
      ]),
    )
  }
  statements.push(
    deactivate('placements', workbook.placements),
    deactivate('exercises', workbook.exercises),
    deactivate('modules', workbook.modules),
    deactivate('parts', workbook.parts),
    'DELETE FROM connections',
  )
  for (const c of workbook.connections) {
    const values = [c.placementId, c.sourcePlacementId, c.source, c.use, JSON.stringify(c.params)]
    statements.push(
      'INSERT INTO connections (placement_id, source_placement_id, source, use, params) ' +
        `VALUES (${values.map(sqlText).join(', ')})`,
    )
  }
  // The learner's own tools, outside the walk, after the deactivation of unlisted placements.
  statements.push(...ownStatements())
  const encoder = new TextEncoder()
  for (const sql of statements) {
    const bytes = encoder.encode(sql).length
    if (bytes >= STATEMENT_BYTES_LIMIT) {
      const start = sql.slice(0, 80)
      throw new Error(`a seed statement is ${bytes} bytes, over D1's 100 KB limit: ${start}…`)
    }
  }
  return statements
}

/**
 * The SQL that loads the tools' reference data: upserts by stable id, then deactivates whatever
 * the seed no longer has. Learners' rows point at these ids, so nothing is ever deleted.
 */
export function referenceStatements(reference: Reference): string[] {
  const statements: string[] = []
  for (const s of reference.skills) {
    statements.push(
      upsert('skills', [
        ['id', s.id],
        ['name', s.name],
        ['category', s.category],
        ['folded', s.name.toLocaleLowerCase('en-US')],
      ]),
    )
  }
  reference.competencies.forEach((c, i) => {
    const { id, group, groupName, groupDescription, name, description, levels } = c
    statements.push(
      upsert('competencies', [
        ['id', id],
        ['group_id', group],
        ['ordinal', i + 1],
        ['config', JSON.stringify({ groupName, groupDescription, name, description, levels })],
      ]),
    )
  })
  reference.personality.types.forEach((t, i) => {
    statements.push(
      upsert('personality_types', [
        ['id', t.code],
        ['ordinal', i + 1],
        ['config', JSON.stringify({ name: t.name, summary: t.summary })],
      ]),
    )
  })
  reference.personality.preferences.forEach((p, i) => {
    statements.push(
      upsert('personality_preferences', [
        ['id', p.id],
        ['ordinal', i + 1],
        ['config', JSON.stringify({ question: p.question, options: p.options })],
      ]),
    )
  })
  statements.push(
    deactivate('skills', reference.skills),
    deactivate('personality_preferences', reference.personality.preferences),
    deactivate('competencies', reference.competencies),
    deactivate(
      'personality_types',
      reference.personality.types.map((t) => ({ id: t.code })),
    ),
  )
  return statements
}

// ---------------------------------------------------------------------------------------------
// SQL

type SqlValue = string | number

/**
 * A SQL string literal: quotes doubled, and control characters (newlines above all) spliced in
 * with char() so the statement stays on one line.
 */
function sqlText(text: string): string {
  const quoted = `'${text.replaceAll("'", "''")}'`
  return quoted.replace(/[\u0000-\u001f]/g, (ch) => `' || char(${ch.charCodeAt(0)}) || '`)
}

function sqlValue(value: SqlValue): string {
  if (typeof value === 'string') return sqlText(value)
  if (!Number.isSafeInteger(value)) throw new Error(`not a whole number: ${value}`)
  return String(value)
}

function upsert(table: string, columns: [string, SqlValue][]): string {
  const names = columns.map(([name]) => name)
  const values = columns.map(([, value]) => sqlValue(value))
  const updates = names.filter((name) => name !== 'id').map((name) => `${name} = excluded.${name}`)
  return (
    `INSERT INTO ${table} (${names.join(', ')}, active) VALUES (${values.join(', ')}, 1) ` +
    `ON CONFLICT(id) DO UPDATE SET ${updates.join(', ')}, active = 1`
  )
}

function deactivate(table: string, rows: { id: string }[]): string {
  const ids = rows.map((row) => sqlText(row.id)).join(', ')
  return `UPDATE ${table} SET active = 0 WHERE active = 1 AND id NOT IN (${ids})`
}

/** Whether a block's config fits in one INSERT under D1's statement limit; reports it if not. */
export function fitsInStatement(config: Placement['config'], report: Report): boolean {
  const bytes = new TextEncoder().encode(sqlText(JSON.stringify(config))).length
  if (bytes <= CONFIG_BYTES_LIMIT) return true
  report(`this block is too long to load (${Math.ceil(bytes / 1000)} KB; the limit is 60 KB)`)
  return false
}
