/**
 * The shapes of a block's YAML as zod schemas: content, each prompt kind, tools and their
 * settings, and connections. Each schema's output is the stored config (see model.ts). Messages
 * are written for content editors; `reportIssues` (fields.ts) adds the file and position.
 * The checks that need the walk order (ids, duplicates, connection targets) stay in blocks.ts.
 */
import { boolean, number, object, strictObject, string, unknown, NEVER, type ZodType } from 'zod'
import { PROMPT_KINDS, type PromptKind } from './model.ts'
import {
  CONNECTION_USES,
  DATA_SOURCES,
  filterText,
  isDataSource,
  parseFilter,
} from './connections.ts'
import type { PromptConfig } from './model.ts'
import { ID, show } from './fields.ts'
import { TOOL_NAMES, type ToolName } from './tools.ts'

export const TEXT_MAX_DEFAULT = 200
export const TEXTAREA_MAX_DEFAULT = 4000
export const TOOL_MAX_DEFAULT = 4000
export const MAX_LENGTH_LIMIT = 10000

const isMissing = (value: unknown) => value === undefined || value === null

/** A trimmed, non-empty string. `missing` is the message when the key is absent or null. */
function text(key: string, missing = `needs a ${key}`) {
  return string({
    error: (issue) => (isMissing(issue.input) ? missing : `${key} must be text; put it in quotes`),
  })
    .trim()
    .min(1, `${key} is empty`)
}

/** A trimmed, non-empty string, or nothing (absent or null). */
function optionalText(key: string) {
  return text(key)
    .nullish()
    .transform((value) => value ?? undefined)
}

/** `optional: true` is kept; absent or false is left out. */
const optionalFlag = boolean({ error: 'optional must be true or false' })
  .optional()
  .transform((value) => (value === true ? (true as const) : undefined))

/** The `max` characters of a written answer; undefined when unset. */
const maxLength = (() => {
  const message = (issue: { input?: unknown }) =>
    `max must be a whole number of characters from 1 to ${MAX_LENGTH_LIMIT} (found ${show(issue.input)})`
  return number({ error: message })
    .int({ error: message })
    .min(1, { error: message })
    .max(MAX_LENGTH_LIMIT, { error: message })
    .optional()
})()

/** Keys every prompt takes; `id`, `kind` and `connections` are read by blocks.ts. */
const promptCommon = {
  id: unknown().optional(),
  kind: unknown().optional(),
  connections: unknown().optional(),
  label: text('label'),
  hint: optionalText('hint'),
  optional: optionalFlag,
}

/** Options for a choice prompt: at least two, each text, none repeated. */
function options(kind: PromptKind) {
  return unknown()
    .optional()
    .transform((value, ctx) => {
      if (!Array.isArray(value) || value.length < 2) {
        ctx.addIssue({ code: 'custom', message: `a ${kind} prompt needs at least 2 options` })
        return NEVER
      }
      const out: string[] = []
      value.forEach((option: unknown, index) => {
        const n = index + 1
        const problem = (message: string) => ctx.addIssue({ code: 'custom', message })
        if (typeof option !== 'string') problem(`option ${n} must be text; put it in quotes`)
        else if (option.trim() === '') problem(`option ${n} is empty`)
        else if (out.includes(option.trim()))
          problem(`option ${show(option.trim())} appears more than once`)
        else out.push(option.trim())
      })
      return out
    })
}

/** What is left out of a config when unset, so stored JSON holds only what the YAML said. */
function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

/** The keys each prompt kind takes. */
const PROMPT_SHAPES = {
  text: { ...promptCommon, max: maxLength },
  textarea: { ...promptCommon, max: maxLength },
  slider: {
    ...promptCommon,
    min: unknown().optional(),
    max: unknown().optional(),
    minLabel: text('minLabel', 'a slider prompt needs a minLabel'),
    maxLabel: text('maxLabel', 'a slider prompt needs a maxLabel'),
  },
  radio: { ...promptCommon, options: options('radio') },
  checkboxes: { ...promptCommon, options: options('checkboxes') },
  select: { ...promptCommon, options: options('select') },
}

const written = (kind: 'text' | 'textarea', fallback: number) =>
  strictObject(PROMPT_SHAPES[kind]).transform(({ label, hint, optional, max }): PromptConfig =>
    withoutUndefined({ prompt: kind, label, hint, optional, maxLength: max ?? fallback }),
  )

const chosen = (kind: 'radio' | 'checkboxes' | 'select') =>
  strictObject(PROMPT_SHAPES[kind]).transform(({ label, hint, optional, options }): PromptConfig =>
    withoutUndefined({ prompt: kind, label, hint, optional, options }),
  )

/** A slider's min and max: whole numbers, min below max. Checked on its own, so that its
 * problem is reported beside any in the slider's other fields. */
export const SLIDER_RANGE = object({
  min: unknown().optional(),
  max: unknown().optional(),
}).transform(({ min, max }, ctx) => {
  if (!Number.isInteger(min) || !Number.isInteger(max)) {
    ctx.addIssue({
      code: 'custom',
      path: ['min'],
      message: 'a slider prompt needs min and max as whole numbers',
    })
    return NEVER
  }
  if ((min as number) >= (max as number)) {
    ctx.addIssue({
      code: 'custom',
      path: ['min'],
      message: `a slider prompt's min (${show(min)}) must be less than its max (${show(max)})`,
    })
    return NEVER
  }
  return { min: min as number, max: max as number }
})

/** A slider's fields; `SLIDER_RANGE` adds its min and max. */
export const SLIDER_FIELDS = strictObject(PROMPT_SHAPES.slider).transform(
  ({ label, hint, optional, minLabel, maxLabel }) =>
    withoutUndefined({ prompt: 'slider' as const, label, hint, optional, minLabel, maxLabel }),
)

/** The fields schema of each written and choice prompt kind (sliders: `SLIDER_FIELDS`). */
export const PROMPT_SCHEMAS = {
  text: written('text', TEXT_MAX_DEFAULT),
  textarea: written('textarea', TEXTAREA_MAX_DEFAULT),
  radio: chosen('radio'),
  checkboxes: chosen('checkboxes'),
  select: chosen('select'),
} satisfies Record<Exclude<PromptKind, 'slider'>, ZodType<PromptConfig>>

/** The keys a prompt of `kind` takes, in the order their problems are reported. */
export function promptKeys(kind: PromptKind): string[] {
  return Object.keys(PROMPT_SHAPES[kind])
}

/** Whether any prompt kind takes `key` (so a misplaced key is told from a misspelt one). */
export function isPromptKey(key: string): boolean {
  return PROMPT_KINDS.some((kind) => key in PROMPT_SHAPES[kind])
}

/** A tool block's fields; its `config` is checked against the tool's own settings schema. */
export const TOOL_FIELDS = strictObject({
  id: unknown().optional(),
  connections: unknown().optional(),
  tool: unknown()
    .optional()
    .transform((tool, ctx) => {
      const names = TOOL_NAMES.join(', ')
      if (tool === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `a tool block needs a tool name (one of ${names})`,
        })
        return NEVER
      }
      if (!(TOOL_NAMES as readonly unknown[]).includes(tool)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown tool ${show(tool)} (expected one of ${names})`,
        })
        return NEVER
      }
      return tool as ToolName
    }),
  label: text('label', 'a tool needs a label; its label and hint are the plain-text version'),
  hint: optionalText('hint'),
  optional: optionalFlag,
  max: maxLength,
  config: unknown()
    .optional()
    .transform((config, ctx) => {
      if (config === undefined || config === null) return {}
      if (typeof config !== 'object' || Array.isArray(config)) {
        ctx.addIssue({ code: 'custom', message: 'config must be a mapping of tool settings' })
        return NEVER
      }
      return config as Record<string, unknown>
    }),
})

/** A content block: its text, trimmed. */
export const CONTENT_TEXT = string({ error: 'content must be text' })
  .trim()
  .min(1, 'content is empty')
  .transform((text) => ({ text }))

const uses = CONNECTION_USES.join(', ').replace(/, (?=[^,]*$)/, ' or ')

/** One connection's fields. Whether `from` resolves is checked against the walk order. */
export const CONNECTION_FIELDS = strictObject(
  {
    use: unknown()
      .optional()
      .transform((use, ctx) => {
        if ((CONNECTION_USES as readonly unknown[]).includes(use)) {
          return use as (typeof CONNECTION_USES)[number]
        }
        ctx.addIssue({ code: 'custom', message: `"use" must be ${uses} (found ${show(use)})` })
        return NEVER
      }),
    from: string({
      error: 'needs "from": the id of an earlier prompt or tool, like "exercise-id.prompt-id"',
    }).min(1, 'needs "from": the id of an earlier prompt or tool, like "exercise-id.prompt-id"'),
    source: unknown()
      .optional()
      .transform((source, ctx) => {
        if (source === undefined || isDataSource(source)) return source
        ctx.addIssue({
          code: 'custom',
          message: `"source" must be a registered data source (one of ${DATA_SOURCES.join(', ')}; found ${show(source)})`,
        })
        return NEVER
      }),
    filter: unknown()
      .optional()
      .transform((filter, ctx) => {
        const read = parseFilter(filter)
        if (read.ok) return filter === undefined ? undefined : filterText(read.filter)
        ctx.addIssue({ code: 'custom', message: read.message })
        return NEVER
      }),
    as: string({ error: '"as" must be a token name, like skills or top-values' })
      .regex(ID, '"as" must be a token name, like skills or top-values')
      .optional(),
    fallback: text('fallback').optional(),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'expected a mapping with use and from' : undefined,
  },
)

/** The keys of a tool block, in the order their problems are reported. */
export const TOOL_KEYS = Object.keys(TOOL_FIELDS.shape)
