import { beforeAll, describe, expect, it } from 'vitest'
import { get, postForm, userIdFor } from '../../test/helpers'
import { one, text } from '../../test/html'
import { answerRow, wholeDatabaseText } from '../../test/sql'
import { ANSWER, learner, loadFixtureWorkbook } from '../../test/workbook-fixture'
import { decryptText, importDataKey } from '../auth/keys'

beforeAll(async () => {
  await loadFixtureWorkbook()
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
