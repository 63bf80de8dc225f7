/** Builds the workbook rows from parsed YAML: parts, modules, and the walk order checks. */
import { OWN } from './own.ts'
import type { PartRow, Workbook } from './model.ts'
import {
  ID,
  MODULE_KEYS,
  PART_KEYS,
  at,
  checkKeys,
  groupBy,
  idProblem,
  isFields,
  isMissingOrEmpty,
  position,
  readId,
  readText,
  scratch,
  sequenceProblem,
} from './fields.ts'
import type { Build, Fields, Report } from './fields.ts'
import { readExercise } from './blocks.ts'
import { resolveConnections } from './connection-checks.ts'

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
  const { parts: ps, modules: ms, exercises: es } = build.workbook
  for (const [what, rows] of [
    ['part', ps],
    ['module', ms],
    ['exercise', es],
  ] as const) {
    if (rows.some((r) => r.id === OWN)) {
      errors.push(`the ${what} id "${OWN}" is kept for the learner's own tools; choose another`)
    }
  }
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
  check(
    'parts',
    workbook.parts.map((p) => p.ordinal),
  )
  for (const [partId, rows] of groupBy(workbook.modules, (m) => m.partId)) {
    check(
      `modules in part "${partId}"`,
      rows.map((m) => m.ordinal),
    )
  }
  for (const [moduleId, rows] of groupBy(workbook.exercises, (e) => e.moduleId)) {
    check(
      `exercises in module "${moduleId}"`,
      rows.map((e) => e.ordinal),
    )
  }
  for (const [exerciseId, rows] of groupBy(workbook.placements, (p) => p.exerciseId)) {
    check(
      `placements in exercise "${exerciseId}"`,
      rows.map((p) => p.ordinal),
    )
  }
  const seq = sequenceProblem(workbook.exercises.map((e) => e.seq))
  if (seq) errors.push(`walk order: exercise seq: ${seq.replace('ordinal', 'seq')}`)
  return errors
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
