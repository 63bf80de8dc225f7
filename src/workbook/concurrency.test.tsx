/**
 * Concurrency (issue 13 §2): saves of one answer sent all at once, through the app, against
 * real local D1. What this proves:
 * - twenty saves from the same base version, sent together, overlap in the database (they are
 *   really in flight at once), and exactly one wins; the other nineteen get the conflict answer
 *   (a 303 to their own conflict page without JavaScript, a 409 in place with htmx), and nothing
 *   typed is lost: the revisions hold all twenty texts, one saved and nineteen conflicts, and
 *   the answer holds the winner's text at version 1;
 * - two learners racing on the same placement at once never see or store each other's text;
 * - one submission sent five times at once (a double-click, a retry) saves once, and every one
 *   of the five is answered as saved.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { get, postForm, userIdFor } from '../../test/helpers'
import { textareaValue } from '../../test/html'
import { answerRow, revisions, watchingBatches } from '../../test/sql'
import {
  openedRevisions,
  RACERS,
  statusCounts,
  submissionId,
  type OpenedRevision,
} from '../../test/concurrency'
import { ANSWER, HTMX, learner, loadFixtureWorkbook } from '../../test/workbook-fixture'

const PLACEMENT = 'ex-one.first'
/** Where a first answer to the fixture's first question sends the learner: the next block (a content block). */
const SAVED_LOCATION = '/workbook/ex-one#b-c2'
const CONFLICT_LOCATION =
  /^\/workbook\/ex-one\/answers\/ex-one\.first\/conflict\/\d+#error-summary$/

beforeAll(async () => {
  await loadFixtureWorkbook()
})

/** Twenty different texts (the question takes at most 50 characters). */
const textsOf = (who: string) =>
  Array.from({ length: RACERS }, (_, i) => `${who} draft ${String(i + 1).padStart(2, '0')}`)

/** A new learner with their user id. */
async function racer() {
  const who = await learner()
  return { ...who, userId: (await userIdFor(who.email))! }
}

/** One first-answer save of `text`, from version 0, with a submission id of its own. */
function firstSave(token: string, text: string, opts: { htmx: boolean; db?: D1Database }) {
  return postForm(
    ANSWER,
    { answer: text, version: '0', submission: submissionId() },
    { token, headers: opts.htmx ? HTMX : undefined, env: opts.db ? { ...env, DB: opts.db } : env },
  )
}

/**
 * What the race left: the one winner's index, and the answer and revisions as stored and as the
 * learner's export opens them, checked against the twenty texts that were sent.
 */
async function expectOneWinnerAllKept(
  who: { token: string; userId: string },
  texts: string[],
  winner: number,
) {
  const answer = await answerRow(who.userId, PLACEMENT)
  expect(answer?.version).toBe(1)
  const stored = await revisions(who.userId, PLACEMENT)
  expect(stored.map((r) => `${r.kind} ${r.version}`).sort()).toEqual([
    ...Array.from({ length: RACERS - 1 }, () => 'conflict 0'),
    'saved 1',
  ])
  const opened = await openedRevisions(who.token, PLACEMENT)
  const byKind = (kind: string) =>
    opened
      .filter((r: OpenedRevision) => r.kind === kind)
      .map((r) => r.value)
      .sort()
  expect(byKind('saved')).toEqual([texts[winner]])
  expect(byKind('conflict')).toEqual(texts.filter((_, i) => i !== winner).sort())
  // The answer's own ciphertext is the saved revision's: the winner's text is the answer.
  expect(stored.find((r) => r.kind === 'saved')!.body_ct).toBe(answer!.body_ct)
}

describe('twenty saves of one answer from the same base version', () => {
  it('without JavaScript: one wins, nineteen are sent to their own conflict page, all twenty texts kept', async () => {
    const who = await racer()
    const texts = textsOf('Plain')
    const watch = watchingBatches(env.DB)
    const responses = await Promise.all(
      texts.map((text) => firstSave(who.token, text, { htmx: false, db: watch.db })),
    )
    // They really overlapped: all twenty saves were waiting on the database at the same moment,
    // so each had read the answer (at version 0) before any of them was written.
    expect(watch.maxSavesInFlight()).toBe(RACERS)
    expect(statusCounts(responses)).toEqual({ 303: RACERS })
    const locations = responses.map((r) => r.headers.get('Location')!)
    const winners = locations.flatMap((l, i) => (l === SAVED_LOCATION ? [i] : []))
    expect(winners).toHaveLength(1)
    const winner = winners[0]!
    const losers = locations.filter((_, i) => i !== winner)
    for (const l of losers) expect(l).toMatch(CONFLICT_LOCATION)
    expect(new Set(losers).size).toBe(RACERS - 1)
    await expectOneWinnerAllKept(who, texts, winner)
    // Each loser's conflict page shows its own text to keep, beside the winner's.
    for (const [i, location] of locations.entries()) {
      if (i === winner) continue
      const page = await get(location.split('#')[0]!, { token: who.token })
      const html = await page.text()
      expect(page.status).toBe(200)
      expect(textareaValue(html)).toBe(texts[i])
      expect(html).toContain(texts[winner])
    }
  })

  it('with htmx: one wins, nineteen get a 409 in place with their own text, all twenty kept', async () => {
    const who = await racer()
    const texts = textsOf('Htmx')
    const watch = watchingBatches(env.DB)
    const responses = await Promise.all(
      texts.map((text) => firstSave(who.token, text, { htmx: true, db: watch.db })),
    )
    expect(watch.maxSavesInFlight()).toBe(RACERS)
    expect(statusCounts(responses)).toEqual({ 200: 1, 409: RACERS - 1 })
    const winner = responses.findIndex((r) => r.status === 200)
    const bodies = await Promise.all(responses.map((r) => r.text()))
    for (const [i, html] of bodies.entries()) {
      if (i === winner) continue
      expect(textareaValue(html)).toBe(texts[i])
      expect(html).toContain(texts[winner])
    }
    await expectOneWinnerAllKept(who, texts, winner)
  })
})

describe('two learners saving the same placement at once', () => {
  it('keeps each learner to their own twenty texts, with no cross-talk', async () => {
    const a = await racer()
    const b = await racer()
    const texts = { a: textsOf('Avocet'), b: textsOf('Bittern') }
    // Interleaved: a, b, a, b, … all sent together; half without JavaScript, half with htmx.
    const watch = watchingBatches(env.DB)
    const sends = Array.from({ length: RACERS }, (_, i) => [
      firstSave(a.token, texts.a[i]!, { htmx: i % 2 === 0, db: watch.db }),
      firstSave(b.token, texts.b[i]!, { htmx: i % 2 === 1, db: watch.db }),
    ]).flat()
    const responses = await Promise.all(sends)
    expect(watch.maxSavesInFlight()).toBe(2 * RACERS)
    const mine = (who: 0 | 1) => responses.filter((_, i) => i % 2 === who)
    for (const [who, own, other, list] of [
      [a, texts.a, texts.b, mine(0)],
      [b, texts.b, texts.a, mine(1)],
    ] as const) {
      const winner = list.findIndex(
        (r) => r.status === 200 || r.headers.get('Location') === SAVED_LOCATION,
      )
      expect(winner).toBeGreaterThanOrEqual(0)
      const others = list.filter((_, i) => i !== winner)
      expect(
        others.every((r) => r.status === 409 || CONFLICT_LOCATION.test(r.headers.get('Location')!)),
      ).toBe(true)
      await expectOneWinnerAllKept(who, [...own], winner)
      // Neither's pages show the other's text: the exercise, each conflict page, each 409.
      const pages = [
        await (await get('/workbook/ex-one', { token: who.token })).text(),
        ...(await Promise.all(
          others.map(async (r) =>
            r.status === 409
              ? r.text()
              : (await get(r.headers.get('Location')!.split('#')[0]!, { token: who.token })).text(),
          ),
        )),
      ]
      expect(pages.filter((html) => html.includes(own[winner]!))).toHaveLength(pages.length)
      for (const html of pages) for (const t of other) expect(html).not.toContain(t)
    }
  })
})

describe('one submission sent five times at once', () => {
  it('saves once, answers every one as saved, and keeps one revision', async () => {
    const who = await racer()
    const submission = submissionId()
    const form = { answer: 'Clicked twice, sent five times', version: '0', submission }
    const watch = watchingBatches(env.DB)
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        postForm(ANSWER, form, { token: who.token, env: { ...env, DB: watch.db } }),
      ),
    )
    expect(watch.maxSavesInFlight()).toBe(5)
    expect(responses.map((r) => [r.status, r.headers.get('Location')])).toEqual(
      Array.from({ length: 5 }, () => [303, SAVED_LOCATION]),
    )
    expect((await answerRow(who.userId, PLACEMENT))?.version).toBe(1)
    const opened = await openedRevisions(who.token, PLACEMENT)
    expect(opened).toEqual([{ kind: 'saved', version: 1, value: form.answer }])
  })
})
