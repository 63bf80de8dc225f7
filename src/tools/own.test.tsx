import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { buildWorkbook, OWN_TOOLS } from '../content'
import { toolConfigSchema } from '../content/tools'
import { all, dom, one, text } from '../../test/html'
import { get, postForm } from '../../test/helpers'
import { toolRows } from '../../test/sql'
import { loadToolWorkbook, toolLearner } from '../../test/tool-fixture'
import { formFields, toolBlock } from '../../test/tools'
import { HTMX } from '../../test/workbook-fixture'

beforeAll(async () => {
  await loadToolWorkbook(`
      - prompt:
          id: first
          kind: text
          label: A first question.`)
})

const OWN_LIST = '/tools/list-builder/own'
const block = (token: string) => toolBlock(token, OWN_LIST, '#b-list')
const items = async (token: string) =>
  all(await block(token), 'input[name^="text-"]').map((i) => i.getAttribute('value'))
const add = async (token: string, item: string, htmx = false) =>
  postForm(
    `${OWN_LIST}/add`,
    { ...formFields(await block(token)), new: item },
    {
      token,
      headers: htmx ? HTMX : undefined,
    },
  )

describe('the own tools’ content', () => {
  it('has valid tool configs, and keeps the id `own` out of the seed', () => {
    for (const t of Object.values(OWN_TOOLS)) {
      expect(toolConfigSchema.safeParse(t.config).success, t.id).toBe(true)
    }
    const parts = parse('parts: [{ id: p, title: P, summary: S, modules: [m] }]')
    const module = parse(`
id: m
title: M
summary: S
exercises:
  - id: own
    title: Mine
    blocks:
      - content: Hello.
      - prompt: { id: q, kind: text, label: Q. }
      - content: Bye.
`)
    const { errors } = buildWorkbook(parts, [{ file: 'm.yaml', doc: module }])
    expect(errors.join('\n')).toMatch(/the exercise id "own" is kept for the learner's own tools/)
  })
})

describe('the learner’s own tools, outside the workbook', () => {
  it('keeps a list of the learner’s own, by plain posts, with typed rows', async () => {
    const { token, userId } = await toolLearner()
    const page = dom(await (await get(OWN_LIST, { token })).text())
    expect(text(one(page, 'h1'))).toBe('Your own list')
    expect(one(page, '#b-list form').getAttribute('action')).toBe(`${OWN_LIST}/save`)
    const res = await add(token, 'Ask Sam about night classes')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${OWN_LIST}#list-new`)
    await add(token, 'Look up the library’s job club')
    expect(await items(token)).toEqual([
      'Ask Sam about night classes',
      'Look up the library’s job club',
    ])
    expect((await toolRows('list_items', userId, 'own.list')).map((r) => r.position)).toEqual([
      1, 2,
    ])
  })

  it('answers htmx with the tool’s block, and a problem with a 422 and the words kept', async () => {
    const { token } = await toolLearner()
    const res = await add(token, 'Call the careers service', true)
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    expect(root.querySelector('h1')).toBeNull()
    expect(text(one(root, '#dt-status'))).toBe(
      'Added “Call the careers service”. Your list has 1 item.',
    )
    const bad = await postForm(
      `${OWN_LIST}/add`,
      { ...formFields(await block(token)), new: 'x'.repeat(400) },
      { token },
    )
    expect(bad.status).toBe(422)
    const html = await bad.text()
    const summary = one(dom(html), '.dt-error-summary')
    expect(dom(html).querySelector(one(summary, 'a').getAttribute('href')!)).not.toBeNull()
    expect(html).toContain(`value="${'x'.repeat(400)}"`)
  })

  it('finishes to the tool’s page, where the entry shows as made outside the workbook', async () => {
    const { token } = await toolLearner()
    await add(token, 'Ask Sam about night classes')
    const done = await postForm(`${OWN_LIST}/done`, formFields(await block(token)), { token })
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe('/tools/list-builder')
    const page = dom(await (await get('/tools/list-builder', { token })).text())
    const entry = one(page, '.dt-tool-entry')
    expect(text(entry)).toContain('Made outside the workbook.')
    expect(one(entry, 'h2 a').getAttribute('href')).toBe(OWN_LIST)
    expect(text(entry)).toContain('Ask Sam about night classes')
    expect(all(page, 'a').map(text)).toContain('Keep a list of your own')
    // Reopened, it can be changed, with a way back.
    expect(text(await block(token))).toContain('Back without saving the fields above')
  })

  it('keeps a stale second tab from touching the list', async () => {
    const { token, userId } = await toolLearner()
    await add(token, 'One')
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    expect((await postForm(`${OWN_LIST}/add`, { ...tabA, new: 'From A' }, { token })).status).toBe(
      303,
    )
    const before = await toolRows('list_items', userId, 'own.list')
    const stale = await postForm(`${OWN_LIST}/add`, { ...tabB, new: 'From B' }, { token })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('value="From B"')
    expect(await toolRows('list_items', userId, 'own.list')).toEqual(before)
  })

  it('writes SOARED stories of the learner’s own', async () => {
    const { token, userId } = await toolLearner()
    const path = '/tools/soared-story/own'
    const tool = await toolBlock(token, path, '#b-stories')
    const res = await postForm(
      `${path}/save`,
      { ...formFields(tool), title: 'The night shift', type: 'challenge', situation: 'A storm.' },
      { token },
    )
    expect(res.status).toBe(303)
    const rows = await toolRows('stories', userId, 'own.stories')
    expect(rows.map((r) => r.story_type)).toEqual(['challenge'])
    expect((await toolBlock(token, path, '#b-stories')).toString()).toContain(
      'value="The night shift"',
    )
  })

  it('keeps a flow log of the learner’s own, on any day, linked from its tools page', async () => {
    const { token, userId } = await toolLearner()
    const path = '/tools/flow-log/own'
    const toolPage = dom(await (await get('/tools/flow-log', { token })).text())
    const link = all(toolPage, 'a').find((a) => text(a) === 'Log a moment of flow')
    expect(link?.getAttribute('href')).toBe(path)
    const shownPage = dom(await (await get(path, { token })).text())
    expect(text(one(shownPage, 'h1'))).toBe('Your flow log')
    const tool = await toolBlock(token, path, '#b-flow')
    const res = await postForm(
      `${path}/add`,
      {
        ...formFields(tool),
        day: '2026-11-28',
        activity: 'Repotting the fern',
        energy: '1',
        focus: '5',
        notes: '',
      },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${path}#flow-activity`)
    const rows = await toolRows('flow_entries', userId, 'own.flow')
    expect(rows.map((r) => [r.day, r.energy, r.focus])).toEqual([['2026-11-28', 1, 5]])
    expect(text(await toolBlock(token, path, '#b-flow'))).toContain('High flow')
  })

  it('stays out of the workbook: not in the walk, the contents or the exercise routes', async () => {
    const { token } = await toolLearner()
    await add(token, 'Something of my own')
    const resume = await get('/workbook', { token })
    expect(resume.headers.get('Location')).toBe('/workbook/tools')
    expect((await get('/workbook/own', { token })).status).toBe(404)
    const contents = await (await get('/workbook/contents', { token })).text()
    expect(contents).not.toContain('Your own')
    const viaWorkbook = await postForm(
      '/workbook/own/tools/own.list/add',
      { ...formFields(await block(token)), new: 'Sneaky' },
      { token },
    )
    expect(viaWorkbook.status).toBe(404)
  })

  it('keeps each learner’s own tools to themselves, and has none for other tools', async () => {
    const a = await toolLearner()
    await add(a.token, 'Private plan')
    const b = await toolLearner()
    expect(await items(b.token)).toEqual([])
    expect(await (await get(OWN_LIST, { token: b.token })).text()).not.toContain('Private plan')
    expect((await get('/tools/ranking/own', { token: b.token })).status).toBe(404)
    expect(
      (await postForm('/tools/ranking/own/add', { version: '0' }, { token: b.token })).status,
    ).toBe(404)
  })

  it('asks a signed-out visitor to sign in, and holds what they posted', async () => {
    expect((await get(OWN_LIST)).status).toBe(303)
    const res = await postForm(`${OWN_LIST}/add?item=x`, { version: '0', new: 'Held words' })
    const html = await res.text()
    console.log(
      'HELD',
      res.status,
      res.headers.get('Location'),
      html.slice(html.indexOf('<main'), html.indexOf('<main') + 600),
    )
    expect(res.status).toBe(401)
    expect(html).toContain('Held words')
    expect(html).toContain(`action="${OWN_LIST}/add?item=x"`)
  })
})
