/// <reference types="vite/types/import-meta.d.ts" />
/**
 * The gateway rule: src/db/ is the one door to D1. No other source file prepares, batches, runs
 * or executes SQL, or reaches for the DB binding.
 */
import { describe, expect, it } from 'vitest'

// Every source file's text, read at build time by Vite (keys are paths relative to this file).
const sources = import.meta.glob<string>(['../src/**/*.{ts,tsx}', '../views/**/*.{ts,tsx}'], {
  query: '?raw',
  import: 'default',
  eager: true,
})

// Preparing, batching or executing SQL, running a prepared statement (first/all/run/raw; not
// Promise.all), or reaching for the binding.
const D1_ACCESS = /\.(prepare|batch|exec|first|run|raw)\(|(?<!Promise)\.all\(|\.DB\b/

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
