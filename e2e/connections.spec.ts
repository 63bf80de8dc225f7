import { expect } from '@playwright/test'
import {
  answerCurrent,
  BOOK_SALE_MASTERY,
  expectNoAxeViolations,
  reachExercise,
  settled,
  signUp,
  sortMastery,
  tagBookSaleSkills,
  test,
  uniqueEmail,
  press,
  writeStory,
} from './helpers'

// What a learner writes in the Roots comes back in the Trunk: skills tagged and sorted fill the
// ranking of the skills they lead their story with, and a story comes back by its title.

const STORY = {
  title: 'The book sale rescue',
  situation: 'The school book sale had no one to run it.',
  obstacle: 'Two days before, the stock was still in boxes.',
  action: 'I sorted and priced every book with two friends.',
  result: 'We raised enough for the library’s new shelves.',
  evaluation: 'Asking for help early made it work.',
  discovery: 'I like turning a mess into a plan.',
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`connections with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })
    test.setTimeout(180_000)

    test('skills from the Roots fill the Trunk ranking with a note naming them; a story comes back by title', async ({
      page,
    }) => {
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'connect-js' : 'connect-nojs'))
      await tagBookSaleSkills(page)

      // A story, through the SOARED builder.
      await reachExercise(page, 'challenge-stories')
      await answerCurrent(page, /three or four moments/, 'The book sale. The flood.')
      const story = page.locator('#b-story-one')
      await writeStory(page, story, STORY)
      await press(story.getByRole('button', { name: 'Save and continue', exact: true }))
      await expect(story).toContainText(STORY.title)

      // The skills sorted by how much they are used.
      await reachExercise(page, 'skill-mastery')
      await sortMastery(page, BOOK_SALE_MASTERY)
      await press(page.getByRole('button', { name: 'Save and continue', exact: true }))
      await expect(page.locator('#b-mastery')).toContainText(
        'Use it most: Teaching, Pricing second-hand books',
      )

      // In the Trunk, the ranking starts from the most-used skills, in that order, and says where
      // they came from.
      await reachExercise(page, 'story-level')
      await answerCurrent(page, /What thread runs/, 'Turning a mess into a plan.')
      const ranking = page.locator('#b-lead-skills')
      await expect(ranking).toBeVisible()
      const note = ranking.locator('[data-use="prefill"]')
      await expect(note).toContainText(
        'This starts from the 8 skills you use most in How strong each skill is.',
      )
      await expect(note.getByRole('link', { name: 'How strong each skill is' })).toHaveAttribute(
        'href',
        '/workbook/skill-mastery#b-mastery',
      )
      const expected = ['Teaching', 'Pricing second-hand books', 'Handling cash', 'Negotiating']
      for (const [i, skill] of expected.entries()) {
        await expect(ranking.getByLabel(`Skill ${i + 1}`, { exact: true })).toHaveValue(skill)
      }
      await expect(ranking.getByLabel('Skill 5', { exact: true })).toHaveValue('Budgeting')
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // The learner changes one, and saves: from now on their words win.
      await ranking.getByLabel('Skill 4', { exact: true }).fill('Negotiating prices')
      await press(ranking.getByRole('button', { name: 'Start putting them in order' }))
      await settled(page)
      await expect(ranking.getByRole('group', { name: 'Which matters more to you?' })).toBeVisible()
      await expect(note).toHaveText(
        'Linked to the 8 skills you use most in How strong each skill is.',
      )

      // Later, the first story comes back by its title.
      await reachExercise(page, 'soared-drafting')
      const mention = page.locator('#b-c1 [data-connection="challenge-stories.story-one"]')
      await expect(mention).toHaveText(STORY.title)
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })

    test('an empty source says so calmly, with the way back to it', async ({ page }) => {
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'connect-empty-js' : 'connect-empty-nojs'))
      // Everything before is answered in a few words: no skills are ever tagged or sorted.
      await reachExercise(page, 'story-level')
      await answerCurrent(page, /What thread runs/, 'Still finding it.')
      const lead = page.locator('#b-c2')
      await expect(lead.getByRole('link', { name: 'several skills' })).toHaveAttribute(
        'href',
        '/workbook/skill-mastery#b-mastery',
      )
      const note = page.locator('#b-lead-skills [data-use="prefill"][data-empty]')
      await expect(note).toContainText('which is empty so far, so it starts blank')
      await expect(note.getByRole('link')).toHaveAttribute(
        'href',
        '/workbook/skill-mastery#b-mastery',
      )
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
