/// <reference types="vite/client" />
import { beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  answerRow,
  answersTo,
  count,
  emptyDatabase,
  insertAnswer,
  insertUser,
  partRow,
  placementConfig,
  migrate,
  ownRows,
  placementRows,
  runSeed,
} from '../../test/sql'
import {
  DATA_SOURCES,
  buildWorkbook,
  readPlacement,
  walkOrderErrors,
  workbookStatements,
  type Workbook,
} from './index'

const SEED = import.meta.glob<string>('../../seed/content/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** The real content, built from every file in seed/content. */
function buildSeed() {
  const files = Object.entries(SEED).map(([path, text]) => ({
    file: path.slice(path.lastIndexOf('/') + 1),
    doc: parse(text) as unknown,
  }))
  const parts = files.find((f) => f.file === 'parts.yaml')
  return buildWorkbook(
    parts?.doc,
    files.filter((f) => f.file !== 'parts.yaml'),
  )
}

/** Strips the indentation common to every line, so fixtures can sit indented in the test. */
function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').trimEnd().split('\n')
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length)
  const cut = Math.min(...indents)
  return lines.map((l) => l.slice(cut)).join('\n') + '\n'
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces)
  return dedent(text)
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n')
}

const PARTS = dedent(`
  parts:
    - id: roots
      title: Roots
      modules: [skills]
`)

const BLOCKS = dedent(`
  - content: Why this matters.
  - prompt: { id: name, kind: text, label: What do people call you? }
  - content: Well done.
`)

const SECOND = `
  - id: second
    title: Second
    blocks:
      - content: Before.
      - tool: { id: list, tool: list-builder, label: List them., config: { minItems: 3 } }
      - content: Between.
      - prompt: { id: size, kind: textarea, label: How big?, max: 500, optional: true }
      - content: After.
`

/** A module file holding one exercise, "first", with the given blocks. */
function skills(blocks: string = BLOCKS): string {
  return (
    dedent(`
    id: skills
    title: Skills
    exercises:
      - id: first
        title: First
        blocks:
  `) + indent(blocks, 6)
  )
}

function build(parts: string, files: Record<string, string>) {
  const modules = Object.entries(files).map(([file, text]) => ({
    file,
    doc: parse(text) as unknown,
  }))
  return buildWorkbook(parse(parts), modules)
}

/** The errors for the one-exercise fixture with these blocks. */
function blockErrors(blocks: string): string[] {
  return build(PARTS, { 'skills.yaml': skills(blocks) }).errors
}

describe('the real content', () => {
  it('passes every rule and has the whole walk', () => {
    const { workbook, errors } = buildSeed()
    expect(errors).toEqual([])
    expect(workbook.parts.length).toBeGreaterThanOrEqual(3)
    expect(workbook.modules.length).toBeGreaterThanOrEqual(15)
    expect(workbook.exercises.length).toBeGreaterThanOrEqual(60)
    for (const exercise of workbook.exercises) {
      const blocks = workbook.placements.filter((p) => p.exerciseId === exercise.id)
      expect(blocks[0]?.kind, exercise.id).toBe('content')
      expect(blocks[blocks.length - 1]?.kind, exercise.id).toBe('content')
    }
  })

  it('stores configs that read back as typed placements, each checked against its kind', () => {
    const { workbook } = buildSeed()
    for (const p of workbook.placements) {
      const base = { id: p.id, exerciseId: p.exerciseId, ordinal: p.ordinal }
      expect(readPlacement(base, p.kind, JSON.stringify(p.config)), p.id).toEqual(p)
    }
    const base = { id: 'x.y', exerciseId: 'x', ordinal: 1 }
    expect(() => readPlacement(base, 'prompt', '{"prompt":"slider","label":"L"}')).toThrow()
    expect(() =>
      readPlacement(base, 'tool', '{"tool":"budget","label":"L","maxLength":9,"settings":{"x":1}}'),
    ).toThrow()
  })

  it('turns into one-line statements under 100 KB each', () => {
    const statements = workbookStatements(buildSeed().workbook)
    const encoder = new TextEncoder()
    for (const sql of statements) {
      expect(sql).not.toMatch(/[\r\n]/)
      expect(encoder.encode(sql).length).toBeLessThan(100_000)
    }
  })
})

describe('buildWorkbook', () => {
  it('numbers rows from file order with stable placement ids and filled-in defaults', () => {
    const { workbook, errors } = build(PARTS, { 'skills.yaml': skills() + indent(SECOND, 2) })
    expect(errors).toEqual([])
    expect(workbook.parts).toEqual([{ id: 'roots', ordinal: 1, title: 'Roots', summary: '' }])
    expect(workbook.modules).toEqual([
      { id: 'skills', partId: 'roots', ordinal: 1, title: 'Skills', summary: '' },
    ])
    expect(workbook.exercises).toEqual([
      { id: 'first', moduleId: 'skills', ordinal: 1, seq: 1, title: 'First' },
      { id: 'second', moduleId: 'skills', ordinal: 2, seq: 2, title: 'Second' },
    ])
    const placements = workbook.placements.filter((p) => p.exerciseId === 'second')
    expect(placements.map(({ id, ordinal, kind }) => [id, ordinal, kind])).toEqual([
      ['second.c1', 1, 'content'],
      ['second.list', 2, 'tool'],
      ['second.c2', 3, 'content'],
      ['second.size', 4, 'prompt'],
      ['second.c3', 5, 'content'],
    ])
    expect(placements.map((p) => p.config)).toEqual([
      { text: 'Before.' },
      { tool: 'list-builder', label: 'List them.', maxLength: 4000, settings: { minItems: 3 } },
      { text: 'Between.' },
      { prompt: 'textarea', label: 'How big?', optional: true, maxLength: 500 },
      { text: 'After.' },
    ])
    expect(workbook.placements.find((p) => p.id === 'first.name')?.config).toEqual({
      prompt: 'text',
      label: 'What do people call you?',
      maxLength: 200,
    })
  })

  it('rejects an exercise id used in two module files', () => {
    const parts = PARTS.replace('[skills]', '[skills, money]')
    const money = skills().replace('id: skills', 'id: money')
    const { errors } = build(parts, { 'skills.yaml': skills(), 'money.yaml': money })
    expect(errors).toContain(
      'money.yaml: exercise "first": this id is already used by an exercise in skills.yaml',
    )
  })

  it('rejects a prompt id used twice in one exercise', () => {
    const errors = blockErrors(`
      - content: Why.
      - prompt: { id: name, kind: text, label: First name? }
      - prompt: { id: name, kind: text, label: Last name? }
      - content: Done.
    `)
    expect(errors).toContain(
      'skills.yaml: exercise "first", block 3: id "name" is already used by block 2',
    )
  })

  it('rejects an id that is not lower-case words joined by single hyphens', () => {
    const module = skills().replace('id: first', 'id: First_Go')
    const { errors } = build(PARTS, { 'skills.yaml': module })
    expect(errors).toContain(
      'skills.yaml: exercise "First_Go": id "First_Go" must be lower-case words joined by single hyphens, like "transferable-skills"',
    )
  })

  it('rejects a prompt id that would clash with a content block id', () => {
    const errors = blockErrors(BLOCKS.replace('id: name', 'id: c2'))
    expect(errors).toContain(
      'skills.yaml: exercise "first", block 2: id "c2" is reserved for content blocks; choose a word that describes the answer',
    )
  })

  it('rejects a module file that parts.yaml does not list', () => {
    const extra = skills().replace('id: skills', 'id: extra').replace('id: first', 'id: other')
    const { errors } = build(PARTS, { 'skills.yaml': skills(), 'extra.yaml': extra })
    expect(errors).toEqual([
      'extra.yaml: module "extra" is not listed in parts.yaml, so it would fall out of the walk order',
    ])
  })

  it('rejects a module listed in parts.yaml that has no file', () => {
    const parts = PARTS.replace('[skills]', '[skills, money]')
    const { errors } = build(parts, { 'skills.yaml': skills() })
    expect(errors).toEqual([
      'parts.yaml: part "roots": lists module "money", but no module file has that id (expected money.yaml)',
    ])
  })

  it('rejects a module listed twice in parts.yaml', () => {
    const parts = PARTS.replace('[skills]', '[skills, skills]')
    const { errors } = build(parts, { 'skills.yaml': skills() })
    expect(errors).toEqual([
      'parts.yaml: part "roots": lists module "skills" again; each module is listed once',
    ])
  })

  it('rejects a part with no modules', () => {
    const parts = PARTS + '  - { id: trunk, title: Trunk, modules: [] }\n'
    const { errors } = build(parts, { 'skills.yaml': skills() })
    expect(errors).toContain('parts.yaml: part "trunk": has no modules')
  })

  it('rejects a module with no exercises', () => {
    const { errors } = build(PARTS, { 'skills.yaml': 'id: skills\ntitle: Skills\nexercises: []\n' })
    expect(errors).toContain('skills.yaml: module "skills": has no exercises')
  })

  it('rejects a connection to a placement that does not exist', () => {
    const errors = blockErrors(`
      - content: Why.
      - prompt:
          id: name
          kind: text
          label: Name?
          connections: [{ use: mention, from: nowhere.at-all }]
      - content: Done.
    `)
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2, connection 1: "from" names "nowhere.at-all", which is not a prompt or tool in the workbook',
    ])
  })

  it('rejects a connection to a placement later in the walk order', () => {
    const errors = blockErrors(`
      - content: Why.
      - prompt:
          id: name
          kind: text
          label: Name?
          connections: [{ use: mention, from: first.later }]
      - prompt: { id: later, kind: text, label: Later? }
      - content: Done.
    `)
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2, connection 1: "from" names "first.later", which comes later in the walk order; a connection can only bring back an earlier answer',
    ])
  })

  it('rejects a connection to itself, to a content block, or with an unknown use', () => {
    const errors = blockErrors(`
      - content: Why.
      - prompt:
          id: name
          kind: text
          label: Name?
          connections:
            - { use: mention, from: first.name }
            - { use: reference, from: first.c1 }
            - { use: copy, from: first.name }
      - content: Done.
    `)
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2, connection 3: "use" must be prefill, hydrate, reference or mention (found "copy")',
      'skills.yaml: exercise "first", block 2, connection 1: "from" names "first.name", which is this block itself',
      'skills.yaml: exercise "first", block 2, connection 2: "from" names "first.c1", which is a content block; only prompts and tools have answers',
    ])
  })

  it('rejects a radio prompt without at least 2 options', () => {
    const errors = blockErrors(BLOCKS.replace('kind: text', 'kind: radio, options: [Only one]'))
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2: a radio prompt needs at least 2 options',
    ])
  })

  it('rejects checkbox options that repeat or are not text', () => {
    const errors = blockErrors(BLOCKS.replace('kind: text', 'kind: checkboxes, options: [A, 2, A]'))
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2: option 2 must be text; put it in quotes',
      'skills.yaml: exercise "first", block 2: option "A" appears more than once',
    ])
  })

  it('rejects a slider without end labels', () => {
    const errors = blockErrors(BLOCKS.replace('kind: text', 'kind: slider, min: 1, max: 5'))
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2: a slider prompt needs a minLabel',
      'skills.yaml: exercise "first", block 2: a slider prompt needs a maxLabel',
    ])
  })

  it('rejects a slider whose min is not less than its max', () => {
    const slider = 'kind: slider, min: 5, max: 5, minLabel: Low, maxLabel: High'
    const errors = blockErrors(BLOCKS.replace('kind: text', slider))
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2: a slider prompt\'s min (5) must be less than its max (5)',
    ])
  })

  it('rejects an unknown prompt kind', () => {
    const errors = blockErrors(BLOCKS.replace('kind: text', 'kind: essay'))
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2: unknown prompt kind "essay" (expected one of text, textarea, slider, radio, checkboxes, select)',
    ])
  })

  it('rejects options on a prompt kind that does not take them, and a misspelt field', () => {
    const prompt = 'kind: textarea, options: [A, B], optinal: true'
    const errors = blockErrors(BLOCKS.replace('kind: text', prompt))
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2: a textarea prompt does not take "options"',
      'skills.yaml: exercise "first", block 2: unknown field "optinal"',
    ])
  })

  it('rejects an unknown tool', () => {
    const tool = 'tool: { id: map, tool: mind-map,'
    const errors = blockErrors(BLOCKS.replace('prompt: { id: name, kind: text,', tool))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /^skills\.yaml: exercise "first", block 2: unknown tool "mind-map" \(expected one of list-builder, /,
    )
  })

  it('rejects a tool without a label', () => {
    const prompt = 'prompt: { id: name, kind: text, label: What do people call you? }'
    const errors = blockErrors(BLOCKS.replace(prompt, 'tool: { id: list, tool: list-builder }'))
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2: a tool needs a label; its label and hint are the plain-text version',
    ])
  })

  it('validates a tool config against the tool, not passing it through', () => {
    const tool = (config: string) =>
      blockErrors(
        BLOCKS.replace(
          'prompt: { id: name, kind: text, label: What do people call you? }',
          `tool: { id: list, tool: list-builder, label: List them., config: ${config} }`,
        ),
      )
    expect(tool('{ itemLabel: Skill, minItem: 3 }')).toEqual([
      'skills.yaml: exercise "first", block 2: config: unknown field "minItem"',
    ])
    expect(tool('{ minItems: 0.5 }')).toEqual([
      'skills.yaml: exercise "first", block 2: config: minItems must be a whole number from 0 to 100',
    ])
    expect(tool('{ minItems: 9, maxItems: 2 }')).toEqual([
      'skills.yaml: exercise "first", block 2: config: minItems must not be more than maxItems',
    ])
    expect(tool('[3]')).toEqual([
      'skills.yaml: exercise "first", block 2: config must be a mapping of tool settings',
    ])
    const budget = blockErrors(
      BLOCKS.replace(
        'prompt: { id: name, kind: text, label: What do people call you? }',
        'tool: { id: money, tool: budget, label: Costs?, config: { currency: EUR } }',
      ),
    )
    expect(budget).toEqual([
      'skills.yaml: exercise "first", block 2: config: unknown field "currency"',
    ])
  })

  it('starts a ranking from a list earlier in the same exercise by a prefill, never a later one', () => {
    const rank = `
- tool:
    id: rank
    tool: ranking
    label: Order them.
    connections: [{ use: prefill, from: first.list }]`
    const blocks = (...middle: string[]) =>
      ['- content: Why.', ...middle, '- content: Done.'].join('\n')
    const list = '- tool: { id: list, tool: list-builder, label: List them. }'
    expect(blockErrors(blocks(list, rank))).toEqual([])
    expect(blockErrors(blocks(rank, list))).toEqual([
      'skills.yaml: exercise "first", block 2, connection 1: "from" names "first.list", which comes later in the walk order; a connection can only bring back an earlier answer',
    ])
    // The setting that used to do this is gone: the connection is the one way.
    expect(
      blockErrors(
        blocks(
          list,
          '- tool: { id: rank, tool: ranking, label: Order., config: { itemsFrom: list } }',
        ),
      ),
    ).toEqual(['skills.yaml: exercise "first", block 3: config: unknown field "itemsFrom"'])
  })

  it('reports every problem of a slider at once, in the order of its fields', () => {
    const slider = 'kind: slider, label: 3, min: 5, max: 2, minLabel: "", zz: 1'
    const errors = blockErrors(
      BLOCKS.replace('kind: text, label: What do people call you?', slider),
    )
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2: unknown field "zz"',
      'skills.yaml: exercise "first", block 2: label must be text; put it in quotes',
      'skills.yaml: exercise "first", block 2: a slider prompt\'s min (5) must be less than its max (2)',
      'skills.yaml: exercise "first", block 2: minLabel is empty',
      'skills.yaml: exercise "first", block 2: a slider prompt needs a maxLabel',
    ])
  })

  it('gives each connection a registered data source: the one its source block implies, or the one it names', () => {
    const blocks = (source: string) => `
      - content: Why.
      - prompt: { id: name, kind: text, label: Name? }
      - tool: { id: list, tool: list-builder, label: List them. }
      - prompt:
          id: again
          kind: text
          label: Again?
          connections:
            - { use: mention, from: first.name${source} }
            - { use: reference, from: first.list, filter: latest }
      - content: Done.
    `
    const ok = build(PARTS, { 'skills.yaml': skills(blocks('')) })
    expect(ok.errors).toEqual([])
    expect(ok.workbook.connections).toEqual([
      {
        placementId: 'first.again',
        sourcePlacementId: 'first.name',
        source: 'answer',
        use: 'mention',
        params: {},
      },
      {
        placementId: 'first.again',
        sourcePlacementId: 'first.list',
        source: 'list',
        use: 'reference',
        params: { filter: 'latest' },
      },
    ])
    expect(blockErrors(blocks(', source: sparkles'))).toEqual([
      `skills.yaml: exercise "first", block 4, connection 1: "source" must be a registered data source (one of ${DATA_SOURCES.join(', ')}; found "sparkles")`,
    ])
    expect(blockErrors(blocks(', source: skills'))).toEqual([
      'skills.yaml: exercise "first", block 4, connection 1: "from" names "first.name": the "skills" source reads the skills named there, each with its latest mastery, not a prompt',
    ])
  })

  it('registers at least fifteen data sources, each reading some block by default or by name', () => {
    expect(DATA_SOURCES.length).toBeGreaterThanOrEqual(15)
  })

  it('refuses a filter that is not one, or that does not fit its source', () => {
    const errors = blockErrors(`
      - content: Why.
      - tool: { id: flow, tool: flow-log, label: Log it. }
      - tool: { id: list, tool: list-builder, label: List them. }
      - prompt:
          id: again
          kind: textarea
          label: Again?
          connections:
            - { use: mention, from: first.flow, filter: high-flow }
            - { use: mention, from: first.list, filter: top 3 by mastery }
            - { use: reference, from: first.flow, filter: top 0 by rank }
            - { use: hydrate, from: first.list, filter: story 21 }
      - content: Done.
    `)
    const found = (n: number) => `skills.yaml: exercise "first", block 4, connection ${n}: `
    const grammar =
      '"filter" must be one of: all, top N by mastery/rank/rating/score, story N, high-flow, category transferable/self-management/knowledge, latest (N from 1 to 20)'
    expect(errors).toEqual([
      `${found(3)}${grammar}; found "top 0 by rank"`,
      `${found(4)}${grammar}; found "story 21"`,
      `${found(2)}"from" names "first.list": the "list" source takes the filters all, latest; "top 3 by mastery" does not fit it`,
    ])
  })

  it('refuses a use that does not fit its block: prefill needs a tool, hydrate a text prompt', () => {
    const errors = blockErrors(`
      - content: Why.
      - tool: { id: list, tool: list-builder, label: List them. }
      - prompt:
          id: pick
          kind: radio
          label: Pick one.
          options: [A, B]
          connections:
            - { use: prefill, from: first.list }
            - { use: hydrate, from: first.list }
      - tool:
          id: rank
          tool: ranking
          label: Order them.
          connections:
            - { use: hydrate, from: first.list }
            - { use: prefill, from: first.list, as: items }
      - content: Done.
    `)
    const at = (block: number, n: number) =>
      `skills.yaml: exercise "first", block ${block}, connection ${n}: `
    expect(errors).toEqual([
      `${at(3, 1)}prefill starts a tool with earlier items; this block is a prompt, so use hydrate (a text or textarea prompt), reference or mention`,
      `${at(3, 2)}hydrate starts a text or textarea prompt with earlier words; this block is a radio prompt`,
      `${at(4, 1)}hydrate starts a text or textarea prompt with earlier words; this block is a tool, so use prefill`,
      `${at(4, 2)}"as" is only for mentions in content blocks, whose text uses it as a {{token}}`,
    ])
  })

  it('reads mentions in content text as tokens, each backed by a connection with a fallback', () => {
    const blocks = (text: string, connections: string) => `
      - content: Why.
      - tool: { id: list, tool: list-builder, label: List them. }
      - content: ${JSON.stringify(text)}
        connections:
${indent(dedent(connections), 10)}
      - prompt: { id: name, kind: text, label: Name? }
      - content: Done.
    `
    const good = build(PARTS, {
      'skills.yaml': skills(
        blocks(
          'You named {{items}}.',
          '- { use: mention, from: first.list, as: items, fallback: a few things }',
        ),
      ),
    })
    expect(good.errors).toEqual([])
    expect(good.workbook.connections).toEqual([
      {
        placementId: 'first.c2',
        sourcePlacementId: 'first.list',
        source: 'list',
        use: 'mention',
        params: { as: 'items', fallback: 'a few things' },
      },
    ])
    const at = 'skills.yaml: exercise "first", block 3'
    expect(
      blockErrors(
        blocks(
          'You named {{items}}, {{others}} and {{ Broken }.',
          `
          - { use: mention, from: first.list, as: items }
          - { use: reference, from: first.list, as: spare, fallback: x }
          - { use: mention, from: first.name, as: later, fallback: y }`,
        ),
      ),
    ).toEqual([
      `${at}, connection 1: a mention in a content block needs "fallback": the words shown when there is nothing to quote`,
      `${at}, connection 2: a content block can only mention earlier answers, with use: mention (found reference)`,
      `${at}: has "{{ Broken }", which is not a mention token; write tokens like {{skills}}`,
      `${at}: uses {{items}}, but no connection of this block has "as: items"`,
      `${at}: uses {{others}}, but no connection of this block has "as: others"`,
      `${at}: has a mention "as: later" that its text never uses as {{later}}`,
      `${at}, connection 3: "from" names "first.name", which comes later in the walk order; a connection can only bring back an earlier answer`,
    ])
  })

  it('rejects a text max over 10000 characters', () => {
    const errors = blockErrors(BLOCKS.replace('kind: text', 'kind: text, max: 20000'))
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 2: max must be a whole number of characters from 1 to 10000 (found 20000)',
    ])
  })

  it('rejects an exercise with no prompt or tool', () => {
    const errors = blockErrors('- content: Why.\n- content: Done.\n')
    expect(errors).toEqual([
      'skills.yaml: exercise "first": has no prompt or tool; every exercise asks the learner something',
    ])
  })

  it('rejects an exercise that does not begin with a content block', () => {
    const errors = blockErrors(BLOCKS.replace('- content: Why this matters.\n', ''))
    expect(errors).toEqual(['skills.yaml: exercise "first": must begin with a content block'])
  })

  it('rejects an exercise that does not end with a content block', () => {
    const errors = blockErrors(BLOCKS.replace('- content: Well done.\n', ''))
    expect(errors).toEqual(['skills.yaml: exercise "first": must end with a content block'])
  })

  it('rejects a block that is both content and a prompt, and empty content', () => {
    const errors = blockErrors(`
      - content: Why.
        prompt: { id: name, kind: text, label: Name? }
      - content: "  "
      - prompt: { id: age, kind: text, label: Age? }
      - content: Done.
    `)
    expect(errors).toEqual([
      'skills.yaml: exercise "first", block 1: a block needs exactly one of content, prompt or tool',
      'skills.yaml: exercise "first", block 2: content is empty',
    ])
  })

  it('rejects empty titles for parts, modules and exercises', () => {
    const parts = PARTS.replace('title: Roots', 'title: ""')
    const module = skills().replace('title: Skills', 'title:').replace('title: First', 'title: 42')
    const { errors } = build(parts, { 'skills.yaml': module })
    expect(errors).toEqual([
      'parts.yaml: part "roots": title is empty',
      'skills.yaml: module "skills": needs a title',
      'skills.yaml: exercise "first": title must be text; put it in quotes',
    ])
  })

  it('reports input of the wrong shape without throwing', () => {
    const { errors } = buildWorkbook('not a mapping', [
      { file: 'a.yaml', doc: null },
      { file: 'b.yaml', doc: { id: 'b', exercises: [null, { id: 'x', blocks: 'text' }] } },
    ])
    expect(errors).toEqual([
      'a.yaml: expected a module: a mapping with id, title and exercises',
      'parts.yaml: expected a "parts" list',
      'b.yaml: module "b" is not listed in parts.yaml, so it would fall out of the walk order',
      'b.yaml: module "b": needs a title',
      'b.yaml: exercise 1: expected a mapping with id, title and blocks',
      'b.yaml: exercise "x": needs a title',
      'b.yaml: exercise "x": blocks must be a list',
    ])
  })
})

describe('walkOrderErrors', () => {
  const valid = () => {
    const { workbook, errors } = build(PARTS, { 'skills.yaml': skills() + indent(SECOND, 2) })
    expect(errors).toEqual([])
    return workbook
  }

  it('accepts the rows buildWorkbook makes', () => {
    expect(walkOrderErrors(valid())).toEqual([])
  })

  it('catches a gap in the placement ordinals of an exercise', () => {
    const workbook = valid()
    const last = workbook.placements.find((p) => p.id === 'first.c2')!
    last.ordinal = 4
    expect(walkOrderErrors(workbook)).toEqual([
      'walk order: placements in exercise "first": ordinal 3 is missing',
    ])
  })

  it('catches a gap and a repeat in exercise seq', () => {
    const workbook = valid()
    const second = workbook.exercises.find((e) => e.id === 'second')!
    second.seq = 3
    expect(walkOrderErrors(workbook)).toEqual(['walk order: exercise seq: seq 2 is missing'])
    second.seq = 1
    expect(walkOrderErrors(workbook)).toEqual([
      'walk order: exercise seq: seq 1 is used more than once',
    ])
  })
})

describe('workbookStatements in D1', () => {
  beforeEach(async () => {
    await emptyDatabase()
    await migrate()
  })

  const load = (workbook: Workbook) => runSeed(workbookStatements(workbook))
  const config = placementConfig

  it('loads the real content twice with the same rows', async () => {
    const { workbook } = buildSeed()
    await load(workbook)
    await load(workbook)
    // Beside the workbook, the learner's own tools: outside the walk, their placements active.
    const notOwn = "id <> 'own'"
    expect(await count('parts', notOwn)).toBe(workbook.parts.length)
    expect(await count('modules', notOwn)).toBe(workbook.modules.length)
    expect(await count('exercises', notOwn)).toBe(workbook.exercises.length)
    expect(await count('placements', "exercise_id <> 'own'")).toBe(workbook.placements.length)
    expect(await ownRows()).toEqual({
      placements: [
        ['own.list', 1],
        ['own.stories', 1],
        ['own.flow', 1],
      ],
      exerciseActive: 0,
    })
    expect(await count('connections')).toBe(workbook.connections.length)
    expect(await count('placements', 'active = 0')).toBe(0)
    const id = 'transferable-skills.skill-list'
    const stored = await config(id)
    expect(stored).toEqual(workbook.placements.find((p) => p.id === id)?.config)
    expect(stored).toMatchObject({ tool: 'skill-tagger', settings: { category: 'transferable' } })
  })

  it('stores quotes and line breaks exactly', async () => {
    const text = "It's yours.\n\n- a 'quoted' bullet\n- another"
    const blocks = BLOCKS.replace('content: Why this matters.', `content: ${JSON.stringify(text)}`)
    const summary = 'title: Learner\'s roots\n    summary: "One line.\\nAnother."'
    const parts = PARTS.replace('title: Roots', summary)
    const { workbook, errors } = build(parts, { 'skills.yaml': skills(blocks) })
    expect(errors).toEqual([])
    const statements = workbookStatements(workbook)
    expect(statements.filter((sql) => /[\r\n]/.test(sql))).toEqual([])
    await load(workbook)
    const part = await partRow('roots')
    expect(part).toEqual({ title: "Learner's roots", summary: 'One line.\nAnother.' })
    expect(await config('first.c1')).toEqual({ text })
  })

  it('deactivates a removed prompt, keeps its answer and updates changed words', async () => {
    const v1 = `
      - content: Why this matters.
      - prompt: { id: name, kind: text, label: What do people call you? }
      - prompt:
          id: extra
          kind: textarea
          label: Anything else?
          connections: [{ use: mention, from: first.name }]
      - content: Well done.
    `
    const first = build(PARTS, { 'skills.yaml': skills(v1) })
    expect(first.errors).toEqual([])
    await load(first.workbook)
    expect(await count('connections')).toBe(1)

    await insertUser('u1')
    await insertAnswer('u1', 'first.extra', 3)
    const stored = await answerRow('u1', 'first.extra')

    const v2 = skills().replace('Why this matters.', 'Why this matters now.')
    const second = build(PARTS, { 'skills.yaml': v2 })
    expect(second.errors).toEqual([])
    await load(second.workbook)

    expect(await placementRows()).toEqual([
      ['first.c1', 1, 1],
      ['first.c2', 3, 1],
      ['first.extra', 3, 0],
      ['first.name', 2, 1],
    ])
    expect(await config('first.c1')).toEqual({ text: 'Why this matters now.' })
    expect(await count('connections')).toBe(0)
    expect(stored).toMatchObject({ body_ct: 'secret', version: 3 })
    expect(await answersTo('first.extra')).toEqual([
      {
        user_id: 'u1',
        placement_id: 'first.extra',
        body_ct: 'secret',
        version: 3,
        created_at: stored!.created_at,
        updated_at: stored!.updated_at,
        submission_id: null,
        complete: 1,
      },
    ])
  })
})
