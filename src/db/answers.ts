/**
 * Answers, keyed by (user, placement), with a version for the no-lost-update check, and their
 * revisions. Bodies arrive already encrypted: this module never sees plaintext.
 */
import type { Db } from './client'
import type { StoredAnswer } from './workbook'

export type SaveInput = {
  userId: string
  placementId: string
  bodyCt: string
  baseVersion: number
  now: string
}

/**
 * The statements of one save, for one db.batch():
 * 1. upsert the answer only if it is still at `baseVersion` (0 = not yet answered);
 * 2. record a 'saved' revision if the upsert took effect (the row now holds this ciphertext);
 * 3. otherwise record the stale text as a 'conflict' revision, so nothing is ever lost.
 * Statement 1 returns the new version only when it took effect.
 */
export function saveAnswerStatements(db: Db, a: SaveInput): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO answers (user_id, placement_id, body_ct, version, created_at, updated_at)
         VALUES (?1, ?2, ?3, 1, ?4, ?4)
         ON CONFLICT (user_id, placement_id) DO UPDATE SET
           body_ct = excluded.body_ct, version = answers.version + 1, updated_at = excluded.updated_at
         WHERE answers.version = ?5
         RETURNING version`,
      )
      .bind(a.userId, a.placementId, a.bodyCt, a.now, a.baseVersion),
    db
      .prepare(
        `INSERT INTO answer_revisions (user_id, placement_id, version, kind, body_ct, created_at)
         SELECT user_id, placement_id, version, 'saved', body_ct, ?4 FROM answers
         WHERE user_id = ?1 AND placement_id = ?2 AND body_ct = ?3`,
      )
      .bind(a.userId, a.placementId, a.bodyCt, a.now),
    db
      .prepare(
        `INSERT INTO answer_revisions (user_id, placement_id, version, kind, body_ct, created_at)
         SELECT ?1, ?2, ?5, 'conflict', ?3, ?4
         WHERE NOT EXISTS (SELECT 1 FROM answers WHERE user_id = ?1 AND placement_id = ?2 AND body_ct = ?3)`,
      )
      .bind(a.userId, a.placementId, a.bodyCt, a.now, a.baseVersion),
  ]
}

/** Runs one save; the new version if it was stored, or null if a newer version was already there. */
export async function saveAnswer(db: Db, a: SaveInput): Promise<number | null> {
  const [upsert] = await db.batch<{ version: number }>(saveAnswerStatements(db, a))
  return upsert?.results[0]?.version ?? null
}

/** The learner's current answer to one placement, or null. */
export async function findAnswer(
  db: Db,
  userId: string,
  placementId: string,
): Promise<StoredAnswer | null> {
  const row = await db
    .prepare(
      'SELECT placement_id, body_ct, version, updated_at FROM answers WHERE user_id = ?1 AND placement_id = ?2',
    )
    .bind(userId, placementId)
    .first<{ placement_id: string; body_ct: string; version: number; updated_at: string }>()
  return row
    ? {
        placementId: row.placement_id,
        bodyCt: row.body_ct,
        version: row.version,
        updatedAt: row.updated_at,
      }
    : null
}
