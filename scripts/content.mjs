// Reading seed/content for the scripts (seed, connections, bench): the content pipeline in
// src/content is TypeScript that Node runs by type stripping (Node 22.18 or later), so npm
// scripts use the project's pinned Node; by hand, run `npx node scripts/<script>.mjs`.
import { readdir, readFile } from 'node:fs/promises'
import { parse } from 'yaml'

/** The content pipeline (src/content/index.ts), or exit 2 naming the script to run instead. */
export async function contentPipeline(script) {
  return import('../src/content/index.ts').catch((error) => {
    if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error
    console.error(
      `${script}: Node ${process.version} cannot run TypeScript; use npx node scripts/${script}.mjs`,
    )
    process.exit(2)
  })
}

/**
 * Builds the workbook from seed/content: its rows, and every problem found (a file that does not
 * parse, or content the checker refuses), each naming its file.
 */
export async function readWorkbook(content) {
  const dir = new URL('../seed/content/', import.meta.url)
  const errors = []
  const read = async (file) => {
    try {
      return parse(await readFile(new URL(file, dir), 'utf8'))
    } catch (error) {
      errors.push(`${file}: ${error instanceof Error ? error.message.split('\n')[0] : error}`)
      return undefined
    }
  }
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') && f !== 'parts.yaml')
  const parts = await read('parts.yaml')
  const modules = []
  for (const file of files.sort()) modules.push({ file, doc: await read(file) })
  const built = content.buildWorkbook(parts, modules)
  return { workbook: built.workbook, errors: [...errors, ...built.errors] }
}

/** Prints the problems as seed:check does and exits 1 when there are any. */
export function stopOnProblems(errors) {
  if (errors.length === 0) return
  console.error(`the seed has ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}:`)
  for (const error of errors) console.error(`  ${error}`)
  process.exit(1)
}
