/**
 * Saving an answer: parse, encrypt, and store it in one guarded batch with its revision and any
 * domain rows. A stale save never overwrites: it comes back as a conflict with both texts, and
 * both are kept as revisions. A retry of a submission that already won is simply saved.
 */
import type { AnswerablePlacement } from '../content/model'
import type { Db } from '../db/client'
import { saveAnswerQuery, type SaveRef } from '../db/answers'
import { run } from '../db/query'
import type { SessionUser } from '../env'
import { encryptText } from '../auth/keys'
import { nowIso } from '../lib/bytes'
import {
  answerContext,
  openAnswer,
  parseAnswer,
  unreadableAnswer,
  type Answer,
  type AnswerValue,
} from './answers'

/** The most ciphertext one learner's answers and revisions may hold: 5 MB. */
export const STORAGE_QUOTA_BYTES = 5 * 1024 * 1024
/** Saved revisions kept per answer beside the first one. */
export const KEEP_REVISIONS = 20

export type SaveResult =
  | { status: 'saved'; version: number; baseVersion: number }
  | { status: 'invalid'; error: string; typed: AnswerValue; baseVersion: number }
  | {
      status: 'conflict'
      mine: AnswerValue
      saved: Answer
      /** The conflict revision that keeps `mine`, when it could be stored. */
      conflictId: number | null
    }
  | { status: 'full'; typed: AnswerValue; baseVersion: number }

/**
 * The statements a placement adds to its save, each written with the save's guard (see
 * `guarded` in src/db/answers.ts). Tools supply these; plain prompts add none.
 */
export type DomainWrites = (save: SaveRef, value: AnswerValue) => Promise<D1PreparedStatement[]>

const sameValue = (a: AnswerValue, b: AnswerValue) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Reads an answer from the posted form and saves it in one batch: the version-checked answer,
 * its revision, and `domain`'s statements, which take effect only if this save wins.
 * @example const result = await saveAnswer(c.var.db, user, placement, form)
 */
export async function saveAnswer(
  db: Db,
  user: SessionUser,
  placement: AnswerablePlacement,
  form: Record<string, unknown>,
  domain?: DomainWrites,
): Promise<SaveResult> {
  const parsed = parseAnswer(placement, form)
  if (!parsed.ok) {
    const { error, typed, baseVersion } = parsed
    return { status: 'invalid', error, typed, baseVersion }
  }
  const { value, baseVersion, submissionId } = parsed
  return storeAnswer(
    db,
    user,
    placement.id,
    { value, baseVersion, submissionId, complete: true },
    domain,
  )
}

/** A value ready to store: what it was based on, which form sent it, and whether it is done. */
export type Storable = {
  value: AnswerValue
  baseVersion: number
  submissionId: string
  complete: boolean
}

/**
 * Encrypts a valid value and stores it in one batch with its revision and `domain`'s guarded
 * statements: the one way every answer, plain or tool, is saved.
 */
export async function storeAnswer(
  db: Db,
  user: SessionUser,
  placementId: string,
  storable: Storable,
  domain: DomainWrites = async () => [],
): Promise<SaveResult> {
  const { value, baseVersion, submissionId, complete } = storable
  const save: SaveRef = {
    userId: user.id,
    placementId,
    bodyCt: await encryptText(
      user.dataKey,
      JSON.stringify({ value }),
      // Bound to the version it becomes if it wins; a conflict keeps it as a revision.
      answerContext(user.id, placementId, baseVersion + 1),
    ),
  }
  const outcome = await run(
    db,
    saveAnswerQuery(
      db,
      {
        ...save,
        baseVersion,
        now: nowIso(),
        submissionId,
        quotaBytes: STORAGE_QUOTA_BYTES,
        keepRevisions: KEEP_REVISIONS,
        complete,
      },
      await domain(save, value),
    ),
  )
  switch (outcome.status) {
    case 'won':
      return { status: 'saved', version: outcome.version, baseVersion }
    case 'full':
      return { status: 'full', typed: value, baseVersion }
    case 'repeat':
    case 'conflict': {
      const saved = await openAnswer(user, outcome.current).catch(() => null)
      // The same submission, already stored as it was sent: a retry after a lost response.
      if (outcome.status === 'repeat' && saved && sameValue(saved.value, value)) {
        return { status: 'saved', version: outcome.current.version, baseVersion }
      }
      const conflictId = outcome.status === 'conflict' ? outcome.conflictId : null
      const shown = saved ?? unreadableAnswer(outcome.current)
      return { status: 'conflict', mine: value, saved: shown, conflictId }
    }
  }
}

/** Opens a conflict revision's text: it was written as the version after the one it was based on. */
export async function openConflict(
  user: SessionUser,
  placementId: string,
  revision: { bodyCt: string; baseVersion: number },
): Promise<AnswerValue> {
  const opened = await openAnswer(user, {
    placementId,
    bodyCt: revision.bodyCt,
    version: revision.baseVersion + 1,
    updatedAt: '',
    submissionId: null,
    complete: true,
  })
  return opened.value
}
