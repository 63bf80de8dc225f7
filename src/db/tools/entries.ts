/** The learner's tool answers across the workbook, with where each was made: for /tools. */
import type { StoredAnswer } from '../answers'
import type { Db } from '../client'
import { rows, type Query } from '../query'

/** One tool answer and the block it belongs to. */
export type ToolEntry = {
  answer: StoredAnswer
  tool: string
  exerciseId: string
  exerciseTitle: string
  moduleTitle: string
  /** The placement's config as stored, to read its label and settings. */
  config: string
  kind: string
  ordinal: number
}

type Row = {
  placement_id: string
  body_ct: string
  version: number
  updated_at: string
  submission_id: string | null
  complete: number
  tool: string
  exercise_id: string
  exercise_title: string
  module_title: string
  config: string
  kind: string
  ordinal: number
}

/**
 * The learner's answers to active tool blocks, in walk order, then their own tools (outside the
 * walk); of one tool, if `tool` is set.
 */
export function toolEntriesQuery(db: Db, userId: string, tool: string | null): Query<ToolEntry[]> {
  return rows(
    db
      .prepare(
        `SELECT a.placement_id, a.body_ct, a.version, a.updated_at, a.submission_id, a.complete,
           p.config ->> '$.tool' AS tool, p.config, p.kind, p.ordinal,
           e.id AS exercise_id, e.title AS exercise_title, m.title AS module_title
         FROM answers a
         JOIN placements p ON p.id = a.placement_id AND p.active = 1 AND p.kind = 'tool'
         JOIN exercises e ON e.id = p.exercise_id AND (e.active = 1 OR e.id = 'own')
         JOIN modules m ON m.id = e.module_id
         WHERE a.user_id = ?1 AND (?2 IS NULL OR p.config ->> '$.tool' = ?2)
         ORDER BY e.seq, p.ordinal`,
      )
      .bind(userId, tool),
    (found: Row[]) =>
      found.map((r) => ({
        answer: {
          placementId: r.placement_id,
          bodyCt: r.body_ct,
          version: r.version,
          updatedAt: r.updated_at,
          submissionId: r.submission_id,
          complete: r.complete === 1,
        },
        tool: r.tool,
        exerciseId: r.exercise_id,
        exerciseTitle: r.exercise_title,
        moduleTitle: r.module_title,
        config: r.config,
        kind: r.kind,
        ordinal: r.ordinal,
      })),
  )
}
