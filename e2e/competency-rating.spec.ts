import { expect, type Page } from '@playwright/test'
import { expectNoAxeViolations, reachExercise, signUp, test, uniqueEmail } from './helpers'

/** The competencies in the seed's order (seed/reference/competencies.yaml). */
const DELIVERY = [
  'Planning and organizing',
  'Quality and attention to detail',
  'Problem solving',
  'Getting results',
  'Adaptability',
]
const LATER = [
  'Communication',
  'Teamwork and collaboration',
  'Influencing and persuading',
  'Developing others',
  'Serving customers and clients',
  'Strategic thinking',
  'Decision making',
  'Creativity and innovation',
  'Leading change',
  'Commercial and resource awareness',
]

const tool = (page: Page) => page.locator('#b-ratings')
const group = (page: Page, name: string) => tool(page).getByRole('group', { name, exact: true })

/** Lets a swap that brought the tool in settle, so its own focus move is over. */
async function settled(page: Page) {
  await expect(page.locator('.htmx-request, .htmx-settling, .htmx-added')).toHaveCount(0)
}

/**
 * Rates one competency by keyboard: focus its first level, Space to choose it, then the arrow
 * key down to the level wanted (each arrow press moves and chooses).
 */
async function rate(page: Page, name: string, level: number) {
  const first = group(page, name).getByRole('radio', { name: '1 Starting out' })
  await first.focus()
  await page.keyboard.press('Space')
  for (let i = 1; i < level; i++) await page.keyboard.press('ArrowDown')
  await expect(
    group(page, name)
      .getByRole('radio')
      .nth(level - 1),
  ).toBeChecked()
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the competency rating with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('rates fifteen competencies by keyboard, meets the error, then finishes', async ({
      page,
    }) => {
      test.setTimeout(120_000)
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'cr-js' : 'cr-nojs'))
      await reachExercise(page, 'competencies')
      await expect(
        page.getByRole('heading', { level: 2, name: /How strong is your evidence/ }),
      ).toBeVisible()
      for (const name of ['Delivery', 'Interpersonal', 'Strategic']) {
        await expect(tool(page).getByRole('heading', { level: 3, name })).toBeVisible()
      }
      await expect(tool(page).getByRole('group')).toHaveCount(15)
      await expect(tool(page).getByRole('radio')).toHaveCount(75)
      if (javaScriptEnabled) await expectNoAxeViolations(page)

      // The first group, then its own save button: the ratings are kept, focus comes back.
      for (const [i, name] of DELIVERY.entries()) await rate(page, name, (i % 5) + 1)
      const saveDelivery = tool(page)
        .getByRole('region', { name: 'Delivery' })
        .getByRole('button', { name: 'Save my ratings' })
      await saveDelivery.focus()
      await page.keyboard.press('Enter')
      if (javaScriptEnabled) {
        await expect(page.locator('#dt-status')).toHaveText(
          'Your ratings are saved. You have rated 5 of 15.',
        )
        await expect(saveDelivery).toBeFocused()
      } else {
        await expect(page).toHaveURL(/#ratings-save-delivery$/)
      }
      await expect(
        group(page, 'Adaptability').getByRole('radio', { name: '5 Leading others' }),
      ).toBeChecked()

      // Save and continue with ten unrated: the error names the first, and links to it.
      await settled(page)
      await tool(page).getByRole('button', { name: 'Save and continue' }).focus()
      await page.keyboard.press('Enter')
      const summary = page.locator('.dt-error-summary')
      await expect(summary).toContainText(
        'Choose a level for “Communication” before you continue: 10 competencies still need a level',
      )
      await expect(group(page, 'Communication')).toContainText('Error:')
      await expect(
        group(page, 'Problem solving').getByRole('radio', { name: '3 Capable' }),
      ).toBeChecked()
      if (javaScriptEnabled) {
        await expect(summary).toBeFocused()
        await expectNoAxeViolations(page)
      }
      await summary.getByRole('link').focus()
      await page.keyboard.press('Enter')
      const communication = group(page, 'Communication').getByRole('radio', {
        name: '1 Starting out',
      })
      if (javaScriptEnabled) await expect(communication).toBeFocused()
      else await expect(page).toHaveURL(/#ratings-level-communication$/)

      for (const name of LATER) await rate(page, name, 3)
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await tool(page).getByRole('button', { name: 'Save and continue' }).focus()
      await page.keyboard.press('Enter')

      // Finished: a summary in plain words, and the thread moves on.
      await expect(tool(page).getByRole('listitem')).toHaveCount(15)
      await expect(tool(page)).toContainText('Communication: Capable (3 of 5)')
      await expect(tool(page)).toContainText('Planning and organizing: Starting out (1 of 5)')
      await expect(tool(page)).toContainText('Adaptability: Leading others (5 of 5)')
      await expect(page.getByLabel(/Which competency do you have the best story for/)).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
