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
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { parse, type HTMLElement } from 'node-html-parser'
import { answerCurrent, ownClient, PASSWORD, settled, signUp, test } from './helpers'

/** Where scripts/e2e-server.mjs keeps the local D1 (`--persist-to .wrangler/e2e-state`). */
const D1_DIR = decodeURIComponent(new URL('../.wrangler/e2e-state/v3/d1', import.meta.url).pathname)

/** Random bytes as hex. */
const randomHex = (n: number) =>
  [...crypto.getRandomValues(new Uint8Array(n))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')

/** This run's token: ASCII, random, in every marker and in the email, and nowhere else. */
const RUN = `zq${randomHex(5)}`

/** Every marker written, with where it was written (for the failure message). */
const markers = new Map<string, string>()
let counter = 0
/** A fresh marker, unique, with non-ASCII and an emoji, remembered with where it went. */
function marker(where: string): string {
  counter++
  // Padded, so no marker is the start of another.
  const m = `ZEBRA-Ärger-🦓-${RUN}-${String(counter).padStart(4, '0')}`
  markers.set(m, where)
  return m
}

/** The submission ids this spec posted: stored in clear, so the last one proves the write landed. */
const submissions: string[] = []
function submission(): string {
  const id = randomHex(16)
  submissions.push(id)
  return id
}

const today = (daysBack = 0) =>
  new Date(Date.now() - daysBack * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)

/** A signed-in learner's HTTP client: the page's cookies, and the Origin that hono/csrf wants. */
class Learner {
  /** How many forms were posted: the save limit allows 300 in five minutes. */
  posts = 0
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
    this.posts++
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
    else {
      // A box already holding a marker keeps it (the words typed in the browser stay).
      const kept = tag === 'textarea' ? el.textContent : (el.getAttribute('value') ?? '')
      fields.push([name, kept.includes(RUN) ? kept : marker(`${where} ${name}`)])
    }
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
    // Each post counts against the save limit: after a refusal, add two items before asking again.
    if (round === 0 || round % 2 === 0 || last === '') {
      const done = save.replace(/\/save$/, '/done')
      const finished = await learner.post(done, filled(form, where))
      if (finished.status() === 303) return
      last = await refusal(finished)
    }
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

/** The kinds of tool worked in full so far, by either learner. */
const worked = new Set<string>()

/**
 * Answers the workbook, every box filled, from block `from` (the blocks before it answered in a
 * few words, a post each) until the end or until the learner has posted `budget` forms: the
 * save limit (300 posts in five minutes) is too tight for one learner to work it all. Returns
 * the block it stopped before, or null at the end.
 */
async function walkWorkbook(learner: Learner, from = 0, budget = 230): Promise<number | null> {
  let answered = 0
  for (; answered < 400; answered++) {
    if (answered >= from && learner.posts >= budget) return answered
    const { url, root } = await learner.html('/workbook')
    const form = currentForm(root)
    if (!form) return null
    const action = form.getAttribute('action')!
    const where = `${new URL(url).pathname} ${action}`
    const cheap = answered < from
    if (/\/tools\//.test(action)) {
      // Each kind of tool is worked in full once (the save limit allows about 300 saves in five
      // minutes); a later tool of a kind already worked is answered in its plain-text form.
      const kind = signature(form)
      if (!cheap && !worked.has(kind)) {
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
    const res = await learner.post(action, filled(form, cheap ? `${where} (on the way)` : where))
    if (res.status() !== 303) throw new Error(`${where}: ${await refusal(res)}`)
  }
  throw new Error('the workbook did not end')
}

/** The second learner, once made (kept for the read-back). */
const learners: Learner[] = []

type Step = { name: string; run: (learner: Learner) => Promise<void> }

/** The display name the journey gives, found again in the export it uploads. */
let displayName = ''

/** The journey, one step per kind of field. */
const STEPS: Step[] = [
  {
    name: 'the whole workbook, by two learners',
    run: async (l) => {
      const stopped = await walkWorkbook(l)
      if (stopped === null) return
      // A second learner answers the way to where the first stopped, then works the rest.
      const context = await l.page.context().browser()!.newContext(ownClient())
      const page = await context.newPage()
      await signUp(page, markerEmail('second'))
      const second = new Learner(page, page.request, l.origin)
      expect(await walkWorkbook(second, stopped, 1000)).toBeNull()
      learners.push(second)
    },
  },
  { name: 'your own list', run: (l) => workTool(l, '/tools/list-builder/own', 'own list') },
  { name: 'your own stories', run: (l) => workTool(l, '/tools/soared-story/own', 'own stories') },
  { name: 'your own flow log', run: (l) => workTool(l, '/tools/flow-log/own', 'own flow log') },
  {
    name: 'a display name',
    run: async (l) => {
      displayName = marker('display name')
      const res = await l.post('/account/profile', [['display_name', displayName]])
      expect(res.status()).toBe(303)
    },
  },
  {
    // Uploaded and never confirmed: the whole export waits in import_staging, encrypted.
    name: 'an import left waiting',
    run: async (l) => {
      const exported = await l.http.get('/account/export.json')
      expect(exported.status()).toBe(200)
      const json = await exported.text()
      expect(json).toContain(displayName)
      const res = await l.http.post('/account/import', {
        headers: { Origin: l.origin },
        multipart: {
          file: { name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(json) },
        },
        maxRedirects: 0,
      })
      expect(res.status()).toBe(303)
    },
  },
  {
    name: 'an email change',
    run: async (l) => {
      const res = await l.post('/account/email', [
        ['email', markerEmail('changed')],
        ['email_password', PASSWORD],
      ])
      expect(res.status()).toBe(303)
    },
  },
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

/**
 * Bytes as a string of one character per byte (windows-1252 maps each of the 256 bytes to a
 * character of its own), so a byte sequence is found with the string's fast indexOf.
 */
const bytewise = new TextDecoder('windows-1252')
const asBytes = (bytes: Uint8Array) => bytewise.decode(bytes)

/** The needle's bytes in UTF-8 and in UTF-16LE, each as bytewise text. */
function encodings(needle: string): [string, string][] {
  const utf16 = new Uint8Array(needle.length * 2)
  for (let i = 0; i < needle.length; i++) {
    utf16[2 * i] = needle.charCodeAt(i) & 0xff
    utf16[2 * i + 1] = needle.charCodeAt(i) >> 8
  }
  return [
    ['UTF-8', asBytes(new TextEncoder().encode(needle))],
    ['UTF-16LE', asBytes(utf16)],
  ]
}

type D1File = { path: string; bytes: string }

/** Every file of the local D1 (each database, its -wal and -shm), read whole as bytes. */
function d1Files(): D1File[] {
  const out: D1File[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = `${dir}/${name}`
      if (statSync(path).isDirectory()) walk(path)
      else out.push({ path, bytes: asBytes(readFileSync(path)) })
    }
  }
  walk(D1_DIR)
  return out
}

/** Where `needle` (bytewise text) occurs in the files, as "file at byte offset". */
function hits(files: D1File[], needle: string): string[] {
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
  const firstExercise = new URL(page.url()).pathname
  const firstAnswer = marker('the first answer, typed in the browser')
  await answerCurrent(page, /Describe three moments/, firstAnswer)
  await page.goto('/tools/list-builder/own')
  const ownItem = marker('an item of their own, typed in the browser')
  await settled(page)
  await page.getByLabel('Your first item').fill(ownItem)
  await page.getByLabel('Your first item').press('Enter')
  await expect(page.getByLabel('Item 1', { exact: true })).toHaveValue(ownItem)

  for (const step of STEPS) await test.step(step.name, () => step.run(learner))

  test.info().annotations.push({ type: 'posts', description: String(learner.posts) })
  console.log(`plaintext scan: ${learner.posts} posts, ${markers.size} markers`)
  // The writes were saved and open again for the learner.
  expect((await learner.html('/tools/list-builder')).html).toContain(ownItem)
  expect((await learner.html(firstExercise)).html).toContain(firstAnswer)
  const all = (await learner.html('/tools')).html
  const shown = [...markers.keys()].filter((m) => all.includes(m))
  expect(shown.length, 'markers the learner sees on /tools').toBeGreaterThan(20)

  // The files are the right ones and hold this spec's last write: its submission id (clear).
  const last = encodings(submissions.at(-1)!)[0]![1]
  let files = d1Files()
  for (let i = 0; i < 50 && hits(files, last).length === 0; i++) {
    await page.waitForTimeout(100)
    files = d1Files()
  }
  expect(hits(files, last), 'the last submission id, stored in clear').not.toEqual([])
  expect(hits(files, encodings(firstTitle)[0]![1]), 'a seeded exercise title').not.toEqual([])

  const found: string[] = []
  const needles: [string, string][] = [[RUN, 'this run’s token']]
  for (const [m, where] of markers) needles.push([m, where])
  for (const [needle, where] of needles) {
    for (const [encoding, bytes] of encodings(needle)) {
      for (const hit of hits(files, bytes))
        found.push(`“${needle}” (${where}, ${encoding}) in ${hit}`)
    }
  }
  expect(markers.size, 'markers written').toBeGreaterThan(100)
  expect(found).toEqual([])
  for (const l of learners) await l.page.context().close()
})
