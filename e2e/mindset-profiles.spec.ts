import { expect, type Page } from '@playwright/test'
import { expectNoAxeViolations, reachExercise, settled, signUp, test, uniqueEmail } from './helpers'

const MINDSETS = ['Curiosity', 'Bias to action', 'Reframing', 'Awareness', 'Radical collaboration']

const tool = (page: Page) => page.locator('#b-mindset-people')

/** Answers the questions before the tool in its exercise, by keyboard. */
async function answerBefore(page: Page) {
  await settled(page)
  await page.getByRole('checkbox', { name: 'I should already know what I want' }).focus()
  await page.keyboard.press('Space')
  await page.getByRole('button', { name: 'Save and continue' }).focus()
  await page.keyboard.press('Enter')
  for (const label of [
    /Choose the belief that holds you back/,
    /What evidence do you have/,
    /Write a more useful belief/,
    /What is one action that would test/,
  ]) {
    await settled(page)
    await page.getByLabel(label).focus()
    await page.keyboard.type('A few honest words.')
    await page.getByRole('button', { name: 'Save and continue' }).focus()
    await page.keyboard.press('Enter')
  }
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the mindset profiles with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('names a person for each of five mindsets by keyboard, meeting the error first', async ({
      page,
    }) => {
      test.setTimeout(120_000)
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'mp-js' : 'mp-nojs'))
      await reachExercise(page, 'mindset-shifts')
      await answerBefore(page)
      for (const name of MINDSETS) {
        await expect(tool(page).getByRole('group', { name, exact: true })).toBeVisible()
      }
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // One mindset, then Save and continue: the error names the next one.
      await tool(page).getByLabel('Who shows curiosity?').focus()
      await page.keyboard.type('My aunt Rosa')
      await tool(page).getByLabel('What do they do that shows curiosity?').focus()
      await page.keyboard.type('She asks every bus driver about their route.')
      await settled(page)
      await tool(page).getByRole('button', { name: 'Save and continue' }).focus()
      await page.keyboard.press('Enter')
      const summary = page.locator('.dt-error-summary')
      await expect(summary).toContainText(
        'Name someone who shows “Bias to action” before you continue: 4 mindsets still need words',
      )
      await expect(tool(page).getByLabel('Who shows curiosity?')).toHaveValue('My aunt Rosa')
      if (javaScriptEnabled) {
        await expect(summary).toBeFocused()
        await expectNoAxeViolations(page)
      }

      for (const name of MINDSETS.slice(1)) {
        const lower = name.toLowerCase()
        await tool(page).getByLabel(`Who shows ${lower}?`).focus()
        await page.keyboard.type(`Someone for ${lower}`)
        await tool(page).getByLabel(`What do they do that shows ${lower}?`).focus()
        await page.keyboard.type('They show it every day.')
      }
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await tool(page).getByRole('button', { name: 'Save and continue' }).focus()
      await page.keyboard.press('Enter')

      await expect(tool(page).getByRole('listitem')).toHaveCount(5)
      await expect(tool(page)).toContainText(
        'Curiosity: My aunt Rosa. She asks every bus driver about their route.',
      )
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
