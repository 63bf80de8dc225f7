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
import { keptFields, withIdsFrom } from './items'
import { contextOf, toolAnswer, toolState, type ToolState } from './present'
import { sealFor } from './reads'
import type { ActionResult, AnyToolModule, Form } from './types'
import { plural } from './items'
import { fold, type ConnectionItem } from '../connections/open'
import { freshItems, itemNoun } from '../connections/present'

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
    /** What this block's prefill connections bring (src/connections/present.ts). */
    prefill?: readonly ConnectionItem[]
    /** The exercises those items come from, to say where new ones were brought in from. */
    prefillFrom?: readonly string[]
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
  // The same form makes the same ids: a double click is a repeat, not a change from elsewhere.
  const { ctx, state, brought, result } = withIdsFrom(`${submissionId}:${baseVersion}`, () =>
    applyAction(input, posted),
  )
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
  const value: ToolAnswer = toolAnswer(module, state, result.value, brought)
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

/** The action on the current value (or bringing in new items), before any check or save. */
function applyAction(
  input: {
    placement: ToolPlacement
    module: AnyToolModule
    actionName: string
    current: Answer | undefined
    refs: unknown
    siblings: ReadonlyMap<string, unknown>
    prefill?: readonly ConnectionItem[]
    prefillFrom?: readonly string[]
  },
  posted: Form,
) {
  const { placement, module, current } = input
  const ctx = contextOf(placement, input.refs, input.siblings)
  const state = toolState(module, current, ctx, input.prefill)
  let brought: string[] = []
  let result: ActionResult<unknown>
  if (input.actionName === BRING_IN) {
    // What the learner typed in the tool's fields is kept first, as its Enter key would.
    const typed = module.actions.save?.(state.value, posted, ctx)
    const base = typed?.ok ? typed.value : state.value
    const fresh = bringable(module, { ...state, value: base }, input.prefill ?? [])
    const value = fresh.length
      ? module.addItems!(
          base,
          fresh.map((i) => i.text),
          ctx,
        )
      : base
    // Only what found room is counted as brought in; the rest is offered again later.
    const now = new Set(module.texts!(value).map(fold))
    brought = fresh.filter((i) => now.has(i.key)).map((i) => i.key)
    result = {
      ok: true,
      value,
      announce: brought.length
        ? `Brought in ${plural(brought.length, `new ${itemNoun(placement)}`)}${input.prefillFrom?.length ? ` from ${input.prefillFrom.join(' and ')}` : ''}.`
        : 'There is nothing new to bring in.',
    }
  } else {
    result = module.actions[input.actionName]!(state.value, posted, ctx)
  }
  return { ctx, state, brought, result }
}

/** The action that brings in items added at a tool's sources since it was saved. */
export const BRING_IN = 'bring-in'

/**
 * The action a tool has by that name, or null (an unknown action, or an inherited name).
 * `bring-in` belongs to every tool that can add items brought from earlier work.
 */
export function actionOf(module: AnyToolModule | null, name: string) {
  if (!module) return null
  if (name === BRING_IN) return module.addItems && module.texts ? name : null
  return Object.hasOwn(module.actions, name) ? name : null
}

/** The prefill items a saved tool has neither got nor been offered before. */
export function bringable(
  module: AnyToolModule,
  state: ToolState,
  prefill: readonly ConnectionItem[],
): ConnectionItem[] {
  if (!module.texts || !module.addItems || state.prefilled) return []
  return freshItems(prefill, module.texts(state.value), state.seen ?? [])
}

/** What a conflict says, above the tool's newer saved value. */
export const CONFLICT_NOTICE =
  'This changed somewhere else, perhaps in another tab, after you opened the page, so your last change was not applied. Here is the latest version: make the change again if you still want it.'
