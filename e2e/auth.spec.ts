import { expect, test } from '@playwright/test'
import { PASSWORD, signIn, signUp, uniqueEmail } from './helpers'

for (const javaScriptEnabled of [true, false]) {
  test.describe(`accounts with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('signs up, sees the recovery code once, signs out and signs in again', async ({
      page,
    }) => {
      const email = uniqueEmail(javaScriptEnabled ? 'js' : 'nojs')
      await page.goto('/')
      await page.getByRole('link', { name: 'Create an account' }).first().click()
      await expect(page).toHaveTitle('Create an account – DreamTree')
      const code = await signUp(page, email)
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{1,4}){6}$/)

      // The code is shown once: the page is gone after acknowledging it.
      await page.goto('/recovery-code')
      await expect(page.getByRole('heading', { level: 1, name: 'Welcome back' })).toBeVisible()

      await page.getByRole('button', { name: 'Sign out' }).click()
      await expect(
        page.getByRole('heading', { level: 1, name: 'You have signed out' }),
      ).toBeVisible()
      await page.goto('/account')
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()

      await page.getByLabel('Email address').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()
      await expect(page.getByText(email)).toBeVisible()
    })

    test('shows an error summary, focused, and keeps the email after a failed sign-in', async ({
      page,
    }) => {
      const email = uniqueEmail('wrong')
      await signIn(page, email, 'not the right password at all')
      const summary = page.locator('#error-summary')
      await expect(summary).toBeVisible()
      await expect(summary).toBeFocused()
      await expect(
        summary.getByRole('link', { name: 'The email address or password is not right' }),
      ).toHaveAttribute('href', '#email')
      await expect(page.getByLabel('Email address')).toHaveValue(email)
      await expect(page.getByLabel('Password')).toHaveValue('')
      if (!javaScriptEnabled) await expect(page).toHaveTitle(/^Error: Sign in/)
    })

    test('resets a forgotten password with the recovery code', async ({ page }) => {
      const email = uniqueEmail('recover')
      const code = await signUp(page, email)
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.goto('/recover')
      await page.getByLabel('Email address').fill(email)
      await page.getByLabel('Recovery code').fill(code.toLowerCase().replace(/-/g, ' '))
      await page
        .getByLabel('New password', { exact: true })
        .fill('a brand new sentence to remember')
      await page.getByLabel('Type the new password again').fill('a brand new sentence to remember')
      await page.getByRole('button', { name: 'Reset password' }).click()
      await expect(
        page.getByRole('heading', { level: 1, name: 'Save your recovery code' }),
      ).toBeVisible()
      const newCode = (await page.locator('#recovery-code').textContent())!.trim()
      expect(newCode).not.toBe(code)
    })
  })
}

test('a keyboard-only learner can sign up and sign out', async ({ page }) => {
  const email = uniqueEmail('keys')
  await page.goto('/sign-up')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused()
  await page.keyboard.press('Enter')
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Email address')).toBeFocused()
  await page.keyboard.type(email)
  await page.keyboard.press('Tab')
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Tab')
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await expect(
    page.getByRole('heading', { level: 1, name: 'Save your recovery code' }),
  ).toBeVisible()
  const button = page.getByRole('button', { name: 'I have saved my recovery code' })
  for (let i = 0; i < 20 && !(await button.evaluate((el) => el.matches(':focus'))); i++) {
    await page.keyboard.press('Tab')
  }
  await expect(button).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome back' })).toBeVisible()
  const signOut = page.getByRole('button', { name: 'Sign out' })
  for (let i = 0; i < 20 && !(await signOut.evaluate((el) => el.matches(':focus'))); i++) {
    await page.keyboard.press('Tab')
  }
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible()
})
