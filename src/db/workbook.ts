/** Workbook content and progress, read per exercise in one batch. */
import type { PlacementConfig } from '../content'
import type { Db } from './client'

export type PlacementKind = 'content' | 'prompt' | 'tool'
export type Placement = {
  id: string
  exerciseId: string
  ordinal: number
  kind: PlacementKind
  config: PlacementConfig
}
export type StoredAnswer = {
  placementId: string
  bodyCt: string
  version: number
  updatedAt: string
}
export type ExerciseRef = { id: string; title: string; seq: number; moduleTitle: string }

export type ExerciseContext = {
  id: string
  title: string
  seq: number
  moduleId: string
  moduleTitle: string
  partId: string
  partTitle: string
  /** Position of the exercise in its module, counting active exercises only. */
  position: number
  moduleSize: number
  next: { id: string; title: string; moduleTitle: string } | null
  previous: { id: string; title: string } | null
}

export type ExerciseData = {
  context: ExerciseContext
  placements: Placement[]
  answers: StoredAnswer[]
  /** The first exercise with an unanswered prompt: where the learner is. Null when all is done. */
  frontier: ExerciseRef | null
}

type PlacementRow = {
  id: string
  exercise_id: string
  ordinal: number
  kind: PlacementKind
  config: string
}
type AnswerRow = { placement_id: string; body_ct: string; version: number; updated_at: string }
type ContextRow = {
  id: string
  title: string
  seq: number
  module_id: string
  module_title: string
  part_id: string
  part_title: string
  position: number
  module_size: number
  next_id: string | null
  next_title: string | null
  next_module_title: string | null
  previous_id: string | null
  previous_title: string | null
}

function rowToPlacement(row: PlacementRow): Placement {
  return {
    id: row.id,
    exerciseId: row.exercise_id,
    ordinal: row.ordinal,
    kind: row.kind,
    config: JSON.parse(row.config) as PlacementConfig,
  }
}

function rowToAnswer(row: AnswerRow): StoredAnswer {
  return {
    placementId: row.placement_id,
    bodyCt: row.body_ct,
    version: row.version,
    updatedAt: row.updated_at,
  }
}

function rowToContext(row: ContextRow): ExerciseContext {
  return {
    id: row.id,
    title: row.title,
    seq: row.seq,
    moduleId: row.module_id,
    moduleTitle: row.module_title,
    partId: row.part_id,
    partTitle: row.part_title,
    position: row.position,
    moduleSize: row.module_size,
    next: row.next_id
      ? { id: row.next_id, title: row.next_title ?? '', moduleTitle: row.next_module_title ?? '' }
      : null,
    previous: row.previous_id ? { id: row.previous_id, title: row.previous_title ?? '' } : null,
  }
}

const FRONTIER_SQL = `SELECT e.id, e.title, e.seq, m.title AS moduleTitle
  FROM exercises e JOIN modules m ON m.id = e.module_id
  WHERE e.active = 1 AND EXISTS (
    SELECT 1 FROM placements p WHERE p.exercise_id = e.id AND p.active = 1 AND p.kind != 'content'
      AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.user_id = ?1 AND a.placement_id = p.id))
  ORDER BY e.seq LIMIT 1`

/** Where the learner is: the first exercise, in walk order, with an unanswered prompt. */
export async function findFrontier(db: Db, userId: string): Promise<ExerciseRef | null> {
  return db.prepare(FRONTIER_SQL).bind(userId).first<ExerciseRef>()
}

/**
 * Everything an exercise page needs, in one round trip: the exercise with its place in the
 * tree and its neighbours, its active placements, this learner's answers to them, and the
 * learner's frontier. Null if there is no such active exercise.
 */
export async function loadExercise(
  db: Db,
  userId: string,
  exerciseId: string,
): Promise<ExerciseData | null> {
  const [context, placements, answers, frontier] = await db.batch([
    db
      .prepare(
        `SELECT e.id, e.title, e.seq, m.id AS module_id, m.title AS module_title, p.id AS part_id, p.title AS part_title,
           (SELECT COUNT(*) FROM exercises x WHERE x.module_id = e.module_id AND x.active = 1 AND x.ordinal <= e.ordinal) AS position,
           (SELECT COUNT(*) FROM exercises x WHERE x.module_id = e.module_id AND x.active = 1) AS module_size,
           n.id AS next_id, n.title AS next_title, nm.title AS next_module_title,
           v.id AS previous_id, v.title AS previous_title
         FROM exercises e
         JOIN modules m ON m.id = e.module_id
         JOIN parts p ON p.id = m.part_id
         LEFT JOIN exercises n ON n.id = (SELECT x.id FROM exercises x WHERE x.active = 1 AND x.seq > e.seq ORDER BY x.seq LIMIT 1)
         LEFT JOIN modules nm ON nm.id = n.module_id
         LEFT JOIN exercises v ON v.id = (SELECT x.id FROM exercises x WHERE x.active = 1 AND x.seq < e.seq ORDER BY x.seq DESC LIMIT 1)
         WHERE e.id = ?1 AND e.active = 1`,
      )
      .bind(exerciseId),
    db
      .prepare(
        'SELECT id, exercise_id, ordinal, kind, config FROM placements WHERE exercise_id = ?1 AND active = 1 ORDER BY ordinal',
      )
      .bind(exerciseId),
    db
      .prepare(
        `SELECT a.placement_id, a.body_ct, a.version, a.updated_at FROM answers a
         JOIN placements p ON p.id = a.placement_id
         WHERE a.user_id = ?2 AND p.exercise_id = ?1`,
      )
      .bind(exerciseId, userId),
    db.prepare(FRONTIER_SQL).bind(userId),
  ])
  const contextRow = (context?.results as ContextRow[] | undefined)?.[0]
  if (!contextRow) return null
  return {
    context: rowToContext(contextRow),
    placements: (placements!.results as PlacementRow[]).map(rowToPlacement),
    answers: (answers!.results as AnswerRow[]).map(rowToAnswer),
    frontier: (frontier!.results as ExerciseRef[])[0] ?? null,
  }
}

/**
 * One active prompt or tool placement of an exercise, with the id of the block after it in walk
 * order (the first active placement with a greater ordinal, or null at the end); null if absent.
 */
export async function findAnswerablePlacement(
  db: Db,
  exerciseId: string,
  placementId: string,
): Promise<{ placement: Placement; nextId: string | null } | null> {
  const row = await db
    .prepare(
      `SELECT p.id, p.exercise_id, p.ordinal, p.kind, p.config,
         (SELECT n.id FROM placements n
          WHERE n.exercise_id = p.exercise_id AND n.active = 1 AND n.ordinal > p.ordinal
          ORDER BY n.ordinal LIMIT 1) AS next_id
       FROM placements p
       WHERE p.id = ?1 AND p.exercise_id = ?2 AND p.active = 1 AND p.kind != 'content'`,
    )
    .bind(placementId, exerciseId)
    .first<PlacementRow & { next_id: string | null }>()
  return row ? { placement: rowToPlacement(row), nextId: row.next_id } : null
}

export type ContentsRow = {
  partId: string
  partTitle: string
  partSummary: string
  moduleId: string
  moduleTitle: string
  moduleSummary: string
  exerciseId: string
  exerciseTitle: string
  seq: number
  prompts: number
  answered: number
}

/** The whole tree with this learner's answered counts per exercise, in walk order. */
export async function loadContents(db: Db, userId: string): Promise<ContentsRow[]> {
  const { results } = await db
    .prepare(
      `SELECT p.id AS part_id, p.title AS part_title, p.summary AS part_summary,
              m.id AS module_id, m.title AS module_title, m.summary AS module_summary,
              e.id AS exercise_id, e.title AS exercise_title, e.seq,
              (SELECT COUNT(*) FROM placements q WHERE q.exercise_id = e.id AND q.active = 1 AND q.kind != 'content') AS prompts,
              (SELECT COUNT(*) FROM answers a JOIN placements q ON q.id = a.placement_id
                 WHERE a.user_id = ?1 AND q.exercise_id = e.id AND q.active = 1 AND q.kind != 'content') AS answered
       FROM exercises e
       JOIN modules m ON m.id = e.module_id AND m.active = 1
       JOIN parts p ON p.id = m.part_id AND p.active = 1
       WHERE e.active = 1
       ORDER BY e.seq`,
    )
    .bind(userId)
    .all<Record<string, string | number>>()
  return results.map((r) => ({
    partId: String(r.part_id),
    partTitle: String(r.part_title),
    partSummary: String(r.part_summary),
    moduleId: String(r.module_id),
    moduleTitle: String(r.module_title),
    moduleSummary: String(r.module_summary),
    exerciseId: String(r.exercise_id),
    exerciseTitle: String(r.exercise_title),
    seq: Number(r.seq),
    prompts: Number(r.prompts),
    answered: Number(r.answered),
  }))
}
