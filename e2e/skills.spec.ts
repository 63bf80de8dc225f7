import { expect } from '@playwright/test'
import {
  answerCurrent,
  BOOK_SALE_MASTERY,
  BOOK_SALE_SKILLS,
  expectNoAxeViolations,
  reachExercise,
  settled,
  signUp,
  sortMastery,
  tagSkills,
  test,
  uniqueEmail,
} from './helpers'

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the skills tools with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('tags skills from a search and one of the learner’s own, then sorts them by use', async ({
      page,
    }) => {
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'skills-js' : 'skills-nojs'))
      await page.goto('/workbook')
      await answerCurrent(page, /Describe three moments/, 'I ran the school book sale.')
      await answerCurrent(page, /what were you actually doing/, 'Sorted, priced, counted.')

      // Empty, then an error (finishing with too few), then filled.
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await settled(page)
      await page.getByRole('button', { name: 'Save and continue', exact: true }).press('Enter')
      const summary = page.locator('.dt-error-summary')
      await expect(summary).toContainText('before you continue')
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await tagSkills(page, BOOK_SALE_SKILLS.picks, BOOK_SALE_SKILLS.own)
      // A search with no match says so, and offers the learner's own words instead.
      const search = page.getByRole('searchbox', { name: 'Search the skills list' })
      await settled(page)
      await search.focus()
      await page.keyboard.press('Control+A')
      await page.keyboard.type('zzzz')
      await page.keyboard.press('Enter')
      await expect(page.locator('#b-skill-list h3').first()).toHaveText(
        'No skills on the list match “zzzz”',
      )
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText('No skills on the list match “zzzz”.')
        await expectNoAxeViolations(page)
      }
      await settled(page)
      await page.getByRole('button', { name: 'Save and continue', exact: true }).press('Enter')
      await expect(page.locator('#b-skill-list')).toContainText('Pricing second-hand books')

      // Everything up to the sorting, answered in a few words.
      await reachExercise(page, 'skill-mastery')
      const teaching = page.getByLabel('Teaching', { exact: true })
      await expect(teaching).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await sortMastery(page, BOOK_SALE_MASTERY)
      await page.getByRole('button', { name: 'Save and continue', exact: true }).press('Enter')
      const sorted = page.locator('#b-mastery')
      await expect(sorted).toContainText('Use it most: Teaching, Pricing second-hand books')
      await expect(sorted).toContainText('Use it least: Budgeting')
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText('Saved.')
        await expectNoAxeViolations(page)
      }

      // Everything made with the tools, in one place, from the header.
      await page.getByRole('link', { name: 'Your tools' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Your tools' })).toBeVisible()
      await expect(page.getByText('Pricing second-hand books').first()).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await page.getByRole('link', { name: 'Skill mastery sorting' }).click()
      await expect(page.getByText('Use it most: Teaching, Pricing second-hand books')).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
