/**
 * The readable exports (issue 12 §3): `/account/export.zip` (the JSON, a README and a Markdown
 * file per part) and `/account/print` (the whole workbook on one page). Both carry every
 * exercise the learner answered with their own words, never another learner's, and ask for a
 * recent password, like the JSON export.
 */
import { unzipSync, strFromU8 } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ExportDocument } from './transfer'
import { cell, partMarkdown } from './markdown'
import { loadRealWorkbook } from '../../test/connection-writers'
import { fillAccount } from '../../test/full-account'
import {
  get,
  postForm,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { all, dom, one, text } from '../../test/html'
import { formFields, toolBlock } from '../../test/tools'
import { auditEvents, forgetRateLimits, setSessionConfirmed } from '../../test/sql'
import type { Reference, Workbook } from '../content'

let workbook: Workbook
let reference: Reference

async function newLearner(label: string) {
  const email = uniqueEmail(label)
  const password = strongPassword(label)
  const { token } = await signUp(email, password, uniqueIp())
  return { email, password, token, userId: (await userIdFor(email))! }
}

type Learner = Awaited<ReturnType<typeof newLearner>>

// A `|` and a backslash in every marker, so the tables must escape them to stay tables.
const MINE = 'Wren|Ärger\\🦉'
const THEIRS = 'Heron|Öde-🐦'
let a: Learner
let b: Learner
let mine: string[]
let theirs: string[]
const OWN_ITEM = `${MINE}-own-list-item`

/** Every exercise title the learner answered, by part title, from the content and the document. */
function answeredTitles(doc: ExportDocument): Map<string, string[]> {
  const answered = new Set(doc.tables.answers.map((r) => String(r.placement_id)))
  const out = new Map<string, string[]>()
  for (const part of workbook.parts) {
    const modules = new Set(workbook.modules.filter((m) => m.partId === part.id).map((m) => m.id))
    const titles = workbook.exercises
      .filter((e) => modules.has(e.moduleId))
      .filter((e) => workbook.placements.some((p) => p.exerciseId === e.id && answered.has(p.id)))
      .map((e) => e.title)
    out.set(part.title, titles)
  }
  return out
}

beforeAll(async () => {
  ;({ workbook, reference } = await loadRealWorkbook())
  a = await newLearner('readable-full')
  b = await newLearner('readable-other')
  mine = (await fillAccount(a.token, workbook, reference, MINE)).filter((t) => t.includes('Wren'))
  theirs = (await fillAccount(b.token, workbook, reference, THEIRS)).filter((t) =>
    t.includes('Heron'),
  )
  // One of the learner's own tools, outside the workbook.
  const own = await toolBlock(a.token, '/tools/list-builder/own', '#b-list')
  await postForm(
    '/tools/list-builder/own/add',
    { ...formFields(own), new: OWN_ITEM },
    { token: a.token },
  )
  await forgetRateLimits()
}, 480_000)

/** The Markdown tables of a file: each as its lines, from the header row on. */
function tablesOf(markdown: string): string[][] {
  const tables: string[][] = []
  let current: string[] | null = null
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      if (!current) tables.push((current = []))
      current.push(line)
    } else current = null
  }
  return tables
}

/** A table row's cells, split on the `|`s that are not escaped. */
const cells = (row: string) =>
  row
    .slice(1, -1)
    .split(/(?<!\\)(?:\\\\)*\|/)
    .map((c) => c.trim())

/** Whether a Markdown file holds a text, written plainly or escaped inside a table. */
const holds = (markdown: string, t: string) => markdown.includes(t) || markdown.includes(cell(t))

async function unzipped(token: string) {
  const res = await get('/account/export.zip', { token })
  expect(res.status).toBe(200)
  const bytes = new Uint8Array(await res.arrayBuffer())
  const files = unzipSync(bytes)
  return {
    res,
    bytes,
    names: Object.keys(files),
    text: (name: string) => strFromU8(files[name]!),
  }
}

describe('the ZIP export', () => {
  it('holds the JSON export, a README, a Markdown file per part and the own tools', async () => {
    const zip = await unzipped(a.token)
    expect(zip.res.headers.get('Content-Type')).toBe('application/zip')
    expect(zip.res.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="dreamtree-\d{4}-\d{2}-\d{2}\.zip"$/,
    )
    expect(zip.res.headers.get('Cache-Control')).toContain('no-store')
    expect(zip.names).toEqual([
      'README.md',
      'dreamtree-export.json',
      '1-roots.md',
      '2-trunk.md',
      '3-branches.md',
      'your-own-tools.md',
    ])
    // The JSON inside is the JSON export, apart from the moment it was made.
    const inside = JSON.parse(zip.text('dreamtree-export.json')) as ExportDocument
    const alone = (await (await get('/account/export.json', { token: a.token })).json()) as object
    expect({ ...inside, exportedAt: '' }).toEqual({ ...alone, exportedAt: '' })
    const readme = zip.text('README.md')
    for (const name of zip.names.filter((n) => n !== 'README.md')) expect(readme).toContain(name)
    expect(readme).toMatch(/not encrypted/)
    expect(readme).toMatch(/restor/)
    expect(zip.text('your-own-tools.md')).toContain(cell(OWN_ITEM))
  })

  it('has every answered exercise under its title, with every one of the learner’s words', async () => {
    const zip = await unzipped(a.token)
    const doc = JSON.parse(zip.text('dreamtree-export.json')) as ExportDocument
    const titles = answeredTitles(doc)
    const files = { Roots: '1-roots.md', Trunk: '2-trunk.md', Branches: '3-branches.md' }
    for (const [part, file] of Object.entries(files)) {
      const md = zip.text(file)
      expect(md.startsWith(`# ${part}\n`)).toBe(true)
      expect(titles.get(part)!.length).toBeGreaterThan(5)
      const headings = md.split('\n').filter((l) => l.startsWith('## '))
      expect(titles.get(part)!.filter((t) => !headings.includes(`## ${t}`))).toEqual([])
    }
    const markdown = zip.names
      .filter((n) => n.endsWith('.md'))
      .map(zip.text)
      .join('\n')
    expect(mine.length).toBeGreaterThan(100)
    expect(mine.filter((m) => !holds(markdown, m))).toEqual([])
  })

  it('writes its tables as valid Markdown tables, with `|` and line breaks escaped', async () => {
    const zip = await unzipped(a.token)
    const tables = zip.names.filter((n) => /^\d-/.test(n)).flatMap((n) => tablesOf(zip.text(n)))
    expect(tables.length).toBeGreaterThan(20)
    for (const lines of tables) {
      const width = cells(lines[0]!).length
      expect(lines.length).toBeGreaterThanOrEqual(2)
      expect(lines[1]).toBe(`| ${Array(width).fill('---').join(' | ')} |`)
      for (const row of lines) expect([row, cells(row).length]).toEqual([row, width])
      expect(lines.join('\n')).not.toMatch(/Wren(?!\\\|)/)
    }
    // A cell's line break and backslash, too, on a table of its own.
    const md = partMarkdown({
      id: 'p',
      number: 1,
      title: 'P',
      notYet: [],
      exercises: [
        {
          id: 'e',
          title: 'E',
          blocks: [
            {
              id: 'b',
              label: 'L',
              pieces: [
                {
                  kind: 'table',
                  table: {
                    caption: 'L',
                    columns: ['One', 'Two'],
                    rows: [['a\nb', 'ends in \\']],
                    rowHeaders: false,
                  },
                },
              ],
            },
          ],
        },
      ],
    })
    expect(tablesOf(md)).toEqual([['| One | Two |', '| --- | --- |', '| a<br>b | ends in \\\\ |']])
  })

  it('never holds another learner’s words', async () => {
    const zip = await unzipped(a.token)
    const everything = zip.names.map(zip.text).join('\n')
    expect(theirs.length).toBeGreaterThan(100)
    expect(everything).not.toContain('Heron')
    expect(everything).not.toContain(b.userId)
  })

  it('asks for the password again after 10 minutes, and is for signed-in learners only', async () => {
    const c = await newLearner('zip-sudo')
    await setSessionConfirmed(c.token, new Date(Date.now() - 11 * 60 * 1000).toISOString())
    const stale = await get('/account/export.zip', { token: c.token })
    expect(stale.status).toBe(303)
    expect(stale.headers.get('Location')).toBe('/account/confirm?next=%2Faccount%2Fexport.zip')
    const out = await get('/account/export.zip')
    expect(out.status).toBe(303)
    expect(out.headers.get('Location')).toBe('/sign-in?next=%2Faccount%2Fexport.zip')
    expect((await auditEvents(c.userId)).map((e) => e.event)).not.toContain('exported-zip')
  })

  it('logs each download without content, and refuses a cross-site post', async () => {
    const c = await newLearner('zip-log')
    await unzipped(c.token)
    const logged = (await auditEvents(c.userId)).filter((e) => e.event === 'exported-zip')
    expect(logged).toHaveLength(1)
    expect(Object.keys(logged[0]!).sort()).toEqual([
      'created_at',
      'event',
      'id',
      'ip_hash',
      'user_id',
    ])
    const cross = await postForm(
      '/account/export.zip',
      {},
      { token: c.token, headers: { Origin: 'https://evil.example' } },
    )
    expect(cross.status).toBe(403)
  })

  it('works for a learner who has answered nothing yet', async () => {
    const c = await newLearner('zip-empty')
    const zip = await unzipped(c.token)
    expect(zip.names).toEqual([
      'README.md',
      'dreamtree-export.json',
      '1-roots.md',
      '2-trunk.md',
      '3-branches.md',
    ])
    expect(zip.text('1-roots.md')).toContain('_Nothing answered in this part yet._')
  })
})

describe('the print view', () => {
  it('shows every answered exercise with every one of the learner’s words, and no one else’s', async () => {
    const res = await get('/account/print', { token: a.token })
    expect(res.status).toBe(200)
    const html = await res.text()
    const page = dom(html)
    expect(text(one(page, 'h1'))).toBe('Your workbook')
    expect(text(one(page, 'title'))).toBe('Your workbook, to print – DreamTree')
    const doc = (await (
      await get('/account/export.json', { token: a.token })
    ).json()) as ExportDocument
    const parts = all(page, '.dt-print__part')
    expect(parts.map((p) => text(one(p, 'h2')))).toEqual([
      'Roots',
      'Trunk',
      'Branches',
      'Your own tools',
    ])
    for (const [i, [, titles]] of [...answeredTitles(doc)].entries()) {
      const shown = all(parts[i]!, 'h3').map(text)
      expect(titles.filter((t) => !shown.includes(t))).toEqual([])
    }
    const words = text(one(page, 'main'))
    expect(mine.filter((m) => !words.includes(m))).toEqual([])
    expect(words).toContain(OWN_ITEM)
    expect(words).not.toContain('Heron')
    // The tools are real tables: captions, and column (and row) headers with their scope.
    const tables = all(page, 'main table')
    expect(tables.length).toBeGreaterThan(20)
    for (const t of tables) {
      expect(text(one(t, 'caption')).length).toBeGreaterThan(0)
      expect(all(t, 'thead th').every((th) => th.getAttribute('scope') === 'col')).toBe(true)
      expect(all(t, 'tbody th').every((th) => th.getAttribute('scope') === 'row')).toBe(true)
    }
    expect(all(page, 'main form')).toEqual([])
  })

  it('asks for the password again after 10 minutes, is for signed-in learners only, and is logged', async () => {
    const c = await newLearner('print-sudo')
    expect((await get('/account/print', { token: c.token })).status).toBe(200)
    const logged = (await auditEvents(c.userId)).filter((e) => e.event === 'printed')
    expect(logged).toHaveLength(1)
    await setSessionConfirmed(c.token, new Date(Date.now() - 11 * 60 * 1000).toISOString())
    const stale = await get('/account/print', { token: c.token })
    expect(stale.status).toBe(303)
    expect(stale.headers.get('Location')).toBe('/account/confirm?next=%2Faccount%2Fprint')
    const out = await get('/account/print')
    expect(out.status).toBe(303)
    expect(out.headers.get('Location')).toBe('/sign-in?next=%2Faccount%2Fprint')
    const page = dom(
      await (
        await get('/account/print', { token: (await newLearner('print-empty')).token })
      ).text(),
    )
    expect(text(one(page, 'main'))).toContain('You have not answered anything in this part yet.')
  })
})
