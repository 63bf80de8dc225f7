import { expect, type Page } from '@playwright/test'
import {
  answerCurrent,
  expectNoAxeViolations,
  PASSWORD,
  signIn,
  signUp,
  test,
  uniqueEmail,
} from './helpers'

const ANSWER = 'Ünïcødé 🌳 I ran the school book sale.'

/** Signs up and writes one answer, so there is something to delete. */
async function learnerWithAnAnswer(page: Page, tag: string): Promise<string> {
  const email = uniqueEmail(tag)
  await signUp(page, email)
  await page.getByRole('link', { name: 'Continue the workbook' }).click()
  await answerCurrent(page, /Describe three moments/, ANSWER)
  await expect(page.getByText(ANSWER)).toBeVisible()
  return email
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`deleting the account with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('deletes the account after the password and a plain confirmation, then says goodbye', async ({
      page,
    }) => {
      // axe runs in the page's JavaScript, so it checks these pages on the run with it on.
      const axe = () => (javaScriptEnabled ? expectNoAxeViolations(page) : Promise.resolve())
      const email = await learnerWithAnAnswer(page, javaScriptEnabled ? 'del-js' : 'del-nojs')
      await page.getByRole('link', { name: 'Account', exact: true }).click()
      await page.getByRole('link', { name: 'Delete your account' }).click()
      await expect(
        page.getByRole('heading', { level: 1, name: 'Delete your account' }),
      ).toBeVisible()
      await expect(page.getByRole('link', { name: /ZIP file/ })).toHaveAttribute(
        'href',
        '/account/export.zip',
      )
      await axe()

      // A wrong password: the error summary, focused, linked to the field.
      await page.getByLabel('Password').fill('not my password at all')
      await page.getByRole('button', { name: 'Continue' }).click()
      const summary = page.locator('#error-summary')
      await expect(summary).toBeFocused()
      await expect(
        summary.getByRole('link', { name: 'The password is not right' }),
      ).toHaveAttribute('href', '#password')
      await expect(page).toHaveTitle(/^Error: Delete your account/)
      await axe()

      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Continue' }).click()
      await expect(
        page.getByRole('heading', {
          level: 1,
          name: 'Are you sure you want to delete your account?',
        }),
      ).toBeVisible()
      await axe()
      await page.getByRole('button', { name: 'Delete my account and everything in it' }).click()

      await expect(
        page.getByRole('heading', { level: 1, name: 'Your account has been deleted' }),
      ).toBeVisible()
      await expect(page).toHaveURL(/\/goodbye$/)
      await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible()
      await axe()

      // Gone: the account asks for a sign-in, and the old email and password open nothing.
      await page.goto('/account')
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
      await signIn(page, email)
      await expect(
        page.locator('#error-summary').getByText('The email address or password is not right'),
      ).toBeVisible()
    })

    test('keeps the account when the learner changes their mind', async ({ page }) => {
      await learnerWithAnAnswer(page, javaScriptEnabled ? 'keep-js' : 'keep-nojs')
      await page.goto('/account/delete')
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.getByRole('link', { name: 'Keep my account' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
      await page.goto('/workbook')
      await expect(page.getByText(ANSWER)).toBeVisible()
    })
  })
}

test('deletes the account by keyboard alone', async ({ page }) => {
  await learnerWithAnAnswer(page, 'del-keys')
  await page.goto('/account/delete')
  await page.getByLabel('Password').focus()
  await page.keyboard.type(PASSWORD)
  // The password's Show button (added by app.js), then the form's own.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: /^Show/ })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Continue' })).toBeFocused()
  await page.keyboard.press('Enter')
  const heading = page.getByRole('heading', { level: 1, name: /Are you sure/ })
  await expect(heading).toBeVisible()
  // From the last export link, Tab reaches the delete button, then the way back.
  await page.getByRole('link', { name: 'the print view' }).focus()
  await page.keyboard.press('Tab')
  const button = page.getByRole('button', { name: 'Delete my account and everything in it' })
  await expect(button).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Keep my account' })).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(button).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(
    page.getByRole('heading', { level: 1, name: 'Your account has been deleted' }),
  ).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused()
})
