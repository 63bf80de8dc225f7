/**
 * One tool action, wherever the tool is shown (an exercise page, or the learner's own tools):
 * the save limit, the form's hidden fields, the action on the current value, the placement's
 * limits, and the save of the answer with the tool's rows in one guarded batch. The caller
 * renders what came of it.
 */
import type { Context } from 'hono'
import type { ToolPlacement } from '../content/model'
import type { AppEnv } from '../env'
import { LIMITS, limitStep, lockoutAudit } from '../auth/rate-limit'
import { commit } from '../db/query'
import type { Answer, ToolAnswer } from '../workbook/answers'
import { hiddenFields } from '../workbook/answers'
import { STORAGE_QUOTA_BYTES, storeAnswer } from '../workbook/save'
import { keptFields } from './items'
import { contextOf, toolAnswer, toolState } from './present'
import { sealFor } from './reads'
import type { AnyToolModule, Form } from './types'

/** The save limit's step for this learner, and what the read batch counted. */
export type Limit = Awaited<ReturnType<typeof limitStep>>

/** What one action came to. */
export type ActOutcome =
  | {
      kind: 'saved'
      /** The answer as it now stands, to render without reading it back. */
      answer: Answer & { placementId: string }
      announce: string
      focus?: string
      finishing: boolean
      /** The tool was finished before this action. */
      wasComplete: boolean
    }
  /** A retry of a submission that already won (its response was lost): nothing to do. */
  | { kind: 'repeat' }
  | {
      kind: 'problem'
      status: 422 | 429
      error?: { field: string; message: string }
      notice?: string
      kept: Record<string, string>
    }
  /** A newer version was saved elsewhere: this change is kept as a revision, not applied. */
  | { kind: 'conflict'; kept: Record<string, string> }

/** The save limit's step for the signed-in learner. */
export function saveLimit(pepper: CryptoKey, userId: string) {
  return limitStep(pepper, LIMITS.saveUser, userId)
}

export async function actOnTool(
  c: Context<AppEnv>,
  input: {
    pepper: CryptoKey
    limit: Limit
    counted: Parameters<Limit['wait']>[0]
    placement: ToolPlacement
    module: AnyToolModule
    actionName: string
    /** The posted form, with the item from the URL. */
    posted: Form
    /** The learner's current answer, opened, and the submission that wrote it. */
    current: Answer | undefined
    currentSubmission: string | null
    refs: unknown
    siblings: ReadonlyMap<string, unknown>
  },
): Promise<ActOutcome> {
  const { placement, module, posted, current } = input
  const user = c.var.user!
  const db = c.var.db
  const kept = keptFields(posted)
  const wait = input.limit.wait(input.counted)
  if (wait) {
    if (input.limit.lockout(input.counted))
      await commit(db, [await lockoutAudit(c, input.pepper, { userId: user.id })])
    c.header('Retry-After', String(wait))
    return {
      kind: 'problem',
      status: 429,
      error: {
        field: '',
        message:
          'You have saved a great many times in the last few minutes, so saving is paused for a moment. Wait a minute, then try again',
      },
      kept,
    }
  }
  const hidden = hiddenFields(posted)
  if (!hidden) {
    return {
      kind: 'problem',
      status: 422,
      notice: 'This form is out of date. Reload the page to carry on: copy your words first',
      kept,
    }
  }
  const { baseVersion, submissionId } = hidden
  if (current && current.version !== baseVersion && input.currentSubmission === submissionId) {
    return { kind: 'repeat' }
  }
  const action = module.actions[input.actionName]!
  const ctx = contextOf(placement, input.refs, input.siblings)
  const state = toolState(module, current, ctx)
  const result = action(state.value, posted, ctx)
  if (!result.ok) {
    return {
      kind: 'problem',
      status: 422,
      error: { field: result.field, message: result.error },
      kept: { ...kept, ...result.kept },
    }
  }
  const finishing = input.actionName === 'done'
  const refused = module.check(result.value, ctx, finishing)
  if (refused) {
    return {
      kind: 'problem',
      status: 422,
      error: { field: refused.field, message: refused.error },
      kept,
    }
  }
  const wasComplete = !!current?.complete
  const value: ToolAnswer = toolAnswer(module, state, result.value)
  const saved = await storeAnswer(
    db,
    user,
    placement.id,
    { value, baseVersion, submissionId, complete: wasComplete || finishing },
    (save) => module.domain(db, save, result.value, sealFor(user, placement.id)),
  )
  switch (saved.status) {
    case 'saved':
      return {
        kind: 'saved',
        answer: {
          placementId: placement.id,
          value,
          version: saved.version,
          updatedAt: '',
          complete: wasComplete || finishing,
        },
        announce: result.announce,
        focus: result.focus,
        finishing,
        wasComplete,
      }
    case 'invalid':
    case 'full':
      return {
        kind: 'problem',
        status: 422,
        error: {
          field: '',
          message:
            saved.status === 'full'
              ? `Your workbook has reached its storage limit of ${STORAGE_QUOTA_BYTES / 1024 / 1024} MB, so this was not saved. Remove something you no longer need, then try again`
              : saved.error,
        },
        kept,
      }
    case 'conflict':
      return { kind: 'conflict', kept }
  }
}

/** The action a tool has by that name, or null (an unknown action, or an inherited name). */
export function actionOf(module: AnyToolModule | null, name: string) {
  return module && Object.hasOwn(module.actions, name) ? name : null
}

/** What a conflict says, above the tool's newer saved value. */
export const CONFLICT_NOTICE =
  'This changed somewhere else, perhaps in another tab, after you opened the page, so your last change was not applied. Here is the latest version: make the change again if you still want it.'
