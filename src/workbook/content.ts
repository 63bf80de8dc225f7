/**
 * The workbook's content pipeline: parsed YAML from seed/content (see seed/FORMAT.md) becomes
 * validated rows, and the rows become idempotent SQL.
 *
 * Node runs this file directly from scripts/seed.mjs by stripping its types, so it uses only
 * erasable syntax and has no runtime imports. The Worker and the tests bundle it as usual.
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

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/
// Content blocks are numbered `<exercise-id>.c1`, `.c2`, …; prompts and tools cannot use those.
const CONTENT_LOCAL_ID = /^c[0-9]+$/
const TEXT_MAX_DEFAULT = 200
const TEXTAREA_MAX_DEFAULT = 4000
const TOOL_MAX_DEFAULT = 4000
const MAX_LENGTH_LIMIT = 10000
// D1 rejects a statement over 100 KB. Capping each block's stored config keeps INSERTs under it.
const CONFIG_BYTES_LIMIT = 60_000
const STATEMENT_BYTES_LIMIT = 100_000

const PART_KEYS = ['id', 'title', 'summary', 'modules']
const MODULE_KEYS = ['id', 'title', 'summary', 'exercises']
const EXERCISE_KEYS = ['id', 'title', 'blocks']
const BLOCK_KINDS = ['content', 'prompt', 'tool'] as const
const PROMPT_COMMON_KEYS = ['id', 'kind', 'label', 'hint', 'optional', 'connections']
const PROMPT_KEYS: Record<PromptKind, string[]> = {
  text: [...PROMPT_COMMON_KEYS, 'max'],
  textarea: [...PROMPT_COMMON_KEYS, 'max'],
  slider: [...PROMPT_COMMON_KEYS, 'min', 'max', 'minLabel', 'maxLabel'],
  radio: [...PROMPT_COMMON_KEYS, 'options'],
  checkboxes: [...PROMPT_COMMON_KEYS, 'options'],
  select: [...PROMPT_COMMON_KEYS, 'options'],
}
const TOOL_KEYS = ['id', 'tool', 'label', 'hint', 'optional', 'max', 'config', 'connections']
const CONNECTION_KEYS = ['use', 'from', 'params']

type Report = (message: string) => void
type Fields = Record<string, unknown>
type PendingConnection = {
  where: string
  placementId: string
  from: string
  use: ConnectionUse
  params: Record<string, unknown>
}
type Build = {
  errors: string[]
  workbook: Workbook
  pending: PendingConnection[]
  exerciseFiles: Map<string, string>
}

/**
 * Turns the parsed YAML of parts.yaml and the module files into workbook rows, checking every
 * rule in seed/FORMAT.md. Bad input never throws: each problem becomes one readable error that
 * names the file and the id or position. Use the rows only when `errors` is empty.
 *
 * @example
 * const { workbook, errors } = buildWorkbook(parse(partsYaml), [
 *   { file: 'skills.yaml', doc: parse(skillsYaml) },
 * ])
 * if (errors.length > 0) throw new Error(errors.join('\n'))
 */
export function buildWorkbook(
  parts: unknown,
  modules: { file: string; doc: unknown }[],
): { workbook: Workbook; errors: string[] } {
  const build: Build = {
    errors: [],
    workbook: { parts: [], modules: [], exercises: [], placements: [], connections: [] },
    pending: [],
    exerciseFiles: new Map(),
  }
  const { errors } = build
  const files = indexModuleFiles(modules, errors)
  const used = new Set<string>()

  for (const part of readParts(parts, errors)) {
    // A part with a bad id is left out, but its modules are still checked (and count as listed).
    const target = part.keep ? build : scratch(errors)
    target.workbook.parts.push(part.row)
    const report = at(errors, part.where)
    for (const moduleId of part.moduleIds) {
      if (used.has(moduleId)) {
        report(`lists module "${moduleId}" again; each module is listed once`)
        continue
      }
      used.add(moduleId)
      const entry = files.get(moduleId)
      if (!entry) {
        const expected = `expected ${moduleId}.yaml`
        report(`lists module "${moduleId}", but no module file has that id (${expected})`)
        continue
      }
      const ordinal = target.workbook.modules.filter((m) => m.partId === part.row.id).length + 1
      readModule(target, entry.file, entry.doc, { partId: part.row.id, ordinal })
    }
  }

  for (const entry of files.values()) {
    if (used.has(entry.id)) continue
    const where = `${entry.file}: module "${entry.id}"`
    errors.push(`${where} is not listed in parts.yaml, so it would fall out of the walk order`)
    readModule(scratch(errors), entry.file, entry.doc, null)
  }

  resolveConnections(build)
  errors.push(...walkOrderErrors(build.workbook))
  return { workbook: build.workbook, errors }
}

/**
 * Checks that every ordinal in the walk order runs 1..n with no gap or repeat: parts, modules
 * within a part, exercises within a module, placements within an exercise, and exercise seq.
 *
 * @example
 * walkOrderErrors(workbook) // [] when the walk order is whole
 */
export function walkOrderErrors(workbook: Workbook): string[] {
  const errors: string[] = []
  const check = (what: string, numbers: number[]) => {
    const problem = sequenceProblem(numbers)
    if (problem) errors.push(`walk order: ${what}: ${problem}`)
  }
  check('parts', workbook.parts.map((p) => p.ordinal))
  for (const [partId, rows] of groupBy(workbook.modules, (m) => m.partId)) {
    check(`modules in part "${partId}"`, rows.map((m) => m.ordinal))
  }
  for (const [moduleId, rows] of groupBy(workbook.exercises, (e) => e.moduleId)) {
    check(`exercises in module "${moduleId}"`, rows.map((e) => e.ordinal))
  }
  for (const [exerciseId, rows] of groupBy(workbook.placements, (p) => p.exerciseId)) {
    check(`placements in exercise "${exerciseId}"`, rows.map((p) => p.ordinal))
  }
  const seq = sequenceProblem(workbook.exercises.map((e) => e.seq))
  if (seq) errors.push(`walk order: exercise seq: ${seq.replace('ordinal', 'seq')}`)
  return errors
}

/**
 * The SQL that makes the database's content match `workbook`: upserts by stable id, then
 * deactivates whatever the seed no longer has, then replaces the connections. Running it twice
 * changes nothing. It never deletes content rows and never touches answers. Each statement is one
 * line with its values inlined (D1's exec splits on newlines; `wrangler d1 execute --file` takes
 * no binds) and is under D1's 100 KB limit.
 *
 * @example
 * await db.batch(workbookStatements(workbook).map((sql) => db.prepare(sql)))
 */
export function workbookStatements(workbook: Workbook): string[] {
  const statements: string[] = []
  for (const p of workbook.parts) {
    statements.push(
      upsert('parts', [
        ['id', p.id],
        ['ordinal', p.ordinal],
        ['title', p.title],
        ['summary', p.summary],
      ]),
    )
  }
  for (const m of workbook.modules) {
    statements.push(
      upsert('modules', [
        ['id', m.id],
        ['part_id', m.partId],
        ['ordinal', m.ordinal],
        ['title', m.title],
        ['summary', m.summary],
      ]),
    )
  }
  for (const e of workbook.exercises) {
    statements.push(
      upsert('exercises', [
        ['id', e.id],
        ['module_id', e.moduleId],
        ['ordinal', e.ordinal],
        ['seq', e.seq],
        ['title', e.title],
      ]),
    )
  }
  for (const p of workbook.placements) {
    statements.push(
      upsert('placements', [
        ['id', p.id],
        ['exercise_id', p.exerciseId],
        ['ordinal', p.ordinal],
        ['kind', p.kind],
        ['config', JSON.stringify(p.config)],
      ]),
    )
  }
  statements.push(
    deactivate('placements', workbook.placements),
    deactivate('exercises', workbook.exercises),
    deactivate('modules', workbook.modules),
    deactivate('parts', workbook.parts),
    'DELETE FROM connections',
  )
  for (const c of workbook.connections) {
    const values = [c.placementId, c.sourcePlacementId, c.use, JSON.stringify(c.params)]
    statements.push(
      'INSERT INTO connections (placement_id, source_placement_id, use, params) ' +
        `VALUES (${values.map(sqlText).join(', ')})`,
    )
  }
  const encoder = new TextEncoder()
  for (const sql of statements) {
    const bytes = encoder.encode(sql).length
    if (bytes >= STATEMENT_BYTES_LIMIT) {
      const start = sql.slice(0, 80)
      throw new Error(`a seed statement is ${bytes} bytes, over D1's 100 KB limit: ${start}…`)
    }
  }
  return statements
}

// ---------------------------------------------------------------------------------------------
// Parts and modules

type ModuleFile = { id: string; file: string; doc: Fields }

/** Module files keyed by their `id`; each file is reported once if it cannot be keyed. */
function indexModuleFiles(modules: { file: string; doc: unknown }[], errors: string[]) {
  const files = new Map<string, ModuleFile>()
  for (const { file: path, doc } of modules) {
    const file = path.slice(path.lastIndexOf('/') + 1)
    const report = at(errors, file)
    if (!isFields(doc)) {
      report('expected a module: a mapping with id, title and exercises')
      continue
    }
    const id = readId(doc, report)
    if (id === undefined) continue
    const other = files.get(id)
    if (other) {
      errors.push(`${file}: module "${id}": this id is already used by ${other.file}`)
      readModule(scratch(errors), file, doc, null)
      continue
    }
    if (file !== `${id}.yaml`) {
      errors.push(`${file}: module "${id}": the file name should match the id (${id}.yaml)`)
    }
    files.set(id, { id, file, doc })
  }
  return files
}

type PartEntry = { row: PartRow; moduleIds: string[]; where: string; keep: boolean }

function readParts(doc: unknown, errors: string[]): PartEntry[] {
  const report = at(errors, 'parts.yaml')
  if (!isFields(doc) || !Array.isArray(doc.parts)) {
    report('expected a "parts" list')
    return []
  }
  checkKeys(doc, ['parts'], report)
  if (doc.parts.length === 0) report('"parts" is empty')
  const out: PartEntry[] = []
  let kept = 0
  const seen = new Map<string, number>()
  doc.parts.forEach((part: unknown, index) => {
    const n = index + 1
    const where = `parts.yaml: ${position('part', part, n)}`
    const report = at(errors, where)
    if (!isFields(part)) {
      report('expected a mapping with id, title and modules')
      return
    }
    checkKeys(part, PART_KEYS, report)
    const id = readId(part, report)
    const title = readText(part, 'title', report, true)
    const summary = readText(part, 'summary', report, false) ?? ''
    const moduleIds = readModuleList(part.modules, report)
    const first = id === undefined ? undefined : seen.get(id)
    if (first !== undefined) report(`this id is already used by part ${first}`)
    const keep = id !== undefined && first === undefined
    if (keep) {
      seen.set(id, n)
      kept++
    }
    const row = { id: id ?? '', ordinal: keep ? kept : 0, title: title ?? '', summary }
    out.push({ row, moduleIds, where, keep })
  })
  return out
}

function readModuleList(value: unknown, report: Report): string[] {
  if (isMissingOrEmpty(value)) {
    report('has no modules')
    return []
  }
  if (!Array.isArray(value)) {
    report('modules must be a list of module ids')
    return []
  }
  const ids: string[] = []
  value.forEach((id: unknown, index) => {
    if (typeof id === 'string' && ID.test(id)) ids.push(id)
    else report(`module ${index + 1}: ${idProblem(id)}`)
  })
  return ids
}

/** Reads one module file. `place` is null for a file outside the walk: checked, not kept. */
function readModule(
  build: Build,
  file: string,
  doc: Fields,
  place: { partId: string; ordinal: number } | null,
) {
  const { errors, workbook } = build
  const id = typeof doc.id === 'string' ? doc.id : ''
  const report = at(errors, `${file}: module "${id}"`)
  checkKeys(doc, MODULE_KEYS, report)
  const title = readText(doc, 'title', report, true)
  const summary = readText(doc, 'summary', report, false) ?? ''
  const exercises = doc.exercises
  if (isMissingOrEmpty(exercises)) {
    report('has no exercises')
  } else if (!Array.isArray(exercises)) {
    report('exercises must be a list')
  }
  if (place) {
    const { partId, ordinal } = place
    workbook.modules.push({ id, partId, ordinal, title: title ?? '', summary })
  }
  if (!Array.isArray(exercises)) return
  exercises.forEach((exercise: unknown, index) => {
    readExercise(build, file, exercise, index + 1, place ? id : null)
  })
}

// ---------------------------------------------------------------------------------------------
// Exercises and blocks

function readExercise(
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
function resolveConnections(build: Build) {
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

// ---------------------------------------------------------------------------------------------
// Small readers

/** A build whose rows are thrown away: for checking content that is not in the walk. */
function scratch(errors: string[]): Build {
  return {
    errors,
    workbook: { parts: [], modules: [], exercises: [], placements: [], connections: [] },
    pending: [],
    exerciseFiles: new Map(),
  }
}

function at(errors: string[], where: string): Report {
  return (message) => errors.push(`${where}: ${message}`)
}

function isMissingOrEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0)
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isPromptKind(value: unknown): value is PromptKind {
  return (PROMPT_KINDS as readonly unknown[]).includes(value)
}

function isToolName(value: unknown): value is ToolName {
  return (TOOL_NAMES as readonly unknown[]).includes(value)
}

function isConnectionUse(value: unknown): value is ConnectionUse {
  return (CONNECTION_USES as readonly unknown[]).includes(value)
}

/** `exercise "skills-audit"` when the item has a string id, else `exercise 3`. */
function position(what: string, item: unknown, n: number): string {
  const named = isFields(item) && typeof item.id === 'string' && item.id !== ''
  return named ? `${what} "${item.id}"` : `${what} ${n}`
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  return JSON.stringify(value) ?? String(value)
}

function idProblem(id: unknown): string {
  if (id === undefined || id === null || id === '') return 'needs an id'
  const shape = 'lower-case words joined by single hyphens, like "transferable-skills"'
  return `id ${show(id)} must be ${shape}`
}

function readId(fields: Fields, report: Report): string | undefined {
  const id = fields.id
  if (typeof id === 'string' && ID.test(id)) return id
  report(idProblem(id))
  return undefined
}

/** A trimmed, non-empty string; undefined (reported when required) when missing or empty. */
function readText(
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

function checkKeys(fields: Fields, allowed: readonly string[], report: Report) {
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) report(`unknown field "${key}"`)
  }
}

function fitsInStatement(config: PlacementConfig, report: Report): boolean {
  const bytes = new TextEncoder().encode(sqlText(JSON.stringify(config))).length
  if (bytes <= CONFIG_BYTES_LIMIT) return true
  report(`this block is too long to load (${Math.ceil(bytes / 1000)} KB; the limit is 60 KB)`)
  return false
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
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
function sequenceProblem(numbers: number[]): string | undefined {
  const sorted = [...numbers].sort((a, b) => a - b)
  for (let i = 0; i < sorted.length; i++) {
    const n = sorted[i] as number
    if (n === i + 1) continue
    return n < i + 1 ? `ordinal ${n} is used more than once` : `ordinal ${i + 1} is missing`
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// SQL

type SqlValue = string | number

/**
 * A SQL string literal: quotes doubled, and control characters (newlines above all) spliced in
 * with char() so the statement stays on one line.
 */
function sqlText(text: string): string {
  const quoted = `'${text.replaceAll("'", "''")}'`
  return quoted.replace(/[\u0000-\u001f]/g, (ch) => `' || char(${ch.charCodeAt(0)}) || '`)
}

function sqlValue(value: SqlValue): string {
  if (typeof value === 'string') return sqlText(value)
  if (!Number.isSafeInteger(value)) throw new Error(`not a whole number: ${value}`)
  return String(value)
}

function upsert(table: string, columns: [string, SqlValue][]): string {
  const names = columns.map(([name]) => name)
  const values = columns.map(([, value]) => sqlValue(value))
  const updates = names.filter((name) => name !== 'id').map((name) => `${name} = excluded.${name}`)
  return (
    `INSERT INTO ${table} (${names.join(', ')}, active) VALUES (${values.join(', ')}, 1) ` +
    `ON CONFLICT(id) DO UPDATE SET ${updates.join(', ')}, active = 1`
  )
}

function deactivate(table: string, rows: { id: string }[]): string {
  const ids = rows.map((row) => sqlText(row.id)).join(', ')
  return `UPDATE ${table} SET active = 0 WHERE active = 1 AND id NOT IN (${ids})`
}
