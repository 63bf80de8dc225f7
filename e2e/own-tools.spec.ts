import { expect } from '@playwright/test'
import { expectNoAxeViolations, settled, signUp, test, uniqueEmail } from './helpers'

for (const javaScriptEnabled of [true, false]) {
  test.describe(`your own tools with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('keeps a list of the learner’s own outside the workbook, by keyboard', async ({
      page,
    }) => {
      await signUp(page, uniqueEmail(javaScriptEnabled ? 'own-js' : 'own-nojs'))
      await page.getByRole('link', { name: 'Your tools' }).click()
      await page.getByRole('link', { name: 'Keep a list of your own' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Your own list' })).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      for (const [i, item] of ['Ask Sam about night classes', 'Visit the job club'].entries()) {
        await settled(page)
        await page.getByLabel(i === 0 ? 'Your first item' : 'Add another item').focus()
        await page.keyboard.type(item)
        await page.keyboard.press('Enter')
        await expect(page.getByLabel(`Item ${i + 1}`, { exact: true })).toHaveValue(item)
      }
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await settled(page)
      await page.getByRole('button', { name: 'Save and finish', exact: true }).press('Enter')
      await expect(page.getByRole('heading', { level: 1, name: 'List builder' })).toBeVisible()
      await expect(page.getByText('Made outside the workbook.')).toBeVisible()
      await expect(page.getByText('Visit the job club')).toBeVisible()
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}
