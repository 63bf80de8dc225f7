/**
 * A tool placement as its block: the learner's value (saved, in progress, made from an earlier
 * plain-text answer, or new), the frame every tool shares, and the tool's own view.
 */
import type { ToolPlacement } from '../content/model'
import { isToolAnswer, type Answer, type ToolAnswer } from '../workbook/answers'
import { localIdOf } from '../workbook/thread'
import type { ToolFrame, ToolView } from '../../views/tools/tool'
import { toolModule } from './registry'
import type { AnyToolModule, ToolContext } from './types'
import type { ConnectionItem } from '../connections/open'
import type { BringIn, Echo } from '../../views/workbook/question'

/** A tool's current value, and where it came from. */
export type ToolState = {
  value: unknown
  /** Plain text the learner wrote here before the tool existed. */
  legacy?: string
  /** The value was made from `legacy` just now, and is not saved yet. */
  fromLegacy: boolean
  /** The value was started just now from earlier work (prefill): those items' folded words. */
  prefilled?: string[]
  /** What the saved value's prefills have offered it before (see `ToolAnswer.seen`). */
  seen?: string[]
}

/** What a tool's functions see of its placement, its reads and the blocks beside it. */
export function contextOf(
  placement: ToolPlacement,
  refs: unknown,
  siblings: ReadonlyMap<string, unknown> = new Map(),
): ToolContext<never, unknown> {
  return {
    placementId: placement.id,
    settings: placement.config.settings as never,
    optional: !!placement.config.optional,
    refs,
    siblings,
  }
}

/**
 * The value a tool starts from: the saved one; else one made from the learner's earlier plain
 * text (kept beside it); else empty. A stored value that no longer fits the tool's shape is
 * never shown as if it were empty: its text is kept as the legacy text.
 */
export function toolState(
  module: AnyToolModule,
  answer: Answer | undefined,
  ctx: ToolContext<never, unknown>,
  prefill: readonly ConnectionItem[] = [],
): ToolState {
  const value = answer && !answer.unreadable ? answer.value : undefined
  if ((value === undefined || value === '') && !answer?.unreadable && prefill.length > 0) {
    // Nothing saved here yet: the tool starts from the earlier work its connections bring.
    const texts = prefill.map((i) => i.text)
    const started = module.fromItems
      ? module.fromItems(texts, ctx)
      : module.fromLegacy(texts.join('\n'), ctx)
    return { value: started, fromLegacy: false, prefilled: prefill.map((i) => i.key) }
  }
  if (value === undefined || value === '') return { value: module.empty(ctx), fromLegacy: false }
  if (isToolAnswer(value) && value.tool !== module.name) {
    // Written by another tool this block used to be (a list that became a skill tagger): its
    // words, in plain lines, start this one, and stay shown.
    const other = toolModule(value.tool)
    const read = other?.shape.safeParse(value.data)
    const text = read?.success ? other!.lines(read.data, ctx).join('\n') : (value.legacy ?? '')
    const kept = [value.legacy, text].filter(Boolean).join('\n\n')
    return { value: module.fromLegacy(text, ctx), legacy: kept, fromLegacy: true }
  }
  if (isToolAnswer(value)) {
    const parsed = module.shape.safeParse(value.data)
    if (parsed.success) {
      return { value: parsed.data, legacy: value.legacy, fromLegacy: false, seen: value.seen }
    }
    const kept = [value.legacy, JSON.stringify(value.data)].filter(Boolean).join('\n\n')
    return { value: module.empty(ctx), legacy: kept, fromLegacy: false }
  }
  const text = Array.isArray(value) ? value.join('\n') : String(value)
  return { value: module.fromLegacy(text, ctx), legacy: text, fromLegacy: true }
}

/**
 * The answer a tool stores: its value, with the earlier plain text kept beside it, and what its
 * prefills have offered it so far (`brought`: what this action brought in).
 */
export function toolAnswer(
  module: AnyToolModule,
  state: ToolState,
  value: unknown,
  brought: readonly string[] = [],
): ToolAnswer {
  const seen = [...new Set([...(state.seen ?? []), ...(state.prefilled ?? []), ...brought])]
  return {
    tool: module.name,
    data: value,
    ...(state.legacy !== undefined ? { legacy: state.legacy } : {}),
    ...(seen.length ? { seen } : {}),
  }
}

export type ToolItem = { frame: ToolFrame; view: ToolView }

/** The block of a tool placement in one state, with any problem or notice to show. */
export function toolItem(
  module: AnyToolModule,
  placement: ToolPlacement,
  opts: {
    state: ToolFrame['state']
    toolState: ToolState
    version: number
    submissionId: string
    refs: unknown
    siblings?: ReadonlyMap<string, unknown>
    error?: ToolFrame['error']
    kept?: ToolFrame['kept']
    notice?: string
    focus?: string
    query?: Record<string, string>
    own?: ToolFrame['own']
    echoes?: Echo[]
    bringIn?: BringIn
  },
): ToolItem {
  const ctx = contextOf(placement, opts.refs, opts.siblings)
  const { value, legacy, fromLegacy } = opts.toolState
  const frame: ToolFrame = {
    placementId: placement.id,
    exerciseId: placement.exerciseId,
    localId: localIdOf(placement),
    label: placement.config.label,
    hint: placement.config.hint,
    optional: !!placement.config.optional,
    state: opts.state,
    version: opts.version,
    submissionId: opts.submissionId,
    error: opts.error,
    kept: opts.kept,
    notice: opts.notice,
    legacy,
    // Said only when the earlier text gave the tool something to start from.
    fromLegacy: fromLegacy && JSON.stringify(value) !== JSON.stringify(module.empty(ctx)),
    lines: module.lines(value, ctx),
    focus: opts.focus,
    query: opts.query,
    own: opts.own,
    echoes: opts.echoes,
    bringIn: opts.bringIn,
  }
  return { frame, view: module.view(value, ctx) }
}
