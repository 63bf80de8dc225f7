// Sums the Vitest and Playwright JSON reports into the one plain line CI reads:
// "N passed, N failed". A failing run with no failed test counted (typecheck, seed check,
// a crashed runner) counts as one failure, so the line never hides a red run.
import { existsSync, readFileSync } from 'node:fs'

const exitStatus = Number(process.argv[2] ?? 0)
let passed = 0
let failed = 0

if (existsSync('reports/vitest.json')) {
  const v = JSON.parse(readFileSync('reports/vitest.json', 'utf8'))
  passed += v.numPassedTests ?? 0
  failed += v.numFailedTests ?? 0
}
if (existsSync('reports/playwright.json')) {
  const p = JSON.parse(readFileSync('reports/playwright.json', 'utf8'))
  passed += p.stats?.expected ?? 0
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0)
}
if (exitStatus !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed`)
