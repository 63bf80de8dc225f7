import { expect, type Page } from '@playwright/test'
import { expectNoAxeViolations, reachExercise, settled, signUp, test, uniqueEmail } from './helpers'

const tool = (page: Page) => page.locator('#b-monthly-budget')
const field = (page: Page, name: string) => page.locator(`#monthly-budget-${name}`)

/** Types into a field by keyboard, replacing what is there. */
async function typeInto(page: Page, name: string, text: string) {
  await settled(page)
  await field(page, name).focus()
  await page.keyboard.press('Control+A')
  await page.keyboard.type(text)
}

/** Presses a button of the tool by keyboard. */
async function press(page: Page, name: string) {
  await settled(page)
  await tool(page).getByRole('button', { name, exact: true }).focus()
  await page.keyboard.press('Enter')
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the budget with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('builds a budget by keyboard, reads the hourly figure, and switches currency', async ({
      page,
    }) => {
      test.setTimeout(120_000)
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'bud-js' : 'bud-nojs'))
      await reachExercise(page, 'money-needs')
      await page.goto('/workbook/money-needs')
      await expect(tool(page).getByRole('heading', { level: 2 })).toContainText(
        'What does an ordinary month cost you',
      )
      await expect(tool(page)).toContainText('No expenses yet')
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // A negative amount: refused, the words kept, the summary linking to the field.
      await typeInto(page, 'expense-label', 'Rent')
      await typeInto(page, 'expense-amount', '-5')
      await page.keyboard.press('Enter')
      const summary = page.locator('.dt-error-summary')
      await expect(summary).toContainText('amounts cannot be negative')
      await expect(field(page, 'expense-label')).toHaveValue('Rent')
      await expect(field(page, 'expense-amount')).toHaveAttribute('aria-invalid', 'true')
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // Rent is essential: its box ticked with Space, then added with its button.
      await typeInto(page, 'expense-amount', '1,040')
      await field(page, 'expense-essential').focus()
      await page.keyboard.press('Space')
      await expect(field(page, 'expense-essential')).toBeChecked()
      await press(page, 'Add expense')
      await expect(tool(page)).toContainText('Expense 1: Rent ($1,040.00 a month)')
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toContainText('Added expense “Rent”')
        await expect(field(page, 'expense-label')).toBeFocused()
      }

      // A second, not essential: Enter in the amount adds it too.
      await typeInto(page, 'expense-label', 'Streaming')
      await typeInto(page, 'expense-amount', '15.99')
      await page.keyboard.press('Enter')
      await expect(tool(page)).toContainText('Expense 2: Streaming ($15.99 a month)')

      // An income line, yearly.
      await typeInto(page, 'income-label', 'Salary')
      await typeInto(page, 'income-amount', '30,000')
      await field(page, 'income-period').focus()
      await page.keyboard.press('ArrowDown')
      await expect(field(page, 'income-period')).toHaveValue('year')
      await press(page, 'Add income')
      await expect(tool(page)).toContainText('Income 1: Salary ($30,000.00 a year)')

      // $1,040 a month is $12,480 a year: $6.00 an hour at 2,080 hours.
      const needs = field(page, 'needs')
      await expect(needs).toContainText('$1,040.00 a month, $12,480.00 a year, or $6.00 an hour')
      await expect(needs).toContainText('$1,055.99 a month, $12,671.88 a year, or $6.09 an hour')
      await expect(tool(page)).toContainText('2,080 hours (40 hours a week for 52 weeks)')
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // The currency: pounds, by keyboard; the amounts stay as they are.
      await settled(page)
      await field(page, 'currency').focus()
      await page.keyboard.press('ArrowDown')
      await page.keyboard.press('ArrowDown')
      await expect(field(page, 'currency')).toHaveValue('GBP')
      await press(page, 'Use this currency')
      await expect(needs).toContainText('£1,040.00 a month, £12,480.00 a year, or £6.00 an hour')
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toContainText('pounds sterling (GBP)')
        await expect(field(page, 'currency')).toBeFocused()
      }

      await press(page, 'Save and continue')
      await expect(tool(page)).toContainText('Essential expense: Rent, £1,040.00 a month')
      await expect(tool(page)).toContainText('£6.00 an hour at 2,080 hours a year')
    })
  })
}
