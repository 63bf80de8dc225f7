import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { fillRateLimit, get, postForm, uniqueIp, userIdFor } from '../../test/helpers'
import {
  all,
  dom,
  firstElement,
  fragmentTitle,
  one,
  summaryLinks,
  text,
  textareaValue,
  titleOf,
} from '../../test/html'
import { expectWordsHeld } from '../../test/held'
import { answerRow, failingAt, revisions } from '../../test/sql'
import {
  ANSWER,
  finishExerciseOne,
  HTMX,
  learner,
  loadFixtureWorkbook,
} from '../../test/workbook-fixture'
import { clientNetwork, LIMITS } from '../auth/rate-limit'

beforeAll(async () => {
  await loadFixtureWorkbook()
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
    await finishExerciseOne(token)
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

  it('validates each kind: checkboxes, slider and optional select, then shows the built tool', async () => {
    const { token } = await learner()
    await finishExerciseOne(token)
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
    // The list builder is built: it is the interactive tool, not the plain-text fallback.
    const list = one(dom(html), '#b-list')
    expect(list.querySelector('textarea')).toBeNull()
    expect(one(list, 'label[for="list-new"]').text).toBe('Your first skill')
    expect(html).not.toContain('Plain-text version.')
  })
})

describe('when the database fails mid-save', () => {
  it('writes nothing at whichever statement it fails, and holds the words in a calm page', async () => {
    const { email, token } = await learner()
    const userId = (await userIdFor(email))!
    // Batches: the session (0), the placement (1), then the save itself (2): answer, two
    // revisions and the read-back.
    for (let statement = 0; statement < 4; statement++) {
      const failing = { ...env, DB: failingAt(env.DB, { batch: 2, statement }) }
      const posted = { answer: 'Never half saved', version: '0' }
      const res = await postForm(ANSWER, posted, { token, env: failing })
      await expectWordsHeld(res, { action: ANSWER, posted, words: [posted.answer] })
      expect(await answerRow(userId, 'ex-one.first'), `statement ${statement}`).toBeNull()
      expect(await revisions(userId, 'ex-one.first'), `statement ${statement}`).toEqual([])
    }
    // The same save, with nothing failing, goes through.
    const ok = await postForm(ANSWER, { answer: 'Saved whole', version: '0' }, { token })
    expect(ok.status).toBe(303)
    expect(await revisions(userId, 'ex-one.first')).toHaveLength(1)
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
