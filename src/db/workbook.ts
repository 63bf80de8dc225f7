/** Workbook content and progress, read per exercise in one batch. */
import { readPlacement, type AnswerablePlacement, type Placement } from '../content/model'
import { exerciseAnswersQuery, type StoredAnswer } from './answers'
import type { Db } from './client'
import { firstRow, join, rows, run, type Query } from './query'

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
  /** The first exercise with an unanswered prompt (or unfinished tool): where the learner is. Null when all is done. */
  frontier: ExerciseRef | null
}

type PlacementRow = {
  id: string
  exercise_id: string
  ordinal: number
  kind: string
  config: string
}
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
  const base = { id: row.id, exerciseId: row.exercise_id, ordinal: row.ordinal }
  return readPlacement(base, row.kind, row.config)
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
      AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.user_id = ?1 AND a.placement_id = p.id AND a.complete = 1))
  ORDER BY e.seq LIMIT 1`

/** Where the learner is: the first exercise, in walk order, with an unanswered prompt. */
export function frontierQuery(db: Db, userId: string): Query<ExerciseRef | null> {
  return firstRow(db.prepare(FRONTIER_SQL).bind(userId), (row: ExerciseRef) => row)
}

/** Where the learner is, on its own (the home page and `/workbook`). */
export function findFrontier(db: Db, userId: string): Promise<ExerciseRef | null> {
  return run(db, frontierQuery(db, userId))
}

/** The exercise with its place in the tree and its neighbours; null if it is not active. */
export function exerciseContextQuery(db: Db, exerciseId: string): Query<ExerciseContext | null> {
  return firstRow(
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
    rowToContext,
  )
}

/** The active placements of an exercise, in walk order. */
export function placementsQuery(db: Db, exerciseId: string): Query<Placement[]> {
  return rows(
    db
      .prepare(
        'SELECT id, exercise_id, ordinal, kind, config FROM placements WHERE exercise_id = ?1 AND active = 1 ORDER BY ordinal',
      )
      .bind(exerciseId),
    (found: PlacementRow[]) => found.map(rowToPlacement),
  )
}

/**
 * Everything an exercise page needs, as one query: the exercise with its place in the tree and
 * its neighbours, its active placements, this learner's answers to them, and the learner's
 * frontier. Null if there is no such active exercise. Tool reads and connection sources join
 * it in the same batch, so the page stays at one round trip after the session.
 */
export function exerciseQuery(
  db: Db,
  userId: string,
  exerciseId: string,
): Query<ExerciseData | null> {
  return join(
    [
      exerciseContextQuery(db, exerciseId),
      placementsQuery(db, exerciseId),
      exerciseAnswersQuery(db, userId, exerciseId),
      frontierQuery(db, userId),
    ],
    ([context, placements, answers, frontier]) =>
      context ? { context, placements, answers, frontier } : null,
  )
}

/** Loads an exercise page's data in one round trip; see {@link exerciseQuery}. */
export function loadExercise(
  db: Db,
  userId: string,
  exerciseId: string,
): Promise<ExerciseData | null> {
  return run(db, exerciseQuery(db, userId, exerciseId))
}

/** An answerable placement, the block after it, and where its exercise sits in the walk. */
export type AnswerableFound = {
  placement: AnswerablePlacement
  /** The id of the next active placement in walk order, or null at the end. */
  nextId: string | null
  /** The exercise's position in the whole walk, to compare with the learner's frontier. */
  exerciseSeq: number
}

/**
 * One active prompt or tool placement of an active exercise, with the id of the block after it
 * in walk order (the first active placement with a greater ordinal, or null at the end); null if
 * absent.
 */
export function answerablePlacementQuery(
  db: Db,
  exerciseId: string,
  placementId: string,
): Query<AnswerableFound | null> {
  return firstRow(
    db
      .prepare(
        `SELECT p.id, p.exercise_id, p.ordinal, p.kind, p.config, e.seq AS exercise_seq,
           (SELECT n.id FROM placements n
            WHERE n.exercise_id = p.exercise_id AND n.active = 1 AND n.ordinal > p.ordinal
            ORDER BY n.ordinal LIMIT 1) AS next_id
         FROM placements p JOIN exercises e ON e.id = p.exercise_id AND e.active = 1
         WHERE p.id = ?1 AND p.exercise_id = ?2 AND p.active = 1 AND p.kind != 'content'`,
      )
      .bind(placementId, exerciseId),
    (row: PlacementRow & { next_id: string | null; exercise_seq: number }) => {
      const placement = rowToPlacement(row)
      // The query excludes content, so this holds; the check keeps the type honest.
      if (placement.kind === 'content') throw new Error('A content block is not answerable')
      return { placement, nextId: row.next_id, exerciseSeq: row.exercise_seq }
    },
  )
}

/** {@link answerablePlacementQuery} on its own. */
export function findAnswerablePlacement(
  db: Db,
  exerciseId: string,
  placementId: string,
): Promise<AnswerableFound | null> {
  return run(db, answerablePlacementQuery(db, exerciseId, placementId))
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

type ContentsDbRow = {
  part_id: string
  part_title: string
  part_summary: string
  module_id: string
  module_title: string
  module_summary: string
  exercise_id: string
  exercise_title: string
  seq: number
  prompts: number
  answered: number
}

/** The whole tree with this learner's answered counts per exercise, in walk order. */
export function loadContents(db: Db, userId: string): Promise<ContentsRow[]> {
  return run(
    db,
    rows(
      db
        .prepare(
          `SELECT p.id AS part_id, p.title AS part_title, p.summary AS part_summary,
                  m.id AS module_id, m.title AS module_title, m.summary AS module_summary,
                  e.id AS exercise_id, e.title AS exercise_title, e.seq,
                  (SELECT COUNT(*) FROM placements q WHERE q.exercise_id = e.id AND q.active = 1 AND q.kind != 'content') AS prompts,
                  (SELECT COUNT(*) FROM answers a JOIN placements q ON q.id = a.placement_id
                     WHERE a.user_id = ?1 AND a.complete = 1 AND q.exercise_id = e.id AND q.active = 1 AND q.kind != 'content') AS answered
           FROM exercises e
           JOIN modules m ON m.id = e.module_id AND m.active = 1
           JOIN parts p ON p.id = m.part_id AND p.active = 1
           WHERE e.active = 1
           ORDER BY e.seq`,
        )
        .bind(userId),
      (found: ContentsDbRow[]) =>
        found.map((r) => ({
          partId: r.part_id,
          partTitle: r.part_title,
          partSummary: r.part_summary,
          moduleId: r.module_id,
          moduleTitle: r.module_title,
          moduleSummary: r.module_summary,
          exerciseId: r.exercise_id,
          exerciseTitle: r.exercise_title,
          seq: r.seq,
          prompts: r.prompts,
          answered: r.answered,
        })),
    ),
  )
}

/** One of the learner's own tools' placements (outside the walk; see src/content/own.ts). */
export function ownPlacementQuery(db: Db, placementId: string): Query<Placement | null> {
  return firstRow(
    db
      .prepare(
        `SELECT id, exercise_id, ordinal, kind, config FROM placements
         WHERE id = ?1 AND exercise_id = 'own' AND active = 1 AND kind = 'tool'`,
      )
      .bind(placementId),
    rowToPlacement,
  )
}
