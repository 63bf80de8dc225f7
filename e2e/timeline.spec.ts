import { expect, type Locator, type Page } from '@playwright/test'
import {
  answerCurrent,
  expectNoAxeViolations,
  reachExercise,
  settled,
  signUp,
  test,
  uniqueEmail,
} from './helpers'

// The timeline looks forward from the server's year; this machine runs both.
const YEAR = new Date().getUTCFullYear()

/** Types into a field by keyboard, as a learner would. */
async function typeInto(page: Page, field: Locator, words: string) {
  await field.focus()
  await page.keyboard.type(words)
}

/** Picks an option of a select by keyboard: down from the first option, `steps` times. */
async function choose(page: Page, select: Locator, steps: number) {
  await select.focus()
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown')
}

/** Presses a button by keyboard. */
async function press(page: Page, button: Locator) {
  await settled(page)
  await button.focus()
  await button.press('Enter')
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the career timeline with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('adds two milestones by keyboard and sees them in date order', async ({ page }) => {
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'timeline-js' : 'timeline-nojs'))
      await reachExercise(page, 'launch-framework')
      await answerCurrent(page, /building this plan around/, 'Running a repair café')
      await answerCurrent(page, /ordinary day look like/, 'Fixing lamps with neighbors.')
      const tool = page.locator('#b-milestones')
      await expect(
        tool.getByRole('heading', { name: `Your timeline, from ${YEAR} on` }),
      ).toBeVisible()
      await expect(tool).toContainText('No milestones yet')
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // A milestone with no year: a calm error that links to the year, the title kept.
      await settled(page)
      await typeInto(page, tool.getByLabel('Title', { exact: true }), 'Open the café')
      await press(page, tool.getByRole('button', { name: 'Add to the timeline' }))
      const summary = page.locator('#error-summary')
      await expect(summary).toContainText('Enter the year of the milestone')
      await expect(summary.getByRole('link')).toHaveAttribute('href', '#milestones-year')
      await expect(tool.getByLabel('Title', { exact: true })).toHaveValue('Open the café')
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // The later one first: the year, the third quarter, and Work.
      await typeInto(page, tool.getByLabel('Year', { exact: true }), String(YEAR + 2))
      await choose(page, tool.getByLabel('Quarter (optional)'), 3)
      await choose(page, tool.getByLabel('Category', { exact: true }), 1)
      await press(page, tool.getByRole('button', { name: 'Add to the timeline' }))
      await settled(page)
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText(
          `Added “Open the café”, ${YEAR + 2}, July to September. It is 1 of 1 milestone in date order.`,
        )
        await expect(tool.getByLabel('Title', { exact: true })).toBeFocused()
      }
      await expect(tool.getByLabel('Title', { exact: true })).toHaveValue('')

      // Then an earlier one, with Enter in the year field: it goes first.
      await typeInto(page, tool.getByLabel('Title', { exact: true }), 'First aid course')
      await choose(page, tool.getByLabel('Category', { exact: true }), 2)
      await typeInto(page, tool.getByLabel('Description (optional)'), 'Two evenings at the hall.')
      await typeInto(page, tool.getByLabel('Year', { exact: true }), String(YEAR + 1))
      await page.keyboard.press('Enter')
      await settled(page)

      const items = tool.locator('ol.dt-timeline > li')
      await expect(items).toHaveCount(2)
      await expect(items.nth(0).getByRole('heading')).toHaveText(String(YEAR + 1))
      await expect(items.nth(0)).toContainText('First aid course')
      await expect(items.nth(0)).toContainText('Education')
      await expect(items.nth(1).getByRole('heading')).toHaveText(`${YEAR + 2}, July to September`)
      await expect(items.nth(1)).toContainText('Open the café')
      await expect(tool.getByRole('button', { name: 'Change “Open the café”' })).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      await press(page, tool.getByRole('button', { name: 'Save and continue', exact: true }))
      await expect(tool).toContainText(
        `${YEAR + 1} (education): First aid course. Two evenings at the hall.`,
      )
      await expect(tool).toContainText(`${YEAR + 2}, July to September (work): Open the café`)
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
