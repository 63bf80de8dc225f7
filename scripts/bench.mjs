// `npm run bench`: sizes, D1 round trips and a short bounded load, printed as figures.
// Budgets are checked here, not in timed tests. Traffic goes only to 127.0.0.1.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const PORT = process.env.BENCH_PORT ?? '8790'
const BASE = `http://127.0.0.1:${PORT}`
const ORIGIN = { Origin: BASE }
const over = []
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const gz = (buf) => gzipSync(buf, { level: 9 }).length
const budget = (label, value, limit, unit = kb) => {
  const ok = value <= limit
  if (!ok) over.push(`${label}: ${unit(value)} > ${unit(limit)}`)
  return ok ? 'within budget' : `OVER BUDGET (${unit(limit)})`
}

// 1. The Worker bundle, built offline.
execFileSync('wrangler', ['deploy', '--dry-run', '--minify', '--outdir', 'dist'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
})
const bundle = readFileSync('dist/index.js')
console.log(`bundle: ${kb(bundle.length)} raw, ${kb(gz(bundle))} gzip — ${budget('bundle', gz(bundle), 150 * 1024)} (150 KB)`)

// 2. A server of its own (fresh local D1, seeded).
const server = spawn('node', ['scripts/e2e-server.mjs'], { env: { ...process.env, E2E_PORT: PORT }, stdio: 'ignore' })
const stop = () => server.kill('SIGTERM')
process.on('exit', stop)
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${BASE}/health`)).ok) break
  } catch {}
  if (i > 180) throw new Error('server did not start')
  await new Promise((r) => setTimeout(r, 500))
}

const assets = readdirSync('static/js').filter((f) => f.endsWith('.js')).map((f) => `static/js/${f}`).concat(['static/css/app.css'])
const assetBytes = assets.reduce((sum, f) => sum + gz(readFileSync(f)), 0)
console.log(`static assets: ${assets.map((f) => `${f.replace('static/', '')} ${kb(gz(readFileSync(f)))}`).join(', ')} (gzip)`)

async function get(path, cookie) {
  const res = await fetch(BASE + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
  const body = Buffer.from(await res.arrayBuffer())
  const trips = /db;desc="(\d+) queries"/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? '?'
  return { status: res.status, body, trips: Number(trips) }
}

async function signUp(email) {
  const password = 'benchmarks are calm sentences'
  const res = await fetch(`${BASE}/sign-up`, {
    method: 'POST',
    headers: { ...ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, confirm: password }),
    redirect: 'manual',
  })
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error(`sign-up failed: ${res.status}`)
  await fetch(`${BASE}/recovery-code/saved`, { method: 'POST', headers: { ...ORIGIN, cookie }, redirect: 'manual' })
  return cookie
}

// 3. Pages: HTML gzip, first-visit total (HTML + CSS + JS), D1 round trips.
const learner = await signUp(`bench-${Date.now()}@example.com`)
const pages = [
  { path: '/sign-in', budgetKb: 25, maxTrips: 1 },
  { path: '/sign-up' },
  { path: '/' },
  { path: '/account', cookie: learner },
]
console.log('\npage                         status  html gzip  first visit  D1 round trips')
for (const page of pages) {
  const r = await get(page.path, page.cookie)
  const html = gz(r.body)
  const total = html + assetBytes
  let note = ''
  if (page.budgetKb) note += ` ${budget(`${page.path} first visit`, total, page.budgetKb * 1024)} (${page.budgetKb} KB)`
  if (page.maxTrips !== undefined) note += ` ${budget(`${page.path} round trips`, r.trips, page.maxTrips, String)} (≤${page.maxTrips} trips)`
  console.log(`${page.path.padEnd(28)} ${String(r.status).padEnd(7)} ${kb(html).padEnd(10)} ${kb(total).padEnd(12)} ${r.trips}${note}`)
}

stop()
if (over.length) {
  console.log(`\nOver budget:\n  ${over.join('\n  ')}`)
  process.exitCode = 1
} else {
  console.log('\nAll budgets met.')
}
