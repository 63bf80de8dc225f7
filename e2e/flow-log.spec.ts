import { expect, type Page } from '@playwright/test'
import {
  answerCurrent,
  expectNoAxeViolations,
  reachExercise,
  settled,
  signUp,
  test,
  uniqueEmail,
} from './helpers'

const tool = (page: Page) => page.locator('#b-entries')
const newEntry = (page: Page) =>
  tool(page).getByRole('group', { name: /^(Your first|Add another) entry$/ })

/** Chooses a level by keyboard: focus its radio, then Space. */
async function choose(page: Page, group: string, level: string) {
  const radio = newEntry(page)
    .getByRole('group', { name: group })
    .getByRole('radio', { name: level })
  await radio.focus()
  await page.keyboard.press('Space')
  await expect(radio).toBeChecked()
}

/** Logs one entry by keyboard only, on today's date (the default), and waits for it to show. */
async function logEntry(
  page: Page,
  activity: string,
  energy: string,
  focus: string,
  count: number,
) {
  await settled(page)
  await newEntry(page).getByLabel('What were you doing?').focus()
  await page.keyboard.type(activity)
  await choose(page, 'How did your energy feel?', energy)
  await choose(page, 'How absorbed were you?', focus)
  await newEntry(page).getByRole('button', { name: 'Add entry' }).focus()
  await page.keyboard.press('Enter')
  await expect(tool(page).locator('.dt-flow-entry')).toHaveCount(count)
  await expect(tool(page).locator('.dt-flow-entry').first()).toContainText(activity)
  await expect(newEntry(page).getByLabel('What were you doing?')).toBeFocused()
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the flow log with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('logs three entries by keyboard, marks the high-flow one, and shows the chart’s table', async ({
      page,
    }) => {
      test.setTimeout(120_000)
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'flow-js' : 'flow-nojs'))
      await reachExercise(page, 'flow-log')
      await answerCurrent(page, /lost track of time/, 'Rebuilding a bike wheel.')
      await answerCurrent(page, /feel like from the inside/, 'Quiet and very awake.')
      await expect(
        tool(page).getByRole('heading', { level: 2, name: /What were you doing each time/ }),
      ).toBeVisible()
      await expect(tool(page)).toContainText('Nothing logged yet.')
      const today = await newEntry(page).getByLabel('Day').inputValue()
      expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // The error state: Add entry with nothing written.
      await settled(page)
      await newEntry(page).getByRole('button', { name: 'Add entry' }).focus()
      await page.keyboard.press('Enter')
      const summary = page.locator('.dt-error-summary')
      await expect(summary).toContainText('Write what you were doing')
      await expect(newEntry(page).locator('#entries-activity-error')).toContainText(
        'Write what you were doing',
      )
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      await logEntry(page, 'Filling in benefit forms', 'low (−1)', 'distracted (2)', 1)
      await logEntry(page, 'Teaching my niece to solder', 'energized (+2)', 'absorbed (5)', 2)
      await logEntry(page, 'Sorting the recycling', 'steady (0)', 'focused (4)', 3)
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText(
          `Added ${today}, “Sorting the recycling”. Your log has 3 entries.`,
        )
      }

      // Newest first; only the high-flow entry is marked, in words.
      const entries = tool(page).locator('.dt-flow-entry')
      await expect(entries.nth(0)).toContainText('Sorting the recycling')
      await expect(entries.nth(1)).toContainText('Teaching my niece to solder')
      await expect(entries.nth(1)).toContainText('High flow')
      await expect(entries.nth(0)).not.toContainText('High flow')
      await expect(entries.nth(2)).not.toContainText('High flow')
      await expect(
        tool(page).locator('.dt-flow-entries').getByText('High flow', { exact: true }),
      ).toHaveCount(1)
      await expect(
        tool(page).getByRole('button', {
          name: `Edit the entry for ${today}, “Teaching my niece to solder”`,
        }),
      ).toBeVisible()

      // The chart, with its text alternative, and its table behind the disclosure.
      await expect(
        tool(page).getByRole('img', { name: 'Energy and focus over time' }),
      ).toBeVisible()
      await tool(page).locator('.dt-chart summary').focus()
      await page.keyboard.press('Enter')
      const table = tool(page).getByRole('table', {
        name: 'Energy and focus by entry, oldest first',
      })
      await expect(table).toBeVisible()
      await expect(table.getByRole('row')).toHaveCount(4)
      await expect(table.getByRole('row').nth(2)).toContainText('Teaching my niece to solder')
      await expect(table.getByRole('row').nth(2)).toContainText('Yes')
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // This log needs five: Save and continue says how many more, calmly.
      await settled(page)
      await tool(page).getByRole('button', { name: 'Save and continue', exact: true }).focus()
      await page.keyboard.press('Enter')
      await expect(summary).toContainText('Add 2 more entries before you continue')
      await expect(tool(page).locator('.dt-flow-entry')).toHaveCount(3)
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
