// `npm run lighthouse`: Lighthouse (mobile) on the home page, sign-in, an exercise and the
// contents page, against a server of its own on 127.0.0.1, printing each category's score and
// any audit below full marks. Lighthouse is fetched with npx (it cannot be a devDependency:
// see the README), and runs in Debian's Chromium.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { signUpLearner, startServer } from './local-server.mjs'

const PORT = process.env.LIGHTHOUSE_PORT ?? '8791'
const VERSION = '13.5.0'
const { base: BASE, stop } = await startServer(PORT)
const cookie = await signUpLearner(BASE, `lh-${Date.now()}@example.com`)

const pages = [
  { path: '/' },
  { path: '/sign-in' },
  { path: '/workbook/transferable-skills', cookie },
  { path: '/workbook/contents', cookie },
]
let short = 0
for (const page of pages) {
  const out = `.wrangler/lighthouse-${page.path.replace(/\W+/g, '_') || 'home'}.json`
  execFileSync(
    'npx',
    [
      '--yes',
      `lighthouse@${VERSION}`,
      `${BASE}${page.path}`,
      '--quiet',
      '--form-factor=mobile',
      '--only-categories=performance,accessibility,best-practices',
      '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run',
      ...(page.cookie ? [`--extra-headers=${JSON.stringify({ Cookie: page.cookie })}`] : []),
      '--output=json',
      `--output-path=${out}`,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' },
    },
  )
  const report = JSON.parse(readFileSync(out, 'utf8'))
  const scores = Object.entries(report.categories).map(
    ([id, c]) => `${id} ${Math.round(c.score * 100)}`,
  )
  console.log(`${page.path.padEnd(32)} ${scores.join(', ')}`)
  for (const [id, category] of Object.entries(report.categories)) {
    if (id === 'performance') continue
    for (const ref of category.auditRefs) {
      const audit = report.audits[ref.id]
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        short++
        console.log(`  ${id}: ${audit.title}`)
      }
    }
  }
}
stop()
if (short > 0) process.exitCode = 1
