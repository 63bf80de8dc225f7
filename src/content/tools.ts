/**
 * The interactive tools a `tool` block may name, and the settings each one takes (the YAML
 * `config`, stored as `settings`). These are the shapes the content uses today; each tool's own
 * module takes its schema over when the tool is built.
 */
import {
  array,
  discriminatedUnion,
  literal,
  number,
  object,
  strictObject,
  string,
  type infer as Infer,
  type ZodType,
} from 'zod'

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

export type ToolName = (typeof TOOL_NAMES)[number]

const whole = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`
  return number({ error: message }).int(message).min(min, message).max(max, message)
}
const words = string({ error: 'must be text; put it in quotes' }).trim().min(1, 'is empty')
const names = array(words, { error: 'must be a list' })
  .min(2, 'needs at least 2 entries')
  .max(20, 'can have at most 20 entries')
  .refine((list) => new Set(list).size === list.length, 'has an entry more than once')

const listBuilder = strictObject({
  itemLabel: words.optional(),
  minItems: whole(0, 100).optional(),
  maxItems: whole(1, 100).optional(),
}).refine(
  (s) => s.minItems === undefined || s.maxItems === undefined || s.minItems <= s.maxItems,
  'minItems must not be more than maxItems',
)

const none = strictObject({})

/** Each tool's settings schema. A tool with no settings refuses any. */
export const TOOL_SETTINGS = {
  'list-builder': listBuilder,
  ranking: strictObject({ itemLabel: words.optional(), count: whole(2, 20).optional() }),
  'soared-story': none,
  'skill-mastery': strictObject({ scale: whole(3, 10).optional() }),
  'flow-log': strictObject({ minEntries: whole(1, 50).optional() }),
  budget: none,
  'life-balance': strictObject({ areas: names.optional() }),
  'idea-tree': strictObject({ depth: whole(1, 5).optional() }),
  'decision-matrix': strictObject({ criteriaCount: whole(2, 10).optional() }),
  timeline: none,
  'competency-rating': strictObject({ competencies: names.optional() }),
  reframe: none,
  'contact-tracker': none,
  'organisation-tracker': none,
  'posting-analysis': none,
} satisfies Record<ToolName, ZodType>

/** The settings of each tool, by name. */
export type ToolSettings = { [N in ToolName]: Infer<(typeof TOOL_SETTINGS)[N]> }

type ToolConfigOf<N extends ToolName> = {
  tool: N
  /** The label and hint are the plain-text fallback until the tool is built. */
  label: string
  hint?: string
  optional?: true
  maxLength: number
  settings: ToolSettings[N]
}

/** A tool's stored config: one variant per tool, each with its own settings. */
export type ToolConfig = { [N in ToolName]: ToolConfigOf<N> }[ToolName]

const variants = TOOL_NAMES.map((tool) =>
  object({
    tool: literal(tool),
    label: string(),
    hint: string().optional(),
    optional: literal(true).optional(),
    maxLength: number().int().positive(),
    settings: TOOL_SETTINGS[tool],
  }),
)

/** The schema of a stored tool config. (zod cannot infer a union built by `map`; the type is above.) */
export const toolConfigSchema = discriminatedUnion(
  'tool',
  variants as [(typeof variants)[number], ...(typeof variants)[number][]],
) as unknown as ZodType<ToolConfig>
