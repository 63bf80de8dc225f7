/** Shared pieces of the content checker: limits, allowed keys, and small field readers. */
import { CONNECTION_USES, PROMPT_KINDS, TOOL_NAMES } from './model.ts'
import type { ConnectionUse, PromptKind, ToolName, Workbook } from './model.ts'

export const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/
// Content blocks are numbered `<exercise-id>.c1`, `.c2`, …; prompts and tools cannot use those.
export const CONTENT_LOCAL_ID = /^c[0-9]+$/
export const TEXT_MAX_DEFAULT = 200
export const TEXTAREA_MAX_DEFAULT = 4000
export const TOOL_MAX_DEFAULT = 4000
export const MAX_LENGTH_LIMIT = 10000
// D1 rejects a statement over 100 KB. Capping each block's stored config keeps INSERTs under it.
export const CONFIG_BYTES_LIMIT = 60_000
export const STATEMENT_BYTES_LIMIT = 100_000

export const PART_KEYS = ['id', 'title', 'summary', 'modules']
export const MODULE_KEYS = ['id', 'title', 'summary', 'exercises']
export const EXERCISE_KEYS = ['id', 'title', 'blocks']
export const BLOCK_KINDS = ['content', 'prompt', 'tool'] as const
const PROMPT_COMMON_KEYS = ['id', 'kind', 'label', 'hint', 'optional', 'connections']
export const PROMPT_KEYS: Record<PromptKind, string[]> = {
  text: [...PROMPT_COMMON_KEYS, 'max'],
  textarea: [...PROMPT_COMMON_KEYS, 'max'],
  slider: [...PROMPT_COMMON_KEYS, 'min', 'max', 'minLabel', 'maxLabel'],
  radio: [...PROMPT_COMMON_KEYS, 'options'],
  checkboxes: [...PROMPT_COMMON_KEYS, 'options'],
  select: [...PROMPT_COMMON_KEYS, 'options'],
}
export const TOOL_KEYS = ['id', 'tool', 'label', 'hint', 'optional', 'max', 'config', 'connections']
export const CONNECTION_KEYS = ['use', 'from', 'params']

export type Report = (message: string) => void
export type Fields = Record<string, unknown>
export type PendingConnection = {
  where: string
  placementId: string
  from: string
  use: ConnectionUse
  params: Record<string, unknown>
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

export function isPromptKind(value: unknown): value is PromptKind {
  return (PROMPT_KINDS as readonly unknown[]).includes(value)
}

export function isToolName(value: unknown): value is ToolName {
  return (TOOL_NAMES as readonly unknown[]).includes(value)
}

export function isConnectionUse(value: unknown): value is ConnectionUse {
  return (CONNECTION_USES as readonly unknown[]).includes(value)
}

/** `exercise "skills-audit"` when the item has a string id, else `exercise 3`. */
export function position(what: string, item: unknown, n: number): string {
  const named = isFields(item) && typeof item.id === 'string' && item.id !== ''
  return named ? `${what} "${item.id}"` : `${what} ${n}`
}

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
