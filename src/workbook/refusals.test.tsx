import { beforeAll, describe, expect, it } from 'vitest'
import { fillRateLimit, get, postForm, userIdFor } from '../../test/helpers'
import { all, dom, one, summaryLinks, text, textareaValue } from '../../test/html'
import { answerRow, insertBulkyRevision, revisions, setAnswerCiphertext } from '../../test/sql'
import {
  ANSWER,
  finishExerciseOne,
  HTMX,
  learner,
  loadFixtureWorkbook,
} from '../../test/workbook-fixture'
import { LIMITS } from '../auth/rate-limit'

beforeAll(async () => {
  await loadFixtureWorkbook()
})

describe('what a save refuses, and what it keeps', () => {
  it('refuses a save to an exercise not reached yet, shows the words, and marks nothing done', async () => {
    const { email, token } = await learner()
    const typed = 'Written in a tab that jumped ahead'
    const res = await postForm(
      '/workbook/ex-three/answers/ex-three.line',
      { answer: typed, version: '0' },
      { token },
    )
    const html = await res.text()
    expect(res.status).toBe(409)
    expect(html).toContain('opens once you reach it')
    expect(text(one(dom(html), '.dt-held .dt-answer__text'))).toBe(typed)
    expect(await answerRow((await userIdFor(email))!, 'ex-three.line')).toBeNull()
    const contents = await (await get('/workbook/contents', { token })).text()
    const three = all(dom(contents), '.dt-contents-item').find((i) =>
      text(i).startsWith('Exercise three'),
    )!
    expect(text(one(three, '.dt-tag'))).not.toBe('Done')
  })

  it('stores a ticked option once, however often the form repeats it', async () => {
    const { token } = await learner()
    await finishExerciseOne(token)
    const repeated: [string, string][] = [
      ...Array.from({ length: 5000 }, (): [string, string] => ['answer', 'Maps']),
      ['answer', 'Music'],
      ['version', '0'],
    ]
    expect(
      (await postForm('/workbook/ex-two/answers/ex-two.many', repeated, { token })).status,
    ).toBe(303)
    const html = await (await get('/workbook/ex-two', { token })).text()
    expect(all(one(dom(html), '#b-many'), '.dt-answer__list li').map(text)).toEqual([
      'Maps',
      'Music',
    ])
  })

  it('refuses control characters with a clear message, keeping the text', async () => {
    const { token } = await learner()
    const typed = 'Tab\there, a bell\u0007 there'
    const res = await postForm(ANSWER, { answer: typed, version: '0' }, { token })
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(summaryLinks(html)[0]![1]).toMatch(/hidden control character/)
    expect(textareaValue(html)).toBe(typed)
  })

  it('refuses a form whose version is not a whole number, keeping the text', async () => {
    const { email, token } = await learner()
    const res = await postForm(ANSWER, { answer: 'Kept words', version: '1e3' }, { token })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(summaryLinks(html)[0]![1]).toMatch(/^This form is out of date/)
    expect(textareaValue(html)).toBe('Kept words')
    expect(await answerRow((await userIdFor(email))!, 'ex-one.first')).toBeNull()
  })

  it('keeps a leading blank line through an edit', async () => {
    const { token } = await learner()
    const typed = '\nStarts after a blank line'
    await postForm(ANSWER, { answer: typed, version: '0' }, { token })
    const edit = await (await get('/workbook/ex-one/answers/ex-one.first/edit', { token })).text()
    // The markup starts the textarea with a newline, which the browser drops; the text's own stays.
    expect(edit).toContain(`>\n${typed.replace(/\n/g, '\n')}</textarea>`)
    expect(textareaValue(edit)).toBe(typed)
  })

  it('treats a retry of the same submission as saved: no conflict, one revision', async () => {
    const { email, token } = await learner()
    const form = { answer: 'Sent twice', version: '0', submission: 'same-submission-id-0123' }
    expect((await postForm(ANSWER, form, { token })).status).toBe(303)
    const retry = await postForm(ANSWER, form, { token })
    expect(retry.status).toBe(303)
    const userId = (await userIdFor(email))!
    expect(await revisions(userId, 'ex-one.first')).toHaveLength(1)
    // The same id with different words is not a retry: it is a conflict, and both are shown.
    const changed = await postForm(ANSWER, { ...form, answer: 'Different words' }, { token })
    expect(changed.status).toBe(409)
  })

  it('pauses saving after a great many saves in a few minutes, keeping the text', async () => {
    const { email, token } = await learner()
    await fillRateLimit(LIMITS.saveUser, (await userIdFor(email))!)
    const res = await postForm(ANSWER, { answer: 'Still here', version: '0' }, { token })
    const html = await res.text()
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1)
    expect(summaryLinks(html)[0]![1]).toMatch(/saving is paused/)
    expect(textareaValue(html)).toBe('Still here')
  })

  it('says when the learner’s storage is full, keeping the text, and stores nothing', async () => {
    const { email, token } = await learner()
    const userId = (await userIdFor(email))!
    for (let i = 0; i < 3; i++) await insertBulkyRevision(userId, 'ex-one.first', 1_800_000)
    const res = await postForm(ANSWER, { answer: 'One more thing', version: '0' }, { token })
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(summaryLinks(html)[0]![1]).toMatch(/storage limit of 5 MB/)
    expect(textareaValue(html)).toBe('One more thing')
    expect(await answerRow(userId, 'ex-one.first')).toBeNull()
  })
})

describe('an answer that cannot be opened', () => {
  it('shows a calm notice in its own block only, and a replay of an old revision is caught', async () => {
    const { email, token } = await learner()
    const userId = (await userIdFor(email))!
    await postForm(ANSWER, { answer: 'First version', version: '0' }, { token })
    const old = (await revisions(userId, 'ex-one.first'))[0]!.body_ct
    await postForm(ANSWER, { answer: 'Second version', version: '1' }, { token })
    await postForm(
      '/workbook/ex-one/answers/ex-one.pick',
      { answer: 'Spring', version: '0' },
      { token },
    )
    // Someone with write access to the database puts the old revision back in the live row.
    await setAnswerCiphertext(userId, 'ex-one.first', old)
    const res = await get('/workbook/ex-one', { token })
    const html = await res.text()
    expect(res.status).toBe(200)
    const block = one(dom(html), '#b-first')
    expect(text(block)).toContain('We could not open this answer')
    expect(text(block)).not.toContain('First version')
    expect(text(one(dom(html), '#b-pick'))).toContain('Spring')
  })

  it('asks for an explicit choice before a new answer replaces it', async () => {
    const { email, token } = await learner()
    const userId = (await userIdFor(email))!
    await postForm(ANSWER, { answer: 'Soon unreadable', version: '0' }, { token })
    await setAnswerCiphertext(userId, 'ex-one.first', 'v2.k1.AAAAAAAAAAAAAAAA.AAAA')
    const edit = await (await get('/workbook/ex-one/answers/ex-one.first/edit', { token })).text()
    expect(one(dom(edit), 'input[name="replace"]').getAttribute('value')).toBe('yes')
    const unticked = await postForm(
      ANSWER,
      { answer: 'A fresh answer', version: '1', replacing: 'unreadable' },
      { token },
    )
    expect(unticked.status).toBe(422)
    const html = await unticked.text()
    expect(summaryLinks(html)[0]![1]).toMatch(/^Tick the box to replace/)
    expect(textareaValue(html)).toBe('A fresh answer')
    const ticked = await postForm(
      ANSWER,
      { answer: 'A fresh answer', version: '1', replacing: 'unreadable', replace: 'yes' },
      { token },
    )
    expect(ticked.status).toBe(303)
    expect(await (await get('/workbook/ex-one', { token })).text()).toContain('A fresh answer')
  })
})

describe('a refused save to a block further on in the exercise', () => {
  // A tab can hold a block the thread no longer reaches (a tool before it was reopened in
  // another tab, say). Its refusal cannot be shown at the block: the summary links to the words.
  it('shows the words where the summary links, with and without htmx', async () => {
    const { token } = await learner()
    // The thread stops at the first question; the choice after it is not on the page.
    const path = '/workbook/ex-one/answers/ex-one.pick'
    for (const headers of [undefined, HTMX]) {
      const res = await postForm(path, { answer: 'Purple', version: '0' }, { token, headers })
      const html = await res.text()
      const page = dom(html)
      expect(res.status).toBe(422)
      expect(summaryLinks(html).map(([href]) => href)).toEqual(['#held-pick'])
      expect(text(one(page, '#held-pick .dt-held'))).toContain('Purple')
      expect(all(page, '#b-pick')).toHaveLength(0)
    }
  })

  it('shows a tool’s refused words too', async () => {
    const { token } = await learner()
    await finishExerciseOne(token)
    // Exercise two opens at its first question; the list builder is its last block.
    const res = await postForm(
      '/workbook/ex-two/tools/ex-two.list/add',
      { version: '0', new: 'x'.repeat(400) },
      { token },
    )
    const html = await res.text()
    const page = dom(html)
    expect(res.status).toBe(422)
    expect(summaryLinks(html).map(([href]) => href)).toEqual(['#held-list'])
    expect(text(one(page, '#held-list .dt-held'))).toContain('x'.repeat(400))
  })
})
