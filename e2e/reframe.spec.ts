import { expect, type Page } from '@playwright/test'
import {
  answerCurrent,
  expectNoAxeViolations,
  reachExercise,
  settled,
  signUp,
  test,
  uniqueEmail,
} from './helpers'

const tool = (page: Page) => page.locator('#b-reframe')

const PARTS: [string, string][] = [
  ['situation', 'My short film was turned down by the festival.'],
  ['feelings', 'Flat, and sure it meant I had no talent.'],
  ['learned', 'The judges wanted a tighter first minute.'],
  ['change', 'Show a rough cut to two people before I send it.'],
  ['next', 'Recut the opening this weekend.'],
  ['statement', 'One festival said no to one cut; I know what to try next.'],
]

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the reframer with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('works through a setback by keyboard, the silver lining left empty', async ({ page }) => {
      test.setTimeout(120_000)
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'rf-js' : 'rf-nojs'))
      await reachExercise(page, 'reframing-failure')
      await page.goto('/workbook/reframing-failure')
      await answerCurrent(page, /Describe a setback/, 'A festival turned my film down.')
      await settled(page)
      await expect(tool(page).getByLabel('What happened')).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // Continuing with only the first part: the next missing part is named and linked.
      await tool(page).getByLabel('What happened').focus()
      await page.keyboard.type(PARTS[0]![1])
      await tool(page).getByRole('button', { name: 'Save and continue', exact: true }).focus()
      await page.keyboard.press('Enter')
      await expect(page.locator('.dt-error-summary')).toContainText(
        'Write “What I felt at first” before you continue',
      )
      await expect(tool(page).getByLabel('What happened')).toHaveValue(PARTS[0]![1])
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      for (const [part, words] of PARTS.slice(1)) {
        await settled(page)
        await page.locator(`#reframe-${part}`).focus()
        await page.keyboard.type(words)
      }
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await tool(page).getByRole('button', { name: 'Save and continue', exact: true }).focus()
      await page.keyboard.press('Enter')
      await expect(tool(page)).toContainText('The story, reframed: One festival said no')
      await expect(tool(page)).not.toContainText('Any silver lining:')
    })
  })
}
