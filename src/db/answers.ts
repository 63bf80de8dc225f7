/**
 * Answers, keyed by (user, placement), with a version for the no-lost-update check, and their
 * revisions. Bodies arrive already encrypted: this module never sees plaintext.
 */
import type { Db } from './client'
import { firstRow, join, rows, writes, type Query } from './query'

/** A learner's answer as stored: the ciphertext of its JSON, its version and when it changed. */
export type StoredAnswer = {
  placementId: string
  bodyCt: string
  version: number
  updatedAt: string
  /** The form submission that wrote it (null for answers saved before submissions had ids). */
  submissionId: string | null
  /** False while a tool is still being worked in: the thread does not move on past it. */
  complete: boolean
}

type AnswerRow = {
  placement_id: string
  body_ct: string
  version: number
  updated_at: string
  submission_id: string | null
  complete: number
}

function rowToAnswer(row: AnswerRow): StoredAnswer {
  return {
    placementId: row.placement_id,
    bodyCt: row.body_ct,
    version: row.version,
    updatedAt: row.updated_at,
    submissionId: row.submission_id,
    complete: row.complete === 1,
  }
}

/** Which save a statement belongs to: its owner, its placement and its fresh ciphertext. */
export type SaveRef = { userId: string; placementId: string; bodyCt: string }

/**
 * The one "this save won" predicate. Inside a save's batch it is true only when the answer row
 * now holds this save's ciphertext (a fresh IV makes every ciphertext unique), that is, when the
 * version-checked upsert took effect. Every statement after the upsert that must follow the
 * outcome is written with it, so a stale save from a second tab changes nothing but its own
 * conflict revision. Its three binds follow the statement's own.
 *
 * @example
 * guarded(db, save, (won) => `DELETE FROM list_items WHERE user_id = ?1 AND ${won}`, save.userId)
 */
export function guarded(
  db: Db,
  save: SaveRef,
  sql: (won: string) => string,
  ...binds: unknown[]
): D1PreparedStatement {
  const n = binds.length
  const won = `EXISTS (SELECT 1 FROM answers WHERE user_id = ?${n + 1} AND placement_id = ?${n + 2} AND body_ct = ?${n + 3})`
  return db.prepare(sql(won)).bind(...binds, save.userId, save.placementId, save.bodyCt)
}

export type SaveInput = SaveRef & {
  baseVersion: number
  now: string
  /** The random id of the form submission, so a retry of it is known as already saved. */
  submissionId: string
  /** The most ciphertext, in bytes, the learner's answers and revisions may hold in all. */
  quotaBytes: number
  /** Saved revisions kept per answer beside the first: the most recent this many. */
  keepRevisions: number
  /** False for a tool the learner is still working in; plain answers are always complete. */
  complete: boolean
}

/**
 * What one save's batch found: it won (with the new version); this very submission had already
 * won (a retry after a lost response); a newer answer was there (a conflict); or the learner's
 * storage is full.
 */
export type SaveOutcome =
  | { status: 'won'; version: number }
  | { status: 'repeat'; current: StoredAnswer }
  | { status: 'conflict'; current: StoredAnswer; conflictId: number | null }
  | { status: 'full' }

/** SQL true while the learner's stored ciphertext, with `?n` bytes more twice over, fits `?m`. */
const fits = (user: number, bytes: number, quota: number) =>
  `((SELECT COALESCE(SUM(LENGTH(body_ct)), 0) FROM answers WHERE user_id = ?${user})
    + (SELECT COALESCE(SUM(LENGTH(body_ct)), 0) FROM answer_revisions WHERE user_id = ?${user})
    + 2 * LENGTH(?${bytes}) <= ?${quota})`

/**
 * One save, as one query for one batch:
 * 1. upsert the answer only if it is still at `baseVersion` (0 = not yet answered) and the
 *    learner's storage has room;
 * 2. if that won: record a 'saved' revision, mark conflicts of this answer as seen (the learner
 *    has chosen), and prune revisions beyond the first and the most recent `keepRevisions`
 *    (unseen conflicts are never pruned);
 * 3. if it lost to a newer answer from another submission, and there is room, record the stale
 *    text as a 'conflict' revision, so nothing is lost;
 * 4. a tool's domain statements, each already guarded by {@link guarded};
 * 5. read the answer as it now stands, for the conflict view.
 * Nothing runs until the caller runs the query; D1 runs a batch as one transaction.
 */
export function saveAnswerQuery(
  db: Db,
  a: SaveInput,
  domain: readonly D1PreparedStatement[] = [],
): Query<SaveOutcome> {
  const upsert = rows(
    db
      .prepare(
        `INSERT INTO answers (user_id, placement_id, body_ct, version, created_at, updated_at, submission_id, complete)
         SELECT ?1, ?2, ?3, 1, ?4, ?4, ?6, ?8 WHERE ${fits(1, 3, 7)}
         ON CONFLICT (user_id, placement_id) DO UPDATE SET
           body_ct = excluded.body_ct, version = answers.version + 1,
           updated_at = excluded.updated_at, submission_id = excluded.submission_id,
           complete = excluded.complete
         WHERE answers.version = ?5
         RETURNING version`,
      )
      .bind(
        a.userId,
        a.placementId,
        a.bodyCt,
        a.now,
        a.baseVersion,
        a.submissionId,
        a.quotaBytes,
        a.complete ? 1 : 0,
      ),
    (found: { version: number }[]) => found[0]?.version ?? null,
  )
  const saved = guarded(
    db,
    a,
    (
      won,
    ) => `INSERT INTO answer_revisions (user_id, placement_id, version, kind, body_ct, created_at)
      SELECT user_id, placement_id, version, 'saved', body_ct, ?1 FROM answers
      WHERE user_id = ?2 AND placement_id = ?3 AND ${won}`,
    a.now,
    a.userId,
    a.placementId,
  )
  const seen = guarded(
    db,
    a,
    (won) => `UPDATE answer_revisions SET seen_at = ?3
      WHERE user_id = ?1 AND placement_id = ?2 AND kind = 'conflict' AND seen_at IS NULL AND ${won}`,
    a.userId,
    a.placementId,
    a.now,
  )
  const prune = guarded(
    db,
    a,
    (won) => `DELETE FROM answer_revisions
      WHERE user_id = ?1 AND placement_id = ?2 AND (kind = 'saved' OR seen_at IS NOT NULL)
        AND id <> (SELECT MIN(id) FROM answer_revisions WHERE user_id = ?1 AND placement_id = ?2)
        AND id NOT IN (SELECT id FROM answer_revisions WHERE user_id = ?1 AND placement_id = ?2
                       ORDER BY id DESC LIMIT ?3)
        AND ${won}`,
    a.userId,
    a.placementId,
    a.keepRevisions,
  )
  const conflict = rows(
    guarded(
      db,
      a,
      (
        won,
      ) => `INSERT INTO answer_revisions (user_id, placement_id, version, kind, body_ct, created_at)
        SELECT ?1, ?2, ?3, 'conflict', ?4, ?5
        WHERE NOT ${won} AND ${fits(1, 4, 7)}
          AND EXISTS (SELECT 1 FROM answers WHERE user_id = ?1 AND placement_id = ?2
                      AND version <> ?3 AND submission_id IS NOT ?6)
        RETURNING id`,
      a.userId,
      a.placementId,
      a.baseVersion,
      a.bodyCt,
      a.now,
      a.submissionId,
      a.quotaBytes,
    ),
    (found: { id: number }[]) => found[0]?.id ?? null,
  )
  return join(
    [
      upsert,
      writes([saved, seen, prune]),
      conflict,
      writes(domain),
      answerQuery(db, a.userId, a.placementId),
    ],
    ([version, , conflictId, , current]): SaveOutcome => {
      if (version !== null) return { status: 'won', version }
      if (current && current.submissionId === a.submissionId) return { status: 'repeat', current }
      if (current && current.version !== a.baseVersion) {
        return { status: 'conflict', current, conflictId }
      }
      return { status: 'full' }
    },
  )
}

/** A conflict revision: the stale text a learner sent, kept for them to choose about. */
export type ConflictRevision = {
  id: number
  bodyCt: string
  /** The version the stale save was based on; it was written as the next one. */
  baseVersion: number
  seen: boolean
}

/** One of the learner's conflict revisions of a placement, or null. */
export function conflictRevisionQuery(
  db: Db,
  userId: string,
  placementId: string,
  id: number,
): Query<ConflictRevision | null> {
  return firstRow(
    db
      .prepare(
        `SELECT id, body_ct, version, seen_at FROM answer_revisions
         WHERE id = ?3 AND user_id = ?1 AND placement_id = ?2 AND kind = 'conflict'`,
      )
      .bind(userId, placementId, id),
    (r: { id: number; body_ct: string; version: number; seen_at: string | null }) => ({
      id: r.id,
      bodyCt: r.body_ct,
      baseVersion: r.version,
      seen: r.seen_at !== null,
    }),
  )
}

/** The learner's current answer to one placement, or null. */
export function answerQuery(
  db: Db,
  userId: string,
  placementId: string,
): Query<StoredAnswer | null> {
  return firstRow(
    db
      .prepare(
        'SELECT placement_id, body_ct, version, updated_at, submission_id, complete FROM answers WHERE user_id = ?1 AND placement_id = ?2',
      )
      .bind(userId, placementId),
    rowToAnswer,
  )
}

/** The learner's answers to the placements of one exercise. */
export function exerciseAnswersQuery(
  db: Db,
  userId: string,
  exerciseId: string,
): Query<StoredAnswer[]> {
  return rows(
    db
      .prepare(
        `SELECT a.placement_id, a.body_ct, a.version, a.updated_at, a.submission_id, a.complete FROM answers a
         JOIN placements p ON p.id = a.placement_id
         WHERE a.user_id = ?2 AND p.exercise_id = ?1`,
      )
      .bind(exerciseId, userId),
    (found: AnswerRow[]) => found.map(rowToAnswer),
  )
}
