/**
 * The plaintext scan (issue 12 §1): a learner writes distinctive marker words into every kind of
 * field the app has (every prompt of the workbook, every tool, their own tools, their email, a
 * failed sign-in), then the raw bytes of the local D1's SQLite files (the database, its WAL and
 * its shared memory: tables, indexes, audit and rate-limit rows, freed pages) are searched for
 * every marker. None may be there: what a learner writes is stored only as ciphertext.
 *
 * The journey posts forms over HTTP with the browser's own cookies (fast), and takes a few
 * steps through the real pages (sign-up, one answer, one tool). Markers carry this run's random
 * token, so other specs writing to the same database in parallel cannot confuse the scan.
 */
import { expect, type APIRequestContext, type APIResponse, type Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, type HTMLElement } from 'node-html-parser'
import { answerCurrent, PASSWORD, settled, signUp, test } from './helpers'

/** Where scripts/e2e-server.mjs keeps the local D1 (`--persist-to .wrangler/e2e-state`). */
const D1_DIR = fileURLToPath(new URL('../.wrangler/e2e-state/v3/d1', import.meta.url))

/** This run's token: ASCII, random, in every marker and in the email, and nowhere else. */
const RUN = `zq${randomBytes(5).toString('hex')}`

/** Every marker written, with where it was written (for the failure message). */
const markers = new Map<string, string>()
let counter = 0
/** A fresh marker, unique, with non-ASCII and an emoji, remembered with where it went. */
function marker(where: string): string {
  counter++
  const m = `ZEBRA-Ärger-🦓-${RUN}-${counter}`
  markers.set(m, where)
  return m
}

/** The submission ids this spec posted: stored in clear, so the last one proves the write landed. */
const submissions: string[] = []
function submission(): string {
  const id = randomBytes(16).toString('hex')
  submissions.push(id)
  return id
}

const today = (daysBack = 0) =>
  new Date(Date.now() - daysBack * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)

/** A signed-in learner's HTTP client: the page's cookies, and the Origin that hono/csrf wants. */
class Learner {
  constructor(
    readonly page: Page,
    readonly http: APIRequestContext,
    readonly origin: string,
  ) {}

  async html(path: string): Promise<{ url: string; html: string; root: HTMLElement }> {
    const res = await this.http.get(path)
    expect(res.status(), `GET ${path}`).toBe(200)
    const html = await res.text()
    return { url: res.url(), html, root: parse(html, { comment: false }) }
  }

  /** Posts a form without following the redirect. */
  post(path: string, form: [string, string][]): Promise<APIResponse> {
    const body = new URLSearchParams(form).toString()
    return this.http.post(path, {
      headers: { Origin: this.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
      data: body,
      maxRedirects: 0,
    })
  }
}

/** What a refused post said. */
async function refusal(res: APIResponse): Promise<string> {
  const root = parse(await res.text())
  const summary = root.querySelector('.dt-error-summary, #error-summary, .dt-notice, main')
  return `${res.status()}: ${(summary?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 400)}`
}

/**
 * The form's fields as a learner who writes in every box would send them: each text box and
 * textarea gets a fresh marker, number boxes a number, dates a day (a different one each time),
 * selects and radios their first real choice (or the one already chosen), checkboxes ticked,
 * hidden fields as they are, and a fresh submission id.
 */
let days = 0
function filled(form: HTMLElement, where: string, blank?: RegExp): [string, string][] {
  const fields: [string, string][] = []
  const radios = new Set<string>()
  for (const el of form.querySelectorAll('input[name], textarea[name], select[name]')) {
    const name = el.getAttribute('name')!
    const type = (el.getAttribute('type') ?? 'text').toLowerCase()
    const tag = el.tagName.toLowerCase()
    if (blank?.test(name)) fields.push([name, ''])
    else if (name === 'submission') fields.push([name, submission()])
    else if (tag === 'select') {
      const options = el.querySelectorAll('option')
      const chosen =
        options.find((o) => o.hasAttribute('selected') && o.getAttribute('value')) ??
        options.find((o) => (o.getAttribute('value') ?? '') !== '')
      fields.push([name, chosen?.getAttribute('value') ?? ''])
    } else if (type === 'hidden') fields.push([name, el.getAttribute('value') ?? ''])
    else if (type === 'radio') {
      if (radios.has(name)) continue
      const group = form
        .querySelectorAll('input[type="radio"]')
        .filter((r) => r.getAttribute('name') === name)
      const chosen = group.find((r) => r.hasAttribute('checked')) ?? group[0]!
      radios.add(name)
      fields.push([name, chosen.getAttribute('value') ?? ''])
    } else if (type === 'checkbox') fields.push([name, el.getAttribute('value') ?? 'on'])
    else if (type === 'date') fields.push([name, today(days++)])
    else if (type === 'range' || type === 'number') {
      fields.push([name, el.getAttribute('min') ?? '1'])
    } else if (type === 'search') continue
    else if (el.getAttribute('inputmode') === 'numeric') fields.push([name, '2029'])
    else if (el.getAttribute('inputmode') === 'decimal') fields.push([name, '120'])
    else fields.push([name, marker(`${where} ${name}`)])
  }
  return fields
}

/** The form a page is waiting on: the first post form to an answer or a tool. */
function currentForm(root: HTMLElement): HTMLElement | undefined {
  return root
    .querySelectorAll('form')
    .find(
      (f) =>
        (f.getAttribute('method') ?? '').toLowerCase() === 'post' &&
        /\/(answers|tools)\/|\/own\//.test(f.getAttribute('action') ?? ''),
    )
}

/** The fields that add an item when posted filled: left blank to start, choose or remove. */
const ADDING = /^new($|-)/

/** The URLs of the form's action buttons. */
const buttons = (form: HTMLElement) =>
  form.querySelectorAll('button[formaction]').map((b) => b.getAttribute('formaction')!)

/**
 * Works one tool to its end as a learner who fills every box: finish it if it can be finished,
 * else answer the ranking's question, start it, or add another item (every box filled again).
 * `page` is where the tool is shown; a 303 from `done` means it was saved and finished.
 */
async function workTool(learner: Learner, page: string, where: string) {
  let last = ''
  for (let round = 0; round < 40; round++) {
    const { root } = await learner.html(page)
    const form = currentForm(root)
    if (!form) throw new Error(`${where}: no tool form on ${page}`)
    const save = form.getAttribute('action')!
    const actions = buttons(form)
    const choose = actions.find((a) => /\/choose\?item=/.test(a))
    if (choose) {
      const res = await learner.post(choose, filled(form, where, ADDING))
      expect(res.status(), `${where} choose`).toBe(303)
      continue
    }
    const done = save.replace(/\/save$/, '/done')
    const finished = await learner.post(done, filled(form, where))
    if (finished.status() === 303) return
    last = await refusal(finished)
    // Too many items came in from an earlier list: take some out, as the page asks.
    const remove = /\bRemove \d+/.test(last) ? actions.filter((a) => /\/remove\?item=/.test(a)) : []
    const next =
      remove.at(-1) ??
      (/\bAdd\b/.test(last) ? actions.find((a) => /\/(add|custom)$/.test(a)) : undefined) ??
      actions.find((a) => /\/start$/.test(a)) ??
      actions.filter((a) => /\/(add|add-income|add-expense|custom)$/.test(a))[round % 2] ??
      actions.find((a) => /\/(add|add-income|add-expense|custom)$/.test(a)) ??
      save
    const adds = /\/(add|add-income|add-expense|custom|save)$/.test(next)
    let res = await learner.post(next, filled(form, where, adds ? undefined : ADDING))
    if (res.status() === 422 && /\/start$/.test(next)) {
      // Not enough to put in order yet: add one more (Enter in the add box saves what is typed).
      last = await refusal(res)
      const add = actions.find((a) => /\/add$/.test(a)) ?? save
      res = await learner.post(add, filled(form, where))
    }
    if (res.status() !== 303) throw new Error(`${where} ${next}: ${await refusal(res)}`)
  }
  throw new Error(`${where}: could not finish the tool: ${last}`)
}

/** What kind of tool a form is: its fields' names without item ids, and its actions. */
function signature(form: HTMLElement): string {
  const fields = form
    .querySelectorAll('input[name], textarea[name], select[name]')
    .map((e) => e.getAttribute('name')!.replace(/-.*$/, ''))
  const actions = buttons(form).map((a) => a.replace(/\?.*$/, '').replace(/^.*\//, ''))
  return [...new Set([...fields, '|', ...actions])].sort().join(' ')
}

/** Answers the workbook to its end, every box filled; returns how many blocks were answered. */
async function walkWorkbook(learner: Learner): Promise<number> {
  let answered = 0
  const worked = new Set<string>()
  for (; answered < 400; answered++) {
    const { url, root } = await learner.html('/workbook')
    const form = currentForm(root)
    if (!form) return answered
    const action = form.getAttribute('action')!
    const where = `${new URL(url).pathname} ${action}`
    if (/\/tools\//.test(action)) {
      // Each kind of tool is worked in full once (the save limit allows about 300 saves in five
      // minutes); a later tool of a kind already worked is answered in its plain-text form.
      const kind = signature(form)
      if (!worked.has(kind)) {
        worked.add(kind)
        await workTool(learner, new URL(url).pathname, where)
        continue
      }
      const [, exercise, placement] = /^(\/workbook\/[^/]+)\/tools\/([^/]+)\//.exec(action)!
      const version = form.querySelector('input[name="version"]')?.getAttribute('value') ?? '0'
      const res = await learner.post(`${exercise}/answers/${placement}`, [
        ['answer', marker(`${where} as plain text`)],
        ['version', version],
        ['submission', submission()],
      ])
      if (res.status() !== 303) throw new Error(`${where} as text: ${await refusal(res)}`)
      continue
    }
    const res = await learner.post(action, filled(form, where))
    if (res.status() !== 303) throw new Error(`${where}: ${await refusal(res)}`)
  }
  throw new Error('the workbook did not end')
}

type Step = { name: string; run: (learner: Learner) => Promise<void> }

/**
 * The journey, one step per kind of field. After the account controls are merged, add the
 * display name and the email change here, one line each:
 *   { name: 'display name', run: (l) => expectSaved(l.post('/account/profile', [['display_name', marker('display name')]])) },
 *   { name: 'email change', run: (l) => expectSaved(l.post('/account/email', [['email', markerEmail('changed')], ['password', PASSWORD]])) },
 */
const STEPS: Step[] = [
  { name: 'the whole workbook', run: async (l) => void (await walkWorkbook(l)) },
  { name: 'your own list', run: (l) => workTool(l, '/tools/list-builder/own', 'own list') },
  { name: 'your own stories', run: (l) => workTool(l, '/tools/soared-story/own', 'own stories') },
  { name: 'your own flow log', run: (l) => workTool(l, '/tools/flow-log/own', 'own flow log') },
  {
    name: 'a wrong password for a marker email',
    run: async (l) => {
      for (const email of [markerEmail('unknown'), signedUpEmail]) {
        const res = await l.post('/sign-in', [
          ['email', email],
          ['password', 'not the password at all'],
        ])
        expect(res.status(), `wrong password for ${email}`).toBe(422)
      }
    },
  },
]

/** An email whose local part carries this run's token (an email is ASCII here). */
function markerEmail(tag: string): string {
  const email = `zebra-${RUN}-${tag}@example.com`
  markers.set(email, `the email (${tag})`)
  return email
}
const signedUpEmail = markerEmail('signed-up')

/** Every file of the local D1 (each database, its -wal and -shm), with its bytes. */
function d1Files(): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else out.push({ path, bytes: readFileSync(path) })
    }
  }
  walk(D1_DIR)
  return out
}

/** Where `needle` occurs in the files, as "file at offset". */
function hits(files: { path: string; bytes: Buffer }[], needle: Buffer): string[] {
  return files.flatMap(({ path, bytes }) => {
    const at = bytes.indexOf(needle)
    return at < 0 ? [] : [`${path.slice(D1_DIR.length + 1)} at byte ${at}`]
  })
}

test('no word a learner writes is in the database files in clear', async ({ page }) => {
  test.setTimeout(240_000)
  // Through the real pages: sign up, answer the first question, keep one item of their own.
  await signUp(page, signedUpEmail)
  const origin = new URL(page.url()).origin
  const learner = new Learner(page, page.request, origin)
  await page.goto('/workbook')
  const firstTitle = (await page.getByRole('heading', { level: 1 }).textContent())!.trim()
  const firstAnswer = marker('the first answer, typed in the browser')
  await answerCurrent(page, /Describe three moments/, firstAnswer)
  await page.goto('/tools/list-builder/own')
  const ownItem = marker('an item of their own, typed in the browser')
  await settled(page)
  await page.getByLabel('Your first item').fill(ownItem)
  await page.getByLabel('Your first item').press('Enter')
  await expect(page.getByLabel('Item 1', { exact: true })).toHaveValue(ownItem)

  for (const step of STEPS) await test.step(step.name, () => step.run(learner))

  // The writes were saved and open again for the learner.
  expect((await learner.html('/tools/list-builder')).html).toContain(ownItem)
  const all = (await learner.html('/tools')).html
  const shown = [...markers.keys()].filter((m) => all.includes(m))
  expect(shown.length, 'markers the learner sees on /tools').toBeGreaterThan(20)

  // The files are the right ones and hold this spec's last write: its submission id (clear).
  const last = Buffer.from(submissions.at(-1)!, 'utf8')
  let files = d1Files()
  for (let i = 0; i < 50 && hits(files, last).length === 0; i++) {
    await page.waitForTimeout(100)
    files = d1Files()
  }
  expect(hits(files, last), 'the last submission id, stored in clear').not.toEqual([])
  expect(hits(files, Buffer.from(firstTitle, 'utf8')), 'a seeded exercise title').not.toEqual([])

  const found: string[] = []
  const needles: [string, string][] = [[RUN, 'this run’s token']]
  for (const [m, where] of markers) needles.push([m, where])
  for (const [needle, where] of needles) {
    for (const [encoding, bytes] of [
      ['UTF-8', Buffer.from(needle, 'utf8')],
      ['UTF-16LE', Buffer.from(needle, 'utf16le')],
    ] as const) {
      for (const hit of hits(files, bytes))
        found.push(`“${needle}” (${where}, ${encoding}) in ${hit}`)
    }
  }
  expect(markers.size, 'markers written').toBeGreaterThan(100)
  expect(found).toEqual([])
})
