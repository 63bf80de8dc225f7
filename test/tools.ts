/**
 * Helpers for the tools' route tests: reaching a tool in the fixture workbook, reading its form's
 * hidden fields, and posting to one of its actions.
 */
import { env } from 'cloudflare:test'
import { expect } from 'vitest'
import { all, dom, one, type HTMLElement } from './html'
import { answerRow, failingAt, revisions, toolRows, type ToolTable } from './sql'
import { get, postForm, userIdFor, type RequestOptions } from './helpers'
import { finishExerciseOne, HTMX, learner } from './workbook-fixture'

/** The fixture's list builder: the last question of exercise two. */
export const LIST = { exercise: 'ex-two', placement: 'ex-two.list', block: '#b-list' }

/** A learner who has reached the list builder in exercise two, with their user id. */
export async function learnerAtList() {
  const who = await learner()
  const { token } = who
  await finishExerciseOne(token)
  await postForm(
    '/workbook/ex-two/answers/ex-two.many',
    { answer: 'Maps', version: '0' },
    { token },
  )
  await postForm('/workbook/ex-two/answers/ex-two.scale', { answer: '3', version: '0' }, { token })
  await postForm('/workbook/ex-two/answers/ex-two.choice', { answer: '', version: '0' }, { token })
  const userId = (await userIdFor(who.email))!
  return { ...who, userId }
}

/** A tool's block on its exercise page (or at a URL that shows it), as the learner sees it. */
export async function toolBlock(token: string, path: string, block: string): Promise<HTMLElement> {
  return one(dom(await (await get(path, { token })).text()), block)
}

/** The hidden fields of a tool's form: what a post from that page carries. */
export function formFields(block: HTMLElement): { version: string; submission: string } {
  const field = (name: string) => one(block, `input[name="${name}"]`).getAttribute('value') ?? ''
  return { version: field('version'), submission: field('submission') }
}

/** Posts to one action of a tool, as its button does (the item id rides in the URL). */
export function postAction(
  tool: { exercise: string; placement: string },
  action: string,
  fields: Record<string, string> | [string, string][],
  opts: { token: string; item?: string; htmx?: boolean; env?: RequestOptions['env'] },
) {
  const query = opts.item ? `?item=${encodeURIComponent(opts.item)}` : ''
  return postForm(`/workbook/${tool.exercise}/tools/${tool.placement}/${action}${query}`, fields, {
    token: opts.token,
    headers: opts.htmx ? HTMX : undefined,
    env: opts.env,
  })
}

/**
 * Fails the save's batch (batch 2: after the session and the reads) at each of its `statements`
 * in turn, and expects each time the 503 page holding what was posted (its version and
 * submission among it), with nothing changed: the tool's rows in `tables`, the answer's
 * revisions and the answer. Then checks the batch has no more statements than that (a
 * failure just past its end fails nothing), and returns that last, successful response.
 * @example await expectAtomicSave((env) => postAction(LIST, 'add', fields, { token, env }), { userId, placement: LIST.placement, tables: ['list_items'] }, 8)
 */
export async function expectAtomicSave(
  post: (env: RequestOptions['env']) => Promise<Response>,
  who: { userId: string; placement: string; tables: ToolTable[] },
  statements: number,
): Promise<Response> {
  const snapshot = async () => ({
    rows: await Promise.all(who.tables.map((t) => toolRows(t, who.userId, who.placement))),
    revisions: await revisions(who.userId, who.placement),
    answer: await answerRow(who.userId, who.placement),
  })
  const before = await snapshot()
  for (let statement = 0; statement < statements; statement++) {
    const res = await post({ ...env, DB: failingAt(env.DB, { batch: 2, statement }) })
    expect(res.status, `statement ${statement}`).toBe(503)
    const held = one(dom(await res.text()), '#not-saved form')
    const carried = all(held, 'input[type="hidden"]').map((i) => i.getAttribute('name'))
    expect(carried, `statement ${statement}`).toEqual(
      expect.arrayContaining(['version', 'submission']),
    )
    expect(await snapshot(), `statement ${statement}`).toEqual(before)
  }
  const last = await post({ ...env, DB: failingAt(env.DB, { batch: 2, statement: statements }) })
  expect(last.status, `the batch has more than ${statements} statements`).not.toBe(503)
  return last
}
