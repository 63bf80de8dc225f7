/**
 * The interactive tools a `tool` block may name, and the settings each one takes (the YAML
 * `config`, stored as `settings`). These are the shapes the content uses today; each tool's own
 * module takes its schema over when the tool is built.
 */
import {
  array,
  discriminatedUnion,
  enum as oneOf,
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
  'skill-tagger',
  'personality-type',
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
  'mindset-profiles',
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

/** The categories of the master skills list: every skill is in exactly one. */
export const SKILL_CATEGORIES = ['transferable', 'self-management', 'knowledge'] as const

/** The groups of the competency self-rating. */
export const COMPETENCY_GROUPS = ['delivery', 'interpersonal', 'strategic'] as const

/**
 * What the workbook knows of each tool until its own module exists: the name it is shown by,
 * and the schema of its settings. A tool with no settings refuses any.
 */
export const TOOLS = {
  'list-builder': { title: 'list builder', settings: listBuilder },
  'skill-tagger': {
    title: 'skill tagger',
    settings: strictObject({
      category: oneOf(SKILL_CATEGORIES, {
        error: `must be one of ${SKILL_CATEGORIES.join(', ')}`,
      }).optional(),
      minSkills: whole(0, 100).optional(),
      maxSkills: whole(1, 100).optional(),
    }),
  },
  'personality-type': { title: 'personality type', settings: none },
  ranking: {
    title: 'ranking tool',
    settings: strictObject({
      itemLabel: words.optional(),
      count: whole(2, 20).optional(),
    }),
  },
  'soared-story': {
    title: 'SOARED story builder',
    settings: strictObject({ maxStories: whole(1, 10).optional() }),
  },
  'skill-mastery': { title: 'skill mastery sorting', settings: none },
  'flow-log': {
    title: 'flow log',
    settings: strictObject({ minEntries: whole(1, 50).optional() }),
  },
  budget: { title: 'budget planner', settings: none },
  'life-balance': {
    title: 'life balance wheel',
    settings: strictObject({ areas: names.optional() }),
  },
  'idea-tree': { title: 'idea tree', settings: strictObject({ depth: whole(1, 5).optional() }) },
  'decision-matrix': {
    title: 'career options assessment',
    settings: strictObject({ maxOptions: whole(2, 10).optional() }),
  },
  timeline: { title: 'timeline', settings: none },
  'competency-rating': {
    title: 'competency self-rating',
    settings: strictObject({
      groups: array(
        oneOf(COMPETENCY_GROUPS, { error: `must be one of ${COMPETENCY_GROUPS.join(', ')}` }),
      )
        .min(1, 'needs at least 1 group')
        .optional(),
    }),
  },
  reframe: { title: 'reframing tool', settings: none },
  'contact-tracker': { title: 'contact tracker', settings: none },
  'organisation-tracker': { title: 'organization tracker', settings: none },
  'posting-analysis': { title: 'job posting analyser', settings: none },
  'mindset-profiles': { title: 'mindset profiles', settings: none },
} satisfies Record<ToolName, { title: string; settings: ZodType }>

/** The settings of each tool, by name. */
export type ToolSettings = { [N in ToolName]: Infer<(typeof TOOLS)[N]['settings']> }

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
    settings: TOOLS[tool].settings,
  }),
)

/** The schema of a stored tool config. (zod cannot infer a union built by `map`; the type is above.) */
export const toolConfigSchema = discriminatedUnion(
  'tool',
  variants as [(typeof variants)[number], ...(typeof variants)[number][]],
) as unknown as ZodType<ToolConfig>
