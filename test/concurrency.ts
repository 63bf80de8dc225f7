/**
 * Helpers for the concurrency tests: fresh submission ids, a quick check that parallel requests
 * really interleave, and the texts a learner's revisions hold, read back through the app's own
 * export (the revisions are encrypted, and only the learner's session can open them).
 */
import { expect } from 'vitest'
import type { ExportDocument } from '../src/account/transfer'
import { get } from './helpers'

/** How many saves each concurrency case sends at once. */
export const RACERS = 20

/** A fresh submission id of the shape the forms carry (base64url, 16 to 64 characters). */
export function submissionId(): string {
  return crypto.randomUUID().replaceAll('-', '')
}

/** One revision of an answer as the learner's export opens it. */
export type OpenedRevision = { kind: string; version: number; value: unknown }

/**
 * A learner's revisions of one placement, decrypted by `/account/export.json`, oldest first.
 * @example const kept = await openedRevisions(token, 'ex-one.first')
 */
export async function openedRevisions(
  token: string,
  placementId: string,
): Promise<OpenedRevision[]> {
  const res = await get('/account/export.json', { token })
  expect(res.status).toBe(200)
  const doc = (await res.json()) as ExportDocument
  expect(doc.unreadable).toBe(0)
  return doc.tables.answer_revisions
    .filter((r) => r.placement_id === placementId)
    .map((r) => ({
      kind: String(r.kind),
      version: Number(r.version),
      value: (r.body as { value: unknown }).value,
    }))
}

/** The statuses of some responses, counted: `{ 303: 1, 409: 19 }`. */
export function statusCounts(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {}
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1
  return counts
}
