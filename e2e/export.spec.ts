import { expect, type Page } from '@playwright/test'
import { strFromU8, unzipSync } from 'fflate'
import {
  answerCurrent,
  expectNoAxeViolations,
  ownClient,
  settled,
  signUp,
  test,
  uniqueEmail,
} from './helpers'

const ANSWER = 'Selling second-hand books at the school fair | and keeping the till'
const OWN_ITEM = 'Ask Sam about night classes'

/** A learner with one workbook answer and one item in their own list. */
async function learnerWithAnswers(page: Page, tag: string) {
  await signUp(page, uniqueEmail(tag))
  await page.goto('/workbook')
  await answerCurrent(page, /Describe three moments/, ANSWER)
  await expect(page.getByLabel(/Looking back at those moments/)).toBeVisible()
  await page.goto('/tools/list-builder/own')
  await settled(page)
  await page.getByLabel('Your first item').focus()
  await page.keyboard.type(OWN_ITEM)
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Item 1', { exact: true })).toHaveValue(OWN_ITEM)
  await settled(page)
  await page.getByRole('button', { name: 'Save and finish', exact: true }).press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'List builder' })).toBeVisible()
}

/** Follows a download link by keyboard and returns the file's name and bytes. */
async function download(page: Page, name: string) {
  const waiting = page.waitForEvent('download')
  await page.getByRole('link', { name }).press('Enter')
  const file = await waiting
  const chunks: Uint8Array[] = []
  for await (const chunk of await file.createReadStream()) chunks.push(chunk)
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  chunks.reduce((at, c) => (bytes.set(c, at), at + c.length), 0)
  return { name: file.suggestedFilename(), bytes }
}

/**
 * axe on the page as the server sent it. axe runs as a script, so without JavaScript the same
 * URL is opened in a second context of the same learner (their cookies) that runs it.
 */
async function expectNoViolationsAsServed(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) return expectNoAxeViolations(page)
  const context = await page
    .context()
    .browser()!
    .newContext(
      ownClient({ javaScriptEnabled: true, storageState: await page.context().storageState() }),
    )
  const scripted = await context.newPage()
  await scripted.goto(page.url())
  await expect(scripted.locator('h1')).toHaveText(await page.locator('h1').innerText())
  await expectNoAxeViolations(scripted)
  await context.close()
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`taking your data away with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('downloads the JSON and the ZIP, and prints the workbook cleanly', async ({ page }) => {
      await learnerWithAnswers(page, javaScriptEnabled ? 'export-js' : 'export-nojs')
      await page.getByRole('link', { name: 'Account' }).click()
      await expect(page.getByRole('heading', { level: 2, name: 'Your data' })).toBeVisible()
      await expectNoViolationsAsServed(page, javaScriptEnabled)

      const json = await download(page, 'Download your data as JSON')
      expect(json.name).toMatch(/^dreamtree-\d{4}-\d{2}-\d{2}\.json$/)
      const document = JSON.parse(strFromU8(json.bytes))
      expect(document.format).toBe('dreamtree-export')

      const zip = await download(page, 'Download a ZIP to read')
      expect(zip.name).toMatch(/^dreamtree-\d{4}-\d{2}-\d{2}\.zip$/)
      const files = unzipSync(zip.bytes)
      expect(Object.keys(files)).toEqual([
        'README.md',
        'dreamtree-export.json',
        '1-roots.md',
        '2-trunk.md',
        '3-branches.md',
        'your-own-tools.md',
      ])
      expect(strFromU8(files['1-roots.md']!)).toContain(ANSWER)
      expect(strFromU8(files['your-own-tools.md']!)).toContain(OWN_ITEM)
      const inside = JSON.parse(strFromU8(files['dreamtree-export.json']!))
      expect({ ...inside, exportedAt: '' }).toEqual({ ...document, exportedAt: '' })
      await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible()

      await page.getByRole('link', { name: 'Print your workbook' }).press('Enter')
      await expect(page.getByRole('heading', { level: 1, name: 'Your workbook' })).toBeVisible()
      await expect(page.getByText('Save as PDF', { exact: false })).toBeVisible()
      await expect(page.getByText(ANSWER)).toBeVisible()
      await expect(page.getByRole('table', { name: 'Your own list' })).toContainText(OWN_ITEM)
      await expectNoViolationsAsServed(page, javaScriptEnabled)

      await page.emulateMedia({ media: 'print' })
      await expect(page.locator('header.dt-header')).toBeHidden()
      await expect(page.getByRole('navigation', { name: 'Account' })).toBeHidden()
      await expect(page.getByRole('link', { name: 'Back to your account' })).toBeHidden()
      const breaks = await page
        .locator('.dt-print__part')
        .evaluateAll((parts) =>
          parts.map((p) => p.ownerDocument.defaultView!.getComputedStyle(p).breakBefore),
        )
      expect(breaks).toEqual(['auto', 'page', 'page', 'page'])
      const colors = await page.locator('main').evaluate((m) => {
        const style = m.ownerDocument.defaultView!.getComputedStyle
        return [style(m).color, style(m.ownerDocument.documentElement).backgroundColor]
      })
      expect(colors).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)'])
      await page.emulateMedia({ media: 'screen' })
      await expect(page.locator('header.dt-header')).toBeVisible()
    })
  })
}
