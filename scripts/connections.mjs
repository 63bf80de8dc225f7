// The workbook's connections: where earlier answers come back (see seed/FORMAT.md).
//   node scripts/connections.mjs list    print every connection, one per line, and the totals
//   node scripts/connections.mjs docs    write docs/connections.md, the same as a table
//   node scripts/connections.mjs check   exit 1 when docs/connections.md is out of date
// All three exit 1 when the content is invalid, naming each problem.
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import { contentPipeline, readWorkbook, stopOnProblems } from './content.mjs'

const content = await contentPipeline('connections')

const COMMANDS = ['list', 'docs', 'check']
const command = process.argv[2]
if (!COMMANDS.includes(command)) {
  console.error('usage: node scripts/connections.mjs list|docs|check')
  process.exit(2)
}

const DOCS = new URL('../docs/connections.md', import.meta.url)

const { workbook, errors } = await readWorkbook(content)
stopOnProblems(errors)
const web = describe(workbook)

if (command === 'list') {
  for (const c of web.connections) {
    console.log(`${c.from} → ${c.to}  ${c.use}  ${c.source}  ${c.filter}`)
  }
  console.log(summaryLine(web.totals))
} else {
  const docs = await formatted(markdown(web))
  if (command === 'docs') {
    await writeFile(DOCS, docs)
    console.log(`connections: wrote docs/connections.md (${web.connections.length} connections)`)
  } else {
    const current = await readFile(DOCS, 'utf8').catch(() => null)
    if (current !== docs) {
      console.error('docs/connections.md is stale: run npm run connections:docs')
      process.exit(1)
    }
    console.log(`connections: docs/connections.md is up to date (${web.connections.length})`)
  }
}

/** The connections in walk order of their targets, each with its part and titles, and the totals. */
function describe({ parts, modules, exercises, placements, connections }) {
  const partOfModule = new Map(modules.map((m) => [m.id, m.partId]))
  const exercise = new Map(exercises.map((e) => [e.id, e]))
  const order = new Map(placements.map((p, index) => [p.id, index]))
  const exerciseOf = (placementId) => exercise.get(placementId.split('.')[0])
  const partOf = (placementId) => partOfModule.get(exerciseOf(placementId)?.moduleId)

  const rows = connections
    .map((c, index) => ({
      from: c.sourcePlacementId,
      to: c.placementId,
      fromTitle: exerciseOf(c.sourcePlacementId)?.title ?? '',
      toTitle: exerciseOf(c.placementId)?.title ?? '',
      fromPart: partOf(c.sourcePlacementId),
      toPart: partOf(c.placementId),
      use: c.use,
      source: c.source,
      filter: typeof c.params?.filter === 'string' ? c.params.filter : 'all',
      index,
    }))
    .sort((a, b) => (order.get(a.to) ?? 0) - (order.get(b.to) ?? 0) || a.index - b.index)

  const [roots, trunk, branches] = parts.map((p) => p.id)
  const chains = new Set()
  for (const first of rows) {
    if (first.fromPart !== roots || first.toPart !== trunk) continue
    for (const second of rows) {
      if (second.from === first.to && second.toPart === branches) {
        chains.add(`${first.from} ${first.to} ${second.to}`)
      }
    }
  }

  const tally = (key) => {
    const counts = new Map()
    for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1)
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  }
  return {
    parts,
    connections: rows,
    totals: {
      connections: rows.length,
      uses: tally((r) => r.use),
      filters: tally((r) => filterKind(r.filter)),
      sources: tally((r) => r.source),
      chains: chains.size,
    },
  }
}

/** `top 5 by mastery` → `top N by mastery`, `story 2` → `story N`, `category knowledge` → `category X`. */
function filterKind(filter) {
  return filter
    .replace(/^top \d+ by /, 'top N by ')
    .replace(/^story \d+$/, 'story N')
    .replace(/^category .+$/, 'category X')
}

function counted(pairs) {
  return pairs.map(([name, n]) => `${name} ${n}`).join(', ')
}

function summaryLine(t) {
  return (
    `${t.connections} connections; uses: ${counted(t.uses)}; filters: ${counted(t.filters)}; ` +
    `data sources (${t.sources.length}): ${counted(t.sources)}; ` +
    `cross-part chains (Roots → Trunk → Branches): ${t.chains}`
  )
}

function markdown({ parts, connections, totals }) {
  const cell = (id, title) => `\`${id}\` (${title.replace(/\|/g, '\\|')})`
  const lines = [
    '# Connections',
    '',
    'This file is generated from `seed/content` by `npm run connections:docs`. Do not edit it by',
    'hand: change the content files and run the command again.',
    '',
    'A connection brings something the learner wrote earlier back to a later place in the',
    'workbook, so nobody has to type the same thing twice and the workbook can show that it',
    'remembers. Each one names where the answer comes from, the data source that reads it, an',
    'optional filter (such as the top five by mastery), and one of four uses:',
    '',
    "- **prefill**: the earlier items become a tool's starting items, until the learner saves it.",
    '- **hydrate**: a written answer starts filled with the earlier text, until the learner saves it.',
    '- **reference**: a short read-only list of the earlier items sits beside the question.',
    '- **mention**: a sentence quotes a few of the earlier items, in a prompt or in the text itself.',
    '',
    'When the source is still empty, the learner sees a calm sentence with a link back to it.',
    '',
    '## Totals',
    '',
    `- Connections: ${totals.connections}`,
    `- Uses: ${counted(totals.uses)}`,
    `- Filters: ${counted(totals.filters)}`,
    `- Data sources (${totals.sources.length}): ${counted(totals.sources)}`,
    `- Chains that cross the parts, Roots → Trunk → Branches: ${totals.chains}`,
  ]
  for (const part of parts) {
    const rows = connections.filter((c) => c.toPart === part.id)
    lines.push('', `## ${part.title}`, '')
    if (rows.length === 0) {
      lines.push('No connections arrive in this part.')
      continue
    }
    lines.push(
      `${rows.length} connections arrive in ${part.title}.`,
      '',
      '| Source | Target | Use | Data source | Filter |',
      '| --- | --- | --- | --- | --- |',
    )
    for (const c of rows) {
      lines.push(
        `| ${cell(c.from, c.fromTitle)} | ${cell(c.to, c.toTitle)} | ${c.use} | ${c.source} | ${c.filter} |`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}

/** The text as `prettier --write` leaves it, so `check` and `format:check` agree. */
async function formatted(text) {
  const file = fileURLToPath(DOCS)
  const options = (await prettier.resolveConfig(file)) ?? {}
  return prettier.format(text, { ...options, filepath: file })
}
