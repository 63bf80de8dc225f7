// Workbook content loader (see seed/FORMAT.md).
//   node scripts/seed.mjs check   validate seed/content and print a one-line summary
//   node scripts/seed.mjs sql     print idempotent SQL for `wrangler d1 execute --file`
// Both list every problem and exit 1 when the content is invalid.
import { readFile } from 'node:fs/promises'
import { contentPipeline, readWorkbook } from './content.mjs'
import { parse } from 'yaml'

const content = await contentPipeline('seed')

const command = process.argv[2]
if (command !== 'check' && command !== 'sql') {
  console.error('usage: node scripts/seed.mjs check|sql')
  process.exit(2)
}

const built = await readWorkbook(content)
const errors = [...built.errors]

// The tools' reference data (seed/reference/): skills, competencies, personality types.
const REFERENCE = new URL('../seed/reference/', import.meta.url)
const readReference = async (file) => {
  try {
    return parse(await readFile(new URL(file, REFERENCE), 'utf8'))
  } catch (error) {
    errors.push(
      `reference/${file}: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
    )
    return undefined
  }
}
const reference = content.buildReference({
  skills: await readReference('skills.yaml'),
  competencies: await readReference('competencies.yaml'),
  personality: await readReference('personality-types.yaml'),
})
errors.push(...reference.errors.map((e) => `reference/${e}`))

if (errors.length > 0) {
  console.error(`the seed has ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}:`)
  for (const error of errors) console.error(`  ${error}`)
  process.exitCode = 1
} else if (command === 'check') {
  console.log(summary(built.workbook))
  const r = reference.reference
  console.log(
    `seed/reference is valid: ${r.skills.length} skills, ${r.competencies.length} competencies with ${r.competencies.length * 5} levels, ${r.personality.types.length} personality types`,
  )
} else {
  const statements = [
    ...content.referenceStatements(reference.reference),
    ...content.workbookStatements(built.workbook),
  ]
  process.stdout.write(`${statements.join(';\n')};\n`)
}

function summary({ parts, modules, exercises, placements, connections }) {
  const asks = placements.filter((p) => p.kind !== 'content').length
  const words = placements
    .filter((p) => p.kind === 'content')
    .reduce((n, p) => n + p.config.text.split(/\s+/).filter(Boolean).length, 0)
  const n = (count) => count.toLocaleString('en-US')
  return (
    `seed/content is valid: ${n(parts.length)} parts, ${n(modules.length)} modules, ` +
    `${n(exercises.length)} exercises, ${n(asks)} prompts and tools, ` +
    `${n(words)} words of content text, ${n(connections.length)} connections`
  )
}
