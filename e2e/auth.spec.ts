import { expect } from '@playwright/test'
import {
  expectNoAxeViolations,
  ownClient,
  PASSWORD,
  signIn,
  signUp,
  test,
  uniqueEmail,
} from './helpers'

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
  // Each password field is followed by its Show button.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Show password' }).first()).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Type the password again')).toBeFocused()
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

test.describe('the show-password button', () => {
  test('shows and hides the password with JavaScript, and is announced', async ({ page }) => {
    await page.goto('/sign-in')
    const field = page.getByLabel('Password', { exact: true })
    const toggle = page.getByRole('button', { name: 'Show password' })
    await expect(toggle).toHaveAttribute('aria-pressed', 'false')
    await field.fill('a secret sentence')
    await toggle.click()
    await expect(field).toHaveAttribute('type', 'text')
    await expect(page.getByRole('button', { name: 'Hide password' })).toHaveAttribute(
      'aria-pressed',
      'true',
    )
    await expect(page.locator('#dt-status')).toHaveText('Your password is visible')
    await page.getByRole('button', { name: 'Hide password' }).click()
    await expect(field).toHaveAttribute('type', 'password')
    await expect(page.locator('#dt-status')).toHaveText('Your password is hidden')
    await expectNoAxeViolations(page)
  })

  test('is absent, not broken, without JavaScript', async ({ browser }) => {
    const context = await browser.newContext(ownClient({ javaScriptEnabled: false }))
    const page = await context.newPage()
    await page.goto('/sign-in')
    await expect(page.getByLabel('Password', { exact: true })).toBeVisible()
    await expect(page.getByRole('button', { name: /password/ })).toHaveCount(0)
    await context.close()
  })
})

for (const javaScriptEnabled of [true, false]) {
  test(`going Back after signing out shows nothing personal (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
    browser,
  }) => {
    const context = await browser.newContext(ownClient({ javaScriptEnabled }))
    const page = await context.newPage()
    const email = uniqueEmail(javaScriptEnabled ? 'back-js' : 'back-nojs')
    await signUp(page, email)
    await page.goto('/account')
    await expect(page.getByText(email)).toBeVisible()
    const signOut = page.waitForResponse((r) => r.url().endsWith('/sign-out'))
    await page.getByRole('button', { name: 'Sign out' }).click()
    const response = await signOut
    expect((await response.allHeaders())['clear-site-data']).toBe('"cache", "storage"')
    await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible()
    await page.goBack()
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
    await expect(page.getByText(email)).toHaveCount(0)
    await context.close()
  })
}

for (const javaScriptEnabled of [true, false]) {
  test(`ends the session on another device from the account page, by keyboard (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
    browser,
  }) => {
    const email = uniqueEmail(javaScriptEnabled ? 'devices-js' : 'devices-nojs')
    const laptop = await browser.newContext(
      ownClient({
        javaScriptEnabled,
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      }),
    )
    const phone = await browser.newContext(
      ownClient({
        javaScriptEnabled,
        userAgent:
          'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
      }),
    )
    const onLaptop = await laptop.newPage()
    await signUp(onLaptop, email)
    const onPhone = await phone.newPage()
    await signIn(onPhone, email)
    await expect(onPhone.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible()
    await onPhone.goto('/account')
    const sessions = onPhone.getByRole('region', { name: 'Where you are signed in' })
    await expect(sessions.getByRole('listitem')).toHaveCount(2)
    await expect(sessions.getByRole('listitem').first()).toContainText(
      'Chrome on Android (this device)',
    )
    if (javaScriptEnabled) await expectNoAxeViolations(onPhone)
    const end = sessions.getByRole('button', { name: /^End session on Firefox on Linux/ })
    await end.focus()
    await onPhone.keyboard.press('Enter')
    await expect(onPhone.locator('.dt-notice')).toHaveText(
      'That session has ended: the device is signed out.',
    )
    await expect(sessions.getByRole('listitem')).toHaveCount(1)
    if (javaScriptEnabled) await expectNoAxeViolations(onPhone)
    await onLaptop.goto('/account')
    await expect(onLaptop.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
    await laptop.close()
    await phone.close()
  })
}

test('static assets carry the security headers too', async ({ request }) => {
  for (const path of ['/css/app.css', '/js/app.js']) {
    const res = await request.get(path)
    expect(res.status(), path).toBe(200)
    const headers = res.headers()
    expect(headers['x-content-type-options'], path).toBe('nosniff')
    expect(headers['strict-transport-security'], path).toContain('max-age=31536000')
    expect(headers['referrer-policy'], path).toBe('same-origin')
    expect(headers['permissions-policy'], path).toContain('camera=()')
    expect(headers['content-security-policy'], path).toContain("default-src 'none'")
  }
})
