import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

export const PASSWORD = 'a calm walk by the river at dawn'

let counter = 0
/** An email address no other test uses. */
export function uniqueEmail(tag: string): string {
  counter++
  return `${tag}-${Date.now().toString(36)}-${process.pid}-${counter}@example.com`
}

/** Runs axe (WCAG 2.2 A and AA) on the page as it is now and expects no violations. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
  expect(summary).toEqual([])
}

/** Signs up through the form and acknowledges the recovery code; returns the code. */
export async function signUp(page: Page, email: string, password = PASSWORD): Promise<string> {
  await page.goto('/sign-up')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Create a password').fill(password)
  await page.getByLabel('Type the password again').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(
    page.getByRole('heading', { level: 1, name: 'Save your recovery code' }),
  ).toBeVisible()
  const code = (await page.locator('#recovery-code').textContent())!.trim()
  await page.getByRole('button', { name: 'I have saved my recovery code' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome back' })).toBeVisible()
  return code
}

/** Signs in through the form. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}
