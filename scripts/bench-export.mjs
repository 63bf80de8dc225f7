// `npm run bench`, section 7: the export of a MAXIMAL account. Every block of the real workbook
// answered at its limit, every tool at its maximum (items, stories, entries, nodes, rounds…, each
// text at its own limit), and the answers' history filled up to just under the storage quota.
// That much encrypted data can only be put in quickly through the app's own import, so this
// writes an export document in Node, imports it over HTTP (upload → preview → confirm), then
// times the downloads of the account: JSON, ZIP and print.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { parse } from 'yaml'

// The limits this document fills, as the app defines them (src/workbook/save.ts and each tool's
// module under src/tools). Kept as figures here because Node cannot import the Worker's modules;
// if a limit moves there, the import still accepts this document, it is just less than maximal.
const STORAGE_QUOTA_BYTES = 5 * 1024 * 1024 // save.ts
const KEEP_REVISIONS = 20 // save.ts: saved revisions kept beside the first one
const MAX_IMPORT_BYTES = 8 * 1024 * 1024 // src/account/transfer.ts
const ITEM_MAX = 300 // items.ts: a list or ranking item
const RANKING_MAX = 100 // ranking: MAX_ITEMS
const SKILL_NAME_MAX = 80 // skill-tagger
const SOARED = { stories: 3, title: 120, part: 2000 } // soared-story: SOARED_DEFAULTS, TITLE_MAX, PART_MAX
const FLOW = { entries: 100, activity: 200, notes: 1000 } // flow-log: FLOW_MAX, ACTIVITY_MAX, NOTES_MAX
const BUDGET = { lines: 60, label: 120 } // budget: MAX_LINES, LABEL_MAX
const BALANCE = { rounds: 50, notes: 2000 } // life-balance: MAX_ROUNDS, NOTES_MAX
const IDEA = { branches: 3, text: 120 } // idea-tree: BRANCHES, IDEA_MAX
const OPTION = { title: 120, text: 1000 } // decision-matrix: TITLE_MAX, TEXT_MAX
const MILESTONE = { count: 30, title: 120, description: 1000 } // timeline
const REFRAME_PART_MAX = 2000 // reframe: PART_MAX, seven parts
const MINDSET = { person: 200, why: 1000 } // mindset-profiles: PERSON_MAX, WHY_MAX
const MINDSETS = ['curiosity', 'bias-to-action', 'reframing', 'awareness', 'radical-collaboration']
const SOARED_PARTS = ['situation', 'obstacle', 'action', 'result', 'evaluation', 'discovery']
const REFRAME_PARTS = ['situation', 'feelings', 'learned', 'change', 'silver', 'next', 'statement']
const STORY_SKILLS = 8 // skills tagged per story (the tool sets no limit; a generous handful)

/** The length of an answer's ciphertext for `plain` (`v2.k1.<iv>.<body>`, base64url, 16-byte tag). */
const sealedLength = (plain) => 6 + 16 + 1 + Math.ceil(((Buffer.byteLength(plain) + 16) * 4) / 3)

/**
 * The maximal document for the real workbook. `words(n, seed)` gives n prose-like words.
 * Returns the document and the estimated ciphertext of its answers and revisions.
 */
export function maximalDocument(workbook, words) {
  // Words drawn by a seeded generator, so no two texts repeat each other and the file
  // compresses about as prose does (the bench's `words` steps through the list in a fixed
  // stride, which gzip would fold away). Deterministic: every run writes the same document.
  const vocabulary = words(4000, 0).split(' ')
  let state = 0x2545f491
  const next = () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) % vocabulary.length
  }
  /** Text of exactly `max` characters, different for every call. */
  const text = (max) => {
    let s = ''
    while (s.length < max) s += `${vocabulary[next()]} `
    s = s.slice(0, max)
    return s.endsWith(' ') ? `${s.slice(0, -1)}.` : s
  }
  let idCount = 0
  const id = (prefix) => `${prefix}${(idCount++).toString(36)}`
  const tables = Object.fromEntries(
    [
      'user_settings',
      'answers',
      'answer_revisions',
      'list_items',
      'user_skills',
      'skill_mastery',
      'ranked_items',
      'stories',
      'story_skills',
      'competency_ratings',
      'personality_results',
      'flow_entries',
      'life_balance_rounds',
      'life_balance_scores',
      'budget_lines',
      'mindset_profiles',
      'reframes',
      'idea_nodes',
      'milestones',
      'career_options',
    ].map((t) => [t, []]),
  )
  const reference = (file) =>
    parse(readFileSync(new URL(`../seed/reference/${file}`, import.meta.url), 'utf8'))
  const competencyIds = reference('competencies.yaml').groups.flatMap((g) =>
    g.competencies.map((c) => c.id),
  )
  const typeIds = reference('personality-types.yaml').types.map((t) => t.code)
  const day = (n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10)
  const at = (n) => new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString()

  // The skills named by the taggers, for mastery and the stories to use.
  const skillKeys = []

  /** A tool's value and rows, by tool: each returns the answer's `data`. */
  const tools = {
    'list-builder': (p) => {
      const items = Array.from({ length: p.config.settings.maxItems ?? 20 }, () => ({
        id: id('i'),
        text: text(ITEM_MAX),
      }))
      items.forEach((item, i) =>
        tables.list_items.push({
          placement_id: p.id,
          item_id: item.id,
          position: i + 1,
          text: item.text,
        }),
      )
      return { items }
    },
    ranking: (p) => {
      const items = Array.from({ length: RANKING_MAX }, () => ({
        id: id('r'),
        text: text(ITEM_MAX),
      }))
      items.forEach((item, i) =>
        tables.ranked_items.push({
          placement_id: p.id,
          item_id: item.id,
          rank: i + 1,
          text: item.text,
        }),
      )
      return { step: 'ranked', items }
    },
    'skill-tagger': (p) => {
      const { category, maxSkills } = p.config.settings
      // The learner's own skills, each name at its limit (a master skill is a short public id).
      const skills = Array.from({ length: maxSkills }, () => ({
        key: `c:${id('s')}`,
        name: text(SKILL_NAME_MAX),
        category,
        custom: true,
      }))
      skills.forEach((s, i) => {
        skillKeys.push(s.key)
        tables.user_skills.push({
          placement_id: p.id,
          skill_key: s.key,
          position: i + 1,
          category: s.category,
          skill_id: null,
          name: s.name,
        })
      })
      return { skills }
    },
    'skill-mastery': (p) => {
      const levels = Object.fromEntries(skillKeys.map((key, i) => [key, (i % 5) + 1]))
      for (const [skill_key, level] of Object.entries(levels))
        tables.skill_mastery.push({ placement_id: p.id, skill_key, level })
      return { levels }
    },
    'soared-story': (p) => {
      const stories = Array.from(
        { length: p.config.settings.maxStories ?? SOARED.stories },
        (_, n) => ({
          id: id('t'),
          title: text(SOARED.title),
          type: ['challenge', 'reframe', 'other'][n % 3],
          parts: Object.fromEntries(SOARED_PARTS.map((part) => [part, text(SOARED.part)])),
          skills: skillKeys.slice(n * STORY_SKILLS, (n + 1) * STORY_SKILLS),
        }),
      )
      stories.forEach((s, i) => {
        tables.stories.push({
          placement_id: p.id,
          story_id: s.id,
          position: i + 1,
          story_type: s.type,
          content: { title: s.title, ...s.parts },
        })
        for (const skill_key of s.skills)
          tables.story_skills.push({ placement_id: p.id, story_id: s.id, skill_key })
      })
      return { stories, open: stories[0].id }
    },
    'personality-type': (p) => {
      tables.personality_results.push({ placement_id: p.id, type_id: typeIds[0], via: 'picked' })
      return { mode: 'pick', picked: typeIds[0], letters: [null, null, null, null] }
    },
    'competency-rating': (p) => {
      const ratings = Object.fromEntries(competencyIds.map((c, i) => [c, (i % 5) + 1]))
      for (const [competency_id, level] of Object.entries(ratings))
        tables.competency_ratings.push({ placement_id: p.id, competency_id, level })
      return { ratings }
    },
    'flow-log': (p) => {
      const entries = Array.from({ length: FLOW.entries }, (_, n) => ({
        id: id('f'),
        day: day(n),
        activity: text(FLOW.activity),
        energy: (n % 5) - 2,
        focus: (n % 5) + 1,
        notes: text(FLOW.notes),
      }))
      for (const e of entries)
        tables.flow_entries.push({
          placement_id: p.id,
          entry_id: e.id,
          day: e.day,
          energy: e.energy,
          focus: e.focus,
          content: { activity: e.activity, notes: e.notes },
        })
      return { entries, editing: null }
    },
    'life-balance': (p) => {
      const areas = p.config.settings.areas
      const rounds = Array.from({ length: BALANCE.rounds }, (_, n) => ({
        id: id('b'),
        takenOn: day(n * 7),
        scores: Object.fromEntries(areas.map((a, i) => [a, ((i + n) % 10) + 1])),
        notes: text(BALANCE.notes),
      }))
      rounds.forEach((r, i) => {
        tables.life_balance_rounds.push({
          placement_id: p.id,
          round_id: r.id,
          position: i + 1,
          taken_on: r.takenOn,
          notes: r.notes,
        })
        for (const [area, score] of Object.entries(r.scores))
          tables.life_balance_scores.push({ placement_id: p.id, round_id: r.id, area, score })
      })
      return { rounds }
    },
    budget: (p) => {
      const lines = Array.from({ length: BUDGET.lines }, (_, n) => ({
        id: id('l'),
        kind: n % 6 === 0 ? 'income' : 'expense',
        label: text(BUDGET.label),
        cents: 9_999_999_999 - n,
        period: n % 2 ? 'month' : 'year',
        essential: n % 3 === 0,
      }))
      tables.user_settings.push({ currency: 'GBP' })
      lines.forEach((l, i) =>
        tables.budget_lines.push({
          placement_id: p.id,
          line_id: l.id,
          position: i + 1,
          kind: l.kind,
          period: l.period,
          essential: l.essential ? 1 : 0,
          content: { label: l.label, cents: l.cents },
        }),
      )
      return { currency: 'GBP', lines }
    },
    'mindset-profiles': (p) => {
      const profiles = Object.fromEntries(
        MINDSETS.map((m) => [m, { person: text(MINDSET.person), why: text(MINDSET.why) }]),
      )
      for (const [mindset, content] of Object.entries(profiles))
        tables.mindset_profiles.push({ placement_id: p.id, mindset, content })
      return { profiles }
    },
    reframe: (p) => {
      const parts = Object.fromEntries(REFRAME_PARTS.map((part) => [part, text(REFRAME_PART_MAX)]))
      tables.reframes.push({ placement_id: p.id, reframe_id: 'r1', position: 1, content: parts })
      return { parts }
    },
    'idea-tree': (p) => {
      // Every idea with its three branches, down to the depth the placement sets.
      const nodes = []
      const grow = (parent, depth) => {
        const node = { id: id('n'), parent, text: text(IDEA.text) }
        const position = nodes.filter((n) => n.parent === parent).length + 1
        nodes.push(node)
        tables.idea_nodes.push({
          placement_id: p.id,
          node_id: node.id,
          parent_id: parent,
          depth,
          position,
          text: node.text,
        })
        if (depth < (p.config.settings.depth ?? 2))
          for (let b = 0; b < IDEA.branches; b++) grow(node.id, depth + 1)
      }
      grow(null, 0)
      return { nodes }
    },
    'decision-matrix': (p) => {
      const options = Array.from({ length: p.config.settings.maxOptions ?? 10 }, (_, n) => ({
        id: id('o'),
        title: text(OPTION.title),
        description: text(OPTION.text),
        ratings: {
          story: (n % 5) + 1,
          work: ((n + 1) % 5) + 1,
          life: ((n + 2) % 5) + 1,
          unknowns: ((n + 3) % 5) + 1,
        },
        notes: text(OPTION.text),
      }))
      options.forEach((o, i) =>
        tables.career_options.push({
          placement_id: p.id,
          option_id: o.id,
          position: i + 1,
          story_fit: o.ratings.story,
          work_fit: o.ratings.work,
          life_fit: o.ratings.life,
          unknowns: o.ratings.unknowns,
          content: { title: o.title, description: o.description, notes: o.notes },
        }),
      )
      return { options }
    },
    timeline: (p) => {
      const milestones = Array.from({ length: MILESTONE.count }, (_, n) => ({
        id: id('m'),
        year: 2000 + n,
        quarter: (n % 4) + 1,
        category: ['work', 'education', 'personal', 'skill'][n % 4],
        title: text(MILESTONE.title),
        description: text(MILESTONE.description),
      }))
      for (const m of milestones)
        tables.milestones.push({
          placement_id: p.id,
          milestone_id: m.id,
          year: m.year,
          quarter: m.quarter,
          category: m.category,
          content: { title: m.title, description: m.description },
        })
      return { milestones, editing: null }
    },
  }

  // Every answerable block, answered at its limit. A tool not built yet (the trackers, the
  // posting analysis) is answered in its plain-text form, at its maxLength, as the app stores it.
  // The taggers come before mastery and the stories in the workbook's order, as they must.
  const answerable = workbook.placements.filter((p) => p.kind !== 'content')
  const bodies = []
  answerable.forEach((p, n) => {
    let body
    if (p.kind === 'tool' && tools[p.config.tool])
      body = { tool: p.config.tool, data: tools[p.config.tool](p) }
    else if (p.kind === 'tool') body = text(p.config.maxLength)
    else {
      const c = p.config
      if (c.prompt === 'text' || c.prompt === 'textarea') body = text(c.maxLength)
      else if (c.prompt === 'slider') body = c.max
      else if (c.prompt === 'checkboxes') body = [...c.options]
      else body = c.options[c.options.length - 1]
    }
    bodies.push({ p, body, n })
  })

  // The history: every answer has the revision of its own save (as every save writes one); then
  // the longest written answers get earlier versions, KEEP_REVISIONS + 1 at most each, until the
  // ciphertext of answers and revisions is just under the quota (98% of it).
  let sealed = 0
  const versions = new Map(bodies.map((b) => [b.p.id, [b.body]]))
  for (const b of bodies) sealed += 2 * sealedLength(JSON.stringify(b.body))
  const limit = STORAGE_QUOTA_BYTES * 0.98
  const longest = bodies
    .filter((b) => typeof b.body === 'string')
    .sort((a, b) => b.body.length - a.body.length)
  let full = false
  for (let round = 0; round < KEEP_REVISIONS && !full; round++) {
    for (const b of longest) {
      const earlier = text(b.body.length)
      const cost = sealedLength(JSON.stringify(earlier))
      if (sealed + cost > limit) {
        full = true
        break
      }
      sealed += cost
      versions.get(b.p.id).unshift(earlier)
    }
  }
  for (const { p, body, n } of bodies) {
    const history = versions.get(p.id)
    tables.answers.push({
      placement_id: p.id,
      body,
      version: history.length,
      created_at: at(n),
      updated_at: at(n + history.length),
      submission_id: null,
      complete: 1,
    })
    history.forEach((revision, i) =>
      tables.answer_revisions.push({
        placement_id: p.id,
        version: i + 1,
        kind: 'saved',
        body: revision,
        created_at: at(n + i + 1),
        seen_at: null,
      }),
    )
  }
  return {
    document: {
      format: 'dreamtree-export',
      schemaVersion: 1,
      workbook: 'dreamtree-workbook-1',
      exportedAt: new Date().toISOString(),
      profile: { email: 'maximal@example.com', displayName: text(80) },
      unreadable: 0,
      tables,
    },
    sealed,
  }
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`

/** The page's error summary, in words, for a refused step. */
const summaryOf = (html) =>
  (/dt-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? html.slice(0, 300))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * Builds the maximal account through the import, then times its exports. Budget failures go
 * into `over`, as the bench's other sections do.
 */
export async function benchMaximalExport({ base, signUp, workbook, words, over, runs = 5 }) {
  const origin = { Origin: base }
  const { document, sealed } = maximalDocument(workbook, words)
  const file = Buffer.from(JSON.stringify(document))
  console.log(
    '\nmaximal account: every block answered, every tool at its maximum, history at quota',
  )
  console.log(
    `  document: ${mb(file.length)} raw, ${mb(gzipSync(file).length)} gzip; answers + revisions ≈ ${mb(sealed)} of ciphertext (quota ${mb(STORAGE_QUOTA_BYTES)})`,
  )
  console.log(
    `  rows: ${Object.entries(document.tables)
      .map(([t, rows]) => `${t} ${rows.length}`)
      .join(', ')}`,
  )
  if (file.length > MAX_IMPORT_BYTES) {
    // The import refuses it; the limit is the lead's call, so this only says so.
    over.push(`maximal document ${mb(file.length)} > import limit ${mb(MAX_IMPORT_BYTES)}`)
    console.log(`  OVER the import limit (${mb(MAX_IMPORT_BYTES)}): not imported, not timed`)
    return
  }

  const cookie = await signUp(`bench-maximal-${Date.now()}@example.com`)
  const step = async (label, path, init, want) => {
    const started = performance.now()
    const res = await fetch(base + path, {
      redirect: 'manual',
      ...init,
      headers: { cookie, ...init?.headers },
    })
    const body = await res.text()
    const ms = performance.now() - started
    if (res.status !== want)
      throw new Error(`maximal import, ${label}: ${res.status} (want ${want}): ${summaryOf(body)}`)
    return ms
  }
  const form = new FormData()
  form.append('file', new Blob([file], { type: 'application/json' }), 'maximal.json')
  const upload = await step(
    'upload',
    '/account/import',
    { method: 'POST', headers: origin, body: form },
    303,
  )
  const preview = await step('preview', '/account/import/preview', {}, 200)
  const confirm = await step(
    'confirm',
    '/account/import/confirm',
    { method: 'POST', headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' } },
    303,
  )
  console.log(
    `  import (wall time): upload ${upload.toFixed(0)} ms, preview ${preview.toFixed(0)} ms, confirm ${confirm.toFixed(0)} ms`,
  )

  // The downloads, each a few times. Wall time in local workerd (wrangler dev on this 2-core
  // machine, shared) includes D1's local SQLite and the HTTP hop, so it is an upper bound on the
  // Worker's CPU time for the same request: under `cpu_ms` (1000 in wrangler.toml) the CPU time
  // in production is safe; above it, the limit would likely be hit.
  const CPU_MS = 1000
  const EXPORT_WALL_MS = 10_000
  const downloads = [
    { name: 'export.json', path: '/account/export.json', budget: true },
    { name: 'export.zip', path: '/account/export.zip' },
    { name: 'print', path: '/account/print' },
  ]
  console.log(`  downloads, ${runs} runs each: median and max wall time, size raw and gzip`)
  for (const d of downloads) {
    const times = []
    let body = null
    let status = 0
    for (let i = 0; i < runs; i++) {
      const started = performance.now()
      const res = await fetch(base + d.path, { headers: { cookie }, redirect: 'manual' })
      body = Buffer.from(await res.arrayBuffer())
      times.push(performance.now() - started)
      status = res.status
      if (status !== 200) break
    }
    if (status === 404) {
      console.log(`  ${d.name.padEnd(12)} not built yet`)
      continue
    }
    if (status !== 200) {
      over.push(`maximal ${d.name}: status ${status}`)
      console.log(`  ${d.name.padEnd(12)} status ${status}: ${summaryOf(body.toString())}`)
      continue
    }
    const mid = median(times)
    const most = Math.max(...times)
    let note = ''
    let memory = ''
    if (d.budget) {
      const ok = most <= EXPORT_WALL_MS
      if (!ok) over.push(`maximal export.json: ${most.toFixed(0)} ms > ${EXPORT_WALL_MS} ms`)
      note = ` — ${ok ? 'within budget' : 'OVER BUDGET'} (${EXPORT_WALL_MS / 1000} s); cpu_ms ${CPU_MS}: ${most <= CPU_MS * 0.8 ? 'even the slowest run well under it' : most <= CPU_MS ? 'the slowest run within 20% of it, a thin margin' : `the slowest run ${(most / CPU_MS).toFixed(2)}× it, so production may hit the CPU limit`}`
      // The rows came back: the export holds every row the import was given.
      const back = JSON.parse(body.toString())
      const lost = Object.entries(document.tables).filter(
        ([t, rows]) => back.tables[t]?.length !== rows.length,
      )
      if (lost.length || back.unreadable !== 0) {
        over.push(`maximal export.json: rows differ in ${lost.map(([t]) => t).join(', ')}`)
        note += '; ROWS DIFFER from the imported document'
      } else note += '; every row back'
      // The Worker's memory is not Node's (process.memoryUsage measures this script). What the
      // Worker holds at its peak: the stored ciphertext, the opened rows and the JSON text, each
      // about the document's size (ciphertext a third larger): about 4× it, against 128 MB.
      const peak = 4 * body.length
      const fits = peak <= 128 * 1024 * 1024
      if (!fits) over.push(`maximal export.json: about ${mb(peak)} in memory > 128 MB`)
      memory = `  memory: the document is ${mb(body.length)}; the Worker holds about 4× that at its peak (ciphertext, opened rows, JSON text): ≈ ${mb(peak)} of 128 MB — ${fits ? 'within budget' : 'OVER BUDGET'}`
    }
    console.log(
      `  ${d.name.padEnd(12)} ${status}  median ${mid.toFixed(0)} ms, max ${most.toFixed(0)} ms; ${mb(body.length)} raw, ${mb(gzipSync(body).length)} gzip${note}`,
    )
    if (memory) console.log(memory)
  }
}
