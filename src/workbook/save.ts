/**
 * Saving an answer: parse, encrypt, and store it in one guarded batch with its revision and any
 * domain rows. A stale save never overwrites: it comes back as a conflict with both texts, and
 * both are kept as revisions.
 */
import type { AnswerablePlacement } from '../content/model'
import type { Db } from '../db/client'
import { saveAnswerQuery, type SaveRef } from '../db/answers'
import { run } from '../db/query'
import type { SessionUser } from '../env'
import { encryptText } from '../auth/keys'
import { nowIso } from '../lib/bytes'
import { answerContext, openAnswer, parseAnswer, type Answer, type AnswerValue } from './answers'

export type SaveResult =
  | { status: 'saved'; version: number; baseVersion: number }
  | { status: 'invalid'; error: string; typed: AnswerValue; baseVersion: number }
  | { status: 'conflict'; mine: AnswerValue; saved: Answer }

/**
 * The statements a placement adds to its save, each written with the save's guard (see
 * `guarded` in src/db/answers.ts). Tools supply these; plain prompts add none.
 */
export type DomainWrites = (save: SaveRef, value: AnswerValue) => D1PreparedStatement[]

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
  domain: DomainWrites = () => [],
): Promise<SaveResult> {
  const parsed = parseAnswer(placement, form)
  if (!parsed.ok) {
    const { error, typed, baseVersion } = parsed
    return { status: 'invalid', error, typed, baseVersion }
  }
  const { value, baseVersion } = parsed
  const save: SaveRef = {
    userId: user.id,
    placementId: placement.id,
    bodyCt: await encryptText(
      user.dataKey,
      JSON.stringify({ value }),
      answerContext(user.id, placement.id),
    ),
  }
  const outcome = await run(
    db,
    saveAnswerQuery(db, { ...save, baseVersion, now: nowIso() }, domain(save, value)),
  )
  if (outcome.won) return { status: 'saved', version: outcome.version, baseVersion }
  return { status: 'conflict', mine: value, saved: await openAnswer(user, outcome.current) }
}
