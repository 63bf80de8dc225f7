/** Reading exercises and their blocks (content, prompts, tools, connections) from module YAML. */
import { PROMPT_KINDS, TOOL_NAMES } from './model.ts'
import type {
  ContentConfig,
  PlacementKind,
  PromptConfig,
  PromptKind,
  ToolConfig,
} from './model.ts'
import {
  BLOCK_KINDS,
  CONNECTION_KEYS,
  CONTENT_LOCAL_ID,
  EXERCISE_KEYS,
  MAX_LENGTH_LIMIT,
  PROMPT_KEYS,
  TEXTAREA_MAX_DEFAULT,
  TEXT_MAX_DEFAULT,
  TOOL_KEYS,
  TOOL_MAX_DEFAULT,
  at,
  checkKeys,
  isConnectionUse,
  isFields,
  isMissingOrEmpty,
  isPromptKind,
  isToolName,
  position,
  readId,
  readText,
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
  checkKeys(block, [kind], report)
  const placements = build.workbook.placements
  const ordinal = placements.filter((p) => p.exerciseId === exerciseId).length + 1

  if (kind === 'content') {
    const text = block.content
    if (typeof text !== 'string') {
      report('content must be text')
    } else if (text.trim() === '') {
      report('content is empty')
    } else {
      const config: ContentConfig = { text: text.trim() }
      if (fitsInStatement(config, report)) {
        const id = `${exerciseId}.${input.contentId}`
        placements.push({ id, exerciseId, ordinal, kind, config })
      }
    }
    return
  }

  const fields = block[kind]
  if (!isFields(fields)) {
    report(`${kind} must be a mapping with id, ${kind === 'tool' ? 'tool' : 'kind'} and label`)
    return
  }
  const localId = readLocalId(fields, input, report)
  const config = kind === 'prompt' ? readPrompt(fields, report) : readTool(fields, report)
  const placementId = `${exerciseId}.${localId ?? ''}`
  const connections = readConnections(fields.connections, where, placementId, build.errors)
  if (localId === undefined || config === undefined || !fitsInStatement(config, report)) return
  placements.push({ id: placementId, exerciseId, ordinal, kind, config })
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
  if (kind === undefined) {
    report(`a prompt needs a kind (one of ${PROMPT_KINDS.join(', ')})`)
    return undefined
  }
  if (!isPromptKind(kind)) {
    report(`unknown prompt kind ${show(kind)} (expected one of ${PROMPT_KINDS.join(', ')})`)
    return undefined
  }
  const allowed = PROMPT_KEYS[kind]
  for (const key of Object.keys(fields)) {
    if (allowed.includes(key)) continue
    const known = Object.values(PROMPT_KEYS).some((keys) => keys.includes(key))
    report(known ? `a ${kind} prompt does not take "${key}"` : `unknown field "${key}"`)
  }
  const label = readText(fields, 'label', report, true)
  const hint = readText(fields, 'hint', report, false)
  const optional = readOptional(fields, report)
  const config: PromptConfig = { prompt: kind, label: label ?? '' }
  if (hint !== undefined) config.hint = hint
  if (optional) config.optional = true
  let ok = label !== undefined

  if (kind === 'text' || kind === 'textarea') {
    const max = readMaxLength(fields, report)
    if (max === null) ok = false
    config.maxLength = max ?? (kind === 'text' ? TEXT_MAX_DEFAULT : TEXTAREA_MAX_DEFAULT)
  } else if (kind === 'slider') {
    const { min, max } = fields
    if (!Number.isInteger(min) || !Number.isInteger(max)) {
      report('a slider prompt needs min and max as whole numbers')
      ok = false
    } else if ((min as number) >= (max as number)) {
      report(`a slider prompt's min (${show(min)}) must be less than its max (${show(max)})`)
      ok = false
    } else {
      config.min = min as number
      config.max = max as number
    }
    for (const key of ['minLabel', 'maxLabel'] as const) {
      if (fields[key] === undefined) {
        report(`a slider prompt needs a ${key}`)
        ok = false
        continue
      }
      const text = readText(fields, key, report, true)
      if (text === undefined) ok = false
      else config[key] = text
    }
  } else {
    const options = readOptions(fields.options, kind, report)
    if (options === undefined) ok = false
    else config.options = options
  }
  return ok ? config : undefined
}

function readTool(fields: Fields, report: Report): ToolConfig | undefined {
  checkKeys(fields, TOOL_KEYS, report)
  const tool = fields.tool
  let ok = true
  if (tool === undefined) {
    report(`a tool block needs a tool name (one of ${TOOL_NAMES.join(', ')})`)
    ok = false
  } else if (!isToolName(tool)) {
    report(`unknown tool ${show(tool)} (expected one of ${TOOL_NAMES.join(', ')})`)
    ok = false
  }
  let label: string | undefined
  if (fields.label === undefined) {
    report('a tool needs a label; its label and hint are the plain-text version')
  } else label = readText(fields, 'label', report, true)
  const hint = readText(fields, 'hint', report, false)
  const optional = readOptional(fields, report)
  const max = readMaxLength(fields, report)
  let settings: Record<string, unknown> = {}
  if (isFields(fields.config)) settings = fields.config
  else if (fields.config !== undefined && fields.config !== null) {
    report('config must be a mapping of tool settings')
    ok = false
  }
  if (!ok || label === undefined || max === null || !isToolName(tool)) return undefined
  const config: ToolConfig = { tool, label, maxLength: max ?? TOOL_MAX_DEFAULT, settings }
  if (hint !== undefined) config.hint = hint
  if (optional) config.optional = true
  return config
}

function readOptions(value: unknown, kind: PromptKind, report: Report): string[] | undefined {
  if (!Array.isArray(value) || value.length < 2) {
    report(`a ${kind} prompt needs at least 2 options`)
    return undefined
  }
  const options: string[] = []
  let ok = true
  value.forEach((option: unknown, index) => {
    if (typeof option !== 'string') {
      report(`option ${index + 1} must be text; put it in quotes`)
      ok = false
    } else if (option.trim() === '') {
      report(`option ${index + 1} is empty`)
      ok = false
    } else if (options.includes(option.trim())) {
      report(`option ${show(option.trim())} appears more than once`)
      ok = false
    } else {
      options.push(option.trim())
    }
  })
  return ok ? options : undefined
}

/** The `max` of a text answer: undefined when unset, null when invalid (already reported). */
function readMaxLength(fields: Fields, report: Report): number | undefined | null {
  const max = fields.max
  if (max === undefined) return undefined
  if (Number.isInteger(max) && (max as number) >= 1 && (max as number) <= MAX_LENGTH_LIMIT) {
    return max as number
  }
  const range = `from 1 to ${MAX_LENGTH_LIMIT}`
  report(`max must be a whole number of characters ${range} (found ${show(max)})`)
  return null
}

function readOptional(fields: Fields, report: Report): boolean {
  const optional = fields.optional
  if (optional === undefined || optional === false) return false
  if (optional === true) return true
  report('optional must be true or false')
  return false
}

function readConnections(
  value: unknown,
  where: string,
  placementId: string,
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
    if (!isFields(connection)) {
      report('expected a mapping with use and from')
      return
    }
    const before = errors.length
    checkKeys(connection, CONNECTION_KEYS, report)
    const { use, from, params } = connection
    if (!isConnectionUse(use)) {
      report(`"use" must be prefill, mention or reference (found ${show(use)})`)
    }
    if (typeof from !== 'string' || from === '') {
      report('needs "from": the id of an earlier prompt or tool, like "exercise-id.prompt-id"')
    }
    if (params !== undefined && !isFields(params)) report('params must be a mapping')
    const repeat = out.findIndex((c) => c.from === from && c.use === use)
    if (repeat >= 0) report(`repeats connection ${repeat + 1}`)
    if (errors.length === before && isConnectionUse(use) && typeof from === 'string') {
      out.push({ where: here, placementId, from, use, params: isFields(params) ? params : {} })
    }
  })
  return out
}

/** Each connection must bring back an earlier prompt or tool: never itself, never a later one. */
export function resolveConnections(build: Build) {
  const walk = new Map<string, { index: number; kind: PlacementKind }>()
  build.workbook.placements.forEach((p, index) => walk.set(p.id, { index, kind: p.kind }))
  for (const c of build.pending) {
    const report = at(build.errors, c.where)
    const source = walk.get(c.from)
    const here = walk.get(c.placementId)
    const names = `"from" names "${c.from}"`
    if (!source) {
      const shape = c.from.includes('.') ? '' : '; write it as "exercise-id.prompt-id"'
      report(`${names}, which is not a prompt or tool in the workbook${shape}`)
    } else if (source.kind === 'content') {
      report(`${names}, which is a content block; only prompts and tools have answers`)
    } else if (here && source.index === here.index) {
      report(`${names}, which is this block itself`)
    } else if (here && source.index > here.index) {
      report(
        `${names}, which comes later in the walk order; a connection can only bring back an earlier answer`,
      )
    } else {
      build.workbook.connections.push({
        placementId: c.placementId,
        sourcePlacementId: c.from,
        use: c.use,
        params: c.params,
      })
    }
  }
}
