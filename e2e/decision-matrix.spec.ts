import { expect, type Locator, type Page } from '@playwright/test'
import {
  answerCurrent,
  expectNoAxeViolations,
  reachExercise,
  settled,
  signUp,
  test,
  uniqueEmail,
  typeInto,
  press,
} from './helpers'

/** Chooses a rating from 1 to 5 in one of an option's four rating groups, by keyboard. */
async function rate(page: Page, option: Locator, criterion: string, rating: number) {
  const radio = option
    .getByRole('group', { name: criterion, exact: true })
    .getByRole('radio', { name: String(rating), exact: true })
  await radio.focus()
  await page.keyboard.press('Space')
  await expect(radio).toBeChecked()
}

const CRITERIA = ['Fit with your story', 'Work needs', 'Life needs', 'Unknowns']

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the career options assessment with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('compares two career options by keyboard, fixes a missing rating, and sorts the table', async ({
      page,
    }) => {
      // The assessment is deep in the workbook: reaching it over HTTP takes a while.
      test.setTimeout(120_000)
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'options-js' : 'options-nojs'))
      await reachExercise(page, 'choosing-options')
      await answerCurrent(page, /which option does your gut lean toward/, 'Community nurse')
      const tool = page.locator('#b-matrix')
      await expect(
        tool.getByRole('heading', { name: /How do your top options compare/ }),
      ).toBeVisible()
      await expect(tool).toContainText('5 is the better end')
      const options = tool.locator('.dt-option')
      await expect(options).toHaveCount(2)
      await expect(tool.getByRole('table')).toHaveCount(0)
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // Two options by keyboard, leaving one rating of the second for later.
      await settled(page)
      const [first, second] = [options.nth(0), options.nth(1)]
      await typeInto(page, first.getByLabel('Title', { exact: true }), 'Community nurse')
      await typeInto(page, first.getByLabel(/What it is/), 'Visiting patients at home.')
      for (const [i, c] of CRITERIA.entries()) await rate(page, first, c, [5, 3, 2, 3][i]!)
      await typeInto(page, first.getByLabel(/Notes/), 'Ask about the night rota.')
      await typeInto(page, second.getByLabel('Title', { exact: true }), 'Market stall')
      for (const [i, c] of CRITERIA.slice(0, 3).entries())
        await rate(page, second, c, [3, 2, 5][i]!)
      await press(tool.getByRole('button', { name: 'Save and continue', exact: true }))

      // The error names the option and the rating, and links to it; nothing typed is lost.
      const summary = page.locator('#error-summary')
      await expect(summary).toBeFocused()
      await expect(summary).toContainText('Rate “Market stall” on unknowns before you continue')
      await expect(summary.getByRole('link')).toHaveAttribute('href', '#matrix-unknowns-o2')
      await expect(first.getByLabel('Title', { exact: true })).toHaveValue('Community nurse')
      await expect(first.getByLabel(/Notes/)).toHaveValue('Ask about the night rota.')
      await expect(
        second.getByRole('group', { name: 'Life needs' }).getByRole('radio', { name: '5' }),
      ).toBeChecked()
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // Rate what was missing, then Enter in a field saves.
      await rate(page, second, 'Unknowns', 1)
      await second.getByLabel('Title', { exact: true }).focus()
      await page.keyboard.press('Enter')
      await settled(page)
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText('Your changes are saved.')
        await expect(tool.getByRole('button', { name: 'Add another option' })).toBeFocused()
      } else {
        await expect(page).toHaveURL(/#matrix-add$/)
      }

      // Side by side, in the order added; then sorted by life needs through a plain link.
      const table = tool.getByRole('table')
      await expect(table.locator('caption')).toContainText('in the order you added them')
      await expect(table.getByRole('rowheader')).toHaveText(['Community nurse', 'Market stall'])
      await press(table.getByRole('link', { name: /^Sort by Life needs\s*\(highest first\)$/ }))
      await expect(page).toHaveURL(/\?sort=life&options=matrix#matrix-compare$/)
      await expect(table.locator('caption')).toContainText('sorted by life needs, highest first')
      await expect(table.getByRole('rowheader')).toHaveText(['Market stall', 'Community nurse'])
      await expect(table.getByRole('columnheader', { name: /Life needs/ })).toHaveAttribute(
        'aria-sort',
        'descending',
      )
      await expect(table.locator('[aria-sort]')).toHaveCount(1)
      await expect(table.getByRole('row', { name: /Market stall/ })).toContainText('5')
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      // And by fit with the learner's story.
      await press(
        table.getByRole('link', { name: /^Sort by Fit with your story\s*\(highest first\)$/ }),
      )
      await expect(table.getByRole('rowheader')).toHaveText(['Community nurse', 'Market stall'])
      await expect(
        table.getByRole('columnheader', { name: /Fit with your story/ }),
      ).toHaveAttribute('aria-sort', 'descending')

      // Save and continue: the options become a summary in plain words and the thread moves on.
      await press(tool.getByRole('button', { name: 'Save and continue', exact: true }))
      await expect(tool).toContainText(
        'Market stall, out of 5: fit with your story 3, work needs 2, life needs 5, unknowns 1',
      )
      await expect(tool).toContainText('Notes: Ask about the night rota.')
      await expect(
        page.getByLabel(/How do your ratings compare with your gut choice/),
      ).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
