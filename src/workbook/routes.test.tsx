import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  fillRateLimit,
  get,
  postForm,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { all, dom, firstElement, fragmentTitle, one, text, titleOf } from '../../test/html'
import {
  answerRow,
  failingAt,
  insertBulkyRevision,
  revisions,
  setAnswerCiphertext,
  wholeDatabaseText,
} from '../../test/sql'
import { loadFixtureWorkbook } from '../../test/workbook-fixture'
import { decryptText, importDataKey } from '../auth/keys'
import { CONFLICT_MESSAGE } from '../../views/workbook/exercise-page'
import { clientNetwork, LIMITS } from '../auth/rate-limit'

beforeAll(async () => {
  await loadFixtureWorkbook()
})

const ANSWER = '/workbook/ex-one/answers/ex-one.first'
const HTMX = { 'HX-Request': 'true' }

async function learner() {
  const email = uniqueEmail('wb')
  const password = strongPassword()
  const ip = uniqueIp()
  const { token } = await signUp(email, password, ip)
  return { email, password, ip, token }
}

/** The error summary's links, as [href, text]. */
function summaryLinks(html: string): [string, string][] {
  return all(dom(html), '#error-summary a').map((a) => [a.getAttribute('href')!, text(a)])
}

/** The text in a form's `answer` textarea, as a browser reads it (the first newline dropped). */
const textareaValue = (html: string) =>
  one(dom(html), 'textarea[name="answer"]').textContent.replace(/^\n/, '')

/** The value of a form's hidden `version` field. */
const versionField = (html: string) => one(dom(html), 'input[name="version"]').getAttribute('value')

describe('the exercise page', () => {
  it('sends a new learner from /workbook to the first exercise', async () => {
    const { token } = await learner()
    const res = await get('/workbook', { token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/workbook/ex-one')
  })

  it('shows the position, the opening words and only the current question', async () => {
    const { token } = await learner()
    const res = await get('/workbook/ex-one', { token })
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(titleOf(html)).toBe('Exercise one – DreamTree')
    expect(html).toContain('Exercise 1 of 2')
    expect(html).toContain('Welcome to the first exercise.')
    expect(html).toContain('What did you enjoy last week?')
    expect(html).toContain('You can write up to 50 characters.')
    expect(html).not.toContain('Which season suits you?')
    expect(html).not.toContain('A bridge between questions.')
  })

  it('costs two D1 round trips, the session then one batch, and writes nothing', async () => {
    const { token } = await learner()
    const res = await get('/workbook/ex-one', { token })
    expect(res.headers.get('Server-Timing')).toBe(
      'db;desc="2 queries", db-writes;desc="0 statements"',
    )
    const save = await postForm(ANSWER, { answer: 'A write', version: '0' }, { token })
    // Three round trips: the session; the placement, the frontier and the save limit; the save.
    // Its writes: the limit's count, the answer, its revision, conflicts marked seen, old
    // revisions pruned and a conflict revision, each guarded, most of them changing nothing.
    expect(save.headers.get('Server-Timing')).toBe(
      'db;desc="3 queries", db-writes;desc="6 statements"',
    )
  })

  it('tells a signed-in learner on the home page which exercise they are on', async () => {
    const { token } = await learner()
    const html = await (await get('/', { token })).text()
    expect(html).toContain('You are working on <strong>Exercise one</strong>, in Module one.')
    const main = one(dom(html), 'main')
    expect(main.querySelector('strong')?.textContent).toBe('Exercise one')
    const link = all(main, 'a').find((a) => text(a) === 'Continue the workbook')
    expect(link?.getAttribute('href')).toBe('/workbook')
  })

  it('sends a signed-out visitor to sign in and back', async () => {
    const res = await get('/workbook/ex-one')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/sign-in?next=%2Fworkbook%2Fex-one')
  })

  it('answers 404 for an exercise that does not exist', async () => {
    const { token } = await learner()
    expect((await get('/workbook/no-such-exercise', { token })).status).toBe(404)
  })
})

describe('saving an answer', () => {
  it('redirects a plain post to the next block, which now appears', async () => {
    const { token } = await learner()
    const res = await postForm(ANSWER, { answer: 'Walking by the canal', version: '0' }, { token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/workbook/ex-one#b-c2')
    const html = await (await get('/workbook/ex-one', { token })).text()
    expect(html).toContain('Walking by the canal')
    expect(html).toContain('A bridge between questions.')
    expect(html).toContain('Which season suits you?')
  })

  it('answers an HTMX post with the saved block, the blocks it opens, focus and a status', async () => {
    const { token } = await learner()
    const res = await postForm(
      ANSWER,
      { answer: 'Reading in the park', version: '0' },
      { token, headers: HTMX },
    )
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    expect(html).not.toContain('<html')
    const fragment = dom(html)
    expect(text(one(fragment, '#b-first'))).toContain('Reading in the park')
    const next = one(fragment, '#b-c2')
    expect(next.classList.contains('dt-block--content')).toBe(true)
    expect(next.getAttribute('tabindex')).toBe('-1')
    expect(next.hasAttribute('autofocus')).toBe(true)
    expect(all(fragment, '[autofocus]')).toHaveLength(1)
    expect(one(fragment, '#b-pick')).toBeTruthy()
    const status = one(fragment, '#dt-status')
    expect(status.getAttribute('hx-swap-oob')).toBe('innerHTML')
    expect(text(status)).toBe('Saved.')
  })

  it('focuses the next question itself when no content comes between', async () => {
    const { token } = await learner()
    await postForm(ANSWER, { answer: 'One', version: '0' }, { token })
    await postForm(
      '/workbook/ex-one/answers/ex-one.pick',
      { answer: 'Autumn', version: '0' },
      { token },
    )
    const res = await postForm(
      '/workbook/ex-two/answers/ex-two.many',
      { answer: 'Maps', version: '0' },
      { token, headers: HTMX },
    )
    const html = await res.text()
    const focused = all(dom(html), '[autofocus]')
    expect(focused).toHaveLength(1)
    expect(focused[0]!.id).toBe('f-scale')
    expect(focused[0]!.getAttribute('name')).toBe('answer')
    expect(focused[0]!.getAttribute('type')).toBe('radio')
    expect(focused[0]!.getAttribute('value')).toBe('1')
    expect(html.match(/autofocus/g)).toHaveLength(1)
  })

  it('rejects an empty answer with 422, an error summary and an Error: title', async () => {
    const { token } = await learner()
    const res = await postForm(ANSWER, { answer: '   ', version: '0' }, { token })
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(titleOf(html)).toBe('Error: Exercise one – DreamTree')
    expect(text(one(dom(html), '#error-summary h2'))).toBe('There is a problem')
    const links = summaryLinks(html)
    expect(links).toHaveLength(1)
    expect(links[0]![0]).toBe('#f-first')
    expect(links[0]![1]).toMatch(/^Write an answer to continue\./)
    expect(one(dom(html), '#f-first').tagName).toBe('TEXTAREA')
  })

  it('keeps the typed text when an answer is too long', async () => {
    const { token } = await learner()
    const typed = 'This answer is a good deal longer than fifty characters allow.'
    const res = await postForm(ANSWER, { answer: typed, version: '0' }, { token })
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(html).toContain('Your answer must be 50 characters or fewer. It is 62 now')
    expect(textareaValue(html)).toBe(typed)
  })

  it('answers an invalid HTMX post with the block alone, its own error summary and the text kept', async () => {
    const { token } = await learner()
    const typed = 'x'.repeat(60)
    const res = await postForm(ANSWER, { answer: typed, version: '0' }, { token, headers: HTMX })
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(html).not.toContain('<html')
    expect(fragmentTitle(html)).toBe('Error: Exercise one – DreamTree')
    const block = firstElement(html)
    expect(block.tagName).toBe('LI')
    expect(block.id).toBe('b-first')
    expect(block.classList.contains('dt-block--question')).toBe(true)
    expect(text(one(block, '#error-summary'))).toContain('There is a problem')
    expect(textareaValue(html)).toBe(typed)
  })

  it('validates each kind: checkboxes, slider, optional select and a tool in plain text', async () => {
    const { token } = await learner()
    await postForm(ANSWER, { answer: 'One', version: '0' }, { token })
    await postForm(
      '/workbook/ex-one/answers/ex-one.pick',
      { answer: 'Autumn', version: '0' },
      { token },
    )
    const base = '/workbook/ex-two/answers/ex-two.'
    expect((await postForm(`${base}many`, [['version', '0']], { token })).status).toBe(422)
    expect(
      (
        await postForm(
          `${base}many`,
          [
            ['answer', 'Knitting'],
            ['version', '0'],
          ],
          { token },
        )
      ).status,
    ).toBe(422)
    expect(
      (
        await postForm(
          `${base}many`,
          [
            ['answer', 'Maps'],
            ['answer', 'Numbers'],
            ['version', '0'],
          ],
          { token },
        )
      ).status,
    ).toBe(303)
    expect((await postForm(`${base}scale`, { answer: '9', version: '0' }, { token })).status).toBe(
      422,
    )
    expect((await postForm(`${base}scale`, { answer: '4', version: '0' }, { token })).status).toBe(
      303,
    )
    expect(
      (await postForm(`${base}choice`, { answer: 'Purple', version: '0' }, { token })).status,
    ).toBe(422)
    expect((await postForm(`${base}choice`, { answer: '', version: '0' }, { token })).status).toBe(
      303,
    )
    const html = await (await get('/workbook/ex-two', { token })).text()
    const many = one(dom(html), '#b-many')
    expect(all(many, '.dt-answer__list li').map(text)).toEqual(['Maps', 'Numbers'])
    expect(html).toContain('4 out of 5')
    expect(html).toContain('You left this blank.')
    expect(html).toContain('Plain-text version.')
  })
})

describe('when the database fails mid-save', () => {
  it('writes nothing at whichever statement it fails, and answers with the calm error page', async () => {
    const { email, token } = await learner()
    const userId = (await userIdFor(email))!
    // Batches: the session (0), the placement (1), then the save itself (2): answer, two
    // revisions and the read-back.
    for (let statement = 0; statement < 4; statement++) {
      const failing = { ...env, DB: failingAt(env.DB, { batch: 2, statement }) }
      const res = await postForm(
        ANSWER,
        { answer: 'Never half saved', version: '0' },
        { token, env: failing },
      )
      expect(res.status, `statement ${statement}`).toBe(500)
      expect(await res.text()).toContain('Sorry, something went wrong')
      expect(await answerRow(userId, 'ex-one.first'), `statement ${statement}`).toBeNull()
      expect(await revisions(userId, 'ex-one.first'), `statement ${statement}`).toEqual([])
    }
    // The same save, with nothing failing, goes through.
    const ok = await postForm(ANSWER, { answer: 'Saved whole', version: '0' }, { token })
    expect(ok.status).toBe(303)
    expect(await revisions(userId, 'ex-one.first')).toHaveLength(1)
  })
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
    await postForm(ANSWER, { answer: 'One', version: '0' }, { token })
    await postForm(
      '/workbook/ex-one/answers/ex-one.pick',
      { answer: 'Autumn', version: '0' },
      { token },
    )
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

describe('editing and conflicts', () => {
  it('edits an earlier answer in place and keeps a revision of each version', async () => {
    const { email, token } = await learner()
    await postForm(ANSWER, { answer: 'First draft', version: '0' }, { token })
    const edit = await get('/workbook/ex-one/answers/ex-one.first/edit', { token })
    const editHtml = await edit.text()
    expect(edit.status).toBe(200)
    expect(textareaValue(editHtml)).toBe('First draft')
    expect(versionField(editHtml)).toBe('1')
    const fragment = await get('/workbook/ex-one/answers/ex-one.first/edit', {
      token,
      headers: HTMX,
    })
    expect(await fragment.text()).not.toContain('<html')
    const res = await postForm(ANSWER, { answer: 'Second draft', version: '1' }, { token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/workbook/ex-one#b-first')
    const userId = (await userIdFor(email))!
    expect((await answerRow(userId, 'ex-one.first'))!.version).toBe(2)
    const kept = await revisions(userId, 'ex-one.first')
    expect(kept.map(({ version, kind }) => ({ version, kind }))).toEqual([
      { version: 1, kind: 'saved' },
      { version: 2, kind: 'saved' },
    ])
  })

  it('never lets a stale save overwrite: both texts shown after a redirect, flagged like an error, and both kept', async () => {
    const { email, token } = await learner()
    await postForm(ANSWER, { answer: 'Tab one text', version: '0' }, { token })
    await postForm(ANSWER, { answer: 'Tab two text', version: '1' }, { token })
    const stale = await postForm(ANSWER, { answer: 'Stale tab text', version: '1' }, { token })
    // Without JavaScript the conflict is a page of its own, behind a redirect: a reload is a GET.
    expect(stale.status).toBe(303)
    const location = stale.headers.get('Location')!
    expect(location).toMatch(
      /^\/workbook\/ex-one\/answers\/ex-one\.first\/conflict\/\d+#error-summary$/,
    )
    const page = await get(location.split('#')[0]!, { token })
    const html = await page.text()
    expect(page.status).toBe(200)
    expect(titleOf(html)).toBe('Error: Exercise one – DreamTree')
    const summary = one(dom(html), '#error-summary')
    expect(summary.hasAttribute('autofocus')).toBe(true)
    expect(summaryLinks(html)).toEqual([['#f-first', CONFLICT_MESSAGE]])
    expect(html).toContain('This answer changed somewhere else')
    expect(html).toContain('Tab two text')
    expect(textareaValue(html)).toBe('Stale tab text')
    expect(versionField(html)).toBe('2')
    const userId = (await userIdFor(email))!
    expect((await answerRow(userId, 'ex-one.first'))!.version).toBe(2)
    const conflicts = (await revisions(userId, 'ex-one.first')).filter((r) => r.kind === 'conflict')
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]!.version).toBe(1)
    // Choosing "Keep my version" posts against the newer version and wins.
    const keep = await postForm(ANSWER, { answer: 'Stale tab text', version: '2' }, { token })
    expect(keep.status).toBe(303)
    expect((await answerRow(userId, 'ex-one.first'))!.version).toBe(3)
    // Chosen about: the conflict page now leads back to the answer.
    const after = await get(location.split('#')[0]!, { token })
    expect(after.status).toBe(303)
    expect(after.headers.get('Location')).toBe('/workbook/ex-one#b-first')
  })

  it('answers an htmx conflict in place, with both texts, status 409', async () => {
    const { token } = await learner()
    await postForm(ANSWER, { answer: 'From tab A', version: '0' }, { token })
    const res = await postForm(
      ANSWER,
      { answer: 'From tab B', version: '0' },
      { token, headers: HTMX },
    )
    const html = await res.text()
    expect(res.status).toBe(409)
    expect(fragmentTitle(html)).toBe('Error: Exercise one – DreamTree')
    expect(firstElement(html).id).toBe('b-first')
    expect(html).toContain('From tab A')
    expect(textareaValue(html)).toBe('From tab B')
  })

  it('treats a second first answer from another tab as a conflict too', async () => {
    const { token } = await learner()
    await postForm(ANSWER, { answer: 'From tab A', version: '0' }, { token })
    const res = await postForm(ANSWER, { answer: 'From tab B', version: '0' }, { token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toMatch(/\/conflict\/\d+#error-summary$/)
  })

  it("shows no one else's conflict, and none that does not exist", async () => {
    const a = await learner()
    const b = await learner()
    await postForm(ANSWER, { answer: 'A one', version: '0' }, { token: a.token })
    const stale = await postForm(ANSWER, { answer: 'A stale', version: '0' }, { token: a.token })
    const path = stale.headers.get('Location')!.split('#')[0]!
    expect((await get(path, { token: b.token })).status).toBe(404)
    expect((await get(path.replace(/\d+$/, '999999'), { token: a.token })).status).toBe(404)
    expect((await get(path.replace(/\d+$/, 'abc'), { token: a.token })).status).toBe(404)
  })
})

describe('privacy and access', () => {
  it('stores answers only as ciphertext', async () => {
    const { token } = await learner()
    const sentence = 'My secret plan is to open a bicycle repair cafe'
    await postForm(ANSWER, { answer: sentence.slice(0, 48), version: '0' }, { token })
    const dump = await wholeDatabaseText()
    expect(dump).not.toContain('bicycle repair')
    expect(dump).toContain('"placement_id":"ex-one.first"')
  })

  it('binds each ciphertext to its owner and placement', async () => {
    const { email, token } = await learner()
    await postForm(ANSWER, { answer: 'Bound text', version: '0' }, { token })
    const userId = (await userIdFor(email))!
    const row = (await answerRow(userId, 'ex-one.first'))!
    const wrongKey = await importDataKey(crypto.getRandomValues(new Uint8Array(32)))
    await expect(
      decryptText(wrongKey, row.body_ct, `answer:${userId}:ex-one.first`),
    ).rejects.toThrow()
  })

  it("never shows or changes another learner's answers", async () => {
    const a = await learner()
    const b = await learner()
    await postForm(ANSWER, { answer: 'Only A wrote this', version: '0' }, { token: a.token })
    const page = await (await get('/workbook/ex-one', { token: b.token })).text()
    expect(page).not.toContain('Only A wrote this')
    const edit = await get('/workbook/ex-one/answers/ex-one.first/edit', { token: b.token })
    expect(edit.status).toBe(404)
    await postForm(ANSWER, { answer: 'B writes here', version: '1' }, { token: b.token })
    const aId = (await userIdFor(a.email))!
    const aRow = (await answerRow(aId, 'ex-one.first'))!
    expect(aRow.version).toBe(1)
    const again = await (await get('/workbook/ex-one', { token: a.token })).text()
    expect(again).toContain('Only A wrote this')
    expect(again).not.toContain('B writes here')
  })

  it('answers 404 for a placement that is not in the exercise, or not answerable', async () => {
    const { token } = await learner()
    expect(
      (
        await postForm(
          '/workbook/ex-one/answers/ex-two.many',
          { answer: 'x', version: '0' },
          { token },
        )
      ).status,
    ).toBe(404)
    expect(
      (
        await postForm(
          '/workbook/ex-one/answers/ex-one.c1',
          { answer: 'x', version: '0' },
          { token },
        )
      ).status,
    ).toBe(404)
    expect((await get('/workbook/ex-one/answers/nothing/edit', { token })).status).toBe(404)
  })
})

describe('walking the workbook', () => {
  it('walks across exercises and modules, and the contents page follows', async () => {
    const { token } = await learner()
    const locked = await (await get('/workbook/ex-three', { token })).text()
    expect(locked).toContain('opens once you reach it')
    expect(locked).toContain('href="/workbook/ex-one"')

    await postForm(ANSWER, { answer: 'Done one', version: '0' }, { token })
    const last = await postForm(
      '/workbook/ex-one/answers/ex-one.pick',
      { answer: 'Spring', version: '0' },
      { token },
    )
    expect(last.headers.get('Location')).toBe('/workbook/ex-one#b-c3')
    const end = await (await get('/workbook/ex-one', { token })).text()
    expect(end).toContain('You have finished this exercise')
    expect(end).toContain('Well done on exercise one.')
    expect(end).toContain('href="/workbook/ex-two"')
    expect(end).not.toContain('This starts a new module')

    expect((await get('/workbook', { token })).headers.get('Location')).toBe('/workbook/ex-two')
    await postForm(
      '/workbook/ex-two/answers/ex-two.many',
      [
        ['answer', 'Music'],
        ['version', '0'],
      ],
      { token },
    )
    await postForm(
      '/workbook/ex-two/answers/ex-two.scale',
      { answer: '2', version: '0' },
      { token },
    )
    await postForm(
      '/workbook/ex-two/answers/ex-two.choice',
      { answer: 'Blue', version: '0' },
      { token },
    )
    await postForm(
      '/workbook/ex-two/answers/ex-two.list',
      { answer: 'Listening\nCooking', version: '0' },
      { token },
    )
    const end2 = await (await get('/workbook/ex-two', { token })).text()
    expect(end2).toContain('This starts a new module: Module two.')

    const contents = await (await get('/workbook/contents', { token })).text()
    const items = all(dom(contents), '.dt-contents-item')
    const item = (title: string) => items.find((i) => text(i).startsWith(title))!
    const one_ = item('Exercise one')
    expect(one_.querySelector('a')?.getAttribute('href')).toBe('/workbook/ex-one')
    expect(text(one(one_, '.dt-tag'))).toBe('Done')
    const three = one(item('Exercise three'), 'a')
    expect(three.getAttribute('href')).toBe('/workbook/ex-three')
    expect(three.getAttribute('aria-current')).toBe('step')
    expect(text(one(item('Exercise three'), '.dt-tag'))).toBe('You are here')
    const four = item('Exercise four')
    expect(four.querySelector('a')).toBeNull()
    expect(text(one(four, '.dt-contents-item__title'))).toBe('Exercise four')
    expect(text(one(four, '.dt-tag'))).toMatch(/^Opens later/)
    expect(contents).not.toContain('%')
  })
})

describe('when the session ends mid-answer', () => {
  it('holds the typed answer in the sign-in form and saves it after signing in', async () => {
    const { email, password, ip } = await learner()
    const typed = 'Words written while the session expired'
    const held = await postForm(ANSWER, { answer: typed, version: '0' }, { ip })
    const html = await held.text()
    expect(held.status).toBe(401)
    expect(html).toContain('Sign in to save your answer')
    const hidden = one(dom(html), 'input[name="answer"]')
    expect(hidden.getAttribute('type')).toBe('hidden')
    expect(hidden.getAttribute('value')).toBe(typed)
    expect(text(one(dom(html), '.dt-held .dt-answer__text'))).toBe(typed)

    const wrong = await postForm(
      ANSWER,
      { answer: typed, version: '0', email, password: 'not my password at all' },
      { ip },
    )
    expect(wrong.status).toBe(422)
    expect(one(dom(await wrong.text()), 'input[name="answer"]').getAttribute('value')).toBe(typed)

    const res = await postForm(ANSWER, { answer: typed, version: '0', email, password }, { ip })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/workbook/ex-one#b-c2')
    expect(res.headers.getSetCookie().join()).toContain('__Host-dt_session=')
    const userId = (await userIdFor(email))!
    expect((await answerRow(userId, 'ex-one.first'))!.version).toBe(1)
  })

  it('keeps the held answer on the page and in the form when signing in is paused', async () => {
    const { email, password } = await learner()
    const ip = uniqueIp()
    await fillRateLimit(LIMITS.signInIp, clientNetwork(ip))
    const typed = 'Words that must survive a pause'
    const res = await postForm(ANSWER, { answer: typed, version: '0', email, password }, { ip })
    const html = await res.text()
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1)
    const page = dom(html)
    expect(text(one(page, '#held-paused'))).toContain('signing in is paused')
    expect(text(one(page, '.dt-held .dt-answer__text'))).toBe(typed)
    expect(one(page, 'form input[name="answer"]').getAttribute('value')).toBe(typed)
  })

  it('answers an HTMX save without a session with the held sign-in form in place of the page', async () => {
    const res = await postForm(
      ANSWER,
      { answer: 'Kept for later', version: '0' },
      { headers: HTMX, ip: uniqueIp() },
    )
    expect(res.headers.get('HX-Retarget')).toBe('#main')
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const html = await res.text()
    expect(html).toContain('Kept for later')
    // The swap brings the page's state with it: its title, focus on its heading, and the
    // signed-out header in place of the one that still says "Sign out".
    expect(fragmentTitle(html)).toBe('Sign in to save your answer – DreamTree')
    const heading = one(dom(html), 'h1')
    expect(heading.getAttribute('tabindex')).toBe('-1')
    expect(heading.hasAttribute('autofocus')).toBe(true)
    const nav = one(dom(html), '#dt-nav')
    expect(nav.getAttribute('hx-swap-oob')).toBe('outerHTML')
    expect(all(nav, 'a').map(text)).toEqual(['Sign in', 'Create an account'])
    expect(html).toContain('Your session ended. Sign in to save your answer.')
  })
})
