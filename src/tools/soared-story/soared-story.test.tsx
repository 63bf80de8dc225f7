import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { TOOLS } from '../../content/tools'
import { all, dom, one, text, type HTMLElement } from '../../../test/html'
import { get, postForm } from '../../../test/helpers'
import {
  answerComplete,
  answerRow,
  insertMasterSkill,
  revisions,
  toolRows,
  wholeDatabaseText,
} from '../../../test/sql'
import { loadToolWorkbook, toolLearner } from '../../../test/tool-fixture'
import { formFields, postAction, toolBlock, expectAtomicSave } from '../../../test/tools'
import type { LearnerSkill } from '../values'
import {
  applyOpen,
  blankStory,
  partsFromText,
  soaredStory,
  STORY_PARTS,
  type SoaredStory,
  type SoaredValue,
} from '.'

const STORY = { exercise: 'tools', placement: 'tools.story', block: '#b-story' }
const TAGGER = 'tools.tagger'
const page = '/workbook/tools'

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: tagger
          tool: skill-tagger
          label: Name a few of your skills.
          config: {}
      - tool:
          id: story
          tool: soared-story
          label: Write a story or two.
          hint: A few sentences for each part.
          config: { maxStories: 2 }`)
})

// ---------------------------------------------------------------------------------------------
// Pure helpers

const SKILLS: LearnerSkill[] = [
  { key: 'm:active-listening', name: 'Active listening', category: 'transferable', mastery: null },
  { key: 'm:patience', name: 'Patience', category: 'self-management', mastery: null },
  { key: 'c:abc123', name: 'Bus routes', category: 'knowledge', mastery: null },
]

const ctx = (settings: { maxStories?: number } = {}, optional = false, refs = SKILLS) => ({
  placementId: 'tools.story',
  settings,
  optional,
  refs,
  siblings: new Map(),
})

const TEXTS = {
  situation: 'The food bank lost its van the week before the holidays.',
  obstacle: 'Two hundred boxes had to reach families across town in three days.',
  action: 'I borrowed cars from neighbors and drew up routes by postcode.',
  result: 'Every box arrived, a day early, and nobody drove twice.',
  evaluation: 'I see now that asking for help was the strongest move I made.',
  discovery: 'I found that I plan best when the pressure is real and shared.',
}

const full = (id: string, title = 'The borrowed cars'): SoaredStory => ({
  id,
  title,
  type: 'challenge',
  parts: { ...TEXTS },
  skills: [],
})

const valueOf = (...stories: SoaredStory[]): SoaredValue => ({
  stories,
  open: stories[0]!.id,
})

/** The form fields of a whole story, as a learner would type them. */
const storyFields = (title = 'The borrowed cars', texts: Record<string, string> = TEXTS) => ({
  title,
  type: 'challenge',
  ...texts,
})

describe('the SOARED story value', () => {
  it('holds stories with ids, a kind and six parts, and refuses anything else', () => {
    expect(soaredStory.shape.safeParse(valueOf(full('s1'))).success).toBe(true)
    expect(soaredStory.shape.safeParse(valueOf({ ...full('s1'), type: null })).success).toBe(true)
    const bad: unknown[] = [
      { stories: [], open: 's1' },
      valueOf({ ...full('s1'), id: 'bad id!' }),
      valueOf({ ...full('s1'), type: 'epic' as never }),
      valueOf({ ...full('s1'), parts: { situation: 'only one' } as never }),
      valueOf({ ...full('s1'), skills: ['m:patience', 'm:patience'] }),
      { stories: Array.from({ length: 11 }, (_, i) => full(`s${i}`)), open: 's0' },
      'Situation: a story',
    ]
    for (const v of bad)
      expect(soaredStory.shape.safeParse(v).success, JSON.stringify(v)).toBe(false)
  })

  it('takes maxStories from 1 to 10 as its only setting', () => {
    const settings = TOOLS['soared-story'].settings
    for (const ok of [{}, { maxStories: 1 }, { maxStories: 10 }])
      expect(settings.safeParse(ok).success, JSON.stringify(ok)).toBe(true)
    for (const bad of [{ maxStories: 0 }, { maxStories: 11 }, { maxStories: 2.5 }, { max: 3 }])
      expect(settings.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
  })

  it('checks the limits at their boundaries', () => {
    const c = ctx({ maxStories: 2 })
    expect(soaredStory.check(valueOf(full('a'), full('b')), c, true)).toBeNull()
    expect(soaredStory.check(valueOf(full('a'), full('b'), full('c')), c, false)?.error).toMatch(
      /at most 2 stories/,
    )
    // Three by default.
    expect(soaredStory.check(valueOf(full('a'), full('b'), full('c')), ctx(), false)).toBeNull()
    expect(
      soaredStory.check(valueOf(full('a'), full('b'), full('c'), full('d')), ctx(), false),
    ).not.toBeNull()
    expect(soaredStory.check(valueOf(full('a', 'x'.repeat(120))), c, true)).toBeNull()
    expect(soaredStory.check(valueOf(full('a', 'x'.repeat(121))), c, true)?.error).toMatch(
      /120 characters/,
    )
    const long = (n: number) =>
      valueOf({ ...full('a'), parts: { ...TEXTS, result: 'y'.repeat(n) } })
    expect(soaredStory.check(long(2000), c, true)).toBeNull()
    expect(soaredStory.check(long(2001), c, true)).toEqual({
      error: 'The Result part of story 1 must be 2,000 characters or fewer',
      field: 'result',
    })
  })

  it('needs one whole story to finish, naming the first part missing from the open story', () => {
    const c = ctx()
    const blank = { ...blankStory(), id: 'a' }
    expect(soaredStory.check(valueOf(blank), c, false)).toBeNull()
    expect(soaredStory.check(valueOf(blank), c, true)).toEqual({
      error: 'Give story 1 a short title before you continue',
      field: 'title',
    })
    const noObstacle = { ...full('a'), parts: { ...TEXTS, obstacle: '' } }
    expect(soaredStory.check(valueOf(noObstacle), c, true)).toEqual({
      error:
        'Write the Obstacle part of “The borrowed cars” before you continue: a story needs all six parts',
      field: 'obstacle',
    })
    const noDiscovery = { ...full('a'), parts: { ...TEXTS, discovery: '' } }
    expect(soaredStory.check(valueOf(noDiscovery), c, true)?.field).toBe('discovery')
    // One whole story is enough, even with a half-written one open.
    expect(soaredStory.check({ stories: [noObstacle, full('b')], open: 'a' }, c, true)).toBeNull()
    // An optional placement may be left as it is.
    expect(soaredStory.check(valueOf(blank), ctx({}, true), true)).toBeNull()
  })
})

describe('the SOARED story actions', () => {
  const act = (
    name: string,
    value: SoaredValue,
    form: Record<string, unknown>,
    c: ReturnType<typeof ctx> = ctx(),
  ) => soaredStory.actions[name]!(value, form, c)

  it('applies the typed fields of the open story before every action', () => {
    const a = { ...blankStory(), id: 'a' }
    const b = full('b', 'Second')
    const value: SoaredValue = { stories: [a, b], open: 'a' }
    const typed = { ...storyFields('First'), skills: ['m:patience', 'c:abc123'] }
    for (const name of ['save', 'open', 'add', 'remove', 'done']) {
      const result = act(name, value, { ...typed, item: 'b' }, ctx({ maxStories: 3 }))
      expect(result.ok, name).toBe(true)
      if (!result.ok) continue
      const first = result.value.stories.find((s) => s.id === 'a')!
      expect(first.title, name).toBe('First')
      expect(first.type, name).toBe('challenge')
      expect(first.parts, name).toEqual(TEXTS)
      expect(first.skills, name).toEqual(['m:patience', 'c:abc123'])
    }
    // Switching opens the other story and keeps both.
    const opened = act('open', value, { ...typed, item: 'b' })
    expect(opened.ok && opened.value.open).toBe('b')
    expect(opened.ok && opened.value.stories.map((s) => s.id)).toEqual(['a', 'b'])
    expect(opened.ok && opened.focus).toBe('title')
    // Fields not posted keep their text; no boxes ticked clears the open story's skills.
    const tagged: SoaredValue = { stories: [{ ...full('a'), skills: ['m:patience'] }], open: 'a' }
    const cleared = act('save', tagged, { title: 'Renamed' })
    expect(cleared.ok && cleared.value.stories[0]).toMatchObject({
      title: 'Renamed',
      parts: TEXTS,
      skills: [],
    })
    const untouched = act('save', tagged, {})
    expect(untouched.ok && untouched.value.stories[0]!.skills).toEqual(['m:patience'])
  })

  it('refuses text over its limit, hidden characters, an unknown kind and skills not the learner’s', () => {
    const value = valueOf({ ...blankStory(), id: 'a' })
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ title: 'x'.repeat(121) }, 'title', /120 characters or fewer. It is 121 now/],
      [{ title: 'Ok', action: 'z'.repeat(2001) }, 'action', /^Action: .*2,000 characters/],
      [{ title: 'Ok', situation: 'Bell\u0007' }, 'situation', /hidden control character/],
      [{ title: 'Ok', type: 'saga' }, 'type', /Choose what kind of story/],
      [{ title: 'Ok', skills: ['m:patience', 'm:budgeting'] }, 'skills', /not in your skills/],
      [{ title: 'Ok', skills: 'c:someone-else' }, 'skills', /not in your skills/],
    ]
    for (const [form, field, message] of cases) {
      const result = applyOpen(value, form, ctx())
      expect(result.ok, field).toBe(false)
      if (result.ok) continue
      expect(result.field).toBe(field)
      expect(result.error).toMatch(message)
      expect(result.kept.title).toBe(form.title)
    }
    // Boundaries: exactly at the limit is fine.
    expect(applyOpen(value, { title: 'x'.repeat(120), action: 'z'.repeat(2000) }, ctx()).ok).toBe(
      true,
    )
    // No skills of their own: any key is refused.
    expect(applyOpen(value, { title: 'Ok', skills: 'm:patience' }, ctx({}, false, [])).ok).toBe(
      false,
    )
  })

  it('adds up to the maximum, opening the new story', () => {
    const one = valueOf(full('a'))
    const added = act('add', one, {}, ctx({ maxStories: 2 }))
    expect(added.ok).toBe(true)
    if (!added.ok) return
    expect(added.value.stories).toHaveLength(2)
    expect(added.value.open).toBe(added.value.stories[1]!.id)
    expect(added.value.stories[1]!.title).toBe('')
    const again = act('add', added.value, { title: 'Kept' }, ctx({ maxStories: 2 }))
    expect(again).toMatchObject({ ok: false, field: 'title', kept: { title: 'Kept' } })
    expect(!again.ok && again.error).toMatch(/2 stories, the most this page holds/)
  })

  it('removes a story, keeping one open, and a blank one when the last goes', () => {
    const value: SoaredValue = { stories: [full('a'), full('b', 'Second')], open: 'b' }
    const gone = act('remove', value, { item: 'a' })
    expect(gone.ok && gone.value).toEqual({ stories: [full('b', 'Second')], open: 'b' })
    expect(gone.ok && gone.announce).toBe('Removed “The borrowed cars”. You have 1 story written.')
    const openGone = act('remove', value, { item: 'b' })
    expect(openGone.ok && openGone.value.open).toBe('a')
    const last = act('remove', valueOf(full('a')), { item: 'a' })
    expect(last.ok && last.value.stories).toHaveLength(1)
    expect(last.ok && last.value.stories[0]!.id).not.toBe('a')
    expect(last.ok && last.value.open).toBe(last.ok && last.value.stories[0]!.id)
  })

  it('refuses a story it does not have, calmly', () => {
    for (const name of ['open', 'remove']) {
      const result = act(name, valueOf(full('a')), { item: 'nope', title: 'Kept' })
      expect(result).toMatchObject({ ok: false, field: 'title', kept: { title: 'Kept' } })
      expect(!result.ok && result.error).toMatch(/no longer among your stories/)
    }
  })

  it('finishes only with a whole story, unless the placement is optional', () => {
    const blank = valueOf({ ...blankStory(), id: 'a' })
    const half = act('done', blank, { ...storyFields(), result: '', skills: 'm:patience' })
    expect(half).toMatchObject({ ok: false, field: 'result' })
    // The ticked boxes ride along too, all of them.
    expect(!half.ok && half.kept?.skills).toBe('m:patience')
    expect(act('done', blank, storyFields()).ok).toBe(true)
    expect(act('done', blank, {}, ctx({}, true)).ok).toBe(true)
  })
})

describe('an earlier plain-text answer', () => {
  it('is split into the parts when its paragraphs start with their names', () => {
    const parts = partsFromText(
      [
        'Situation: I ran the stall.',
        '',
        'OBSTACLE. It rained.',
        '',
        'action',
        'I moved it indoors.',
        'Then I told everyone.',
        '',
        'Result - fine',
        'Evaluation: Good call.',
        'Discovery: I adapt.',
      ].join('\n'),
    )
    expect(parts).toEqual({
      situation: 'I ran the stall.',
      obstacle: 'It rained.',
      action: 'I moved it indoors.\nThen I told everyone.',
      result: '- fine',
      evaluation: 'Good call.',
      discovery: 'I adapt.',
    })
  })

  it('goes into Situation whole when it is not in parts', () => {
    const plain = 'Action was needed, so I stepped in.\n\nIt went well.'
    expect(partsFromText(plain)).toEqual({
      situation: plain,
      obstacle: '',
      action: '',
      result: '',
      evaluation: '',
      discovery: '',
    })
    // Words before the first part stay, in Situation.
    expect(partsFromText('Some context.\nObstacle: rain\nAction: tarp').situation).toBe(
      'Some context.',
    )
    // Words that only begin like a part name do not count.
    expect(partsFromText('Actions speak.\nResults came.').situation).toBe(
      'Actions speak.\nResults came.',
    )
    const value = soaredStory.fromLegacy('Situation: a\nAction: b', ctx())
    expect(value.stories).toHaveLength(1)
    expect(value.open).toBe(value.stories[0]!.id)
    expect(value.stories[0]!.parts).toMatchObject({ situation: 'a', action: 'b', obstacle: '' })
  })
})

describe('the SOARED story in plain words', () => {
  it('gives each story’s title and kind, its parts and its skills', () => {
    const value: SoaredValue = {
      stories: [
        { ...full('a'), skills: ['m:patience', 'm:active-listening', 'm:gone'] },
        { ...blankStory(), id: 'b' },
        {
          ...blankStory(),
          id: 'c',
          title: 'Half',
          parts: { ...blankStory().parts, action: 'Did' },
        },
      ],
      open: 'a',
    }
    expect(soaredStory.lines(value, ctx())).toEqual([
      'The borrowed cars (a challenge)',
      ...STORY_PARTS.map((p) => `${p.charAt(0).toUpperCase()}${p.slice(1)}: ${TEXTS[p]}`),
      'Skills: Patience, Active listening',
      'Half',
      'Action: Did',
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// In the workbook

const block = (token: string, path = page) => toolBlock(token, path, STORY.block)
const fieldValue = (root: HTMLElement, name: string) => {
  const el = one(root, `[name="${name}"]`)
  return el.tagName === 'TEXTAREA' ? el.textContent.replace(/^\n/, '') : el.getAttribute('value')
}

/** A learner at the story tool: the (plain-text) tagger before it is answered. */
async function learnerAtStory() {
  const who = await toolLearner()
  const res = await postForm(
    `/workbook/tools/answers/${TAGGER}`,
    { answer: 'Listening, patience', version: '0' },
    { token: who.token },
  )
  expect(res.status).toBe(303)
  return who
}

describe('the SOARED story builder in the workbook', () => {
  it('writes a story without JavaScript, each action a 303 back to the tool, the text sealed', async () => {
    const { token, userId } = await learnerAtStory()
    const first = await block(token)
    expect(text(first)).toContain('original DreamTree program')
    for (const label of [
      'Title',
      'Situation',
      'Obstacle',
      'Action',
      'Result',
      'Evaluation',
      'Discovery',
    ])
      expect(all(first, 'label').map(text)).toContain(label)
    // No skills yet: said calmly, with no empty boxes.
    expect(text(first)).toContain('You have not named any skills yet')
    expect(all(first, 'input[name="skills"]')).toHaveLength(0)

    const res = await postAction(
      STORY,
      'save',
      { ...formFields(first), ...storyFields() },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#story-title`)
    const saved = await block(token)
    expect(fieldValue(saved, 'title')).toBe('The borrowed cars')
    expect(fieldValue(saved, 'obstacle')).toBe(TEXTS.obstacle)
    expect(one(saved, 'input[name="type"][value="challenge"]').hasAttribute('checked')).toBe(true)
    // Still being written: the thread waits here.
    expect(await answerComplete(userId, STORY.placement)).toBe(0)

    const rows = await toolRows('stories', userId, STORY.placement)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ position: 1, story_type: 'challenge' })
    expect(String(rows[0]!.content_ct)).toMatch(/^v2\./)
    const db = await wholeDatabaseText()
    for (const t of ['The borrowed cars', ...Object.values(TEXTS)]) expect(db).not.toContain(t)

    const done = await postAction(STORY, 'done', formFields(await block(token)), { token })
    expect(done.status).toBe(303)
    expect(await answerComplete(userId, STORY.placement)).toBe(1)
    const after = dom(await (await get(page, { token })).text())
    const summary = all(one(after, STORY.block), '.dt-answer__list li').map(text)
    expect(summary).toContain('The borrowed cars (a challenge)')
    expect(summary).toContain(`Discovery: ${TEXTS.discovery}`)
    expect(text(after)).toContain('That is the end.')
  })

  it('answers htmx with the tool block itself, announced, varying on HX-Request', async () => {
    const { token } = await learnerAtStory()
    const res = await postAction(
      STORY,
      'add',
      { ...formFields(await block(token)), ...storyFields() },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    const tool = one(root, STORY.block)
    expect(text(one(root, '#dt-status'))).toBe(
      'Story 2 is open for writing. Your other stories are saved.',
    )
    // The new story is open, its title focused; the first is a summary with named buttons.
    expect(fieldValue(tool, 'title')).toBe('')
    expect(one(tool, '#story-title').hasAttribute('autofocus')).toBe(true)
    const buttons = all(tool, 'button').map(text)
    expect(buttons).toContain('Edit “The borrowed cars”')
    expect(buttons).toContain('Remove “The borrowed cars”')
    expect(text(one(tool, '.dt-story--closed'))).toContain('The food bank lost its van')
    // Two is this placement's most: no more adding.
    expect(buttons).not.toContain('Add another story')
    expect(formFields(tool).version).toBe('1')
  })

  it('switches between stories, keeping what is typed in the open one', async () => {
    const { token, userId } = await learnerAtStory()
    await postAction(
      STORY,
      'add',
      { ...formFields(await block(token)), ...storyFields() },
      { token },
    )
    const second = await block(token)
    const firstId = one(second, '.dt-story--closed button')
      .getAttribute('formaction')!
      .split('item=')[1]!
    const res = await postAction(
      STORY,
      'open',
      { ...formFields(second), title: 'The second one', situation: 'Half typed.' },
      { token, item: decodeURIComponent(firstId) },
    )
    expect(res.status).toBe(303)
    const back = await block(token)
    expect(fieldValue(back, 'title')).toBe('The borrowed cars')
    expect(text(one(back, '.dt-story--closed'))).toContain('The second one')
    expect(text(one(back, '.dt-story--closed'))).toContain('Half typed.')
    const rows = await toolRows('stories', userId, STORY.placement)
    expect(rows.map((r) => r.position)).toEqual([1, 2])
    // An unchosen kind is stored as "other" (the table needs one).
    expect(rows[1]!.story_type).toBe('other')
  })

  it('refuses bad input with a 422, an error summary whose link lands, and the words kept', async () => {
    const { token, userId } = await learnerAtStory()
    const fields = formFields(await block(token))
    const cases: [string, Record<string, string>, string | undefined, RegExp, string][] = [
      [
        'done',
        { ...storyFields(), obstacle: '' },
        undefined,
        /Write the Obstacle part/,
        '#story-obstacle',
      ],
      ['done', { ...storyFields(''), obstacle: '' }, undefined, /short title/, '#story-title'],
      [
        'save',
        { ...storyFields(), result: 'r'.repeat(2001) },
        undefined,
        /2,000 characters/,
        '#story-result',
      ],
      ['save', { ...storyFields(), type: 'saga' }, undefined, /kind of story/, '#story-type'],
      ['open', storyFields(), 'not-mine', /no longer among your stories/, '#story-title'],
      [
        'save',
        { ...storyFields(), skills: 'm:patience' },
        undefined,
        /not in your skills/,
        '#story-skills',
      ],
    ]
    for (const [action, more, item, message, target] of cases) {
      const res = await postAction(STORY, action, { ...fields, ...more }, { token, item })
      expect(res.status, action).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(href).toBe(target)
      expect(dom(html).querySelector(href), href).not.toBeNull()
      const tool = one(dom(html), STORY.block)
      expect(fieldValue(tool, 'situation')).toBe(TEXTS.situation)
      if (more.title) expect(fieldValue(tool, 'title')).toBe(more.title)
    }
    expect(await answerRow(userId, STORY.placement)).toBeNull()
    expect(await toolRows('stories', userId, STORY.placement)).toEqual([])
  })

  it('tags a story with two of the learner’s own skills, and refuses anyone else’s', async () => {
    const { token, userId } = await learnerAtStory()
    const listening = await insertMasterSkill(userId, TAGGER, 'active-listening', 1)
    const patience = await insertMasterSkill(userId, TAGGER, 'patience', 2)
    await insertMasterSkill(userId, TAGGER, 'budgeting', 3)
    const other = await learnerAtStory()
    const theirs = await insertMasterSkill(other.userId, TAGGER, 'arranging-flowers', 1)

    const shown = await block(token)
    const legends = all(shown, 'legend').map(text)
    expect(legends).toContain('Transferable skills')
    expect(legends).toContain('Self-management skills')
    expect(all(shown, 'input[name="skills"]').map((i) => i.getAttribute('value'))).toEqual([
      listening,
      'm:budgeting',
      patience,
    ])
    const fields: [string, string][] = [
      ...Object.entries(formFields(shown)),
      ...Object.entries(storyFields()),
      ['skills', listening],
      ['skills', patience],
    ]
    expect((await postAction(STORY, 'save', fields, { token })).status).toBe(303)
    const tags = await toolRows('story_skills', userId, STORY.placement)
    const [story] = await toolRows('stories', userId, STORY.placement)
    expect(tags.map((r) => [r.story_id, r.skill_key])).toEqual([
      [story!.story_id, listening],
      [story!.story_id, patience],
    ])
    const ticked = all(await block(token), 'input[name="skills"][checked]')
    expect(ticked.map((i) => i.getAttribute('value'))).toEqual([listening, patience])

    const next = formFields(await block(token))
    for (const key of [theirs, 'm:no-such-skill', 'c:made-up']) {
      const res = await postAction(
        STORY,
        'save',
        [
          ...Object.entries(next),
          ...Object.entries(storyFields()),
          ['skills', listening],
          ['skills', key],
        ],
        { token },
      )
      expect(res.status, key).toBe(422)
      const html = await res.text()
      expect(html).toContain('not in your skills')
      expect(html).not.toContain('Arranging flowers')
      // The summary links to the first box, which exists; the ticked boxes are kept.
      const href = one(one(dom(html), '.dt-error-summary'), 'a').getAttribute('href')!
      expect(href).toBe('#story-skills')
      expect(dom(html).querySelector(href)).not.toBeNull()
      expect(
        all(one(dom(html), STORY.block), 'input[name="skills"][checked]').map((i) =>
          i.getAttribute('value'),
        ),
      ).toEqual([listening])
    }
    expect(await toolRows('story_skills', userId, STORY.placement)).toEqual(tags)
    const db = await wholeDatabaseText()
    for (const t of Object.values(TEXTS)) expect(db).not.toContain(t)
    // In plain words, the story names its skills.
    await postAction(STORY, 'done', formFields(await block(token)), { token })
    const summary = text(one(dom(await (await get(page, { token })).text()), STORY.block))
    expect(summary).toContain('Skills: Active listening, Patience')
  })

  it('keeps a stale save from a second tab from touching the stories', async () => {
    const { token, userId } = await learnerAtStory()
    const key = await insertMasterSkill(userId, TAGGER, 'patience')
    await postAction(
      STORY,
      'save',
      { ...formFields(await block(token)), ...storyFields() },
      { token },
    )
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    expect((await postAction(STORY, 'save', { ...tabA, title: 'From A' }, { token })).status).toBe(
      303,
    )
    const before = await toolRows('stories', userId, STORY.placement)
    const tags = await toolRows('story_skills', userId, STORY.placement)
    const stale = await postAction(
      STORY,
      'save',
      [...Object.entries(tabB), ['title', 'From B'], ['skills', key]],
      { token },
    )
    expect(stale.status).toBe(409)
    const html = await stale.text()
    expect(html).toContain('This changed somewhere else')
    expect(html).toContain('value="From B"')
    expect(await toolRows('stories', userId, STORY.placement)).toEqual(before)
    expect(await toolRows('story_skills', userId, STORY.placement)).toEqual(tags)
    expect((await revisions(userId, STORY.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await learnerAtStory()
    const key = await insertMasterSkill(userId, TAGGER, 'patience')
    const first: [string, string][] = [
      ...Object.entries(formFields(await block(token))),
      ...Object.entries(storyFields()),
      ['skills', key],
    ]
    expect((await postAction(STORY, 'save', first, { token })).status).toBe(303)
    const fields: [string, string][] = [
      ...Object.entries(formFields(await block(token))),
      ...Object.entries(storyFields('Renamed')),
      ['skills', key],
    ]
    // Batch 0 is the session; 1 the reads; 2 the save: answer, 3 revision writes, conflict,
    // delete and insert of the stories, of their skills, and the read back.
    const saved = await expectAtomicSave(
      (env) => postAction(STORY, 'add', fields, { token, env }),
      { userId, placement: STORY.placement, tables: ['stories', 'story_skills'] },
      10,
    )
    expect(saved.status).toBe(303)
    expect(await toolRows('stories', userId, STORY.placement)).toHaveLength(2)
  })

  it('does not act on another learner’s stories', async () => {
    const a = await learnerAtStory()
    await postAction(
      STORY,
      'add',
      { ...formFields(await block(a.token)), ...storyFields('Private story') },
      { token: a.token },
    )
    // Anyone's first story is `s1`; a story added after it has a random id.
    const aId = (await toolRows('stories', a.userId, STORY.placement))
      .map((r) => String(r.story_id))
      .find((id) => id !== 's1')!
    expect(aId).toBeTruthy()
    const b = await learnerAtStory()
    for (const action of ['open', 'remove']) {
      const res = await postAction(STORY, action, formFields(await block(b.token)), {
        token: b.token,
        item: aId,
      })
      expect(res.status, action).toBe(422)
      expect(await res.text()).not.toContain('Private story')
    }
    expect(text(one(await block(a.token), '.dt-story--closed'))).toContain('Private story')
    expect(await toolRows('stories', b.userId, STORY.placement)).toEqual([])
  })

  it('keeps an earlier plain-text answer, shows it, and offers it as the first story', async () => {
    const { token, userId } = await learnerAtStory()
    const legacy = [
      'Situation: The café was short-staffed.',
      'Obstacle: A coach party arrived.',
      'Action: I set up a two-person line.',
      'Result: Everyone was served in twenty minutes.',
      'Evaluation: It worked better than I expected.',
      'Discovery: I stay calm when it counts.',
    ].join('\n\n')
    await postForm(
      `/workbook/tools/answers/${STORY.placement}`,
      { answer: legacy, version: '0' },
      { token },
    )
    expect(text(await block(token))).toContain('You wrote this here before this tool existed')
    const edit = `/workbook/tools/answers/${STORY.placement}/edit`
    const offered = await block(token, edit)
    expect(fieldValue(offered, 'situation')).toBe('The café was short-staffed.')
    expect(fieldValue(offered, 'discovery')).toBe('I stay calm when it counts.')
    expect(fieldValue(offered, 'title')).toBe('')
    const res = await postAction(
      STORY,
      'save',
      { ...formFields(offered), title: 'The coach party' },
      { token },
    )
    expect(res.status).toBe(303)
    expect(await toolRows('stories', userId, STORY.placement)).toHaveLength(1)
    const again = await block(token, edit)
    expect(fieldValue(again, 'action')).toBe('I set up a two-person line.')
    expect(text(again)).toContain('You wrote this here before this tool existed')
    expect(text(again)).toContain('Situation: The café was short-staffed.')
  })
})
