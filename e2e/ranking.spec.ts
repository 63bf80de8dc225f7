import { expect, type Page } from '@playwright/test'
import {
  answerCurrent,
  buildList,
  expectNoAxeViolations,
  reachExercise,
  signUp,
  test,
  uniqueEmail,
} from './helpers'

const VALUES = ['Fairness', 'Learning', 'Security', 'Independence', 'Craft']
/** The learner's real order, most important first. */
const TRUTH = ['Learning', 'Craft', 'Fairness', 'Independence', 'Security']

/** Lets a swap settle, so its own focus move is over before the next key. */
const settled = (page: Page) =>
  expect(page.locator('.htmx-request, .htmx-settling, .htmx-added')).toHaveCount(0)

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the ranking with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('ranks the values from the list above by comparisons, then by hand', async ({ page }) => {
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'rank-js' : 'rank-nojs'))
      await reachExercise(page, 'work-values')
      await answerCurrent(page, /felt proud or fully yourself/, 'Teaching a new colleague.')
      await answerCurrent(page, /something felt wrong/, 'A rushed launch.')
      await buildList(page, 'work value', VALUES)
      await settled(page)
      await page.getByRole('button', { name: 'Save and continue', exact: true }).focus()
      await page.keyboard.press('Enter')

      const ranking = page.locator('#b-top-values')
      const note = ranking.locator('[data-use="prefill"]')
      await expect(note).toHaveText(
        'This starts from your list in What matters to you at work. Change anything you like: nothing here is saved until you choose a button.',
      )
      await expect(note.getByRole('link')).toHaveAttribute(
        'href',
        '/workbook/work-values#b-value-list',
      )
      for (const [i, value] of VALUES.entries()) {
        await expect(ranking.getByLabel(`Work value ${i + 1}`, { exact: true })).toHaveValue(value)
      }

      // An error state: finishing before the values are in order.
      await settled(page)
      await ranking.getByRole('button', { name: 'Save and continue', exact: true }).focus()
      await page.keyboard.press('Enter')
      await expect(page.locator('.dt-error-summary')).toContainText(
        'Put your work values in order first',
      )
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      await settled(page)
      await ranking.getByRole('button', { name: 'Start putting them in order' }).focus()
      await page.keyboard.press('Enter')

      const question = ranking.getByRole('group', { name: 'Which matters more to you?' })
      const order = ranking.getByRole('group', { name: 'Your order, most important first' })
      for (let n = 1; ; n++) {
        await expect(question.getByText(`Question ${n}.`).or(order)).toBeVisible()
        if (await order.isVisible()) break
        expect(n).toBeLessThanOrEqual(8)
        const [first, second] = await question.getByRole('button').all()
        await expect(first!).toBeFocused()
        if (n === 2 && javaScriptEnabled) await expectNoAxeViolations(page)
        const a = (await first!.textContent())!.trim()
        const b = (await second!.textContent())!.trim()
        await settled(page)
        if (TRUTH.indexOf(b) < TRUTH.indexOf(a)) {
          await page.keyboard.press('Tab')
          await expect(second!).toBeFocused()
        }
        await page.keyboard.press('Enter')
      }

      const shown = order.locator('.dt-ranking-order__text')
      await expect(shown).toHaveText(TRUTH)
      await expect(order.getByRole('list')).toBeFocused()
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // By hand: Independence up above Fairness.
      await settled(page)
      await order.getByRole('button', { name: 'Move up “Independence”' }).focus()
      await page.keyboard.press('Enter')
      await expect(shown).toHaveText(['Learning', 'Craft', 'Independence', 'Fairness', 'Security'])
      await expect(order.getByRole('button', { name: 'Move up “Independence”' })).toBeFocused()
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText(
          'Moved “Independence” up. It is now 3 of 5.',
        )
      }

      await settled(page)
      await ranking.getByRole('button', { name: 'Save and continue', exact: true }).focus()
      await page.keyboard.press('Enter')
      await expect(page.getByText('You now have a ranked list of your top five')).toBeVisible()
      const summary = page.locator('#b-top-values .dt-answer__list li')
      await expect(summary).toHaveText([
        '1. Learning',
        '2. Craft',
        '3. Independence',
        '4. Fairness',
        '5. Security',
      ])
    })
  })
}
