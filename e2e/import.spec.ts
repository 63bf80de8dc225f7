/**
 * Restoring from an export in a real browser (issue 12 §4), with JavaScript on and off: download
 * the JSON, upload it, read the preview, confirm; every error state and the password check
 * under axe.
 */
import { expect } from '@playwright/test'
import { answerCurrent, expectNoAxeViolations, signUp, test, uniqueEmail } from './helpers'

let files = 0
/** A file for the file input, made in memory. */
function file(content: string | Uint8Array, name = 'export.json') {
  return { name: `${++files}-${name}`, mimeType: 'application/json', buffer: Buffer.from(content) }
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`restoring, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('downloads the export, uploads it, previews it and restores it', async ({ page }) => {
      await signUp(page, uniqueEmail('import'))
      await page.goto('/workbook')
      const words = `A morning by the harbour ${javaScriptEnabled ? 'on' : 'off'} 🌊`
      await answerCurrent(page, /Describe three moments/, words)
      // Saved (with JavaScript, in place): the export holds it.
      await expect
        .poll(async () => (await page.request.get('/account/export.json')).text())
        .toContain(words)
      const json = await (await page.request.get('/account/export.json')).text()

      await page.goto('/account/import')
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        'Restore your workbook from an export',
      )
      // axe runs as a script in the page: it reads the pages with JavaScript on.
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await page.getByLabel('Your export file').setInputFiles(file(json))
      await page.getByRole('button', { name: 'Upload and check the file' }).click()
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check what the file holds')
      await expect(page.getByRole('row', { name: /Answers/ })).toContainText('1')
      if (javaScriptEnabled) await expectNoAxeViolations(page)
      await page.getByRole('button', { name: 'Replace my workbook with this file' }).click()
      await expect(page.locator('.dt-notice')).toHaveText(
        'Your workbook has been restored from the file.',
      )
      expect(await (await page.request.get('/account/export.json')).text()).toContain(words)
    })

    test('says clearly what is wrong with each bad file, with nothing changed', async ({
      page,
    }) => {
      test.setTimeout(120_000)
      await signUp(page, uniqueEmail('import-bad'))
      const good = JSON.parse(await (await page.request.get('/account/export.json')).text())
      const cases: [string, string | Uint8Array, RegExp][] = [
        ['not JSON', 'a letter, not data', /it is not JSON/],
        ['not an export', '{"hello": "there"}', /not a DreamTree export/],
        ['newer', JSON.stringify({ ...good, schemaVersion: 99 }), /newer version of DreamTree/],
        ['edition', JSON.stringify({ ...good, workbook: 'another' }), /another edition/],
        ['damaged', JSON.stringify({ ...good, tables: {} }), /changed or damaged/],
        ['too large', new Uint8Array(8 * 1024 * 1024 + 10).fill(32), /larger than 8 MB/],
      ]
      for (const [what, content, message] of cases) {
        await page.goto('/account/import')
        await page.getByLabel('Your export file').setInputFiles(file(content, `${files}.json`))
        await page.getByRole('button', { name: 'Upload and check the file' }).click()
        const summary = page.locator('#error-summary')
        await expect(summary, what).toContainText(message)
        if (javaScriptEnabled) await expect(summary).toBeFocused()
        // The message links to the field, and the field says the same.
        await expect(page.locator('#file-error')).toContainText(message)
        // The markup is the same with and without JavaScript: axe reads each state once.
        if (javaScriptEnabled) await expectNoAxeViolations(page)
      }
      await page.goto('/account/import')
      await page.getByRole('button', { name: 'Upload and check the file' }).click()
      await expect(page.locator('#error-summary')).toContainText('Choose your export file')
      if (javaScriptEnabled) await expectNoAxeViolations(page)
    })
  })
}

test('the password check before a sensitive action passes axe, and its error state too', async ({
  page,
}) => {
  await signUp(page, uniqueEmail('confirm'))
  await page.goto('/account/confirm?next=%2Faccount%2Fimport')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm it is you')
  await expectNoAxeViolations(page)
  await page.getByLabel('Password').fill('not my password at all')
  await page.getByRole('button', { name: 'Confirm and carry on' }).click()
  await expect(page.locator('#error-summary')).toContainText('The password is not right')
  await expectNoAxeViolations(page)
  await page.getByLabel('Password').fill('a calm walk by the river at dawn')
  await page.getByRole('button', { name: 'Confirm and carry on' }).click()
  await expect(page).toHaveURL(/\/account\/import$/)
})
