import { expect, type Page } from '@playwright/test'
import {
  answerCurrent,
  expectNoAxeViolations,
  reachExercise,
  signUp,
  test,
  uniqueEmail,
} from './helpers'

const tool = (page: Page) => page.locator('#b-personality-lens')

/** Lets a swap that brought the tool in settle, so its own focus move is over. */
async function settled(page: Page) {
  await expect(page.locator('.htmx-request, .htmx-settling, .htmx-added')).toHaveCount(0)
}

/** Presses a button of the tool by keyboard. */
async function press(page: Page, name: string) {
  await settled(page)
  await tool(page).getByRole('button', { name, exact: true }).focus()
  await page.keyboard.press('Enter')
}

/** Chooses one answer of a question by keyboard: the first with Space, the second by arrow. */
async function answer(page: Page, question: string, second: boolean) {
  const group = tool(page).getByRole('group', { name: question })
  await group.getByRole('radio').first().focus()
  await page.keyboard.press(second ? 'ArrowDown' : 'Space')
  await expect(group.getByRole('radio').nth(second ? 1 : 0)).toBeChecked()
}

/** Answers the questions of "The people around you" that come before the personality type. */
async function answerUpToTheTool(page: Page) {
  await answerCurrent(page, /group you enjoyed being part of/, 'A kitchen crew that laughed a lot.')
  await answerCurrent(page, /behavior from others drains you/, 'Decisions made without a word.')
  for (const [legend, choice] of [
    [/How much contact with other people/, '3'],
    [/What kind of supervision helps you most/, 'Clear goals, then room to work my own way'],
  ] as const) {
    const group = page.getByRole('group', { name: legend })
    await group.getByLabel(choice, { exact: true }).check()
    await group
      .locator('xpath=ancestor::form')
      .getByRole('button', { name: /^Save and continue/ })
      .click()
    await settled(page)
  }
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the personality type with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('not sure: answers the four questions by keyboard, sees the type, and continues', async ({
      page,
    }) => {
      test.setTimeout(120_000)
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'pt-js' : 'pt-nojs'))
      await reachExercise(page, 'people-around-you')
      await answerUpToTheTool(page)
      await expect(
        tool(page).getByRole('heading', {
          level: 2,
          name: 'Which personality type sounds most like you?',
        }),
      ).toBeVisible()
      await expect(tool(page).getByRole('radio')).toHaveCount(16)
      await expect(tool(page).getByLabel('INFP: The principled dreamer')).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      await press(page, 'I am not sure')
      const energy = 'Where do you tend to get your energy?'
      const first = tool(page).getByRole('group', { name: energy }).getByRole('radio').first()
      await expect(first).toHaveAccessibleName('Extraversion (E)')
      if (javaScriptEnabled) {
        await expect(first).toBeFocused()
        await expect(page.locator('#dt-status')).toContainText('4 questions instead')
        await expectNoAxeViolations(page)
      } else {
        await expect(page).toHaveURL(/#personality-lens-pref-energy$/)
      }
      await expect(tool(page).getByRole('radio')).toHaveCount(8)

      // Continuing with nothing answered: the first question is named and linked.
      await press(page, 'Save and continue')
      const summary = page.locator('.dt-error-summary')
      await expect(summary).toContainText(`Answer “${energy}” before you continue`)
      if (javaScriptEnabled) {
        await expect(summary).toBeFocused()
        await expectNoAxeViolations(page)
      }

      await answer(page, energy, true)
      await answer(page, 'What kind of information do you tend to notice and trust first?', true)
      await answer(page, 'What do you tend to weigh most when making a decision?', true)
      await answer(page, 'How do you tend to approach plans and deadlines?', true)
      await press(page, 'Show my type')

      const result = tool(page).getByRole('region', { name: 'INFP: The principled dreamer' })
      await expect(result).toBeVisible()
      await expect(result).toContainText('Your answers to the four questions point to this type.')
      await expect(result).toContainText('People who prefer INFP often hold deeply felt values')
      await expect(result).toContainText('not a verdict')
      if (javaScriptEnabled) {
        await expect(result).toBeFocused()
        await expect(page.locator('#dt-status')).toHaveText(
          'Saved. Your answers point to INFP: The principled dreamer. Its summary is below.',
        )
        await expectNoAxeViolations(page)
      } else {
        await expect(page).toHaveURL(/#personality-lens-result$/)
      }

      await press(page, 'Save and continue')
      await expect(tool(page)).toContainText('INFP: The principled dreamer')
      await expect(tool(page)).toContainText(
        'It came from your answers to the four preference questions.',
      )
      await expect(page.getByLabel('Your first people preference')).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
