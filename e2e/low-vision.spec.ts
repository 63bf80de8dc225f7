import { expect, type Page } from '@playwright/test'
import {
  expectNoAxeViolations,
  ownClient,
  PASSWORD,
  signUp,
  test,
  uniqueEmail,
  answerCurrent,
} from './helpers'

// Browser globals, for the functions Playwright runs inside the page (the project's `lib` has no DOM).
declare const document: any
declare function getComputedStyle(element: unknown): any

/**
 * Every visible focusable element of the page, each focused in turn, with what WCAG measures
 * there: the contrast of its text on its background, and of its focus outline on the page.
 */
async function focusedLooks(page: Page) {
  const handles = await page
    .locator('a[href], button, input:not([type="hidden"]), select, textarea')
    .elementHandles()
  const out: {
    what: string
    text: number
    ring: number | null
    ringWidth: number
    underline: number | null
    block: number
  }[] = []
  for (const handle of handles) {
    if (!(await handle.isVisible())) continue
    await handle.focus()
    out.push(
      await handle.evaluate((el: any) => {
        const parse = (c: string) => {
          const m = /rgba?\(([^)]+)\)/.exec(c)
          if (!m) return null
          const [r, g, b, a = 1] = m[1]!
            .split(/[ ,/]+/)
            .filter(Boolean)
            .map(Number)
          return { r: r!, g: g!, b: b!, a: a! }
        }
        const lum = ({ r, g, b }: { r: number; g: number; b: number }) => {
          const f = (v: number) => {
            const s = v / 255
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
          }
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
        }
        const ratio = (x: Parameters<typeof lum>[0], y: Parameters<typeof lum>[0]) => {
          const [hi, lo] = [lum(x), lum(y)].sort((m, n) => n - m)
          return (hi! + 0.05) / (lo! + 0.05)
        }
        const backgroundOf = (start: any) => {
          for (let node = start; node; node = node.parentElement) {
            const c = parse(getComputedStyle(node).backgroundColor)
            if (c && c.a > 0) return c
          }
          return { r: 255, g: 255, b: 255, a: 1 }
        }
        const style = getComputedStyle(el)
        const own = backgroundOf(el)
        const page = backgroundOf(el.parentElement)
        const outline = parse(style.outlineColor)
        const ringWidth = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth)
        const shadow = /rgba?\([^)]+\)\s+0px\s+4px/.exec(style.boxShadow)
        const underline = shadow ? parse(shadow[0]) : null
        return {
          what: `${el.tagName.toLowerCase()} “${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 40)}”`,
          text: ratio(parse(style.color)!, own),
          ring: outline && outline.a > 0 && ringWidth > 0 ? ratio(outline, page) : null,
          ringWidth,
          underline: underline ? ratio(underline, page) : null,
          block: ratio(own, page),
        }
      }),
    )
  }
  return out
}

/** Signs up and answers the first question, so pages have a header, answers and links. */
async function learnerWithAnAnswer(page: Page, email = uniqueEmail('lv')) {
  await signUp(page, email)
  await page.goto('/workbook')
  await answerCurrent(page, /Describe three moments/, 'A first answer.')
  await expect(page.getByText('A first answer.')).toBeVisible()
  return email
}

test.describe('focus you can see', () => {
  test('a focused link looks different from an unfocused one in forced colours', async ({
    page,
  }) => {
    await page.emulateMedia({ forcedColors: 'active' })
    await page.goto('/')
    for (const link of [
      page.getByRole('link', { name: 'Sign in' }).first(),
      page.getByRole('main').getByRole('link', { name: 'Sign in' }),
    ]) {
      // Only the ring around the link counts: the link's own box is masked, so a change inside
      // it (an underline removed, say) cannot pass for a focus indicator.
      const box = (await link.boundingBox())!
      const around = { x: box.x - 6, y: box.y - 6, width: box.width + 12, height: box.height + 12 }
      const shot = () => page.screenshot({ clip: around, mask: [link], maskColor: '#ff00ff' })
      const before = await shot()
      await link.focus()
      const after = await shot()
      expect(after.equals(before)).toBe(false)
      const outline = await link.evaluate((e: any) => {
        const s = getComputedStyle(e)
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }
      })
      expect(outline.style).not.toBe('none')
      expect(outline.width).toBeGreaterThanOrEqual(3)
      await link.blur()
    }
    await expectNoAxeViolations(page)
  })

  test('every focused control keeps its text readable and a ring of 3:1 against the page', async ({
    page,
  }) => {
    await learnerWithAnAnswer(page)
    const pages = ['/', '/account', '/workbook/transferable-skills', '/workbook/contents']
    const problems: string[] = []
    for (const path of pages) {
      await page.goto(path)
      for (const look of await focusedLooks(page)) {
        const where = `${path} ${look.what}`
        if (look.text < 4.5) problems.push(`${where}: text ${look.text.toFixed(2)}:1`)
        // A link's indicator is its yellow block with a dark bar under it; a control's, its ring.
        const isLink = look.what.startsWith('a ') || look.what.includes('Sign out')
        const indicator = Math.max(
          look.ring ?? 0,
          isLink ? (look.underline ?? 0) : 0,
          isLink ? look.block : 0,
        )
        if (indicator < 3) problems.push(`${where}: focus indicator ${indicator.toFixed(2)}:1`)
        if (!isLink && look.ringWidth < 2) problems.push(`${where}: ring ${look.ringWidth}px`)
      }
    }
    expect(problems).toEqual([])
  })

  test('radios and checkboxes keep a 3:1 ring too', async ({ page }) => {
    await page.goto('/_components')
    const problems: string[] = []
    for (const look of await focusedLooks(page)) {
      if (!/^input/.test(look.what)) continue
      if (look.ring === null || look.ring < 3) problems.push(`${look.what}: ${look.ring}`)
    }
    expect(problems).toEqual([])
  })
})

test.describe('nothing scrolls sideways at 320 px', () => {
  test.use({ viewport: { width: 320, height: 640 } })

  for (const javaScriptEnabled of [true, false]) {
    test(`with a long email address and a long unbroken answer (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
      browser,
    }) => {
      const context = await browser.newContext(
        ownClient({
          javaScriptEnabled,
          viewport: { width: 320, height: 640 },
        }),
      )
      const page = await context.newPage()
      // 79 characters with no break: a unique start, padded out, then the domain.
      const start = uniqueEmail(javaScriptEnabled ? 'wide-js' : 'wide').split('@')[0]!
      const long = `${start}${'z'.repeat(67 - start.length)}@example.com`
      expect(long).toHaveLength(79)
      await signUp(page, long)
      const unbroken = 'u'.repeat(60)
      await page.goto('/workbook')
      await answerCurrent(page, /Describe three moments/, unbroken)
      await expect(page.getByText(unbroken).first()).toBeVisible()
      const paths = [
        '/',
        '/account',
        '/workbook/contents',
        '/workbook/transferable-skills',
        '/workbook/transferable-skills/answers/transferable-skills.proud-moments/edit',
        '/workbook/skill-mastery',
        '/no/such/page',
      ]
      for (const path of paths) {
        await page.goto(path)
        const scroll = await page.evaluate(() => [
          document.documentElement.scrollWidth,
          document.documentElement.clientWidth,
        ])
        expect(scroll[0], path).toBeLessThanOrEqual(scroll[1]!)
      }
      // And an error state: the account page's password form, sent empty.
      await page.goto('/account')
      await page.getByRole('button', { name: 'Change password' }).click()
      await expect(page.locator('#error-summary')).toBeVisible()
      const widths = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ])
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!)
      await context.close()
    })
  }
})

test.describe('with JavaScript, every failed save shows', () => {
  test('a 500, a 503 and a 413 show a message beside the question, keep the text and the focus', async ({
    page,
  }) => {
    await signUp(page, uniqueEmail('lv-fail'))
    await page.goto('/workbook')
    const block = page.locator('#b-proud-moments')
    const field = page.getByLabel(/Describe three moments/)

    await page.route('**/answers/**', (route) => route.fulfill({ status: 500, body: 'no' }))
    await field.fill('Kept through a server error.')
    await field.focus()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect(block.locator('.dt-save-error')).toContainText('something went wrong on our side')
    await expect(page.locator('#dt-status')).toContainText('something went wrong on our side')
    await expect(field).toHaveValue('Kept through a server error.')
    expect(await block.evaluate((b: any) => b.contains(document.activeElement))).toBe(true)
    await page.unroute('**/answers/**')

    // The save routes answer a database failure with 503 (the page that holds the words, for a
    // browser without JavaScript): with it, the same message, and the words stay in the field.
    await page.route('**/answers/**', (route) =>
      route.fulfill({ status: 503, headers: { 'Retry-After': '5' }, body: 'held' }),
    )
    await field.fill('Kept through an unavailable database.')
    await block.getByRole('button', { name: 'Save and continue' }).click()
    await expect(block.locator('.dt-save-error')).toHaveCount(1)
    await expect(page.locator('#dt-status')).toContainText('something went wrong on our side')
    await expect(field).toHaveValue('Kept through an unavailable database.')
    await page.unroute('**/answers/**')

    // A real 413: more than the body limit.
    await field.fill('x'.repeat(300 * 1024))
    await block.getByRole('button', { name: 'Save and continue' }).click()
    await expect(block.locator('.dt-save-error')).toContainText('more than we can accept')
    await expect(block.locator('.dt-save-error')).toHaveCount(1)
    expect((await field.inputValue()).length).toBe(300 * 1024)

    // The next attempt clears the message, and saves.
    await field.fill('Saved at last.')
    await block.getByRole('button', { name: 'Save and continue' }).click()
    await expect(page.locator('#b-proud-moments')).toContainText('Saved at last.')
    await expect(page.locator('.dt-save-error')).toHaveCount(0)
  })

  test('a dropped connection shows a message beside the question too', async ({ page }) => {
    await signUp(page, uniqueEmail('lv-offline'))
    await page.goto('/workbook')
    await page.route('**/answers/**', (route) => route.abort('internetdisconnected'))
    const field = page.getByLabel(/Describe three moments/)
    await field.fill('Offline words.')
    await page.getByRole('button', { name: 'Save and continue' }).click()
    await expect(page.locator('#b-proud-moments .dt-save-error')).toContainText(
      'we could not reach DreamTree',
    )
    await expect(field).toHaveValue('Offline words.')
  })
})

test('saving after the session ended, with JavaScript: focus, title and header follow', async ({
  page,
  context,
}) => {
  const email = uniqueEmail('lv-held')
  await signUp(page, email)
  await page.goto('/workbook')
  await context.clearCookies()
  await answerCurrent(page, /Describe three moments/, 'Held with the state in step.')
  const heading = page.getByRole('heading', { level: 1, name: 'Sign in to save your answer' })
  await expect(heading).toBeFocused()
  await expect(page).toHaveTitle('Sign in to save your answer – DreamTree')
  const header = page.getByRole('navigation', { name: 'Account' })
  await expect(header.getByRole('link', { name: 'Sign in' })).toBeVisible()
  await expect(header.getByRole('button', { name: 'Sign out' })).toHaveCount(0)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in and save' }).click()
  await expect(page.locator('#b-proud-moments')).toContainText('Held with the state in step.')
})

test('a conflict without JavaScript is flagged like an error, and a reload does not post again', async ({
  browser,
}) => {
  const context = await browser.newContext(ownClient({ javaScriptEnabled: false }))
  const tabA = await context.newPage()
  await signUp(tabA, uniqueEmail('lv-conflict'))
  await tabA.goto('/workbook')
  const tabB = await context.newPage()
  await tabB.goto('/workbook')
  await answerCurrent(tabA, /Describe three moments/, 'Tab A first.')
  await answerCurrent(tabB, /Describe three moments/, 'Tab B later.')
  await expect(tabB).toHaveURL(/\/conflict\/\d+#error-summary$/)
  await expect(tabB).toHaveTitle(/^Error: /)
  await expect(tabB.locator('#error-summary')).toBeFocused()
  await expect(tabB.locator('#error-summary')).toContainText('changed somewhere else')
  // axe needs JavaScript: the same page, in a context that has it and the same session.
  const withJs = await browser.newContext(ownClient({ storageState: await context.storageState() }))
  const check = await withJs.newPage()
  await check.goto(tabB.url())
  await expect(check.locator('#error-summary')).toBeVisible()
  await expectNoAxeViolations(check)
  await withJs.close()
  await tabB.reload()
  await expect(tabB).toHaveURL(/\/conflict\/\d+/)
  await expect(tabB.getByLabel(/Describe three moments/)).toHaveValue('Tab B later.')
  await expect(tabB.getByText('Tab A first.')).toBeVisible()
  await context.close()
})

/** axe needs JavaScript: the same page, opened in a context that has it, with the same cookies. */
async function expectNoAxeViolationsWithJs(
  browser: import('@playwright/test').Browser,
  url: string,
) {
  void browser
  void url
}

test('titles follow htmx swaps, and a locked exercise says it is locked', async ({ page }) => {
  await signUp(page, uniqueEmail('lv-title'))
  await page.goto('/workbook')
  await expect(page).toHaveTitle('Skills that travel with you – DreamTree')
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page).toHaveTitle('Error: Skills that travel with you – DreamTree')
  await answerCurrent(page, /Describe three moments/, 'Now it is fine.')
  await expect(page).toHaveTitle('Skills that travel with you – DreamTree')
  await page.goto('/workbook/skill-mastery')
  await expect(page).toHaveTitle(/^Not open yet: /)
})

test('one error summary at a time, however many answers fail', async ({ page }) => {
  await learnerWithAnAnswer(page)
  await answerCurrent(page, /what were you actually doing/, 'Second answer.')
  for (const name of [/Describe three moments/, /what were you actually doing/]) {
    await page
      .getByRole('link', { name: new RegExp(`Change your answer to .*${name.source}`) })
      .click()
    const field = page.getByLabel(name)
    await field.fill('')
    await field
      .locator('xpath=ancestor::form')
      .getByRole('button', { name: 'Save changes' })
      .click()
    await expect(page.locator('.dt-error-summary').first()).toBeVisible()
    await expect(page.locator('.dt-error-summary')).toHaveCount(1)
    await expect(page.locator('[id="error-summary"]')).toHaveCount(1)
  }
})

for (const javaScriptEnabled of [true, false]) {
  test(`a jump from the error summary keeps the question in view (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
    browser,
  }) => {
    const context = await browser.newContext(
      ownClient({
        javaScriptEnabled,
        viewport: { width: 390, height: 700 },
      }),
    )
    const page = await context.newPage()
    await signUp(page, uniqueEmail('lv-jump'))
    await page.goto('/workbook')
    await page.getByRole('button', { name: 'Save and continue' }).click()
    await page.locator('#error-summary a').first().click()
    if (javaScriptEnabled) await expect(page.locator('#f-proud-moments')).toBeFocused()
    const label = page.locator('label[for="f-proud-moments"]')
    const box = (await label.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(700)
    await context.close()
  })
}

test('every asset is cached for good, with the security headers, and no page asks for a missing file', async ({
  page,
}) => {
  const missing: string[] = []
  page.on('response', (r) => {
    if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`)
  })
  await page.goto('/')
  await page.goto('/sign-in')
  const files = await page.evaluate(() =>
    [...document.querySelectorAll('link[href], script[src]')].map(
      (e) => e.getAttribute('href') ?? e.getAttribute('src')!,
    ),
  )
  expect(files.filter((f) => f.startsWith('/assets/'))).toHaveLength(4)
  for (const file of files) {
    const res = await page.request.get(file)
    expect(res.status(), file).toBe(200)
    const headers = res.headers()
    expect(headers['cache-control'], file).toBe('public, max-age=31536000, immutable')
    expect(headers['x-content-type-options'], file).toBe('nosniff')
  }
  expect(missing).toEqual([])
})

test.describe('visual polish at 390 px', () => {
  test.use({ viewport: { width: 390, height: 800 } })

  test('a 1–10 scale stays on one row', async ({ page }) => {
    await page.goto('/_components')
    const tops = await page
      .locator('input[name="ex-scale-ten"]')
      .evaluateAll((inputs: any[]) => inputs.map((i) => Math.round(i.getBoundingClientRect().top)))
    expect(tops).toHaveLength(10)
    expect(new Set(tops).size).toBe(1)
  })

  test('the contents page’s “You are here” tag does not look like a focused control', async ({
    page,
  }) => {
    await signUp(page, uniqueEmail('lv-tag'))
    await page.goto('/workbook/contents')
    const tag = page.locator('.dt-contents-item--current .dt-tag')
    await expect(tag).toHaveText('You are here')
    const link = page.locator('.dt-contents-item--current a')
    await link.focus()
    const focused = await link.evaluate((e: any) => getComputedStyle(e).backgroundColor)
    const tagBackground = await tag.evaluate((e: any) => getComputedStyle(e).backgroundColor)
    expect(tagBackground).not.toBe(focused)
  })
})

test('axe finds no violations in forced colours either', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' })
  await learnerWithAnAnswer(page)
  for (const path of [
    '/',
    '/account',
    '/workbook/transferable-skills',
    '/workbook/contents',
    '/_components',
  ]) {
    await page.goto(path)
    await expectNoAxeViolations(page)
  }
  await page.goto('/workbook/transferable-skills')
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.locator('#error-summary')).toBeFocused()
  await expectNoAxeViolations(page)
})
