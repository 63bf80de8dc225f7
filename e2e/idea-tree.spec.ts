import { expect, type Locator, type Page } from '@playwright/test'
import {
  answerCurrent,
  expectNoAxeViolations,
  reachExercise,
  settled,
  signUp,
  test,
  uniqueEmail,
} from './helpers'

/** Types into a field by keyboard and presses Enter, as a learner would. */
async function typeAndEnter(page: Page, field: Locator, words: string) {
  await settled(page)
  await field.focus()
  await page.keyboard.type(words)
  await page.keyboard.press('Enter')
  await settled(page)
}

/** Presses a button by keyboard. */
async function press(page: Page, button: Locator) {
  await settled(page)
  await button.focus()
  await button.press('Enter')
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the idea tree with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('grows a tree two rings deep by keyboard, one idea at a time', async ({ page }) => {
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'tree-js' : 'tree-nojs'))
      await reachExercise(page, 'idea-trees')
      await answerCurrent(page, /center of your tree/, 'Fixing things')
      const tool = page.locator('#b-tree')
      await expect(tool.getByLabel('Your center idea')).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // Continuing with nothing planted: a calm error that links to the center field.
      await press(page, tool.getByRole('button', { name: 'Save and continue', exact: true }))
      const summary = page.locator('#error-summary')
      await expect(summary).toContainText('Write your center idea before you continue')
      await expect(summary.getByRole('link')).toHaveAttribute('href', '#tree-center')
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      await typeAndEnter(page, tool.getByLabel('Your center idea'), 'Fixing things')
      const newBranch = (of: string) => tool.getByLabel(`A new branch of “${of}”`, { exact: true })
      await expect(tool.getByLabel('Center idea', { exact: true })).toHaveValue('Fixing things')
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText(
          'Planted “Fixing things” at the center of your tree.',
        )
        await expect(newBranch('Fixing things')).toBeFocused()
      }
      for (const words of ['Bikes', 'Clocks', 'Code'])
        await typeAndEnter(page, newBranch('Fixing things'), words)
      // Three branches is as many as one idea holds: its field goes, each branch has its own.
      await expect(newBranch('Fixing things')).toHaveCount(0)
      await typeAndEnter(page, newBranch('Bikes'), 'Repair café')
      await typeAndEnter(page, newBranch('Clocks'), 'Watch straps')
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText(
          'Added “Watch straps” as a branch of “Clocks”. It has 1 branch of 3.',
        )
        await expect(newBranch('Clocks')).toBeFocused()
      }

      // The tree is nested lists: the second ring sits inside its branch's item.
      const bikes = tool
        .getByRole('listitem')
        .filter({ has: page.getByLabel('Branch 1 of “Fixing things”') })
      await expect(bikes.getByRole('list').getByLabel('Branch 1 of “Bikes”')).toHaveValue(
        'Repair café',
      )
      await expect(tool.getByLabel('Branch 1 of “Clocks”')).toHaveValue('Watch straps')
      await expect(
        tool.getByRole('button', { name: 'Remove with the idea under it “Bikes”' }),
      ).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      await press(page, tool.getByRole('button', { name: 'Save and continue', exact: true }))
      await expect(tool).toContainText('Fixing things › Bikes › Repair café')
      await expect(tool).toContainText('Fixing things › Clocks › Watch straps')
      await expect(tool).toContainText('Fixing things › Code')
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
