import { beforeAll, describe, expect, it } from 'vitest'
import { all, dom, one, text } from '../../test/html'
import { get, postForm } from '../../test/helpers'
import { loadToolWorkbook, toolLearner } from '../../test/tool-fixture'
import { formFields, postAction, toolBlock } from '../../test/tools'

const LIST = { exercise: 'tools', placement: 'tools.list', block: '#b-list' }

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: list
          tool: list-builder
          label: List what you enjoy.
          config: { itemLabel: Thing }`)
})

async function addThings(token: string, things: string[]) {
  for (const t of things) {
    const fields = formFields(await toolBlock(token, '/workbook/tools', LIST.block))
    expect((await postAction(LIST, 'add', { ...fields, new: t }, { token })).status).toBe(303)
  }
}

describe('your tools', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const res = await get('/tools')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toMatch(/^\/sign-in/)
  })

  it('lists every built tool, each with a calm empty state', async () => {
    const { token } = await toolLearner()
    const html = await (await get('/tools', { token })).text()
    const sections = all(dom(html), '.dt-tool-section')
    expect(sections.map((s) => text(one(s, 'h2')))).toEqual(
      expect.arrayContaining(['List builder', 'Skill tagger', 'Skill mastery sorting']),
    )
    expect(text(sections[0]!)).toContain('Nothing here yet')
  })

  it('shows the learner’s entries with where each was made, and only theirs', async () => {
    const a = await toolLearner()
    await addThings(a.token, ['Walking', 'Baking', 'Maps', 'Chess'])
    const index = dom(await (await get('/tools', { token: a.token })).text())
    const entry = one(index, '.dt-tool-entry')
    expect(text(one(entry, 'h3'))).toBe('List what you enjoy.')
    expect(one(entry, 'h3 a').getAttribute('href')).toBe('/workbook/tools#b-list')
    expect(text(entry)).toContain('Made in Trying a tool (Tools). Still in progress.')
    // The index shows the first few; the tool's own page shows all.
    expect(all(entry, 'li').map(text)).toEqual(['Walking', 'Baking', 'Maps'])
    expect(text(entry)).toContain('and 1 more')
    const page = dom(await (await get('/tools/list-builder', { token: a.token })).text())
    expect(text(one(page, '.dt-tool-entry h2'))).toBe('List what you enjoy.')
    expect(all(one(page, '.dt-tool-entry'), '.dt-answer__list li').map(text)).toEqual([
      'Walking',
      'Baking',
      'Maps',
      'Chess',
    ])
    const b = await toolLearner()
    const theirs = await (await get('/tools/list-builder', { token: b.token })).text()
    expect(theirs).not.toContain('Walking')
    expect(theirs).toContain('Nothing here yet')
  })

  it('shows a plain-text answer written before the tool existed', async () => {
    const { token } = await toolLearner()
    await postForm(
      '/workbook/tools/answers/tools.list',
      { answer: 'Rowing\nSinging', version: '0' },
      { token },
    )
    const page = dom(await (await get('/tools/list-builder', { token })).text())
    expect(all(one(page, '.dt-tool-entry'), '.dt-answer__list li').map(text)).toEqual([
      'Rowing',
      'Singing',
    ])
  })

  it('has no page for a tool that is not built, or does not exist', async () => {
    const { token } = await toolLearner()
    expect((await get('/tools/contact-tracker', { token })).status).toBe(404)
    expect((await get('/tools/constructor', { token })).status).toBe(404)
  })
})
