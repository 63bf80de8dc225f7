/**
 * Helpers for the tools' route tests: reaching a tool in the fixture workbook, reading its form's
 * hidden fields, and posting to one of its actions.
 */
import { dom, one, type HTMLElement } from './html'
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
