/** Reading exercises and their blocks (content, prompts, tools, connections) from module YAML. */
import type { ZodType } from 'zod'
import {
  PROMPT_KINDS,
  type ConnectionParams,
  type Placement,
  type PlacementKind,
  type PromptConfig,
  type ToolConfig,
} from './model.ts'
import {
  brokenTokens,
  defaultSource,
  mentionTokens,
  parseFilter,
  sourceMisfit,
  type SourceBlock,
} from './connections.ts'
import { TOOLS } from './tools.ts'
import {
  CONNECTION_FIELDS,
  CONTENT_TEXT,
  PROMPT_SCHEMAS,
  SLIDER_FIELDS,
  SLIDER_RANGE,
  TOOL_FIELDS,
  TOOL_KEYS,
  TOOL_MAX_DEFAULT,
  isPromptKey,
  promptKeys,
} from './schemas.ts'
import {
  BLOCK_KINDS,
  CONTENT_LOCAL_ID,
  EXERCISE_KEYS,
  at,
  checkKeys,
  isFields,
  isMissingOrEmpty,
  position,
  readId,
  readText,
  reportIssues,
  scratch,
  show,
} from './fields.ts'
import type { Build, Fields, PendingConnection, Report } from './fields.ts'
import { fitsInStatement } from './sql.ts'

// ---------------------------------------------------------------------------------------------
// Exercises and blocks

export function readExercise(
  build: Build,
  file: string,
  exercise: unknown,
  n: number,
  moduleId: string | null,
) {
  const { errors, workbook } = build
  const where = `${file}: ${position('exercise', exercise, n)}`
  const report = at(errors, where)
  if (!isFields(exercise)) {
    report('expected a mapping with id, title and blocks')
    return
  }
  checkKeys(exercise, EXERCISE_KEYS, report)
  const id = readId(exercise, report)
  const title = readText(exercise, 'title', report, true)

  let keep = moduleId !== null && id !== undefined
  if (id !== undefined && moduleId !== null) {
    const other = build.exerciseFiles.get(id)
    if (other !== undefined) {
      report(`this id is already used by an exercise in ${other}`)
      keep = false
    } else {
      build.exerciseFiles.set(id, file)
    }
  }
  // Blocks of an exercise that is not kept are still checked, against a scratch build.
  const target = keep ? build : scratch(errors)
  const exerciseId = id ?? 'exercise'
  if (keep && moduleId !== null) {
    const ordinal = workbook.exercises.filter((e) => e.moduleId === moduleId).length + 1
    const seq = workbook.exercises.length + 1
    workbook.exercises.push({ id: exerciseId, moduleId, ordinal, seq, title: title ?? '' })
  }

  const blocks = exercise.blocks
  if (isMissingOrEmpty(blocks)) {
    report('has no blocks')
    return
  }
  if (!Array.isArray(blocks)) {
    report('blocks must be a list')
    return
  }
  const kinds: (PlacementKind | undefined)[] = []
  const localIds = new Map<string, number>()
  let contentCount = 0
  blocks.forEach((block: unknown, index) => {
    const kind = blockKind(block)
    kinds.push(kind)
    if (kind === 'content') contentCount++
    readBlock(target, {
      where: `${where}, block ${index + 1}`,
      block,
      exerciseId,
      contentId: `c${contentCount}`,
      localIds,
      blockNumber: index + 1,
    })
  })

  if (!kinds.some((k) => k === 'prompt' || k === 'tool')) {
    report('has no prompt or tool; every exercise asks the learner something')
  }
  const first = kinds[0]
  const last = kinds[kinds.length - 1]
  if (first !== undefined && first !== 'content') report('must begin with a content block')
  if (last !== undefined && last !== 'content') report('must end with a content block')
}

function blockKind(block: unknown): PlacementKind | undefined {
  if (!isFields(block)) return undefined
  const present = BLOCK_KINDS.filter((k) => k in block)
  return present.length === 1 ? present[0] : undefined
}

type BlockInput = {
  where: string
  block: unknown
  exerciseId: string
  contentId: string
  localIds: Map<string, number>
  blockNumber: number
}

function readBlock(build: Build, input: BlockInput) {
  const { where, block, exerciseId } = input
  const report = at(build.errors, where)
  const kind = blockKind(block)
  if (!isFields(block) || kind === undefined) {
    report('a block needs exactly one of content, prompt or tool')
    return
  }
  checkKeys(block, kind === 'content' ? [kind, 'connections'] : [kind], report)
  const placements = build.workbook.placements
  const ordinal = placements.filter((p) => p.exerciseId === exerciseId).length + 1

  if (kind === 'content') {
    const config = parsed(CONTENT_TEXT, block.content, report)
    const id = `${exerciseId}.${input.contentId}`
    const connections = readConnections(block.connections, where, id, { kind }, build.errors)
    if (config) checkMentionTokens(config.text, connections, report)
    if (config && fitsInStatement(config, report)) {
      placements.push({ id, exerciseId, ordinal, kind, config })
      build.pending.push(...connections)
    }
    return
  }

  const fields = block[kind]
  if (!isFields(fields)) {
    report(`${kind} must be a mapping with id, ${kind === 'tool' ? 'tool' : 'kind'} and label`)
    return
  }
  const localId = readLocalId(fields, input, report)
  const placementId = `${exerciseId}.${localId ?? ''}`
  const base = { id: placementId, exerciseId, ordinal }
  const target =
    kind === 'prompt'
      ? ({ kind, prompt: String(fields.kind) } as const)
      : ({ kind, tool: String(fields.tool) } as const)
  const prompt = kind === 'prompt' ? readPrompt(fields, report) : undefined
  const tool = kind === 'tool' ? readTool(fields, report) : undefined
  const connections = readConnections(fields.connections, where, placementId, target, build.errors)
  const placement: Placement | undefined = prompt
    ? { ...base, kind: 'prompt', config: prompt }
    : tool
      ? { ...base, kind: 'tool', config: tool }
      : undefined
  if (localId === undefined || !placement || !fitsInStatement(placement.config, report)) return
  placements.push(placement)
  build.pending.push(...connections)
}

/** The schema's output, or undefined with every problem reported. */
function parsed<T>(
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

function readLocalId(fields: Fields, input: BlockInput, report: Report): string | undefined {
  const id = readId(fields, report)
  if (id === undefined) return undefined
  if (CONTENT_LOCAL_ID.test(id)) {
    report(`id "${id}" is reserved for content blocks; choose a word that describes the answer`)
    return undefined
  }
  const other = input.localIds.get(id)
  if (other !== undefined) {
    report(`id "${id}" is already used by block ${other}`)
    return undefined
  }
  input.localIds.set(id, input.blockNumber)
  return id
}

function readPrompt(fields: Fields, report: Report): PromptConfig | undefined {
  const kind = fields.kind
  const kinds = PROMPT_KINDS.join(', ')
  if (kind === undefined) {
    report(`a prompt needs a kind (one of ${kinds})`)
    return undefined
  }
  const known = PROMPT_KINDS.find((k) => k === kind)
  if (known === undefined) {
    report(`unknown prompt kind ${show(kind)} (expected one of ${kinds})`)
    return undefined
  }
  const opts = {
    order: promptKeys(known),
    unknownKey: (key: string) =>
      isPromptKey(key) ? `a ${known} prompt does not take "${key}"` : `unknown field "${key}"`,
  }
  if (known !== 'slider') return parsed(PROMPT_SCHEMAS[known], fields, report, opts)
  // A slider's range is checked beside its other fields, so every problem is reported at once.
  const slider = SLIDER_FIELDS.safeParse(fields)
  const range = SLIDER_RANGE.safeParse(fields)
  if (slider.success && range.success) return { ...slider.data, ...range.data }
  const issues = [...(slider.error?.issues ?? []), ...(range.error?.issues ?? [])]
  reportIssues(report, issues, opts)
  return undefined
}

function readTool(fields: Fields, report: Report): ToolConfig | undefined {
  const tool = parsed(TOOL_FIELDS, fields, report, { order: TOOL_KEYS })
  if (!tool) return undefined
  const settings = parsed(TOOLS[tool.tool].settings as ZodType<unknown>, tool.config, report, {
    prefix: (path) => `config: ${settingPath(path)}`,
  })
  if (settings === undefined) return undefined
  const config = { tool: tool.tool, label: tool.label, maxLength: tool.max ?? TOOL_MAX_DEFAULT }
  return {
    ...config,
    ...(tool.hint !== undefined ? { hint: tool.hint } : {}),
    ...(tool.optional ? { optional: true as const } : {}),
    settings,
  } as ToolConfig
}

/** `minItems `, `areas entry 3 `: where in a tool's settings a problem is. */
function settingPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `entry ${part + 1} ` : `${String(part)} `))
    .join('')
}

function readConnections(
  value: unknown,
  where: string,
  placementId: string,
  target: PendingConnection['target'],
  errors: string[],
): PendingConnection[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    errors.push(`${where}: connections must be a list`)
    return []
  }
  const out: PendingConnection[] = []
  value.forEach((connection: unknown, index) => {
    const here = `${where}, connection ${index + 1}`
    const report = at(errors, here)
    const fields = parsed(CONNECTION_FIELDS, connection, report, {
      order: Object.keys(CONNECTION_FIELDS.shape),
    })
    const from = isFields(connection) ? connection.from : undefined
    const use = isFields(connection) ? connection.use : undefined
    const repeat = out.findIndex((c) => c.from === from && c.use === use)
    if (repeat >= 0) report(`repeats connection ${repeat + 1}`)
    if (!fields || repeat >= 0) return
    const misuse = useMisfit(fields, target)
    if (misuse) report(misuse)
    else out.push({ where: here, placementId, target, ...withoutUndefined(fields) })
  })
  return out
}

/** Why a connection cannot be used this way on this block, or null. */
function useMisfit(
  c: { use: PendingConnection['use']; as?: string; fallback?: string },
  target: PendingConnection['target'],
): string | null {
  if (target.kind === 'content') {
    if (c.use !== 'mention') {
      return `a content block can only mention earlier answers, with use: mention (found ${c.use})`
    }
    if (!c.as)
      return 'a mention in a content block needs "as": the token its text uses, like {{skills}}'
    if (!c.fallback) {
      return 'a mention in a content block needs "fallback": the words shown when there is nothing to quote'
    }
    return null
  }
  if (c.as) return '"as" is only for mentions in content blocks, whose text uses it as a {{token}}'
  if (c.fallback && c.use !== 'mention') return '"fallback" is only for mentions'
  if (c.use === 'prefill' && target.kind !== 'tool') {
    return 'prefill starts a tool with earlier items; this block is a prompt, so use hydrate (a text or textarea prompt), reference or mention'
  }
  if (
    c.use === 'hydrate' &&
    !(target.kind === 'prompt' && ['text', 'textarea'].includes(target.prompt))
  ) {
    return `hydrate starts a text or textarea prompt with earlier words; this block is ${target.kind === 'tool' ? 'a tool, so use prefill' : `a ${target.prompt} prompt`}`
  }
  return null
}

/** Each `{{token}}` in a content block's text names one of its mentions, and each mention is used. */
function checkMentionTokens(text: string, connections: PendingConnection[], report: Report) {
  for (const broken of brokenTokens(text)) {
    report(`has "${broken}", which is not a mention token; write tokens like {{skills}}`)
  }
  const names = connections.map((c) => c.as)
  for (const token of mentionTokens(text)) {
    if (!names.includes(token)) {
      report(`uses {{${token}}}, but no connection of this block has "as: ${token}"`)
    }
  }
  const used = mentionTokens(text)
  connections.forEach((c) => {
    if (c.as && !used.includes(c.as))
      report(`has a mention "as: ${c.as}" that its text never uses as {{${c.as}}}`)
  })
  const seen = new Set<string>()
  for (const name of names) {
    if (name && seen.has(name)) report(`has two mentions with "as: ${name}"`)
    if (name) seen.add(name)
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
/**
 * Each connection must bring back an earlier prompt or tool (never itself, never a later one),
 * through a data source that reads that block, with a filter that source takes.
 */
export function resolveConnections(build: Build) {
  const walk = new Map<string, { index: number; placement: Placement }>()
  build.workbook.placements.forEach((placement, index) =>
    walk.set(placement.id, { index, placement }),
  )
  for (const c of build.pending) {
    const report = at(build.errors, c.where)
    const found = walk.get(c.from)
    const here = walk.get(c.placementId)
    const names = `"from" names "${c.from}"`
    if (!found) {
      const shape = c.from.includes('.') ? '' : '; write it as "exercise-id.prompt-id"'
      report(`${names}, which is not a prompt or tool in the workbook${shape}`)
      continue
    }
    const source = found.placement
    if (source.kind === 'content') {
      report(`${names}, which is a content block; only prompts and tools have answers`)
    } else if (here && found.index === here.index) {
      report(`${names}, which is this block itself`)
    } else if (here && found.index > here.index) {
      report(
        `${names}, which comes later in the walk order; a connection can only bring back an earlier answer`,
      )
    } else {
      const block: SourceBlock =
        source.kind === 'tool'
          ? { id: source.id, kind: 'tool', tool: source.config.tool }
          : { id: source.id, kind: 'prompt' }
      const name = c.source ?? defaultSource(block)
      const read = parseFilter(c.filter)
      if (!name) {
        report(`${names}; no data source reads it by default, so name one with "source"`)
        continue
      }
      const misfit = read.ok ? sourceMisfit(name, block, read.filter) : read.message
      if (misfit) {
        report(`${names}: ${misfit}`)
        continue
      }
      const params: ConnectionParams = withoutUndefined({
        filter: c.filter,
        as: c.as,
        fallback: c.fallback,
      })
      build.workbook.connections.push({
        placementId: c.placementId,
        sourcePlacementId: c.from,
        source: name,
        use: c.use,
        params,
      })
    }
  }
}
