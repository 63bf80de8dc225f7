import { beforeAll, describe, expect, it } from 'vitest'
import { get, postForm, userIdFor } from '../../test/helpers'
import {
  dom,
  firstElement,
  fragmentTitle,
  one,
  summaryLinks,
  text,
  textareaValue,
  titleOf,
  versionField,
} from '../../test/html'
import { answerRow, revisions } from '../../test/sql'
import { ANSWER, HTMX, learner, loadFixtureWorkbook } from '../../test/workbook-fixture'
import { CONFLICT_MESSAGE } from '../../views/workbook/exercise-page'

beforeAll(async () => {
  await loadFixtureWorkbook()
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
