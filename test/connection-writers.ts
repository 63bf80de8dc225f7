/**
 * Writers for the connection tests: for any source placement of the real workbook (every prompt
 * kind, every tool, the plain-text trackers), save realistic data with distinctive marker text
 * through the app's own save routes, as one learner, finishing the tool, and say what a target
 * should then show: the items in source order, with what each filter of the connections spec
 * (/work/brief-connections.md) needs (mastery levels, ranks, energy and focus, story numbers,
 * categories, ratings and scores). `expectedItems` applies a filter exactly as the spec defines it.
 *
 * Nothing here knows how connections are resolved: only the routes, the content and the
 * reference data.
 */
import { parse } from 'yaml'
import {
  buildWorkbook,
  referenceStatements,
  workbookStatements,
  type Placement,
  type PromptPlacement,
  type Reference,
  type ToolPlacement,
  type Workbook,
} from '../src/content'
import { todayIso } from '../src/lib/bytes'
import { all, dom, one, text, type HTMLElement } from './html'
import { get, postForm } from './helpers'
import { runSeed } from './sql'
import { realReference } from './tool-fixture'
import { HTMX } from './workbook-fixture'

// ---------------------------------------------------------------------------------------------
// The real workbook

const CONTENT = import.meta.glob<string>('../seed/content/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** The real workbook, built from seed/content as the seed builds it. */
export function realWorkbook(): Workbook {
  const parts = parse(CONTENT['../seed/content/parts.yaml']!) as unknown
  const modules = Object.entries(CONTENT)
    .filter(([file]) => !file.endsWith('/parts.yaml'))
    .map(([file, raw]) => ({
      file: file.slice(file.lastIndexOf('/') + 1),
      doc: parse(raw) as unknown,
    }))
  const { workbook, errors } = buildWorkbook(parts, modules)
  if (errors.length) throw new Error(errors.join('\n'))
  return workbook
}

/** Loads the real workbook and reference data into the test database; returns both. */
export async function loadRealWorkbook() {
  const workbook = realWorkbook()
  const reference = realReference()
  await runSeed([...referenceStatements(reference), ...workbookStatements(workbook)])
  return { workbook, reference }
}

/** One item a source yields, with what the filters read. */
export type SourceItem = {
  text: string
  /** Skills: the mastery level (1 = used most), or null when the skill has none. */
  level?: number | null
  category?: string
  /** Flow entries. */
  energy?: number
  focus?: number
  day?: string
  /** Stories: which story of the placement (1-based). */
  story?: number
  /** Competency ratings and decision-matrix totals: higher first. */
  score?: number
}

/**
 * What a writer stored: the source's items in the source's own order (rank order, date order,
 * score order, walk order, as the spec says), and the texts that only this learner could have
 * written, which no other learner's page may ever show.
 */
export type Written = { source: SourceName; items: SourceItem[]; private: string[] }

/** The data sources of the spec. */
export type SourceName =
  | 'answer'
  | 'skills'
  | 'list'
  | 'ranking'
  | 'values'
  | 'stories'
  | 'flow'
  | 'budget'
  | 'life-balance'
  | 'personality'
  | 'competencies'
  | 'idea-tree'
  | 'options'
  | 'milestones'
  | 'reframes'
  | 'mindsets'

const DEFAULT_SOURCE: Record<string, SourceName> = {
  'list-builder': 'list',
  'skill-tagger': 'skills',
  'skill-mastery': 'skills',
  ranking: 'ranking',
  'soared-story': 'stories',
  'flow-log': 'flow',
  budget: 'budget',
  'life-balance': 'life-balance',
  'personality-type': 'personality',
  'competency-rating': 'competencies',
  'idea-tree': 'idea-tree',
  'decision-matrix': 'options',
  timeline: 'milestones',
  reframe: 'reframes',
  'mindset-profiles': 'mindsets',
  'contact-tracker': 'answer',
  'organisation-tracker': 'answer',
  'posting-analysis': 'answer',
}

/** The tools still answered as plain text (a textarea posted to the answers route). */
const PLAIN_TEXT_TOOLS = ['contact-tracker', 'organisation-tracker', 'posting-analysis']

const SOURCE_NAMES = new Set<string>([...Object.values(DEFAULT_SOURCE), 'values'])

/** The data source a connection reads: the one it names, or its source block's default. */
export function sourceOf(placement: Placement, named?: string): SourceName {
  if (named && SOURCE_NAMES.has(named)) return named as SourceName
  if (placement.kind === 'tool') return DEFAULT_SOURCE[placement.config.tool] ?? 'answer'
  return 'answer'
}

/**
 * The items a target shows for `written` under `filter`, exactly as the spec defines it:
 * `shown` in order, and `hidden`, the items the filter leaves out (never shown by this
 * connection).
 */
export function expectedItems(
  written: Written,
  filter: string,
): { shown: SourceItem[]; hidden: SourceItem[] } {
  const items = written.items
  const keep = (shown: SourceItem[]) => ({
    shown,
    hidden: items.filter((i) => !shown.includes(i)),
  })
  const f = filter.trim()
  if (f === '' || f === 'all') return keep(items)
  if (f === 'latest') {
    if (written.source === 'answer') return keep(items)
    if (written.source === 'flow') {
      const latest = [...items].sort((a, b) => (a.day! < b.day! ? -1 : a.day! > b.day! ? 1 : 0))
      return keep(latest.slice(-1))
    }
    return keep(items.slice(-1))
  }
  if (f === 'high-flow') return keep(items.filter((i) => i.energy! >= 1 && i.focus! >= 4))
  const category = /^category (.+)$/.exec(f)
  if (category) return keep(items.filter((i) => i.category === category[1]))
  const story = /^story (\d+)$/.exec(f)
  if (story) return keep(items.filter((i) => i.story === Number(story[1])))
  const top = /^top (\d+) by (mastery|rank|rating|score)$/.exec(f)
  if (top) {
    const n = Number(top[1])
    if (top[2] === 'mastery') {
      const levelled = items
        .map((item, walk) => ({ item, walk }))
        .filter((x) => typeof x.item.level === 'number')
        .sort((a, b) => a.item.level! - b.item.level! || a.walk - b.walk)
      return keep(levelled.slice(0, n).map((x) => x.item))
    }
    if (top[2] === 'rank') return keep(items.slice(0, n))
    const ordered = items
      .map((item, at) => ({ item, at }))
      .sort((a, b) => (b.item.score ?? 0) - (a.item.score ?? 0) || a.at - b.at)
    return keep(ordered.slice(0, n).map((x) => x.item))
  }
  throw new Error(`expectedItems: a filter the spec does not define: "${filter}"`)
}

// ---------------------------------------------------------------------------------------------
// Posting as the learner does

/** A fresh submission id, as each form carries. */
const submission = () => crypto.randomUUID().replace(/-/g, '')

/** What a refused post said, for the error thrown. */
function refusal(html: string): string {
  const summary = dom(html).querySelector(
    '.dt-error-summary, #error-summary, .dt-notice, .dt-tool-notice, [role="alert"]',
  )
  return summary ? text(summary) : html.slice(0, 400)
}

/** The block of a placement on its exercise page, as the learner sees it now. */
export async function blockOf(
  token: string,
  placement: Placement,
  editing = false,
): Promise<HTMLElement> {
  const path = editing
    ? `/workbook/${placement.exerciseId}/answers/${encodeURIComponent(placement.id)}/edit`
    : `/workbook/${placement.exerciseId}`
  const res = await get(path, { token })
  const html = await res.text()
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`)
  const local = placement.id.slice(placement.exerciseId.length + 1)
  const block = dom(html).querySelector(`#b-${local}`)
  if (!block) {
    throw new Error(
      `${placement.id} is not on its page: ${text(one(dom(html), 'main')).slice(0, 300)}`,
    )
  }
  return block
}

/** Saves a plain answer (a prompt, or a tool still answered as text) through the answers route. */
export async function saveAnswer(
  token: string,
  placement: Placement,
  answer: string | string[],
  version = 0,
) {
  const fields: [string, string][] = [
    ['version', String(version)],
    ['submission', submission()],
    ...(Array.isArray(answer) ? answer : [answer]).map((a): [string, string] => ['answer', a]),
  ]
  const res = await postForm(
    `/workbook/${placement.exerciseId}/answers/${encodeURIComponent(placement.id)}`,
    fields,
    { token },
  )
  if (res.status !== 303) {
    throw new Error(`saving ${placement.id}: ${res.status}: ${refusal(await res.text())}`)
  }
}

/**
 * One learner working in one tool: each action posts the form's hidden fields (the version the
 * page is at, a fresh submission id) with the fields given, as htmx does, and keeps the tool's
 * block that comes back, to read ids and the next version from.
 */
export class ToolSession {
  block!: HTMLElement
  constructor(
    readonly token: string,
    readonly placement: ToolPlacement,
  ) {}

  /** Reads the tool's block from its page, or from its edit page once it is finished. */
  async open(editing = false) {
    this.block = await blockOf(this.token, this.placement, editing)
    return this
  }

  get version() {
    return this.block.querySelector('input[name="version"]')?.getAttribute('value') ?? '0'
  }

  /** Posts one action; `done` (when it finishes the tool) is sent without htmx, as a 303. */
  async act(action: string, fields: Record<string, string> | [string, string][], item?: string) {
    const pairs: [string, string][] = [
      ['version', this.version],
      ['submission', submission()],
      ...(Array.isArray(fields) ? fields : Object.entries(fields)),
    ]
    const query = item ? `?item=${encodeURIComponent(item)}` : ''
    const url = `/workbook/${this.placement.exerciseId}/tools/${encodeURIComponent(this.placement.id)}/${action}${query}`
    const finishing = action === 'done'
    const res = await postForm(url, pairs, {
      token: this.token,
      headers: finishing ? undefined : HTMX,
    })
    if (finishing) {
      if (res.status !== 303) {
        throw new Error(`${this.placement.id} done: ${res.status}: ${refusal(await res.text())}`)
      }
      return this
    }
    const html = await res.text()
    if (res.status !== 200) {
      throw new Error(`${this.placement.id} ${action}: ${res.status}: ${refusal(html)}`)
    }
    const local = this.placement.id.slice(this.placement.exerciseId.length + 1)
    this.block = dom(html).querySelector(`#b-${local}`) ?? dom(html)
    return this
  }

  /** The names of the block's fields matching `pattern`. */
  names(pattern: RegExp): string[] {
    const names = all(this.block, 'input[name], textarea[name], select[name]').map(
      (e) => e.getAttribute('name') ?? '',
    )
    return [...new Set(names.filter((n) => pattern.test(n)))]
  }

  /** The item id a button of `action` carries in its URL, for each such button. */
  buttons(action: string): { item: string; text: string }[] {
    return all(this.block, 'button[formaction]')
      .map((b) => ({ url: b.getAttribute('formaction') ?? '', text: text(b) }))
      .filter((b) => new RegExp(`/${action}\\?item=`).test(b.url))
      .map((b) => ({ item: decodeURIComponent(b.url.split('?item=')[1]!), text: b.text }))
  }
}

// ---------------------------------------------------------------------------------------------
// The writers

export type WriteOptions = {
  /** Which of two learners: the choices of a radio, select, slider or checkboxes differ. */
  variant?: 0 | 1
  /** How many items to write, where the source takes a list (for boundary tests). */
  count?: number
  /** The placement the data is written for: later data (mastery, say) is only written before it. */
  before?: string
}

const clamp = (n: number, min: number, max: number) => Math.max(min, Math.min(max, n))

/** The days before today, `YYYY-MM-DD`. */
const daysAgo = (n: number) => todayIso(Date.now() - n * 24 * 60 * 60 * 1000)

/**
 * The writers for one workbook and its reference data.
 * @example const w = connectionWriters(workbook, reference)
 *          await answeredBefore(userId, target, w.placementsFor(source, target))
 *          const written = await w.writeSource(token, source, 'Amber-7', { before: target })
 */
export function connectionWriters(workbook: Workbook, reference: Reference) {
  const byId = new Map(workbook.placements.map((p) => [p.id, p]))
  const walk = new Map(workbook.placements.map((p, i) => [p.id, i]))
  const exerciseSeq = new Map(workbook.exercises.map((e) => [e.id, e.seq]))
  // Placements in walk order: the workbook's placements are listed by exercise, then ordinal.
  const inWalk = [...workbook.placements].sort(
    (a, b) =>
      exerciseSeq.get(a.exerciseId)! - exerciseSeq.get(b.exerciseId)! || a.ordinal - b.ordinal,
  )
  inWalk.forEach((p, i) => walk.set(p.id, i))
  const placement = (id: string) => {
    const p = byId.get(id)
    if (!p) throw new Error(`no placement ${id}`)
    return p
  }
  const isBefore = (a: string, b: string | undefined) =>
    b === undefined || walk.get(a)! < walk.get(b)!
  const tools = (name: string) =>
    inWalk.filter((p): p is ToolPlacement => p.kind === 'tool' && p.config.tool === name)
  const mastery = () => tools('skill-mastery')[0]

  /**
   * Every placement `writeSource` saves for a source, in walk order: the source itself, and for
   * skills the taggers and the mastery sorting that come before the target.
   */
  function placementsFor(sourceId: string, before?: string): string[] {
    const source = placement(sourceId)
    if (source.kind !== 'tool') return [sourceId]
    const m = mastery()
    if (source.config.tool === 'skill-tagger') {
      return m && isBefore(m.id, before) && isBefore(sourceId, m.id) ? [sourceId, m.id] : [sourceId]
    }
    if (source.config.tool === 'skill-mastery') {
      return [...tools('skill-tagger').filter((t) => isBefore(t.id, sourceId)), source].map(
        (p) => p.id,
      )
    }
    return [sourceId]
  }

  async function writeSource(
    token: string,
    sourceId: string,
    marker: string,
    opts: WriteOptions = {},
  ): Promise<Written> {
    const source = placement(sourceId)
    if (source.kind === 'content') throw new Error(`${sourceId} is a content block`)
    if (source.kind === 'prompt') return writePrompt(token, source, marker, opts)
    const tool = source.config.tool
    if (PLAIN_TEXT_TOOLS.includes(tool)) {
      const answer = `${marker} ${tool.split('-')[0]}`
      await saveAnswer(token, source, answer)
      return { source: 'answer', items: [{ text: answer }], private: [answer] }
    }
    const s = new ToolSession(token, source)
    if (tool !== 'skill-tagger' && tool !== 'skill-mastery') await s.open()
    switch (tool) {
      case 'list-builder':
        return writeList(s, marker, opts)
      case 'ranking':
        return writeRanking(s, marker, opts)
      case 'skill-tagger':
        return writeSkills(token, [source], marker, opts, placementsFor(sourceId, opts.before))
      case 'skill-mastery': {
        const taggers = tools('skill-tagger').filter((t) => isBefore(t.id, sourceId))
        return writeSkills(token, taggers, marker, opts, [...taggers.map((t) => t.id), sourceId])
      }
      case 'soared-story':
        return writeStories(s, marker, opts)
      case 'flow-log':
        return writeFlow(s, marker, opts)
      case 'budget':
        return writeBudget(s, marker)
      case 'life-balance':
        return writeBalance(s, opts)
      case 'personality-type':
        return writePersonality(s, opts)
      case 'competency-rating':
        return writeCompetencies(s, opts)
      case 'idea-tree':
        return writeIdeaTree(s, marker)
      case 'decision-matrix':
        return writeOptions(s, marker, opts)
      case 'timeline':
        return writeTimeline(s, marker)
      case 'reframe':
        return writeReframe(s, marker)
      case 'mindset-profiles':
        return writeMindsets(s, marker)
    }
    throw new Error(`no writer for the ${tool} tool`)
  }

  // --- prompts ---------------------------------------------------------------------------------

  async function writePrompt(
    token: string,
    p: PromptPlacement,
    marker: string,
    opts: WriteOptions,
  ): Promise<Written> {
    const variant = opts.variant ?? 0
    const c = p.config
    switch (c.prompt) {
      case 'text':
      case 'textarea': {
        const answer = `${marker} ${c.prompt === 'text' ? 'line' : 'words'}`.slice(0, c.maxLength)
        await saveAnswer(token, p, answer)
        return { source: 'answer', items: [{ text: answer }], private: [answer] }
      }
      case 'slider': {
        const n = variant === 0 ? c.max : c.min
        await saveAnswer(token, p, String(n))
        return {
          source: 'answer',
          items: [{ text: `${n} on a scale of ${c.min} to ${c.max}` }],
          private: [],
        }
      }
      case 'radio':
      case 'select': {
        const option = c.options[variant === 0 ? 0 : 1]!
        await saveAnswer(token, p, option)
        return { source: 'answer', items: [{ text: option }], private: [] }
      }
      case 'checkboxes': {
        const ticked = variant === 0 ? c.options.slice(0, 2) : c.options.slice(-1)
        await saveAnswer(token, p, ticked)
        return { source: 'answer', items: ticked.map((t) => ({ text: t })), private: [] }
      }
    }
  }

  // --- list-like tools -------------------------------------------------------------------------

  async function writeList(s: ToolSession, marker: string, opts: WriteOptions): Promise<Written> {
    if (s.placement.config.tool !== 'list-builder') throw new Error('not a list builder')
    const settings = s.placement.config.settings
    const n = clamp(opts.count ?? 4, settings.minItems ?? 1, settings.maxItems ?? 20)
    const texts = Array.from({ length: n }, (_, i) => `${marker} item ${i + 1}`)
    await clearItems(s)
    for (const t of texts.slice(0, -1)) await s.act('add', { new: t })
    await s.act('done', { new: texts.at(-1)! })
    return { source: 'list', items: texts.map((t) => ({ text: t })), private: texts }
  }

  /** Removes any starting items a tool came with (from a prefill), so only ours are there. */
  async function clearItems(s: ToolSession) {
    for (let i = 0; i < 120; i++) {
      const remove = s.buttons('remove')[0]
      if (!remove) return
      await s.act('remove', {}, remove.item)
    }
  }

  async function writeRanking(
    s: ToolSession,
    marker: string,
    opts: WriteOptions,
  ): Promise<Written> {
    if (s.placement.config.tool !== 'ranking') throw new Error('not a ranking')
    const count = s.placement.config.settings.count ?? 10
    const n = clamp(opts.count ?? 4, 2, count)
    const added = Array.from({ length: n }, (_, i) => `${marker} rank ${i + 1}`)
    // The order the learner reaches: not the order they were added in.
    const truth = [...added.slice(1), added[0]!].reverse()
    await clearItems(s)
    for (const t of added) await s.act('add', { new: t })
    await s.act('start', {})
    for (let asked = 0; asked < 200; asked++) {
      const choices = s.buttons('choose')
      if (choices.length === 0) break
      const [a, b] = choices as [{ item: string; text: string }, { item: string; text: string }]
      const rankOf = (c: { text: string }) => truth.findIndex((t) => c.text.includes(t))
      await s.act('choose', {}, rankOf(a) <= rankOf(b) ? a.item : b.item)
    }
    await s.act('done', {})
    return { source: 'ranking', items: truth.map((t) => ({ text: t })), private: truth }
  }

  // --- skills ----------------------------------------------------------------------------------

  /**
   * Tags skills of the learner's own at each tagger (each with its category), then, when the
   * mastery sorting is among `plan`, gives every skill a distinct level there, and adds one more
   * skill to the first tagger afterwards, so it has no level.
   */
  async function writeSkills(
    token: string,
    taggers: ToolPlacement[],
    marker: string,
    opts: WriteOptions,
    plan: string[],
  ): Promise<Written> {
    const CATEGORIES = ['transferable', 'self-management', 'knowledge']
    const items: SourceItem[] = []
    const many = taggers.length > 1
    for (const [t, tagger] of taggers.entries()) {
      if (tagger.config.tool !== 'skill-tagger') continue
      const settings = tagger.config.settings
      const n = many
        ? Math.max(2, settings.minSkills ?? 1)
        : clamp(opts.count ?? 4, settings.minSkills ?? 1, settings.maxSkills ?? 40)
      const s = await new ToolSession(token, tagger).open()
      for (let i = 0; i < n; i++) {
        const name = many ? `${marker} skill ${t + 1}.${i + 1}` : `${marker} skill ${i + 1}`
        const category = settings.category ?? CATEGORIES[(t + i) % 3]!
        const fields: Record<string, string> = { 'new-name': name }
        if (!settings.category) fields['new-category'] = category
        await s.act(i === n - 1 ? 'done' : 'custom', fields)
        items.push({ text: name, category, level: null })
      }
    }
    const m = mastery()
    if (m && plan.includes(m.id)) {
      const s = await new ToolSession(token, m).open()
      const LEVELS = [3, 1, 2, 5, 4]
      const fields: Record<string, string> = {}
      const fieldOf = new Map<SourceItem, string>()
      const labels = all(s.block, 'select[name^="level-"]').map((select) => {
        const id = select.getAttribute('id') ?? ''
        const label = s.block.querySelector(`label[for="${id}"]`)
        return { name: select.getAttribute('name')!, label: label ? text(label) : '' }
      })
      items.forEach((item, i) => {
        const field = labels.find((l) => l.label === item.text)
        if (!field) throw new Error(`the mastery sorting does not list “${item.text}”`)
        item.level = LEVELS[i % LEVELS.length]!
        fields[field.name] = String(item.level)
        fieldOf.set(item, field.name)
      })
      await s.act('done', fields)
      // With a count, only the first `count` keep their level: the sorting is finished, then
      // saved again with the rest left unsorted, as a learner who changes their mind would.
      if (opts.count !== undefined && opts.count < items.length) {
        const again = await new ToolSession(token, m).open(true)
        const cleared: Record<string, string> = {}
        for (const item of items.slice(opts.count)) {
          cleared[fieldOf.get(item)!] = ''
          item.level = null
        }
        await again.act('save', cleared)
      }
      // One more skill, named after the sorting: it has no level.
      const first = taggers[0]!
      if (first.config.tool === 'skill-tagger') {
        const extra = many ? `${marker} skill 1.9` : `${marker} skill 9`
        const settings = first.config.settings
        const category = settings.category ?? 'knowledge'
        const t = await new ToolSession(token, first).open(true)
        const fields2: Record<string, string> = { 'new-name': extra }
        if (!settings.category) fields2['new-category'] = category
        await t.act('custom', fields2)
        // Its place in walk order: after the first tagger's skills.
        const at = items.findIndex((i) => !i.text.startsWith(many ? `${marker} skill 1.` : marker))
        const skill = { text: extra, category, level: null }
        if (at < 0) items.push(skill)
        else items.splice(at, 0, skill)
      }
    }
    return { source: 'skills', items, private: items.map((i) => i.text) }
  }

  // --- stories ---------------------------------------------------------------------------------

  async function writeStories(
    s: ToolSession,
    marker: string,
    opts: WriteOptions,
  ): Promise<Written> {
    if (s.placement.config.tool !== 'soared-story') throw new Error('not a story builder')
    const max = s.placement.config.settings.maxStories ?? 3
    const n = clamp(opts.count ?? 2, 1, max)
    const story = (i: number) => ({
      title: `${marker} story ${i}`,
      type: 'challenge',
      situation: `The van broke down, story ${i}.`,
      obstacle: 'Two hundred boxes had to go out in three days.',
      action: 'I borrowed cars from neighbours and drew up routes.',
      result: 'Every box arrived a day early.',
      evaluation: 'Asking for help was the strongest move I made.',
      discovery: 'I plan best when the pressure is shared.',
    })
    // Each story shows the first two of the learner's skills, when they have any.
    const tagged = (i: number): [string, string][] => [
      ...Object.entries(story(i)),
      ...all(s.block, 'input[name="skills"]')
        .slice(0, 2)
        .map((box): [string, string] => ['skills', box.getAttribute('value')!]),
    ]
    for (let i = 1; i < n; i++) await s.act('add', tagged(i))
    await s.act('done', tagged(n))
    const titles = Array.from({ length: n }, (_, i) => `${marker} story ${i + 1}`)
    return {
      source: 'stories',
      items: titles.map((t, i) => ({ text: t, story: i + 1 })),
      private: titles,
    }
  }

  // --- flow ------------------------------------------------------------------------------------

  /**
   * Entries at the high-flow boundary, one a day: energy 1 and focus 4 (in), energy 0 and focus
   * 5 (out), energy 1 and focus 3 (out), energy 2 and focus 5 (in), and enough quiet ones before
   * them for the log's minimum. `count` 0 writes only the two just outside.
   */
  async function writeFlow(s: ToolSession, marker: string, opts: WriteOptions): Promise<Written> {
    if (s.placement.config.tool !== 'flow-log') throw new Error('not a flow log')
    const min = s.placement.config.settings.minEntries ?? 1
    const boundary: [number, number][] =
      opts.count === 0
        ? [
            [0, 5],
            [1, 3],
          ]
        : [
            [1, 4],
            [0, 5],
            [1, 3],
            [2, 5],
          ]
    const quiet = Math.max(0, min - boundary.length)
    const levels: [number, number][] = [
      ...Array.from({ length: quiet }, (): [number, number] => [-1, 2]),
      ...boundary,
    ]
    const items = levels.map(([energy, focus], i) => ({
      text: `${marker} flow ${i + 1}`,
      energy,
      focus,
      day: daysAgo(levels.length - i),
    }))
    for (const [i, e] of items.entries()) {
      const fields = {
        day: e.day,
        activity: e.text,
        energy: String(e.energy),
        focus: String(e.focus),
        notes: '',
      }
      if (i < items.length - 1) await s.act('add', fields)
      else await s.act('done', fields)
    }
    return { source: 'flow', items, private: items.map((i) => i.text) }
  }

  // --- the planning tools ----------------------------------------------------------------------

  async function writeBudget(s: ToolSession, marker: string): Promise<Written> {
    const lines: ['income' | 'expense', string, string][] = [
      ['income', `${marker} pay`, '2000'],
      ['expense', `${marker} rent`, '800'],
      ['expense', `${marker} food`, '300'],
    ]
    for (const [kind, label, amount] of lines) {
      await s.act(`add-${kind}`, {
        [`${kind}-label`]: label,
        [`${kind}-amount`]: amount,
        [`${kind}-period`]: 'month',
      })
    }
    await s.act('done', {})
    // The month's figures come first, then "<label>: <amount> a month" for each line, which
    // its label identifies.
    const items = lines.map(([, label]) => ({ text: label }))
    return {
      source: 'budget',
      items: [{ text: 'Each month: income' }, ...items],
      private: items.map((i) => i.text),
    }
  }

  async function writeBalance(s: ToolSession, opts: WriteOptions): Promise<Written> {
    if (s.placement.config.tool !== 'life-balance') throw new Error('not a life balance')
    const areas = s.placement.config.settings.areas ?? ['Work', 'Play', 'Love', 'Health']
    const scores = (variant: number) =>
      areas.map((_, i) => (variant === 0 ? [7, 3, 9, 6][i % 4]! : [2, 8, 4, 10][i % 4]!))
    const fields = (list: number[]) =>
      Object.fromEntries(list.map((score, i) => [`score-${i + 1}`, String(score)]))
    // An earlier round, then the latest: only the latest counts.
    await s.act('save', fields(areas.map(() => 5)))
    await s.act('round', {})
    const latest = scores(opts.variant ?? 0)
    await s.act('done', fields(latest))
    const items = areas.map((area, i) => ({ text: `${area}: ${latest[i]} of 10` }))
    return { source: 'life-balance', items, private: items.map((i) => i.text) }
  }

  async function writePersonality(s: ToolSession, opts: WriteOptions): Promise<Written> {
    const code = (opts.variant ?? 0) === 0 ? 'INFP' : 'ESTJ'
    const type = reference.personality.types.find((t) => t.code === code)!
    await s.act('done', { type: code })
    return { source: 'personality', items: [{ text: `${code}, ${type.name}` }], private: [] }
  }

  async function writeCompetencies(s: ToolSession, opts: WriteOptions): Promise<Written> {
    if (s.placement.config.tool !== 'competency-rating') throw new Error('not a rating')
    const groups: string[] = s.placement.config.settings.groups ?? [
      'delivery',
      'interpersonal',
      'strategic',
    ]
    const shown = reference.competencies.filter((c) => groups.includes(c.group))
    const pattern = (opts.variant ?? 0) === 0 ? [2, 5, 3, 4, 1] : [4, 1, 5, 2, 3]
    const items = shown.map((c, i) => ({ text: c.name, score: pattern[i % pattern.length]! }))
    await s.act(
      'done',
      Object.fromEntries(shown.map((c, i) => [`level-${c.id}`, String(items[i]!.score)])),
    )
    return { source: 'competencies', items, private: [] }
  }

  async function writeIdeaTree(s: ToolSession, marker: string): Promise<Written> {
    const center = `${marker} idea`
    const branches = [1, 2, 3].map((i) => `${marker} branch ${i}`)
    // A tree started from earlier words (a prefill) already has its ideas: reword them all.
    const started = all(s.block, 'input[name^="text-"]').map((i) => i.getAttribute('name')!)
    if (started.length) {
      const texts = started.map((_, i) => (i === 0 ? center : `${marker} branch ${i}`))
      await s.act(
        'save',
        started.map((name, i): [string, string] => [name, texts[i]!]),
      )
      // Then branches on the center until it has the three a tree needs (or the most it takes).
      const add = `new-${started[0]!.slice('text-'.length)}`
      for (let i = texts.length; i < texts.length + 3; i++) {
        const more = `${marker} branch ${i}`
        try {
          await s.act('save', { [add]: more })
          texts.push(more)
        } catch {
          break
        }
      }
      await s.act('done', {})
      return { source: 'idea-tree', items: texts.map((t) => ({ text: t })), private: texts }
    }
    await s.act('save', { center })
    // The center's own field names it; its branches are added through `new-<its id>`.
    const root = all(s.block, 'input[name^="text-"]').find(
      (i) => i.getAttribute('value') === center,
    )
    if (!root) throw new Error('the idea tree does not show its center')
    const field = `new-${root.getAttribute('name')!.slice('text-'.length)}`
    for (const [i, branch] of branches.entries()) {
      await s.act(i === branches.length - 1 ? 'done' : 'save', { [field]: branch })
    }
    const texts = [center, ...branches]
    return { source: 'idea-tree', items: texts.map((t) => ({ text: t })), private: texts }
  }

  async function writeOptions(
    s: ToolSession,
    marker: string,
    opts: WriteOptions,
  ): Promise<Written> {
    if (s.placement.config.tool !== 'decision-matrix') throw new Error('not a decision matrix')
    const max = s.placement.config.settings.maxOptions ?? 5
    const ratings = [
      [2, 2, 2, 2],
      [5, 5, 4, 4],
      [3, 4, 3, 4],
      [1, 3, 1, 2],
    ]
    const n = clamp(opts.count ?? 3, 2, Math.min(max, ratings.length))
    // Prefilled options would come first: keep only two blank ones to write into.
    const CRITERIA = ['story', 'work', 'life', 'unknowns']
    const ids = () => s.names(/^title-/).map((name) => name.slice('title-'.length))
    for (let i = 0; i < 20 && ids().length > 2; i++) {
      await s.act('remove', {}, ids().at(-1)!)
    }
    while (ids().length < n) await s.act('add', {})
    const fields: Record<string, string> = {}
    const written: SourceItem[] = []
    ids().forEach((id, i) => {
      const title = `${marker} option ${i + 1}`
      fields[`title-${id}`] = title
      fields[`description-${id}`] = ''
      fields[`notes-${id}`] = ''
      CRITERIA.forEach((c, k) => (fields[`${c}-${id}`] = String(ratings[i]![k])))
      written.push({ text: title, score: ratings[i]!.reduce((a, b) => a + b, 0) })
    })
    await s.act('done', fields)
    // The source's order: by total score, highest first (ties in the learner's order).
    const items = written
      .map((item, at) => ({ item, at }))
      .sort((a, b) => b.item.score! - a.item.score! || a.at - b.at)
      .map((x) => x.item)
    return { source: 'options', items, private: items.map((i) => i.text) }
  }

  async function writeTimeline(s: ToolSession, marker: string): Promise<Written> {
    const later = { title: `${marker} goal 1`, year: '2029', quarter: '2', category: 'work' }
    const sooner = { title: `${marker} goal 2`, year: '2028', quarter: '', category: 'skill' }
    await s.act('add', { ...later, description: '' })
    await s.act('done', { ...sooner, description: '' })
    // Date order: the sooner one first.
    const items = [{ text: sooner.title }, { text: later.title }]
    return { source: 'milestones', items, private: items.map((i) => i.text) }
  }

  async function writeReframe(s: ToolSession, marker: string): Promise<Written> {
    const statement = `${marker} fairer view`
    await s.act('done', {
      situation: 'The project I led was cancelled.',
      feelings: 'I felt embarrassed and tired.',
      learned: 'I learned to check in with sponsors early.',
      change: 'I would ask for a review at the halfway point.',
      silver: 'I met the people I work with now.',
      next: 'I will name one risk out loud each week.',
      statement,
    })
    return { source: 'reframes', items: [{ text: statement }], private: [statement] }
  }

  async function writeMindsets(s: ToolSession, marker: string): Promise<Written> {
    const ids = s.names(/^person-/).map((name) => name.slice('person-'.length))
    if (ids.length === 0) throw new Error('the mindset profiles show no people to name')
    const fields: Record<string, string> = {}
    const items = ids.map((id, i) => {
      const person = `${marker} person ${i + 1}`
      fields[`person-${id}`] = person
      fields[`why-${id}`] = 'They keep asking why, and then try it.'
      return { text: person }
    })
    await s.act('done', fields)
    return { source: 'mindsets', items, private: items.map((i) => i.text) }
  }

  return { placementsFor, writeSource, placement, walk: (id: string) => walk.get(id)! }
}
