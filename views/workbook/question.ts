/**
 * The view models of the workbook's blocks, declared here so the views own their side; src/
 * maps its placements and answers to them (src/workbook/present.ts).
 */
import type { Answer, AnswerValue } from '../../src/workbook/answers'

export type { Answer, AnswerValue }

/** What every question shows, whatever its control. */
type QuestionBase = {
  placementId: string
  exerciseId: string
  /** The placement's id within its exercise: the block is `b-<localId>`, the control `f-<localId>`. */
  localId: string
  label: string
  hint?: string
  optional: boolean
  /** Set for a tool shown in its plain-text form until the interactive tool arrives. */
  tool?: { name: string; title: string }
  /** What earlier exercises bring back to this question. */
  echoes?: Echo[]
  /** The words an unanswered text question starts with, from earlier work (hydrate). */
  initial?: string
}

/** The control a question is answered with, and what that control needs. */
export type QuestionControl =
  | { control: 'text' | 'textarea'; maxLength: number }
  | { control: 'slider'; min: number; max: number; minLabel: string; maxLabel: string }
  | { control: 'radio' | 'checkboxes' | 'select'; options: string[] }

/** A prompt, or a tool in its plain-text form, as the workbook shows it. */
export type QuestionView = QuestionBase & QuestionControl

/** Where an exercise sits: its part and module, its position, and its neighbours. */
export type ExercisePlace = {
  id: string
  title: string
  moduleId: string
  moduleTitle: string
  partId: string
  partTitle: string
  position: number
  moduleSize: number
  next: { id: string; title: string; moduleTitle: string } | null
  previous: { id: string; title: string } | null
}

/**
 * Something the learner wrote earlier, brought back to this block by a connection: quoted in a
 * sentence (mention), listed beside it (reference), or as the words a form or tool starts from
 * (hydrate, prefill). Built in src/connections/present.ts.
 */
export type Echo = {
  use: 'prefill' | 'hydrate' | 'reference' | 'mention'
  /** The block it came from: its id, its exercise's title and where it is. */
  from: { placementId: string; title: string; href: string }
  /** What the source holds, in words: "your list", "the 3 skills you use most". */
  what: string
  /** The items shown, already cut short where the use needs it. */
  items: string[]
  /** How many more there are beyond those shown. */
  more: number
  /** Free text the learner wrote: shown in quotation marks. */
  quoted: boolean
  /** A mention's own words for when there is nothing to quote. */
  fallback?: string
  /** Prefill and hydrate: the block's value was started from this source and is not saved yet. */
  started?: boolean
}

/** An offer to bring items added at the sources since the tool was saved. */
export type BringIn = { count: number; noun: string; from: string[] }
