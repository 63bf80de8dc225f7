/// <reference types="vite/types/import-meta.d.ts" />
/**
 * The house rules, read from the source text:
 * - the gateway rule: src/db/ is the one door to D1. No other source file prepares, batches,
 *   runs or executes SQL, or reaches for the DB binding;
 * - the import rules: views import only types from src/ and nothing from src/db/; no feature
 *   imports another feature's routes; src/db/ imports no feature; no import cycles;
 * - render() is the only way HTML leaves the Worker;
 * - the tests' raw SQL lives in test/sql.ts.
 */
import { describe, expect, it } from 'vitest'

// Every source file's text, read at build time by Vite (keys are paths relative to this file).
const sources = import.meta.glob<string>(['../src/**/*.{ts,tsx}', '../views/**/*.{ts,tsx}'], {
  query: '?raw',
  import: 'default',
  eager: true,
})
// The tests' own files, for the rule that their SQL lives in one place.
const testSources = import.meta.glob<string>(
  ['../test/**/*.{ts,tsx}', '../src/**/*.test.{ts,tsx}', '../views/**/*.test.{ts,tsx}'],
  { query: '?raw', import: 'default', eager: true },
)

// Preparing, batching or executing SQL (not a regex literal's exec), running a prepared statement
// (first/all/run/raw; not Promise.all), or reaching for the binding.
const D1_ACCESS =
  /\.(prepare|batch|first|run|raw)\(|(?<!\/[dgimsuvy]*)\.exec\(|(?<!Promise)\.all\(|\.DB\b/

const isTest = (path: string) => /\.test\.tsx?$/.test(path)
const inDbFolder = (path: string) => path.startsWith('../src/db/')

/**
 * The code of a file without its comments (block comments and whole-line `//` comments), line
 * numbers kept, so a doc example such as `@example await db.batch(…)` is not mistaken for a call.
 */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
    .replace(/^[ \t]*\/\/.*$/gm, '')
}

/** "path:line: code" for every line of code outside src/db/ that reaches D1. */
function offenders(files: Record<string, string>): string[] {
  return Object.entries(files)
    .filter(([path]) => !inDbFolder(path) && !isTest(path))
    .flatMap(([path, text]) =>
      codeOnly(text)
        .split('\n')
        .flatMap((line, i) =>
          D1_ACCESS.test(line) ? [`${path.replace(/^\.\.\//, '')}:${i + 1}: ${line.trim()}`] : [],
        ),
    )
}

describe('the gateway rule', () => {
  it('reads every source file under src/ and views/', () => {
    const paths = Object.keys(sources)
    expect(paths.length).toBeGreaterThanOrEqual(30)
    expect(paths).toContain('../src/app.tsx')
    expect(paths).toContain('../src/db/users.ts')
    expect(paths).toContain('../views/layout/layout.tsx')
    for (const text of Object.values(sources)) {
      expect(typeof text).toBe('string')
      expect(text.length).toBeGreaterThan(0)
    }
  })

  it('finds D1 calls in src/db/, so the pattern really matches code', () => {
    const dbFiles = Object.entries(sources).filter(([path]) => inDbFolder(path) && !isTest(path))
    expect(dbFiles.length).toBeGreaterThan(0)
    expect(dbFiles.filter(([, text]) => D1_ACCESS.test(codeOnly(text))).length).toBeGreaterThan(0)
  })

  it('flags D1 calls in code outside src/db/, but not in comments or test files', () => {
    const found = offenders({
      '../src/auth/bad.ts': [
        '/** @example await db.batch(statements) */',
        '// c.env.DB.prepare(sql) in a comment',
        'const a = await db.prepare(sql).first()',
        'await db.batch([one, two])',
        "await c.env.DB.exec('DELETE FROM users')",
        'const raw = c.env.DB',
        'const match = /^a+$/i.exec(text)',
      ].join('\n'),
      '../src/db/fine.ts': 'await db.prepare(sql).run()',
      '../src/auth/fine.test.ts': 'await env.DB.prepare(sql).run()',
    })
    expect(found).toEqual([
      'src/auth/bad.ts:3: const a = await db.prepare(sql).first()',
      'src/auth/bad.ts:4: await db.batch([one, two])',
      "src/auth/bad.ts:5: await c.env.DB.exec('DELETE FROM users')",
      'src/auth/bad.ts:6: const raw = c.env.DB',
    ])
  })

  it('no file outside src/db/ calls prepare, batch or exec, or touches the DB binding', () => {
    expect(offenders(sources)).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------
// Imports

type Import = { from: string; to: string; typeOnly: boolean; line: string }

const IMPORT = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm

/** The file a relative specifier names, among `files`, or undefined for a package. */
function resolve(from: string, specifier: string, files: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  const parts = from.split('/').slice(0, -1)
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop()
    else if (part !== '.') parts.push(part)
  }
  const base = parts.join('/')
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]
  return candidates.find((c) => files.has(c)) ?? `${base}?`
}

/** Every relative import and re-export of every file, with whether it brings in only types. */
function importsOf(files: Record<string, string>): Import[] {
  const names = new Set(Object.keys(files))
  const out: Import[] = []
  for (const [path, text] of Object.entries(files)) {
    for (const match of codeOnly(text).matchAll(IMPORT)) {
      const [line, , typeKeyword, clause, specifier] = match
      const to = resolve(path, specifier!, names)
      if (!to) continue
      // `import { type A, type B }` brings in only types, as `import type { A, B }` does.
      const inline = /^\{([^}]*)\}$/.exec(clause!.trim())?.[1]
      const allTypes =
        inline !== undefined &&
        inline
          .split(',')
          .filter((s) => s.trim() !== '')
          .every((s) => /^\s*type\s/.test(s))
      out.push({ from: path, to, typeOnly: !!typeKeyword || allTypes, line: line!.trim() })
    }
  }
  return out
}

const show = (i: Import) => `${i.from.replace(/^\.\.\//, '')} → ${i.to.replace(/^\.\.\//, '')}`
const production = Object.fromEntries(Object.entries(sources).filter(([p]) => !isTest(p)))

/** A source file's feature: the folder under src/ with a routes file, or null. */
function featureOf(path: string, files: Record<string, string>): string | null {
  const folder = /^\.\.\/src\/([^/]+)\//.exec(path)?.[1]
  if (!folder) return null
  const hasRoutes = Object.keys(files).some(
    (p) => /^\.\.\/src\/[^/]+\/routes\.tsx?$/.test(p) && p.startsWith(`../src/${folder}/`),
  )
  return hasRoutes ? folder : null
}

/** Import rule breaches, as "from → to" lines. */
function importProblems(files: Record<string, string>): string[] {
  const problems: string[] = []
  for (const i of importsOf(files)) {
    if (i.to.endsWith('?')) problems.push(`${show(i)}: no such file`)
    const fromView = i.from.startsWith('../views/')
    if (fromView && i.to.startsWith('../src/db/'))
      problems.push(`${show(i)}: a view imports src/db/`)
    else if (fromView && i.to.startsWith('../src/') && !i.typeOnly)
      problems.push(`${show(i)}: a view imports code from src/ (types only)`)
    const routes = /^\.\.\/src\/([^/]+)\/routes\.tsx?$/.exec(i.to)
    if (routes && i.from !== '../src/app.tsx' && !i.from.startsWith(`../src/${routes[1]}/`))
      problems.push(`${show(i)}: a feature's routes are mounted by src/app.tsx, never imported`)
    if (i.from.startsWith('../src/db/')) {
      const allowed = i.to.startsWith('../src/db/') || i.to.startsWith('../src/content/')
      const feature = featureOf(i.to, files)
      if (!allowed)
        problems.push(
          `${show(i)}: src/db/ imports only src/db/ and src/content/${feature ? ` (not the ${feature} feature)` : ''}`,
        )
    }
  }
  return problems
}

/** Import cycles (type-only imports included), each as the files around it. */
function importCycles(files: Record<string, string>): string[] {
  const edges = new Map<string, string[]>()
  for (const i of importsOf(files)) edges.set(i.from, [...(edges.get(i.from) ?? []), i.to])
  const cycles = new Set<string>()
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const loop = stack.slice(stack.indexOf(next)).map((f) => f.replace(/^\.\.\//, ''))
        const start = loop.indexOf([...loop].sort()[0]!)
        cycles.add([...loop.slice(start), ...loop.slice(0, start)].join(' → '))
      } else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of Object.keys(files).sort()) if (!state.has(file)) visit(file)
  return [...cycles]
}

describe('the import rules', () => {
  it('read the imports of every file, and tell type-only imports from the rest', () => {
    const found = importsOf(production)
    expect(found.length).toBeGreaterThan(100)
    expect(found).toContainEqual(
      expect.objectContaining({ from: '../src/app.tsx', to: '../src/env.ts', typeOnly: true }),
    )
    expect(found).toContainEqual(
      expect.objectContaining({
        from: '../src/app.tsx',
        to: '../src/auth/routes.tsx',
        typeOnly: false,
      }),
    )
  })

  it('flag views that import code or src/db/, features that import routes, and db importing features', () => {
    const files = {
      '../views/bad.tsx': [
        "import type { Db } from '../src/db/client'",
        "import { render } from '../src/lib/render'",
        "import { type Answer } from '../src/workbook/answers'",
      ].join('\n'),
      '../src/db/client.ts': '',
      '../src/lib/render.tsx': '',
      '../src/workbook/answers.ts': '',
      '../src/workbook/routes.tsx': "import { auth } from '../auth/routes'",
      '../src/auth/routes.tsx': '',
      '../src/db/bad.ts': "import type { SessionUser } from '../workbook/answers'",
    }
    expect(importProblems(files)).toEqual([
      'views/bad.tsx → src/db/client.ts: a view imports src/db/',
      'views/bad.tsx → src/lib/render.tsx: a view imports code from src/ (types only)',
      "src/workbook/routes.tsx → src/auth/routes.tsx: a feature's routes are mounted by src/app.tsx, never imported",
      'src/db/bad.ts → src/workbook/answers.ts: src/db/ imports only src/db/ and src/content/ (not the workbook feature)',
    ])
  })

  it('hold for every file', () => {
    expect(importProblems(production)).toEqual([])
  })

  it('find an import cycle, type-only or not', () => {
    expect(
      importCycles({
        '../src/a.ts': "import type { B } from './b'",
        '../src/b.ts': "import { c } from './c'",
        '../src/c.ts': "export { a } from './a'",
        '../src/d.ts': "import { a } from './a'",
      }),
    ).toEqual(['src/a.ts → src/b.ts → src/c.ts'])
  })

  it('leave no import cycle in src/ or views/', () => {
    expect(importCycles(production)).toEqual([])
  })
})

describe('the shell rule', () => {
  const HTML_OUT = /\bc\.html\(|\.html\(\s*</

  it('lets HTML leave the Worker only through src/lib/render.tsx', () => {
    const outside = Object.entries(production)
      .filter(([path]) => path !== '../src/lib/render.tsx')
      .flatMap(([path, text]) =>
        codeOnly(text)
          .split('\n')
          .flatMap((line, i) => (HTML_OUT.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
      )
    expect(outside).toEqual([])
    expect(HTML_OUT.test(codeOnly(production['../src/lib/render.tsx']!))).toBe(true)
  })

  it('leaves the layout to render(): no page wraps itself in it', () => {
    const users = Object.entries(production)
      .filter(([, text]) => /<Layout[\s>]/.test(codeOnly(text)))
      .map(([path]) => path)
    expect(users).toEqual(['../src/lib/render.tsx'])
  })
})

describe('the tests’ SQL', () => {
  // A statement prepared or run by hand, or SQL written out (the app's own SQL is in src/db/).
  const SQL_ACCESS =
    /\.prepare\(|\.exec\(\s*['"`]|\b(INSERT\s+(OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|SELECT\s+[\w*,\s.()"]+?\s+FROM)\b/

  it('lives in test/sql.ts alone', () => {
    const outside = Object.entries(testSources)
      .filter(([path]) => path !== './sql.ts' && path !== './gateway.test.ts')
      .flatMap(([path, text]) =>
        codeOnly(text)
          .split('\n')
          .flatMap((line, i) =>
            SQL_ACCESS.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [],
          ),
      )
    expect(Object.keys(testSources).length).toBeGreaterThan(10)
    expect(SQL_ACCESS.test(testSources['./sql.ts'] ?? testSources['../test/sql.ts'] ?? '')).toBe(
      true,
    )
    expect(outside).toEqual([])
  })
})
