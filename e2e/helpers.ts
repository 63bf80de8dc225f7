import AxeBuilder from '@axe-core/playwright'
import {
  expect,
  test as base,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from '@playwright/test'

export const PASSWORD = 'a calm walk by the river at dawn'

let counter = 0
/** An email address no other test uses. */
export function uniqueEmail(tag: string): string {
  counter++
  return `${tag}-${Date.now().toString(36)}-${process.pid}-${counter}@example.com`
}

let clients = 0
/**
 * A client address of its own (a /64 no other test uses). The local server, like Cloudflare's
 * edge, takes the client address from `CF-Connecting-IP`, so each test's rate limits are its own.
 */
export function uniqueClientIp(): string {
  clients++
  return `2001:db8:${(process.pid % 0xffff).toString(16)}:${clients.toString(16)}::1`
}

/** Options for a context made by hand (`browser.newContext`), with a client address of its own. */
export function ownClient(options: BrowserContextOptions = {}): BrowserContextOptions {
  return {
    ...options,
    extraHTTPHeaders: { ...options.extraHTTPHeaders, 'CF-Connecting-IP': uniqueClientIp() },
  }
}

/** Playwright's `test`, with each test's own page coming from a client address of its own. */
export const test = base.extend({
  extraHTTPHeaders: async ({}, use) => {
    await use({ 'CF-Connecting-IP': uniqueClientIp() })
  },
})

/** Runs axe (WCAG 2.2 A and AA) on the page as it is now and expects no violations. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
  expect(summary).toEqual([])
}

/** Signs up through the form and acknowledges the recovery code; returns the code. */
export async function signUp(page: Page, email: string, password = PASSWORD): Promise<string> {
  await page.goto('/sign-up')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Create a password').fill(password)
  await page.getByLabel('Type the password again').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(
    page.getByRole('heading', { level: 1, name: 'Save your recovery code' }),
  ).toBeVisible()
  const code = (await page.locator('#recovery-code').textContent())!.trim()
  await page.getByRole('button', { name: 'I have saved my recovery code' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome back' })).toBeVisible()
  return code
}

/** Signs in through the form. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Answers the current question of the page with text and presses its button. */
export async function answerCurrent(page: Page, label: string | RegExp, text: string) {
  const field = page.getByLabel(label)
  await field.fill(text)
  await field
    .locator('xpath=ancestor::form')
    .getByRole('button', { name: /^Save and continue/ })
    .click()
}

/**
 * Builds a list in the list builder by keyboard only: types each item into the add field and
 * presses Enter (which adds it), then saves and continues. With JavaScript, focus must come back
 * to the add field after each swap; without it, the page reloads at that field.
 */
export async function buildList(page: Page, noun: string, items: string[]) {
  for (const [i, item] of items.entries()) {
    const field = page.getByLabel(i === 0 ? `Your first ${noun}` : `Add another ${noun}`)
    // Let a swap that brought the tool in settle, so its own focus move is over.
    await expect(page.locator('.htmx-request, .htmx-settling, .htmx-added')).toHaveCount(0)
    await field.focus()
    await page.keyboard.type(item)
    await page.keyboard.press('Enter')
    await expect(page.getByLabel(`Add another ${noun}`)).toBeFocused()
    await expect(page.getByLabel(new RegExp(`^${noun} ${i + 1}$`, 'i'))).toHaveValue(item)
  }
}

/**
 * Brings the signed-in learner of `page` to `exerciseId` by answering everything before it in a
 * few words, over HTTP with the page's own cookies (fast, and no part of what is under test).
 * A tool on the way is answered in its plain-text form, as an earlier answer would have been.
 */
export async function reachExercise(page: Page, exerciseId: string) {
  const origin = { Origin: new URL(page.url() || 'http://127.0.0.1').origin }
  for (let guard = 0; guard < 400; guard++) {
    const res = await page.request.get('/workbook')
    const url = new URL(res.url())
    if (url.pathname === `/workbook/${exerciseId}`) break
    const html = await res.text()
    const form =
      /<form method="post" action="(\/workbook\/[^"]+\/answers\/[^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(
        html,
      ) ??
      /<form method="post" action="(\/workbook\/[^"]+)\/tools\/([^"/]+)\/save"[^>]*>([\s\S]*?)<\/form>/.exec(
        html,
      )
    if (!form) throw new Error(`nothing to answer on ${url.pathname}`)
    let action: string
    let control: string
    if (form.length === 4) {
      action = `${form[1]}/answers/${form[2]}`
      control = form[3]!
    } else {
      action = form[1]!
      control = form[2]!
    }
    let answer = 'A few words.'
    const radio = /<input[^>]*type="radio"[^>]*value="([^"]*)"|<option value="([^"]+)"/.exec(
      control,
    )
    if (radio) answer = radio[1] ?? radio[2]!
    else if (/type="checkbox"/.test(control))
      answer = /type="checkbox"[^>]*value="([^"]*)"/.exec(control)![1]!
    const field = (name: string) =>
      new RegExp(`name="${name}" value="([^"]*)"`).exec(control)?.[1] ?? ''
    const posted = await page.request.post(action.replace(/&amp;/g, '&'), {
      headers: origin,
      form: { answer, version: field('version'), submission: field('submission') },
      maxRedirects: 0,
    })
    if (posted.status() !== 303) throw new Error(`could not answer ${action}: ${posted.status()}`)
  }
  await page.goto(`/workbook/${exerciseId}`)
}

/** Waits until no htmx swap is in flight or settling, so its focus move is over. */
export async function settled(page: Page) {
  await expect(page.locator('.htmx-request, .htmx-settling, .htmx-added')).toHaveCount(0)
}

/**
 * Tags skills in the skill tagger by keyboard only: for each pick, searches the master list and
 * presses the Add button of the named result; then adds each of `own` as a skill of the
 * learner's own (typed, then Enter).
 */
export async function tagSkills(
  page: Page,
  picks: { search: string; add: string }[],
  own: string[] = [],
) {
  for (const pick of picks) {
    await settled(page)
    const search = page.getByRole('searchbox', { name: 'Search the skills list' })
    await search.focus()
    await page.keyboard.press('Control+A')
    await page.keyboard.type(pick.search)
    await page.keyboard.press('Enter')
    const add = page.getByRole('button', { name: `Add “${pick.add}”`, exact: true })
    await expect(add).toBeVisible()
    await settled(page)
    await add.focus()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('button', { name: `Remove “${pick.add}”` })).toBeVisible()
    await expect(page.getByRole('searchbox', { name: 'Search the skills list' })).toBeFocused()
  }
  for (const name of own) {
    await settled(page)
    await page.getByLabel('Skill', { exact: true }).focus()
    await page.keyboard.type(name)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('button', { name: `Remove “${name}”` })).toBeVisible()
  }
  await settled(page)
}

/** The skills the book-sale learner tags: four from the list and one of their own. */
export const BOOK_SALE_SKILLS = {
  picks: [
    { search: 'teach', add: 'Teaching' },
    { search: 'negotiat', add: 'Negotiating' },
    { search: 'cash', add: 'Handling cash' },
    { search: 'budget', add: 'Budgeting' },
  ],
  own: ['Pricing second-hand books'],
}

/** How much the book-sale learner uses each skill: 1 (most) to 5 (least). */
export const BOOK_SALE_MASTERY: [string, number][] = [
  ['Teaching', 1],
  ['Negotiating', 3],
  ['Handling cash', 2],
  ['Budgeting', 5],
  ['Pricing second-hand books', 1],
]

/**
 * From the start of the workbook: the two first questions answered, the book-sale skills tagged
 * by keyboard, and the tagger finished.
 */
export async function tagBookSaleSkills(page: Page) {
  await page.goto('/workbook')
  await answerCurrent(page, /Describe three moments/, 'I ran the school book sale.')
  await answerCurrent(page, /what were you actually doing/, 'Sorted, priced, counted.')
  await tagSkills(page, BOOK_SALE_SKILLS.picks, BOOK_SALE_SKILLS.own)
  await settled(page)
  await page.getByRole('button', { name: 'Save and continue', exact: true }).press('Enter')
  await expect(page.locator('#b-skill-list')).toContainText('Pricing second-hand books')
}

/** Sets each skill's level in the mastery sorting by keyboard (arrow presses in its select). */
export async function sortMastery(page: Page, levels: [string, number][]) {
  for (const [name, level] of levels) {
    await page.getByLabel(name, { exact: true }).focus()
    for (let i = 0; i < level; i++) await page.keyboard.press('ArrowDown')
  }
}

/** Types into a field by keyboard, as a learner would. */
export async function typeInto(page: Page, field: Locator, words: string) {
  await field.focus()
  await page.keyboard.type(words)
}

/** Presses a button (or a link) by keyboard. */
export async function press(control: Locator) {
  await control.focus()
  await control.press('Enter')
}

/** The six SOARED parts, as the story builder labels them. */
export const SOARED_PARTS = [
  'Situation',
  'Obstacle',
  'Action',
  'Result',
  'Evaluation',
  'Discovery',
] as const

/** A story with a title and its six parts. */
export type StoryWords = { title: string } & Record<
  Lowercase<(typeof SOARED_PARTS)[number]>,
  string
>

/** Types a story's title and its six parts into a SOARED story builder, by keyboard. */
export async function writeStory(page: Page, tool: Locator, story: StoryWords) {
  await settled(page)
  await typeInto(page, tool.getByLabel('Title', { exact: true }), story.title)
  for (const part of SOARED_PARTS) {
    await typeInto(
      page,
      tool.getByLabel(part, { exact: true }),
      story[part.toLowerCase() as Lowercase<typeof part>],
    )
  }
}
