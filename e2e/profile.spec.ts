import { expect, type Page } from '@playwright/test'
import {
  expectNoAxeViolations,
  ownClient,
  PASSWORD,
  press,
  signIn,
  signUp,
  test,
  typeInto,
  uniqueEmail,
} from './helpers'

const NAME = 'Zoë Ångström 🌳'

const greeting = (page: Page) => page.locator('main p', { hasText: 'You are signed in as' })
const notice = (page: Page) => page.locator('.dt-notice')

/** Expects the focused error summary with exactly these messages, and the "Error:" title. */
async function expectProblem(page: Page, messages: string[], js: boolean) {
  const summary = page.locator('#error-summary')
  await expect(summary).toBeFocused()
  await expect(summary.getByRole('link')).toHaveText(messages)
  await expect(page).toHaveTitle(/^Error: Your account/)
  await axe(page, js)
}

/** axe runs as a script in the page, so only where JavaScript is on. */
async function axe(page: Page, js: boolean) {
  if (js) await expectNoAxeViolations(page)
}

/** Makes an account in a browser of its own, so its address is taken. */
async function someoneElse(browser: import('@playwright/test').Browser): Promise<string> {
  const context = await browser.newContext(ownClient())
  const email = uniqueEmail('holder')
  await signUp(await context.newPage(), email)
  await context.close()
  return email
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the profile with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('sets a display name, changes the email address and makes a new recovery code', async ({
      page,
      browser,
    }) => {
      test.slow()
      const email = uniqueEmail(javaScriptEnabled ? 'profile-js' : 'profile-nojs')
      const taken = await someoneElse(browser)
      const oldCode = await signUp(page, email)
      await page.goto('/account')
      await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
      await expect(page.getByText(/^Your recovery code was made on /)).toBeVisible()
      await axe(page, javaScriptEnabled)

      // The name: too long first, kept in the field, then one that fits.
      const name = page.getByLabel('What should we call you?')
      await name.fill('a'.repeat(81))
      await page.getByRole('button', { name: 'Save your name' }).click()
      await expectProblem(page, ['Your name must be 80 characters or fewer'], javaScriptEnabled)
      await expect(name).toHaveValue('a'.repeat(81))
      await name.fill(NAME)
      await page.getByRole('button', { name: 'Save your name' }).click()
      await expect(notice(page)).toHaveText('Your profile has been saved.')
      await expect(greeting(page)).toHaveText(`You are signed in as ${NAME} (${email}).`)
      await expect(name).toHaveValue(NAME)

      // The email: a wrong password, then an address someone else has, then the change.
      const next = uniqueEmail(javaScriptEnabled ? 'moved-js' : 'moved-nojs')
      const newEmail = page.getByLabel('New email address')
      const emailPassword = page.getByLabel('Your password, to confirm the change')
      await newEmail.fill(next)
      await emailPassword.fill('not the right password at all')
      await page.getByRole('button', { name: 'Change email address' }).click()
      await expectProblem(page, ['The password is not right'], javaScriptEnabled)
      await expect(newEmail).toHaveValue(next)
      await expect(emailPassword).toHaveValue('')
      await newEmail.fill(taken)
      await emailPassword.fill(PASSWORD)
      await page.getByRole('button', { name: 'Change email address' }).click()
      await expectProblem(
        page,
        ['An account with this email address already exists'],
        javaScriptEnabled,
      )
      await expect(newEmail).toHaveValue(taken)
      await newEmail.fill(next)
      await emailPassword.fill(PASSWORD)
      await page.getByRole('button', { name: 'Change email address' }).click()
      await expect(notice(page)).toHaveText(
        'Your email address has been changed. Sign in with the new one from now on.',
      )
      await expect(greeting(page)).toHaveText(`You are signed in as ${NAME} (${next}).`)

      // A new recovery code, shown once.
      await page.getByLabel('Your password, to make the new code').fill(PASSWORD)
      await page.getByRole('button', { name: 'Make a new recovery code' }).click()
      await expect(
        page.getByRole('heading', { level: 1, name: 'Save your new recovery code' }),
      ).toBeVisible()
      await expect(page).toHaveTitle('Your new recovery code – DreamTree')
      await expect(
        page.getByText('This is your new recovery code. The old one no longer works.'),
      ).toBeVisible()
      await axe(page, javaScriptEnabled)
      const newCode = (await page.locator('#recovery-code').textContent())!.trim()
      expect(newCode).not.toBe(oldCode)
      await page.getByRole('button', { name: 'I have saved my recovery code' }).click()
      await expect(notice(page)).toHaveText(
        'You have a new recovery code. The old one no longer works.',
      )

      // The old address no longer signs in; the new one does.
      await page.getByRole('button', { name: 'Sign out' }).click()
      await expect(
        page.getByRole('heading', { level: 1, name: 'You have signed out' }),
      ).toBeVisible()
      await signIn(page, email)
      await expect(page.locator('#error-summary')).toContainText(
        'The email address or password is not right',
      )
      await signIn(page, next)
      await expect(page.getByRole('heading', { level: 1, name: 'Welcome back' })).toBeVisible()
      await page.goto('/account')
      await expect(greeting(page)).toHaveText(`You are signed in as ${NAME} (${next}).`)
    })
  })
}

test('makes a new recovery code and sets a name by keyboard only', async ({ page }) => {
  const email = uniqueEmail('profile-keys')
  await signUp(page, email)
  await page.goto('/account')
  await typeInto(page, page.getByLabel('What should we call you?'), 'Sam')
  await page.keyboard.press('Enter')
  await expect(notice(page)).toHaveText('Your profile has been saved.')
  await expect(greeting(page)).toHaveText(`You are signed in as Sam (${email}).`)

  // Sent empty, the password comes back as a problem; its summary link leads to the field.
  await press(page.getByRole('button', { name: 'Make a new recovery code' }))
  const summary = page.locator('#error-summary')
  await expect(summary).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(summary.getByRole('link', { name: 'Enter your password' })).toBeFocused()
  await page.keyboard.press('Enter')
  const password = page.getByLabel('Your password, to make the new code')
  await expect(password).toBeFocused()
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await expect(
    page.getByRole('heading', { level: 1, name: 'Save your new recovery code' }),
  ).toBeVisible()
  await press(page.getByRole('button', { name: 'I have saved my recovery code' }))
  await expect(notice(page)).toHaveText(
    'You have a new recovery code. The old one no longer works.',
  )
})
