/**
 * The workbook content model: the rows that seed/content becomes (see seed/FORMAT.md), and the
 * zod schemas of the placement configs stored in `placements.config`. A placement is a
 * discriminated union on `kind`, and a prompt's config on its `prompt` kind, so every consumer
 * gets the fields its kind really has: no casts, no invented defaults.
 *
 * Node runs the content files directly by stripping types, so they use erasable syntax only and
 * import each other with `.ts` extensions.
 */
import {
  array,
  discriminatedUnion,
  literal,
  number,
  object,
  string,
  type infer as Infer,
} from 'zod'
import { TOOL_NAMES, toolConfigSchema, type ToolConfig } from './tools.ts'
import type { ConnectionUse, DataSource } from './connections.ts'

export { TOOL_NAMES, type ToolConfig, type ToolName, type ToolSettings } from './tools.ts'

/** The kinds of prompt a `prompt` block may have. */
export const PROMPT_KINDS = ['text', 'textarea', 'slider', 'radio', 'checkboxes', 'select'] as const

export {
  CONNECTION_USES,
  DATA_SOURCES,
  type ConnectionUse,
  type DataSource,
  type Filter,
} from './connections.ts'

export type PromptKind = (typeof PROMPT_KINDS)[number]
export type PlacementKind = Placement['kind']

export const contentConfigSchema = object({ text: string() })

const promptBase = {
  label: string(),
  hint: string().optional(),
  optional: literal(true).optional(),
}
const written = (kind: 'text' | 'textarea') =>
  object({ prompt: literal(kind), ...promptBase, maxLength: number().int().positive() })
const chosen = (kind: 'radio' | 'checkboxes' | 'select') =>
  object({ prompt: literal(kind), ...promptBase, options: array(string()).min(2) })

/** A prompt's stored config: one variant per prompt kind. */
export const promptConfigSchema = discriminatedUnion('prompt', [
  written('text'),
  written('textarea'),
  object({
    prompt: literal('slider'),
    ...promptBase,
    min: number().int(),
    max: number().int(),
    minLabel: string(),
    maxLabel: string(),
  }),
  chosen('radio'),
  chosen('checkboxes'),
  chosen('select'),
])

export type ContentConfig = Infer<typeof contentConfigSchema>
export type PromptConfig = Infer<typeof promptConfigSchema>
export type SliderConfig = Extract<PromptConfig, { prompt: 'slider' }>

type PlacementBase = { id: string; exerciseId: string; ordinal: number }
export type ContentPlacement = PlacementBase & { kind: 'content'; config: ContentConfig }
export type PromptPlacement = PlacementBase & { kind: 'prompt'; config: PromptConfig }
export type ToolPlacement = PlacementBase & { kind: 'tool'; config: ToolConfig }
/** One block of an exercise: its kind decides the shape of its config. */
export type Placement = ContentPlacement | PromptPlacement | ToolPlacement
/** A placement the learner answers: a prompt or a tool. */
export type AnswerablePlacement = PromptPlacement | ToolPlacement

const storedPlacement = discriminatedUnion('kind', [
  object({ kind: literal('content'), config: contentConfigSchema }),
  object({ kind: literal('prompt'), config: promptConfigSchema }),
  object({ kind: literal('tool'), config: toolConfigSchema }),
])

/**
 * A placement from its stored columns, with its config checked against its kind's schema. The
 * seed wrote it, so a mismatch is a broken deployment and throws.
 * @example readPlacement({ id: 'a.c1', exerciseId: 'a', ordinal: 1 }, 'content', '{"text":"Hi"}')
 */
export function readPlacement(base: PlacementBase, kind: string, config: string): Placement {
  return { ...base, ...storedPlacement.parse({ kind, config: JSON.parse(config) }) }
}

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
export type ConnectionRow = {
  placementId: string
  sourcePlacementId: string
  source: DataSource
  use: ConnectionUse
  params: ConnectionParams
}

/**
 * A connection's params, stored as JSON: its filter as the content writes it (absent means
 * `all`), and for a mention in a content block the token it fills (`as`) and the words used
 * when there is nothing to quote (`fallback`, which a prompt's or tool's mention may have too).
 */
export type ConnectionParams = { filter?: string; as?: string; fallback?: string }

/** Every content row, each list in walk order. */
export type Workbook = {
  parts: PartRow[]
  modules: ModuleRow[]
  exercises: ExerciseRow[]
  placements: Placement[]
  connections: ConnectionRow[]
}
