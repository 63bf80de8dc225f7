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
