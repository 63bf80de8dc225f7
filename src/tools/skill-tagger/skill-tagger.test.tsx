import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { all, dom, one, text } from '../../../test/html'
import { get, postForm } from '../../../test/helpers'
import { answerRow, toolRows, wholeDatabaseText } from '../../../test/sql'
import { loadToolWorkbook, toolLearner } from '../../../test/tool-fixture'
import { formFields, postAction, toolBlock, expectAtomicSave } from '../../../test/tools'
import { HTMX } from '../../../test/workbook-fixture'
import { skillTagger } from '.'

const TAGS = { exercise: 'tools', placement: 'tools.tags', block: '#b-tags' }
const page = '/workbook/tools'
const searchUrl = (q: string) => `${page}?find=tags&q=${encodeURIComponent(q)}`

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: tags
          tool: skill-tagger
          label: Name your skills.
          config: { minSkills: 2, maxSkills: 3 }
      - tool:
          id: known
          tool: skill-tagger
          label: Name what you know.
          config: { category: knowledge }`)
})

const block = (token: string, path = page) => toolBlock(token, path, TAGS.block)
const names = async (token: string, path = page) =>
  all(await block(token, path), '.dt-tool-item')
    .filter((li) => li.querySelector('button')?.text.startsWith('Remove'))
    .map((li) => text(one(li, 'span')).replace(/ \(.*\)$/, ''))

/** Adds a master skill found by searching `q`, as the Add button does. */
async function addFromSearch(token: string, q: string, id: string) {
  const fields = formFields(await block(token, searchUrl(q)))
  return postForm(
    `${page}/tools/${TAGS.placement}/add?item=${id}&find=tags&q=${encodeURIComponent(q)}`,
    fields,
    { token },
  )
}

/** Finishes the first tagger, so the thread reaches the knowledge-only one after it. */
async function finishTags(token: string) {
  await addFromSearch(token, 'teach', 'teaching')
  await addFromSearch(token, 'negotiat', 'negotiating')
  const done = await postAction(TAGS, 'done', formFields(await block(token)), { token })
  expect(done.status).toBe(303)
}

describe('the skill tagger', () => {
  it('searches the master list with a GET form that works without JavaScript', async () => {
    const { token } = await toolLearner()
    const tool = await block(token, searchUrl('teach'))
    const results = all(tool, '.dt-tool-results li').map((li) => text(one(li, 'span')))
    expect(results).toContain('Teaching')
    // Whole-word starts come first, and every result can be added by a button that names it.
    expect(results[0]!.toLowerCase().startsWith('teach')).toBe(true)
    expect(all(tool, '.dt-tool-results button').map(text)).toContain('Add “Teaching”')
    // The search form is a real GET form back to the exercise.
    const form = one(tool, 'form[method="get"]')
    expect(form.getAttribute('action')).toBe('/workbook/tools#b-tags')
    expect(one(form, 'input[name="find"]').getAttribute('value')).toBe('tags')
  })

  it('answers an htmx search with just the tool, the count announced', async () => {
    const { token } = await toolLearner()
    const res = await get(searchUrl('negotiat'), { token, headers: HTMX })
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const html = await res.text()
    const root = dom(html)
    expect(root.querySelector('h1')).toBeNull()
    expect(text(one(root, TAGS.block))).toContain('Negotiating')
    expect(text(one(root, '#dt-status'))).toMatch(/^\d+ skills? on the list match “negotiat”\.$/)
    expect(one(root, '#tags-q').hasAttribute('autofocus')).toBe(true)
  })

  it('keeps a category tagger to its category', async () => {
    const { token } = await toolLearner()
    await finishTags(token)
    const tool = await toolBlock(token, `${page}?find=known&q=book`, '#b-known')
    const results = all(tool, '.dt-tool-results li').map((li) => text(one(li, 'span')))
    expect(results).toContain('Bookkeeping')
    const res = await get(`${page}?find=known&q=negotiat`, { token })
    expect(text(one(dom(await res.text()), '#b-known'))).toContain('No skills on the list match')
  })

  it('adds master skills and skills of the learner’s own, stored as typed rows', async () => {
    const { token, userId } = await toolLearner()
    const added = await addFromSearch(token, 'teach', 'teaching')
    expect(added.status).toBe(303)
    expect(added.headers.get('Location')).toBe(`${searchUrl('teach')}#tags-q`)
    const custom = await postAction(
      TAGS,
      'custom',
      {
        ...formFields(await block(token)),
        'new-name': 'Calming a room of toddlers',
        'new-category': 'self-management',
      },
      { token },
    )
    expect(custom.status).toBe(303)
    expect(await names(token)).toEqual(['Teaching', 'Calming a room of toddlers'])
    const rows = await toolRows('user_skills', userId, TAGS.placement)
    expect(rows.map((r) => [r.skill_key, r.position, r.category, r.skill_id])).toEqual([
      ['m:teaching', 1, 'transferable', 'teaching'],
      [rows[1]!.skill_key, 2, 'self-management', null],
    ])
    expect(rows[0]!.name_ct).toBeNull()
    expect(String(rows[1]!.skill_key)).toMatch(/^c:/)
    expect(String(rows[1]!.name_ct)).toMatch(/^v2\./)
    expect(await wholeDatabaseText()).not.toContain('Calming a room of toddlers')
  })

  it('answers htmx actions with the tool, the search kept on screen', async () => {
    const { token } = await toolLearner()
    const fields = formFields(await block(token, searchUrl('teach')))
    const res = await postForm(
      `${page}/tools/${TAGS.placement}/add?item=teaching&find=tags&q=teach`,
      fields,
      { token, headers: HTMX },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    const tool = one(root, TAGS.block)
    expect(text(one(root, '#dt-status'))).toBe('Added “Teaching”. You have 1 skill here.')
    expect(all(tool, '.dt-tool-results .dt-tag').map(text)).toContain('In your list')
    // The next Add carries the search too.
    const next = all(tool, '.dt-tool-results button')[0]!.getAttribute('hx-post')!
    expect(next).toContain('find=tags')
    expect(next).toContain('q=teach')
  })

  it('refuses bad input with a 422, an error summary and the typed words kept', async () => {
    const { token, userId } = await toolLearner()
    await addFromSearch(token, 'teach', 'teaching')
    const fields = formFields(await block(token))
    const cases: [string, Record<string, string>, string | undefined, RegExp][] = [
      ['add', {}, 'no-such-skill', /not on the list/],
      ['add', {}, 'teaching', /already in your list/],
      ['custom', { 'new-name': 'Whistling' }, undefined, /Choose what kind of skill/],
      ['custom', { 'new-name': '', 'new-category': 'knowledge' }, undefined, /Write the skill/],
      ['custom', { 'new-name': 'teaching', 'new-category': 'knowledge' }, undefined, /already/],
      ['remove', { 'new-name': 'Kept words' }, 'c:nope', /no longer in your list/],
      ['done', { 'new-name': '' }, undefined, /Add one more skill/],
    ]
    for (const [action, more, item, message] of cases) {
      const res = await postAction(TAGS, action, { ...fields, ...more }, { token, item })
      expect(res.status, `${action} ${item}`).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(dom(html).querySelector(href), href).not.toBeNull()
      if (more['new-name'] === 'Kept words') expect(html).toContain('value="Kept words"')
    }
    expect((await answerRow(userId, TAGS.placement))?.version).toBe(1)
    // A knowledge-only tagger refuses a skill from another category.
    await finishTags(token)
    const known = { exercise: 'tools', placement: 'tools.known', block: '#b-known' }
    const other = await postAction(
      known,
      'add',
      formFields(await toolBlock(token, page, '#b-known')),
      {
        token,
        item: 'teaching',
      },
    )
    expect(other.status).toBe(422)
    expect(await answerRow(userId, known.placement)).toBeNull()
  })

  it('holds at most its maximum and needs its minimum to finish', async () => {
    const { token, userId } = await toolLearner()
    for (const [q, id] of [
      ['teach', 'teaching'],
      ['negotiat', 'negotiating'],
      ['patien', 'patience'],
    ]) {
      expect((await addFromSearch(token, q!, id!)).status).toBe(303)
    }
    const over = await postAction(
      TAGS,
      'custom',
      { ...formFields(await block(token)), 'new-name': 'Juggling', 'new-category': 'knowledge' },
      { token },
    )
    expect(over.status).toBe(422)
    expect(await over.text()).toContain('value="Juggling"')
    const done = await postAction(TAGS, 'done', formFields(await block(token)), { token })
    expect(done.status).toBe(303)
    expect((await toolRows('user_skills', userId, TAGS.placement)).map((r) => r.skill_key)).toEqual(
      ['m:teaching', 'm:negotiating', 'm:patience'],
    )
  })

  it('keeps a stale save from a second tab from touching the skills', async () => {
    const { token, userId } = await toolLearner()
    await addFromSearch(token, 'teach', 'teaching')
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    const mk = (tab: typeof tabA, name: string) =>
      postAction(
        TAGS,
        'custom',
        { ...tab, 'new-name': name, 'new-category': 'knowledge' },
        { token },
      )
    expect((await mk(tabA, 'From A')).status).toBe(303)
    const before = await toolRows('user_skills', userId, TAGS.placement)
    expect((await mk(tabB, 'From B')).status).toBe(409)
    expect(await toolRows('user_skills', userId, TAGS.placement)).toEqual(before)
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    await addFromSearch(token, 'teach', 'teaching')
    const fields = {
      ...formFields(await block(token)),
      'new-name': 'Mine',
      'new-category': 'knowledge',
    }
    const saved = await expectAtomicSave(
      (env) => postAction(TAGS, 'custom', fields, { token, env }),
      { userId, placement: TAGS.placement, tables: ['user_skills'] },
      8,
    )
    expect(saved.status).toBe(303)
    expect(await toolRows('user_skills', userId, TAGS.placement)).toHaveLength(2)
  })

  it('does not act on another learner’s skills', async () => {
    const a = await toolLearner()
    await postAction(
      TAGS,
      'custom',
      {
        ...formFields(await block(a.token)),
        'new-name': 'Secret art',
        'new-category': 'knowledge',
      },
      { token: a.token },
    )
    const key = String((await toolRows('user_skills', a.userId, TAGS.placement))[0]!.skill_key)
    const b = await toolLearner()
    const res = await postAction(TAGS, 'remove', formFields(await block(b.token)), {
      token: b.token,
      item: key,
    })
    expect(res.status).toBe(422)
    expect(await res.text()).not.toContain('Secret art')
    expect(await toolRows('user_skills', a.userId, TAGS.placement)).toHaveLength(1)
  })

  it('offers an earlier plain-text answer as skills of the learner’s own', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `${page}/answers/${TAGS.placement}`,
      { answer: 'Fixing bikes\nfixing bikes\nListening', version: '0' },
      { token },
    )
    const edit = `${page}/answers/${TAGS.placement}/edit`
    expect(text(await block(token, edit))).toContain('You wrote this here before this tool existed')
    // The earlier words are offered as skills of the learner's own, each once.
    expect(await names(token, edit)).toEqual(['Fixing bikes', 'Listening'])
    const res = await postAction(TAGS, 'save', formFields(await block(token, edit)), { token })
    expect(res.status).toBe(303)
    expect((await toolRows('user_skills', userId, TAGS.placement)).map((r) => r.category)).toEqual([
      'transferable',
      'transferable',
    ])
    const value = skillTagger.fromLegacy('Fixing bikes\nfixing bikes', {
      placementId: TAGS.placement,
      settings: { category: 'knowledge' },
      optional: false,
      refs: { placementId: null, q: '', results: [], named: null },
      siblings: new Map(),
    })
    expect(value.skills.map((s) => [s.name, s.category, s.custom])).toEqual([
      ['Fixing bikes', 'knowledge', true],
    ])
  })
})
