/** Turns placements into the plain view models the workbook views render. */
import type { Placement } from '../db/workbook'
import { answerConfig, controlOf, maxLengthOf } from './answers'
import type { PromptConfig, ToolConfig } from '../content'
import { localIdOf } from './thread'

export type Control = 'text' | 'textarea' | 'slider' | 'radio' | 'checkboxes' | 'select'

export type QuestionView = {
  placementId: string
  exerciseId: string
  localId: string
  label: string
  hint?: string
  optional: boolean
  control: Control
  options: string[]
  min: number
  max: number
  minLabel?: string
  maxLabel?: string
  maxLength: number
  /** Set for a tool shown in its plain-text form until the interactive tool arrives. */
  tool?: { name: string; title: string }
}

const TOOL_TITLES: Record<string, string> = {
  'list-builder': 'list builder',
  ranking: 'ranking tool',
  'soared-story': 'SOARED story builder',
  'skill-mastery': 'skill mastery rating',
  'flow-log': 'flow log',
  budget: 'budget planner',
  'life-balance': 'life balance wheel',
  'idea-tree': 'idea tree',
  'decision-matrix': 'decision grid',
  timeline: 'timeline',
  'competency-rating': 'competency rating',
  reframe: 'reframing tool',
  'contact-tracker': 'contact tracker',
  'organisation-tracker': 'organization tracker',
  'posting-analysis': 'job posting analyser',
}

/** The view model of an answerable placement. */
export function questionView(placement: Placement): QuestionView {
  const config = answerConfig(placement)
  const prompt = 'tool' in config ? undefined : (config as PromptConfig)
  const tool = 'tool' in config ? (config as ToolConfig) : undefined
  return {
    placementId: placement.id,
    exerciseId: placement.exerciseId,
    localId: localIdOf(placement),
    label: config.label,
    hint: config.hint,
    optional: !!config.optional,
    control: controlOf(config),
    options: prompt?.options ?? [],
    min: prompt?.min ?? 1,
    max: prompt?.max ?? 10,
    minLabel: prompt?.minLabel,
    maxLabel: prompt?.maxLabel,
    maxLength: maxLengthOf(config),
    tool: tool
      ? { name: tool.tool, title: TOOL_TITLES[tool.tool] ?? 'interactive tool' }
      : undefined,
  }
}
