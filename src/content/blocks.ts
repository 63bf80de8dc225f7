/**
 * Reading exercises and their blocks (content, prompts, tools) from module YAML. A block's
 * connections are checked in connection-checks.ts.
 */
import type { ZodType } from 'zod'
import {
  PROMPT_KINDS,
  type Placement,
  type PlacementKind,
  type PromptConfig,
  type ToolConfig,
} from './model.ts'
import { checkMentionTokens, readConnections } from './connection-checks.ts'
import { TOOLS } from './tools.ts'
import {
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
  parsed,
  position,
  readId,
  readText,
  reportIssues,
  scratch,
  show,
} from './fields.ts'
import type { Build, Fields, Report } from './fields.ts'
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
