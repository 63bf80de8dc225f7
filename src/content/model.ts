/**
 * The workbook content model: the rows and placement configs that seed/content becomes (see
 * seed/FORMAT.md). Node runs the content files directly by stripping types, so they use erasable
 * syntax only and import each other with `.ts` extensions.
 */

/** The interactive tools a `tool` block may name. */
export const TOOL_NAMES = [
  'list-builder',
  'ranking',
  'soared-story',
  'skill-mastery',
  'flow-log',
  'budget',
  'life-balance',
  'idea-tree',
  'decision-matrix',
  'timeline',
  'competency-rating',
  'reframe',
  'contact-tracker',
  'organisation-tracker',
  'posting-analysis',
] as const

/** The kinds of prompt a `prompt` block may have. */
export const PROMPT_KINDS = ['text', 'textarea', 'slider', 'radio', 'checkboxes', 'select'] as const

/** How a connection brings an earlier answer back. */
export const CONNECTION_USES = ['prefill', 'mention', 'reference'] as const

export type ToolName = (typeof TOOL_NAMES)[number]
export type PromptKind = (typeof PROMPT_KINDS)[number]
export type ConnectionUse = (typeof CONNECTION_USES)[number]
export type PlacementKind = 'content' | 'prompt' | 'tool'

export type ContentConfig = { text: string }

export type PromptConfig = {
  prompt: PromptKind
  label: string
  hint?: string
  optional?: boolean
  /** text and textarea only: 200 for text and 4000 for textarea unless the YAML sets `max`. */
  maxLength?: number
  /** radio, checkboxes and select. */
  options?: string[]
  /** slider only: whole numbers, min < max, with a label for each end. */
  min?: number
  max?: number
  minLabel?: string
  maxLabel?: string
}

export type ToolConfig = {
  tool: ToolName
  /** The label and hint are the plain-text fallback until the tool is built. */
  label: string
  hint?: string
  optional?: boolean
  maxLength: number
  /** The YAML `config`, passed through to the tool. */
  settings: Record<string, unknown>
}

/** The JSON in placements.config. */
export type PlacementConfig = ContentConfig | PromptConfig | ToolConfig

export type PartRow = { id: string; ordinal: number; title: string; summary: string }
export type ModuleRow = {
  id: string
  partId: string
  ordinal: number
  title: string
  summary: string
}
/** `ordinal` is the position within the module; `seq` the position in the whole walk. */
export type ExerciseRow = {
  id: string
  moduleId: string
  ordinal: number
  seq: number
  title: string
}
export type PlacementRow = {
  id: string
  exerciseId: string
  ordinal: number
  kind: PlacementKind
  config: PlacementConfig
}
export type ConnectionRow = {
  placementId: string
  sourcePlacementId: string
  use: ConnectionUse
  params: Record<string, unknown>
}

/** Every content row, each list in walk order. */
export type Workbook = {
  parts: PartRow[]
  modules: ModuleRow[]
  exercises: ExerciseRow[]
  placements: PlacementRow[]
  connections: ConnectionRow[]
}
