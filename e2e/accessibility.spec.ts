import { expect } from '@playwright/test'
import { expectNoAxeViolations, signUp, test, uniqueEmail } from './helpers'

const publicPages = [
  '/',
  '/sign-up',
  '/sign-in',
  '/recover',
  '/signed-out',
  '/_components',
  '/no-such-page',
]

for (const path of publicPages) {
  test(`axe finds no violations on ${path}`, async ({ page }) => {
    await page.goto(path)
    await expect(page.locator('h1')).toHaveCount(1)
    await expectNoAxeViolations(page)
  })
}

const errorStates: { path: string; button: string }[] = [
  { path: '/sign-up', button: 'Create account' },
  { path: '/sign-in', button: 'Sign in' },
  { path: '/recover', button: 'Reset password' },
]

for (const { path, button } of errorStates) {
  test(`axe finds no violations on the error state of ${path}`, async ({ page }) => {
    await page.goto(path)
    await page.getByRole('button', { name: button }).click()
    await expect(page.locator('#error-summary')).toBeFocused()
    await expectNoAxeViolations(page)
  })
}

test('axe finds no violations on signed-in pages and their error states', async ({ page }) => {
  await page.goto('/sign-up')
  await page.getByLabel('Email address').fill(uniqueEmail('axe'))
  await page.getByLabel('Create a password').fill('a calm walk by the river at dawn')
  await page.getByLabel('Type the password again').fill('a calm walk by the river at dawn')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(
    page.getByRole('heading', { level: 1, name: 'Save your recovery code' }),
  ).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'I have saved my recovery code' }).click()
  // Wait for the navigation to land, or axe meets a page that is going away.
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome back' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.goto('/account')
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Your security events' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Security events' })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Account created' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.goto('/account')
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.locator('#error-summary')).toBeFocused()
  await expect(page).toHaveTitle(/^Error: /)
  await expectNoAxeViolations(page)
})

test('axe finds no violations after signing up with the shared helper', async ({ page }) => {
  await signUp(page, uniqueEmail('axe-home'))
  await expectNoAxeViolations(page)
})
