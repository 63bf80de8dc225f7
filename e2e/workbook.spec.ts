import { expect } from '@playwright/test'
import {
  expectNoAxeViolations,
  ownClient,
  PASSWORD,
  signIn,
  signUp,
  test,
  uniqueEmail,
  answerCurrent,
  tagSkills,
} from './helpers'

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the workbook with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('answers across two exercises, edits, leaves, resumes and uses the contents', async ({
      page,
    }) => {
      const email = uniqueEmail(javaScriptEnabled ? 'wb-js' : 'wb-nojs')
      await signUp(page, email)
      await page.getByRole('link', { name: 'Continue the workbook' }).click()
      await expect(
        page.getByRole('heading', { level: 1, name: 'Skills that travel with you' }),
      ).toBeVisible()
      await expect(page.getByRole('navigation', { name: 'Where you are' })).toContainText(
        'Exercise 1 of 5',
      )

      await answerCurrent(page, /Describe three moments/, 'I ran the school book sale.')
      await expect(page.getByText('I ran the school book sale.')).toBeVisible()
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText('Saved.')
        await expect(page.getByLabel(/what were you actually doing/)).toBeFocused()
      } else {
        await expect(page).toHaveURL(/#b-action-words$/)
      }
      await answerCurrent(page, /what were you actually doing/, 'Sorted, priced, counted, thanked.')
      // The skill list is a skill tagger: four from the master list and one of the learner's own.
      await tagSkills(
        page,
        [
          { search: 'organiz', add: 'Organizing community events' },
          { search: 'negotiat', add: 'Negotiating' },
          { search: 'cash', add: 'Handling cash' },
          { search: 'budget', add: 'Budgeting' },
        ],
        ['Pricing second-hand books'],
      )
      // axe runs in the page, so only where scripts run; the HTML is the same without them.
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await page.getByRole('button', { name: 'Save and continue', exact: true }).press('Enter')
      await expect(page.locator('#b-skill-list')).toContainText('Pricing second-hand books')
      // An optional question can be left blank.
      await page
        .getByRole('button', { name: /Save and continue \(you can leave it blank\)/ })
        .click()
      await expect(
        page.getByRole('heading', { name: 'You have finished this exercise' }),
      ).toBeVisible()
      await expect(page.getByText('You left this blank.').first()).toBeVisible()

      await page.getByRole('link', { name: /^Next: / }).click()
      await expect(
        page.getByRole('heading', { level: 1, name: 'How you handle yourself' }),
      ).toBeVisible()
      await answerCurrent(page, /rely on you for/, 'They count on me to remember birthdays.')
      await expect(page.getByText('They count on me to remember birthdays.')).toBeVisible()

      // Edit an answer in place.
      await page.getByRole('link', { name: /Change your answer to .*rely on you for/ }).click()
      const editing = page.getByLabel(/rely on you for/)
      await expect(editing).toHaveValue('They count on me to remember birthdays.')
      await editing.fill('They count on me to remember birthdays and to listen.')
      await page.getByRole('button', { name: 'Save changes' }).click()
      await expect(
        page.getByText('They count on me to remember birthdays and to listen.'),
      ).toBeVisible()
      if (javaScriptEnabled)
        await expect(page.locator('#dt-status')).toHaveText('Your change is saved.')

      // Leave and come back: /workbook resumes at the second exercise's current question.
      await page.getByRole('button', { name: 'Sign out' }).click()
      await signIn(page, email)
      await expect(page.getByRole('heading', { level: 1, name: 'Welcome back' })).toBeVisible()
      await page.goto('/workbook')
      await expect(
        page.getByRole('heading', { level: 1, name: 'How you handle yourself' }),
      ).toBeVisible()
      await expect(page.getByLabel(/Think of a time a plan fell apart/)).toBeVisible()

      // The contents page marks progress calmly and jumps back to any exercise reached.
      await page.getByRole('link', { name: 'Workbook', exact: true }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'The workbook' })).toBeVisible()
      const first = page
        .getByRole('listitem')
        .filter({ hasText: 'Skills that travel with you' })
        .last()
      await expect(first).toContainText('Done')
      await expect(
        page
          .getByRole('main')
          .getByRole('listitem')
          .getByRole('link', { name: 'How you handle yourself' }),
      ).toHaveAttribute('aria-current', 'step')
      await expect(page.getByRole('link', { name: 'What you know' })).toHaveCount(0)
      await page.getByRole('link', { name: 'Skills that travel with you' }).first().click()
      await expect(page.locator('#b-proud-moments')).toContainText('I ran the school book sale.')
    })

    test('keeps the typed text and explains the problem when an answer is too long', async ({
      page,
    }) => {
      await signUp(page, uniqueEmail('wb-long'))
      await page.goto('/workbook')
      const long = 'word '.repeat(900)
      await page.getByLabel(/Describe three moments/).fill(long)
      await page.getByRole('button', { name: 'Save and continue' }).click()
      await expect(page.locator('#error-summary')).toBeFocused()
      await expect(page.locator('#error-summary')).toContainText(
        'Your answer must be 4,000 characters or fewer',
      )
      await expect(page.getByLabel(/Describe three moments/)).toHaveValue(long)
    })
  })
}

test('a keyboard-only learner answers a question and reaches the next', async ({ page }) => {
  await signUp(page, uniqueEmail('wb-keys'))
  await page.goto('/workbook')
  const field = page.getByLabel(/Describe three moments/)
  for (let i = 0; i < 30 && !(await field.evaluate((el) => el.matches(':focus'))); i++)
    await page.keyboard.press('Tab')
  await expect(field).toBeFocused()
  await page.keyboard.type('Typed with the keyboard only.')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Save and continue' })).toBeFocused()
  await page.keyboard.press('Enter')
  // Focus moves to the next question, ready to type into.
  const next = page.getByLabel(/what were you actually doing/)
  await expect(next).toBeFocused()
  await page.keyboard.type('Carried on without the mouse.')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(page.locator('#b-action-words')).toContainText('Carried on without the mouse.')
})

test('shows a conflict with both texts when another tab saved first, and loses nothing', async ({
  browser,
}) => {
  const context = await browser.newContext(ownClient())
  const tabA = await context.newPage()
  await signUp(tabA, uniqueEmail('wb-tabs'))
  await tabA.goto('/workbook')
  const tabB = await context.newPage()
  await tabB.goto('/workbook')
  await answerCurrent(tabA, /Describe three moments/, 'Saved first, in tab A.')
  await expect(tabA.getByText('Saved first, in tab A.')).toBeVisible()
  await answerCurrent(tabB, /Describe three moments/, 'Written later, in tab B.')
  await expect(
    tabB.getByRole('heading', { name: 'This answer changed somewhere else' }),
  ).toBeVisible()
  await expect(tabB.getByText('Saved first, in tab A.')).toBeVisible()
  await expect(tabB.getByLabel(/Describe three moments/)).toHaveValue('Written later, in tab B.')
  await expectNoAxeViolations(tabB)
  await tabB.getByRole('button', { name: 'Keep my version' }).click()
  await expect(tabB.getByText('Written later, in tab B.')).toBeVisible()
  await context.close()
})

test('axe finds no violations on the workbook pages and their error states', async ({ page }) => {
  await signUp(page, uniqueEmail('wb-axe'))
  await page.goto('/workbook')
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.locator('#error-summary')).toBeFocused()
  await expectNoAxeViolations(page)
  await page.goto('/workbook/contents')
  await expectNoAxeViolations(page)
  await page.goto('/workbook/skill-mastery')
  await expect(page.getByText('opens once you reach it')).toBeVisible()
  await expectNoAxeViolations(page)
})

test('axe finds no violations on a choice question, before and after it is answered', async ({
  page,
}) => {
  // Every kind of control is also checked in the component gallery (/_components).
  await signUp(page, uniqueEmail('wb-kinds'))
  await page.goto('/workbook')
  await answerCurrent(page, /Describe three moments/, 'One.')
  await answerCurrent(page, /what were you actually doing/, 'Two.')
  await tagSkills(page, [], ['One', 'Two', 'Three', 'Four', 'Five'])
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click()
  await page.getByRole('button', { name: /you can leave it blank/ }).click()
  await page.getByRole('link', { name: /^Next: / }).click()
  await answerCurrent(page, /rely on you for/, 'Remembering things.')
  await answerCurrent(page, /plan fell apart/, 'I slowed down.')
  const group = page.getByRole('group', { name: /ordinary good day/ })
  await expect(group).toBeVisible()
  await expectNoAxeViolations(page)
  await group.getByLabel('Curious').check()
  await group.getByLabel('Persistent').check()
  await page.locator('#b-quality-checks').getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.locator('#b-quality-checks')).toContainText('Curious')
  await expect(page.locator('#b-quality-checks')).toContainText('Persistent')
  await expectNoAxeViolations(page)
})

test('announces a failed save when the network drops, and keeps the text to try again', async ({
  page,
}) => {
  await signUp(page, uniqueEmail('wb-offline'))
  await page.goto('/workbook')
  await page.route('**/answers/**', (route) => route.abort('internetdisconnected'))
  const field = page.getByLabel(/Describe three moments/)
  await field.fill('Words that must not be lost.')
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.locator('#dt-status')).toContainText('Not saved: we could not reach DreamTree')
  await expect(field).toHaveValue('Words that must not be lost.')
  await page.unroute('**/answers/**')
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.locator('#b-proud-moments')).toContainText('Words that must not be lost.')
  await expect(page.locator('#dt-status')).toHaveText('Saved.')
})

test('axe finds no violations on a finished exercise, an answer being changed, and the held sign-in', async ({
  page,
  context,
}) => {
  const email = uniqueEmail('wb-axe-states')
  await signUp(page, email)
  await page.goto('/workbook')
  await answerCurrent(page, /Describe three moments/, 'One.')
  await answerCurrent(page, /what were you actually doing/, 'Two.')
  await tagSkills(page, [], ['One', 'Two', 'Three', 'Four', 'Five'])
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click()
  await page.getByRole('button', { name: /you can leave it blank/ }).click()
  await expect(page.getByRole('heading', { name: 'You have finished this exercise' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: /Change your answer to .*Describe three moments/ }).click()
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible()
  await expectNoAxeViolations(page)

  // The session ends while the learner writes: the answer is held in the sign-in form.
  await page.goto('/workbook/self-management-skills')
  await context.clearCookies()
  await answerCurrent(page, /rely on you for/, 'Held while signed out.')
  await expect(page.getByRole('heading', { name: 'Sign in to save your answer' })).toBeVisible()
  await expect(page.getByText('Held while signed out.')).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in and save' }).click()
  await expect(page.locator('#b-relied-on-for')).toContainText('Held while signed out.')
})
