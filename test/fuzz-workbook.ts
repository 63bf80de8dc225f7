/**
 * The fuzz's workbook: the small fixture workbook (test/workbook-fixture.ts), then one more
 * exercise holding every built tool, with the real reference data, so that every form route has
 * real ids to be fuzzed with. The tools exercise comes last, so a new learner stands at the
 * fixture's first exercise and meets "not reached yet" there; `reachTools` moves a learner on.
 */
import { parse } from 'yaml'
import { buildWorkbook, referenceStatements, workbookStatements } from '../src/content'
import { TOOL_MODULES, type BuiltTool } from '../src/tools/registry'
import { answeredBefore, runSeed } from './sql'
import { realReference } from './tool-fixture'
import { fixtureSources } from './workbook-fixture'

/** The exercise that holds one of each built tool. */
export const TOOLS_EXERCISE = 'fz-tools'

/** Each built tool's local id in the tools exercise, in walk order. */
export const TOOL_BLOCKS: Record<BuiltTool, string> = {
  'list-builder': 'values',
  ranking: 'rank',
  'skill-tagger': 'tags',
  'skill-mastery': 'mastery',
  'soared-story': 'story',
  'competency-rating': 'ratings',
  'personality-type': 'lens',
  budget: 'money',
  reframe: 'setback',
  'decision-matrix': 'matrix',
  'idea-tree': 'tree',
  timeline: 'line',
  'flow-log': 'log',
  'life-balance': 'balance',
  'mindset-profiles': 'people',
}

const CONFIG: Partial<Record<BuiltTool, string>> = {
  'list-builder': '{ itemLabel: Value, minItems: 1, maxItems: 5 }',
  ranking: '{ itemLabel: Value, count: 3 }',
  'skill-tagger': '{ maxSkills: 4 }',
  'soared-story': '{ maxStories: 2 }',
  'decision-matrix': '{ maxOptions: 3 }',
  'idea-tree': '{ depth: 2 }',
  'flow-log': '{ minEntries: 1 }',
}

const block = (tool: BuiltTool) => {
  const id = TOOL_BLOCKS[tool]
  const lines = [
    `      - tool:`,
    `          id: ${id}`,
    `          tool: ${tool}`,
    `          label: Try the ${tool} here.`,
    `          config: ${CONFIG[tool] ?? '{}'}`,
  ]
  if (tool === 'ranking') {
    lines.push(`          connections: [{ use: prefill, from: ${TOOLS_EXERCISE}.values }]`)
  }
  return lines.join('\n')
}

const TOOLS_PART = `
id: fz
title: Every tool
summary: One of each built tool.
modules: [fz-module]
`

const TOOLS_MODULE = () => `
id: fz-module
title: Every tool
summary: One of each built tool, for the fuzz.
exercises:
  - id: ${TOOLS_EXERCISE}
    title: Every tool at once
    blocks:
      - content: Every tool follows.
${(Object.keys(TOOL_BLOCKS) as BuiltTool[]).map(block).join('\n')}
      - content: That is every tool.
`

/** The full id of a built tool's placement in the tools exercise. */
export const toolPlacement = (tool: BuiltTool) => `${TOOLS_EXERCISE}.${TOOL_BLOCKS[tool]}`

/** Loads the fuzz's workbook and the real reference data (idempotent); returns the workbook. */
export async function loadFuzzWorkbook() {
  const fixture = fixtureSources()
  const parts = { parts: [...fixture.parts.parts, parse(TOOLS_PART)] }
  const { workbook, errors } = buildWorkbook(parts, [
    ...fixture.modules,
    { file: 'fz-module.yaml', doc: parse(TOOLS_MODULE()) },
  ])
  if (errors.length) throw new Error(errors.join('\n'))
  if (Object.keys(TOOL_BLOCKS).length !== Object.keys(TOOL_MODULES).length) {
    throw new Error('The fuzz workbook must hold every built tool')
  }
  await runSeed([...referenceStatements(realReference()), ...workbookStatements(workbook)])
  return workbook
}

/**
 * Marks every placement before the tools exercise as answered (with stand-in text the app reads
 * as unreadable), so the learner has reached every tool.
 */
export async function reachTools(userId: string) {
  await answeredBefore(userId, toolPlacement('list-builder'))
}
