import { expect, type Page } from '@playwright/test'
import { expectNoAxeViolations, reachExercise, settled, signUp, test, uniqueEmail } from './helpers'

/** The areas the seed's life balance scores (seed/content/health.yaml), in order. */
const AREAS = [
  'Paid work or study',
  'Money',
  'Health and body',
  'Rest and sleep',
  'Family and close relationships',
  'Friends and community',
  'Learning and growth',
  'Play and creativity',
  'Home and surroundings',
  'Purpose and contribution',
]

const tool = (page: Page) => page.locator('#b-balance')

/** Scores one area by keyboard: focus its select (not scored yet), then down to the score. */
async function score(page: Page, area: string, n: number) {
  const select = tool(page).getByLabel(area, { exact: true })
  await select.focus()
  for (let i = 0; i < n; i++) await page.keyboard.press('ArrowDown')
  await expect(select).toHaveValue(String(n))
}

/** Presses a button of the tool by keyboard, and waits for what it brought. */
async function press(page: Page, name: string) {
  await settled(page)
  await tool(page).getByRole('button', { name, exact: true }).focus()
  await page.keyboard.press('Enter')
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the life balance with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('scores every area twice by keyboard and sees both rounds side by side', async ({
      page,
    }) => {
      test.setTimeout(120_000)
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'lb-js' : 'lb-nojs'))
      await reachExercise(page, 'daily-routines')
      await page.getByLabel(/Walk through a typical weekday/).focus()
      await page.keyboard.type('Up at six, the bus, a long shift, dinner, bed.')
      await page.getByRole('button', { name: 'Save and continue' }).focus()
      await page.keyboard.press('Enter')
      await expect(tool(page).getByRole('combobox')).toHaveCount(AREAS.length)
      await expect(tool(page).getByRole('img')).toHaveCount(0)
      await expect(
        tool(page).getByRole('group', { name: 'Round 1, dated when you first save it' }),
      ).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // Three areas, then Save and continue: the error names the first unscored one.
      for (const [i, area] of AREAS.slice(0, 3).entries()) await score(page, area, i + 4)
      await press(page, 'Save and continue')
      const summary = page.locator('.dt-error-summary')
      await expect(summary).toContainText(
        'Choose a score for “Rest and sleep” before you continue: 7 areas still need a score',
      )
      await expect(tool(page).getByLabel('Money', { exact: true })).toHaveValue('5')
      if (javaScriptEnabled) {
        await expect(summary).toBeFocused()
        await expectNoAxeViolations(page)
      }
      await summary.getByRole('link').focus()
      await page.keyboard.press('Enter')
      const rest = tool(page).getByLabel('Rest and sleep', { exact: true })
      if (javaScriptEnabled) await expect(rest).toBeFocused()
      else await expect(page).toHaveURL(/#balance-score-4$/)

      // The rest of round 1, a note, and save: the chart shows it, dated.
      for (const area of AREAS.slice(3)) await score(page, area, 3)
      await tool(page).getByLabel('Notes for this round').focus()
      await page.keyboard.type('Too many late shifts.')
      await press(page, 'Save my scores')
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText(
          'Your scores are saved. You have scored all 10 areas.',
        )
      }
      const chart = tool(page).getByRole('img', { name: 'Your life balance' })
      await expect(chart).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // A new round: round 1 is kept, dated, and round 2 starts empty.
      await press(page, 'Start a new round')
      await expect(tool(page).getByRole('group', { name: /^Round 2, started / })).toBeVisible()
      await expect(tool(page).getByLabel('Money', { exact: true })).toHaveValue('')
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText(
          'Round 2 is started, dated today. Your earlier round is kept.',
        )
        await expect(tool(page).getByLabel(AREAS[0]!, { exact: true })).toBeFocused()
      }
      await expect(tool(page).getByRole('region', { name: 'Your earlier rounds' })).toContainText(
        /Round 1, started .*: Paid work or study 4, Money 5, Health and body 6, Rest and sleep 3/,
      )
      await expect(tool(page)).toContainText('Notes: Too many late shifts.')
      for (const area of AREAS) await score(page, area, 7)
      await press(page, 'Save my scores')

      // Both rounds side by side, in the chart and its table.
      await expect(
        tool(page).getByRole('img', { name: 'Your life balance, then and now' }),
      ).toBeVisible()
      await settled(page)
      await tool(page).getByText('Show the numbers as a table').focus()
      await page.keyboard.press('Enter')
      const table = tool(page).getByRole('table')
      await expect(table.getByRole('columnheader')).toHaveText(['Area', /^Round 1, /, /^Round 2, /])
      await expect(table.getByRole('row', { name: /Money/ }).getByRole('cell')).toHaveText([
        '5',
        '7',
      ])
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // Finished: the latest round in plain words, beside the one before it.
      await press(page, 'Save and continue')
      await expect(tool(page)).toContainText('Money: 7 of 10 (was 5)')
      await expect(
        page.getByLabel(/Which part of your days do you most want to protect/),
      ).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
