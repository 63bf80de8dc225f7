/**
 * The workbook's outline for the readable exports (the ZIP's Markdown and the print view): every
 * answerable block of the walk, and of the learner's own tools, with its part and exercise, in
 * one statement; and the names of the reference data the learner's rows point at.
 */
import { readPlacement, type AnswerablePlacement } from '../content/model'
import type { Db } from './client'
import { join, rows, run, type Query } from './query'

/** An answerable block with the part and exercise it sits in. */
export type OutlineBlock = {
  partId: string
  partOrdinal: number
  partTitle: string
  exerciseId: string
  exerciseTitle: string
  placement: AnswerablePlacement
}

/** The public names the learner's clear ids stand for. */
export type ReferenceNames = {
  skills: Map<string, string>
  competencies: { id: string; name: string; levels: string[] }[]
  types: Map<string, string>
}

export type Outline = { blocks: OutlineBlock[]; names: ReferenceNames }

type BlockRow = {
  part_id: string
  part_ordinal: number
  part_title: string
  exercise_id: string
  exercise_title: string
  id: string
  ordinal: number
  kind: string
  config: string
}

type NameRow = {
  kind: 'skill' | 'competency' | 'type'
  id: string
  name: string
  extra: string
  ordinal: number
}

function rowToBlock(row: BlockRow): OutlineBlock {
  const placement = readPlacement(
    { id: row.id, exerciseId: row.exercise_id, ordinal: row.ordinal },
    row.kind,
    row.config,
  )
  // The query excludes content, so this holds; the check keeps the type honest.
  if (placement.kind === 'content') throw new Error('A content block is not answerable')
  return {
    partId: row.part_id,
    partOrdinal: row.part_ordinal,
    partTitle: row.part_title,
    exerciseId: row.exercise_id,
    exerciseTitle: row.exercise_title,
    placement,
  }
}

/**
 * Every active prompt and tool of the walk in walk order, then the learner's own tools (their
 * exercise, `own`, is kept out of the walk and sorts last); with the names of the master skills
 * this learner tagged, the competencies (in order, with their levels' words) and the types.
 */
export function outlineQuery(db: Db, userId: string): Query<Outline> {
  const blocks = rows(
    db
      .prepare(
        `SELECT pt.id AS part_id, pt.ordinal AS part_ordinal, pt.title AS part_title,
                e.id AS exercise_id, e.title AS exercise_title,
                p.id, p.ordinal, p.kind, p.config
         FROM placements p
         JOIN exercises e ON e.id = p.exercise_id
         JOIN modules m ON m.id = e.module_id
         JOIN parts pt ON pt.id = m.part_id
         WHERE p.active = 1 AND p.kind != 'content'
           AND ((e.active = 1 AND m.active = 1 AND pt.active = 1) OR e.id = 'own')
         ORDER BY e.seq, p.ordinal`,
      )
      .bind(),
    (found: BlockRow[]) => found.map(rowToBlock),
  )
  const names = rows(
    db
      .prepare(
        `SELECT 'skill' AS kind, s.id, s.name, '' AS extra, 0 AS ordinal FROM skills s
           WHERE s.id IN (SELECT u.skill_id FROM user_skills u WHERE u.user_id = ?1)
         UNION ALL
         SELECT 'competency', c.id, c.config ->> '$.name', c.config ->> '$.levels', c.ordinal
           FROM competencies c WHERE c.active = 1
         UNION ALL
         SELECT 'type', t.id, t.config ->> '$.name', '', t.ordinal FROM personality_types t
         ORDER BY kind, ordinal`,
      )
      .bind(userId),
    (found: NameRow[]): ReferenceNames => ({
      skills: new Map(found.filter((r) => r.kind === 'skill').map((r) => [r.id, r.name])),
      competencies: found
        .filter((r) => r.kind === 'competency')
        .map((r) => ({ id: r.id, name: r.name, levels: JSON.parse(r.extra) as string[] })),
      types: new Map(found.filter((r) => r.kind === 'type').map((r) => [r.id, r.name])),
    }),
  )
  return join([blocks, names], ([blocks, names]) => ({ blocks, names }))
}

/** {@link outlineQuery} on its own: one round trip. */
export function loadOutline(db: Db, userId: string): Promise<Outline> {
  return run(db, outlineQuery(db, userId))
}
