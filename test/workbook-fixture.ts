/**
 * A small workbook for route tests: two parts, three modules, four exercises, and every prompt
 * kind. Loaded into the test D1 through the same statements `npm run seed:load` uses.
 */
import { parse } from 'yaml'
import { buildWorkbook, workbookStatements } from '../src/content'
import { postForm, signUp, strongPassword, uniqueEmail, uniqueIp } from './helpers'
import { runSeed } from './sql'

const PARTS = `
parts:
  - id: alpha
    title: Alpha
    summary: The first part.
    modules: [m-one, m-two]
  - id: beta
    title: Beta
    summary: The second part.
    modules: [m-three]
`

const M_ONE = `
id: m-one
title: Module one
summary: Where it starts.
exercises:
  - id: ex-one
    title: Exercise one
    blocks:
      - content: Welcome to the first exercise.
      - prompt:
          id: first
          kind: textarea
          label: What did you enjoy last week?
          max: 50
      - content: A bridge between questions.
      - prompt:
          id: pick
          kind: radio
          label: Which season suits you?
          options: [Spring, Autumn]
      - content: Well done on exercise one.
  - id: ex-two
    title: Exercise two
    blocks:
      - content: Now a few different kinds of question.
      - prompt:
          id: many
          kind: checkboxes
          label: Which of these apply?
          options: [Maps, Music, Numbers]
      - prompt:
          id: scale
          kind: slider
          label: How much energy do you have?
          min: 1
          max: 5
          minLabel: Very little
          maxLabel: Plenty
      - prompt:
          id: choice
          kind: select
          label: Pick a colour
          optional: true
          options: [Green, Blue]
      - tool:
          id: list
          tool: list-builder
          label: List a few skills.
          hint: One per line.
          config: { itemLabel: Skill }
      - content: That is exercise two done.
`

const M_TWO = `
id: m-two
title: Module two
summary: A second module.
exercises:
  - id: ex-three
    title: Exercise three
    blocks:
      - content: A new module begins.
      - prompt:
          id: line
          kind: text
          label: One line about today.
      - content: Closing thought.
`

const M_THREE = `
id: m-three
title: Module three
summary: In the second part.
exercises:
  - id: ex-four
    title: Exercise four
    blocks:
      - content: The last part.
      - prompt:
          id: last
          kind: textarea
          label: Anything else?
      - content: The end.
`

/** The fixture's parts and modules, parsed, for a workbook that builds on it (the fuzz's). */
export function fixtureSources() {
  return {
    parts: parse(PARTS) as { parts: unknown[] },
    modules: [
      { file: 'm-one.yaml', doc: parse(M_ONE) as unknown },
      { file: 'm-two.yaml', doc: parse(M_TWO) as unknown },
      { file: 'm-three.yaml', doc: parse(M_THREE) as unknown },
    ],
  }
}

/** Loads the fixture workbook into the test database (idempotent). */
export async function loadFixtureWorkbook() {
  const { parts, modules } = fixtureSources()
  const { workbook, errors } = buildWorkbook(parts, modules)
  if (errors.length) throw new Error(errors.join('\n'))
  await runSeed(workbookStatements(workbook))
  return workbook
}

/** The first question of the fixture's first exercise, and the URL its answers post to. */
export const ANSWER = '/workbook/ex-one/answers/ex-one.first'

/** The header that makes a request an htmx one. */
export const HTMX = { 'HX-Request': 'true' }

/** A new learner, signed up from an address of their own. */
export async function learner() {
  const email = uniqueEmail('wb')
  const password = strongPassword()
  const ip = uniqueIp()
  const { token } = await signUp(email, password, ip)
  return { email, password, ip, token }
}

/** Answers both questions of exercise one, which opens exercise two. */
export async function finishExerciseOne(token: string) {
  await postForm(ANSWER, { answer: 'One', version: '0' }, { token })
  await postForm(
    '/workbook/ex-one/answers/ex-one.pick',
    { answer: 'Autumn', version: '0' },
    { token },
  )
}
