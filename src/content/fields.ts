/** Shared pieces of the content checker: limits, allowed keys, small readers, and the formatter
 * that turns zod issues into file-and-position messages. */
import type { ZodError, ZodType } from 'zod'
import type { ConnectionRow, Workbook } from './model.ts'

export const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/
// Content blocks are numbered `<exercise-id>.c1`, `.c2`, …; prompts and tools cannot use those.
export const CONTENT_LOCAL_ID = /^c[0-9]+$/
// D1 rejects a statement over 100 KB. Capping each block's stored config keeps INSERTs under it.
export const CONFIG_BYTES_LIMIT = 60_000
export const STATEMENT_BYTES_LIMIT = 100_000

export const PART_KEYS = ['id', 'title', 'summary', 'modules']
export const MODULE_KEYS = ['id', 'title', 'summary', 'exercises']
export const EXERCISE_KEYS = ['id', 'title', 'blocks']
export const BLOCK_KINDS = ['content', 'prompt', 'tool'] as const

export type Report = (message: string) => void
export type Fields = Record<string, unknown>
/** A connection as read from its block, before `from` is checked against the walk order. */
export type PendingConnection = {
  where: string
  placementId: string
  /** The block the connection belongs to: what it can do there depends on it. */
  target: { kind: 'content' } | { kind: 'prompt'; prompt: string } | { kind: 'tool'; tool: string }
  use: ConnectionRow['use']
  from: string
  source?: ConnectionRow['source']
  filter?: string
  as?: string
  fallback?: string
}
export type Build = {
  errors: string[]
  workbook: Workbook
  pending: PendingConnection[]
  exerciseFiles: Map<string, string>
}

// ---------------------------------------------------------------------------------------------
// Small readers

/** A build whose rows are thrown away: for checking content that is not in the walk. */
export function scratch(errors: string[]): Build {
  return {
    errors,
    workbook: { parts: [], modules: [], exercises: [], placements: [], connections: [] },
    pending: [],
    exerciseFiles: new Map(),
  }
}

export function at(errors: string[], where: string): Report {
  return (message) => errors.push(`${where}: ${message}`)
}

export function isMissingOrEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0)
}

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `exercise "skills-audit"` when the item has a string id, else `exercise 3`. */
export function position(what: string, item: unknown, n: number): string {
  const named = isFields(item) && typeof item.id === 'string' && item.id !== ''
  return named ? `${what} "${item.id}"` : `${what} ${n}`
}

/** `"text"` for a string, the JSON for anything else, `nothing` for undefined. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  return JSON.stringify(value) ?? String(value)
}

export function idProblem(id: unknown): string {
  if (id === undefined || id === null || id === '') return 'needs an id'
  const shape = 'lower-case words joined by single hyphens, like "transferable-skills"'
  return `id ${show(id)} must be ${shape}`
}

export function readId(fields: Fields, report: Report): string | undefined {
  const id = fields.id
  if (typeof id === 'string' && ID.test(id)) return id
  report(idProblem(id))
  return undefined
}

/** A trimmed, non-empty string; undefined (reported when required) when missing or empty. */
export function readText(
  fields: Fields,
  key: string,
  report: Report,
  required: boolean,
): string | undefined {
  const value = fields[key]
  if (value === undefined || value === null) {
    if (required) report(`needs a ${key}`)
    return undefined
  }
  if (typeof value !== 'string') {
    report(`${key} must be text; put it in quotes`)
    return undefined
  }
  if (value.trim() === '') {
    report(`${key} is empty`)
    return undefined
  }
  return value.trim()
}

export function checkKeys(fields: Fields, allowed: readonly string[], report: Report) {
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) report(`unknown field "${key}"`)
  }
}

export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const group = groups.get(k)
    if (group) group.push(row)
    else groups.set(k, [row])
  }
  return groups
}

/** Why `numbers` is not exactly 1..n, or undefined when it is. */
export function sequenceProblem(numbers: number[]): string | undefined {
  const sorted = [...numbers].sort((a, b) => a - b)
  for (let i = 0; i < sorted.length; i++) {
    const n = sorted[i] as number
    if (n === i + 1) continue
    return n < i + 1 ? `ordinal ${n} is used more than once` : `ordinal ${i + 1} is missing`
  }
  return undefined
}

type Issue = ZodError['issues'][number]

/**
 * Reports a zod error as content-editor messages, each prefixed by `report` with the file and
 * position. Unknown keys come first (one message each), then the other problems in the order of
 * `order` (the schema's keys), so messages read top to bottom like the YAML.
 * @example reportIssues(report, result.error.issues, { order: ['label', 'hint'] })
 */
export function reportIssues(
  report: Report,
  issues: readonly Issue[],
  opts: {
    order?: readonly string[]
    /** The message for a key the schema does not take. */
    unknownKey?: (key: string) => string
    /** Words before each message, from the issue's path (for nested settings). */
    prefix?: (path: readonly PropertyKey[]) => string
  } = {},
) {
  const order = opts.order ?? []
  const unknownKey = opts.unknownKey ?? ((key: string) => `unknown field "${key}"`)
  const prefix = opts.prefix ?? (() => '')
  const lines: { rank: number; message: string }[] = []
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        lines.push({ rank: -1, message: prefix(issue.path) + unknownKey(key) })
      }
      continue
    }
    const at = order.indexOf(String(issue.path[0]))
    lines.push({ rank: at < 0 ? order.length : at, message: prefix(issue.path) + issue.message })
  }
  lines.sort((a, b) => a.rank - b.rank)
  for (const line of lines) report(line.message)
}

/** The schema's output, or undefined with every problem reported. */
export function parsed<T>(
  schema: ZodType<T>,
  input: unknown,
  report: Report,
  opts: Parameters<typeof reportIssues>[2] = {},
): T | undefined {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  reportIssues(report, result.error.issues, opts)
  return undefined
}
