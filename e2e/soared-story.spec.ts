import { expect, type Page } from '@playwright/test'
import {
  answerCurrent,
  expectNoAxeViolations,
  reachExercise,
  signUp,
  tagBookSaleSkills,
  test,
  uniqueEmail,
  typeInto,
  press,
  writeStory,
} from './helpers'

const FIRST = {
  title: 'The stubborn spreadsheet',
  situation: 'Our club kept its accounts in one old spreadsheet.',
  obstacle: 'The totals stopped adding up a week before the audit.',
  action: 'I traced each formula and rebuilt the broken ones.',
  result: 'The audit passed with no questions.',
  evaluation: 'Looking back, slowing down was the right call.',
  discovery: 'I learned that I enjoy untangling things.',
}

/** Waits for any htmx swap to finish, so the next keystrokes land in the new block. */
async function settled(page: Page) {
  await expect(page.locator('.htmx-request, .htmx-settling, .htmx-added')).toHaveCount(0)
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the SOARED story builder with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('writes a story by keyboard, fixes a missing part, adds a second, switches and continues', async ({
      page,
    }) => {
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'soared-js' : 'soared-nojs'))
      await reachExercise(page, 'challenge-stories')
      await answerCurrent(page, /three or four moments/, 'The spreadsheet. The lost van.')
      const tool = page.locator('#b-story-one')
      await expect(tool.getByRole('heading', { name: /Write your first story/ })).toBeVisible()
      await expect(tool).toContainText('original DreamTree program')
      // With no skills named yet, the tool says so calmly, with no empty boxes.
      await expect(tool).toContainText('You have not named any skills yet')
      await expect(tool.getByRole('checkbox')).toHaveCount(0)
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // The first story, by keyboard, leaving Discovery for later.
      await settled(page)
      await typeInto(page, tool.getByLabel('Title', { exact: true }), FIRST.title)
      await tool.getByRole('radio', { name: 'A challenge' }).focus()
      await page.keyboard.press('Space')
      for (const part of ['Situation', 'Obstacle', 'Action', 'Result', 'Evaluation'] as const)
        await typeInto(
          page,
          tool.getByLabel(part, { exact: true }),
          FIRST[part.toLowerCase() as keyof typeof FIRST],
        )
      await press(tool.getByRole('button', { name: 'Save and continue', exact: true }))

      // The error names the missing part and links to it; nothing typed is lost.
      const summary = page.locator('#error-summary')
      await expect(summary).toBeFocused()
      await expect(summary).toContainText(
        `Write the Discovery part of “${FIRST.title}” before you continue`,
      )
      await expect(summary.getByRole('link')).toHaveAttribute('href', '#story-one-discovery')
      await expect(tool.getByLabel('Evaluation', { exact: true })).toHaveValue(FIRST.evaluation)
      await expect(tool.getByLabel('Title', { exact: true })).toHaveValue(FIRST.title)
      await expect(tool.getByRole('radio', { name: 'A challenge' })).toBeChecked()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await typeInto(page, tool.getByLabel('Discovery', { exact: true }), FIRST.discovery)

      // A second story: the first is kept as a summary with buttons that name it.
      await press(tool.getByRole('button', { name: 'Add another story' }))
      await settled(page)
      const title = tool.getByLabel('Title', { exact: true })
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText(
          'Story 2 is open for writing. Your other stories are saved.',
        )
        await expect(title).toBeFocused()
      } else {
        await expect(page).toHaveURL(/#story-one-title$/)
      }
      await expect(title).toHaveValue('')
      await expect(tool.getByRole('heading', { name: `Story 1: ${FIRST.title}` })).toBeVisible()
      await expect(tool).toContainText(FIRST.situation)
      await typeInto(page, title, 'The lost van')
      await typeInto(page, tool.getByLabel('Situation', { exact: true }), 'The van broke down.')

      // Switch back to the first: the second is kept, and the first is whole.
      await press(tool.getByRole('button', { name: `Edit “${FIRST.title}”` }))
      await settled(page)
      await expect(title).toHaveValue(FIRST.title)
      if (javaScriptEnabled) await expect(title).toBeFocused()
      await expect(tool.getByLabel('Discovery', { exact: true })).toHaveValue(FIRST.discovery)
      await expect(tool.getByRole('heading', { name: 'Story 2: The lost van' })).toBeVisible()
      await expect(tool.getByRole('button', { name: 'Remove “The lost van”' })).toBeVisible()
      await expect(tool).toContainText('The van broke down.')
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // Save and continue: the stories become a summary in plain words and the thread moves on.
      await press(tool.getByRole('button', { name: 'Save and continue', exact: true }))
      await expect(tool).toContainText(`${FIRST.title} (a challenge)`)
      await expect(tool).toContainText(`Discovery: ${FIRST.discovery}`)
      await expect(tool).toContainText('The lost van')
      await expect(
        page.locator('#b-story-two').getByRole('heading', { name: /Write your second story/ }),
      ).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })

    test('tags two of the learner’s own skills to a story', async ({ page }) => {
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'soared-tags-js' : 'soared-tags-nojs'))
      await tagBookSaleSkills(page)
      await reachExercise(page, 'challenge-stories')
      await answerCurrent(page, /three or four moments/, 'The spreadsheet.')
      const tool = page.locator('#b-story-one')
      await writeStory(page, tool, FIRST)
      // The learner's own skills, from the skills exercise, to tick by keyboard.
      for (const name of ['Negotiating', 'Pricing second-hand books']) {
        await tool.getByRole('checkbox', { name, exact: true }).focus()
        await page.keyboard.press('Space')
      }
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await press(tool.getByRole('button', { name: 'Save and continue', exact: true }))
      await expect(tool).toContainText('Skills: Negotiating, Pricing second-hand books')
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
