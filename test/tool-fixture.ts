/**
 * A one-exercise workbook for a tool's route tests: the blocks a test gives, in an exercise of
 * their own, with the real reference data loaded (skills, competencies, personality types).
 * Each test file has its own database, so each tool's tests load their own workbook.
 */
import { parse } from 'yaml'
import {
  buildReference,
  buildWorkbook,
  referenceStatements,
  workbookStatements,
} from '../src/content'
import { userIdFor } from './helpers'
import { runSeed } from './sql'
import { learner } from './workbook-fixture'

const FILES = import.meta.glob<string>('../seed/reference/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
})
const reference = (name: string) => parse(FILES[`../seed/reference/${name}.yaml`]!) as unknown

/** The real reference data, as the seed loads it. */
export function realReference() {
  const built = buildReference({
    skills: reference('skills'),
    competencies: reference('competencies'),
    personality: reference('personality-types'),
  })
  if (built.errors.length) throw new Error(built.errors.join('\n'))
  return built.reference
}

/**
 * Loads a workbook whose only exercise, `tools`, holds `blocks` (YAML, indented as block items),
 * followed by a closing content block. Returns the exercise id.
 * @example await loadToolWorkbook(`
 *       - tool:
 *           id: rank
 *           tool: ranking
 *           label: Put these in order.`)
 */
export async function loadToolWorkbook(blocks: string): Promise<string> {
  const parts = parse(`
parts:
  - id: p
    title: Tools
    summary: A part for tools.
    modules: [m]
`)
  const module = parse(`
id: m
title: Tools
summary: A module for tools.
exercises:
  - id: tools
    title: Trying a tool
    blocks:
      - content: A tool follows.
${blocks}
      - content: That is the end.
`)
  const { workbook, errors } = buildWorkbook(parts, [{ file: 'm.yaml', doc: module }])
  if (errors.length) throw new Error(errors.join('\n'))
  await runSeed([...referenceStatements(realReference()), ...workbookStatements(workbook)])
  return 'tools'
}

/** A new learner with their user id, who is at the tool workbook's exercise. */
export async function toolLearner() {
  const who = await learner()
  return { ...who, userId: (await userIdFor(who.email))! }
}
