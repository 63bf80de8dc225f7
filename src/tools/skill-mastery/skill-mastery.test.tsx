import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { all, dom, one, text } from '../../../test/html'
import { postForm } from '../../../test/helpers'
import { toolRows, wholeDatabaseText } from '../../../test/sql'
import { loadToolWorkbook, toolLearner } from '../../../test/tool-fixture'
import { formFields, postAction, toolBlock, expectAtomicSave } from '../../../test/tools'
import { levelField, skillMastery } from '.'

const TAGS = { exercise: 'tools', placement: 'tools.tags', block: '#b-tags' }
const SORT = { exercise: 'tools', placement: 'tools.sort', block: '#b-sort' }
const page = '/workbook/tools'

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: tags
          tool: skill-tagger
          label: Name your skills.
          config: { minSkills: 1 }
      - tool:
          id: sort
          tool: skill-mastery
          label: Sort your skills.`)
})

/** A learner whose skills are Teaching, Negotiating and one of their own, at the sorting tool. */
async function learnerWithSkills() {
  const who = await toolLearner()
  const { token } = who
  const tags = () => toolBlock(token, page, TAGS.block)
  for (const id of ['teaching', 'negotiating']) {
    await postForm(
      `${page}/tools/${TAGS.placement}/add?item=${id}&find=tags&q=x`,
      formFields(await tags()),
      {
        token,
      },
    )
  }
  await postAction(
    TAGS,
    'done',
    { ...formFields(await tags()), 'new-name': 'Mending nets', 'new-category': 'knowledge' },
    { token },
  )
  const custom = (await toolRows('user_skills', who.userId, TAGS.placement))[2]!.skill_key as string
  return { ...who, custom }
}
const sorter = (token: string) => toolBlock(token, page, SORT.block)

describe('skill mastery sorting', () => {
  it('shows each of the learner’s skills with a select of five levels, grouped by category', async () => {
    const { token } = await learnerWithSkills()
    const tool = await sorter(token)
    const labels = all(tool, 'label').map(text)
    expect(labels).toEqual(['Teaching', 'Negotiating', 'Mending nets'])
    expect(all(tool, 'legend').map(text)).toEqual(['Transferable skills', 'Knowledge'])
    const options = all(one(tool, 'select'), 'option').map(text)
    expect(options).toEqual([
      'Not sorted yet',
      'Use it most',
      'Use it often',
      'Use it sometimes',
      'Use it now and then',
      'Use it least',
    ])
  })

  it('sets mastery on the learner’s skills as typed rows, by plain post or htmx', async () => {
    const { token, userId, custom } = await learnerWithSkills()
    const fields = {
      ...formFields(await sorter(token)),
      [levelField('m:teaching')]: '1',
      [levelField('m:negotiating')]: '4',
      [levelField(custom)]: '',
    }
    const saved = await postAction(SORT, 'save', fields, { token })
    expect(saved.status).toBe(303)
    expect(
      (await toolRows('skill_mastery', userId, SORT.placement)).map((r) => [r.skill_key, r.level]),
    ).toEqual([
      ['m:teaching', 1],
      ['m:negotiating', 4],
    ])
    const htmx = await postAction(
      SORT,
      'done',
      { ...formFields(await sorter(token)), [levelField(custom)]: '2' },
      { token, htmx: true },
    )
    expect(htmx.status).toBe(200)
    expect(htmx.headers.get('Vary')).toContain('HX-Request')
    const html = await htmx.text()
    expect(text(one(dom(html), '#dt-status'))).toBe('Saved.')
    expect(html).toContain('Use it most: Teaching')
    expect(html).toContain('Use it often: Mending nets')
    expect(await wholeDatabaseText()).not.toContain('Mending nets')
  })

  it('refuses an unsorted skill on finishing, a bad level and a skill that is not the learner’s', async () => {
    const { token, custom } = await learnerWithSkills()
    const base = formFields(await sorter(token))
    const cases: [Record<string, string>, RegExp][] = [
      [{ [levelField('m:teaching')]: '1' }, /2 are not sorted yet, starting with “Negotiating”/],
      [{ [levelField('m:teaching')]: '7' }, /Choose how often you use “Teaching”/],
      [{ [levelField('m:patience')]: '2' }, /no longer in your skills/],
    ]
    for (const [more, message] of cases) {
      const res = await postAction(SORT, 'done', { ...base, ...more }, { token })
      expect(res.status).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      expect(dom(html).querySelector(one(summary, 'a').getAttribute('href')!)).not.toBeNull()
    }
    // The level just chosen stays chosen on the 422.
    const kept = await postAction(SORT, 'done', { ...base, [levelField(custom)]: '3' }, { token })
    const select = one(dom(await kept.text()), `#sort-${levelField(custom)}`)
    expect(one(select, 'option[selected]').getAttribute('value')).toBe('3')
  })

  it('keeps a stale save from a second tab from touching the levels', async () => {
    const { token, userId } = await learnerWithSkills()
    const tabA = formFields(await sorter(token))
    const tabB = formFields(await sorter(token))
    expect(
      (await postAction(SORT, 'save', { ...tabA, [levelField('m:teaching')]: '1' }, { token }))
        .status,
    ).toBe(303)
    const before = await toolRows('skill_mastery', userId, SORT.placement)
    const stale = await postAction(
      SORT,
      'save',
      { ...tabB, [levelField('m:teaching')]: '5' },
      { token },
    )
    expect(stale.status).toBe(409)
    expect(await toolRows('skill_mastery', userId, SORT.placement)).toEqual(before)
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await learnerWithSkills()
    const fields = { ...formFields(await sorter(token)), [levelField('m:teaching')]: '2' }
    const saved = await expectAtomicSave(
      (env) => postAction(SORT, 'save', fields, { token, env }),
      { userId, placement: SORT.placement, tables: ['skill_mastery'] },
      8,
    )
    expect(saved.status).toBe(303)
    expect(await toolRows('skill_mastery', userId, SORT.placement)).toHaveLength(1)
  })

  it('never shows one learner’s skills to another, nor takes their keys', async () => {
    const a = await learnerWithSkills()
    const b = await toolLearner()
    await postAction(
      TAGS,
      'done',
      {
        ...formFields(await toolBlock(b.token, page, TAGS.block)),
        'new-name': 'Own',
        'new-category': 'knowledge',
      },
      { token: b.token },
    )
    const tool = await sorter(b.token)
    expect(all(tool, 'label').map(text)).toEqual(['Own'])
    const res = await postAction(
      SORT,
      'save',
      { ...formFields(tool), [levelField(a.custom)]: '1' },
      { token: b.token },
    )
    expect(res.status).toBe(422)
    expect(await res.text()).not.toContain('Mending nets')
  })

  it('checks its value’s shape and sorting at the boundaries', () => {
    const ctx = {
      placementId: SORT.placement,
      settings: {},
      optional: false,
      refs: [{ key: 'm:a', name: 'A', category: 'knowledge' as const, mastery: null }],
      siblings: new Map(),
    }
    expect(skillMastery.shape.safeParse({ levels: { 'm:a': 5 } }).success).toBe(true)
    expect(skillMastery.shape.safeParse({ levels: { 'm:a': 6 } }).success).toBe(false)
    expect(skillMastery.shape.safeParse({ levels: { 'm:a': 0 } }).success).toBe(false)
    expect(skillMastery.check({ levels: { 'm:a': 1 } }, ctx, true)).toBeNull()
    expect(skillMastery.check({ levels: {} }, ctx, true)?.error).toMatch(/“A”/)
    expect(skillMastery.check({ levels: {} }, ctx, false)).toBeNull()
    expect(skillMastery.check({ levels: {} }, { ...ctx, optional: true }, true)).toBeNull()
  })
})
