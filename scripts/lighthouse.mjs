// `npm run lighthouse`: Lighthouse (mobile) on the home page, sign-in, an exercise and the
// contents page, against a server of its own on 127.0.0.1, printing each category's score and
// any audit below full marks. Lighthouse is fetched with npx (it cannot be a devDependency:
// see the README), and runs in Debian's Chromium.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

const PORT = process.env.LIGHTHOUSE_PORT ?? '8791'
const BASE = `http://127.0.0.1:${PORT}`
const VERSION = '13.5.0'
const server = spawn('node', ['scripts/e2e-server.mjs'], {
  env: { ...process.env, E2E_PORT: PORT },
  stdio: 'ignore',
})
process.on('exit', () => server.kill('SIGTERM'))
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${BASE}/health`)).ok) break
  } catch {}
  if (i > 180) throw new Error('server did not start')
  await new Promise((r) => setTimeout(r, 500))
}

const form = { 'content-type': 'application/x-www-form-urlencoded', Origin: BASE }
const password = 'lighthouse checks calm pages'
const signUp = await fetch(`${BASE}/sign-up`, {
  method: 'POST',
  headers: form,
  body: new URLSearchParams({ email: `lh-${Date.now()}@example.com`, password, confirm: password }),
  redirect: 'manual',
})
const cookie = signUp.headers.get('set-cookie')?.split(';')[0]
if (!cookie) throw new Error(`sign-up failed: ${signUp.status}`)
await fetch(`${BASE}/recovery-code/saved`, {
  method: 'POST',
  headers: { ...form, cookie },
  redirect: 'manual',
})

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
server.kill('SIGTERM')
if (short > 0) process.exitCode = 1
