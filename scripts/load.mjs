// `npm run load`: a bounded load run against a server of its own on 127.0.0.1, in five
// scenarios (a bare baseline, exercise pages, saves, a mix of both, and a sign-in storm beside
// saving learners), then a check that every acknowledged save is there. Prints the figures and
// the gates; exits 1 if a gate fails. All traffic goes to 127.0.0.1.
//
// Client addresses. The app counts sign-ups (30 per 15 minutes) and sign-ins (60 per 5 minutes)
// per client address, which it reads from `CF-Connecting-IP`. Tried by hand against `wrangler dev`
// (4.156): 31 sign-ups sent with `CF-Connecting-IP: 203.0.113.7` gave thirty 303s and then a 429,
// and the next sign-up with `203.0.113.8` gave a 303, so wrangler dev passes the header through
// as the Worker's client address. Each learner here therefore signs up and works from an address
// of its own in TEST-NET-2 (198.51.100.0/24) and the attacker posts from one in TEST-NET-3
// (203.0.113.0/24), the documentation ranges (RFC 5737). They are only header values: every
// request is sent to 127.0.0.1.
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { signUpLearner, startServer } from './local-server.mjs'

const PORT = process.env.LOAD_PORT ?? '8791'
const SECONDS = Number(process.env.LOAD_SECONDS ?? 15)
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 10)
/** Enough learners that saves spread thinly: each stays far below 300 saves in 5 minutes. */
const LEARNERS = 40
/** The mixed scenario's learners. */
const MIXED_LEARNERS = 20
/** Parallel connections of the one attacking address in the storm. */
const ATTACK_CONNECTIONS = 4
/** A scenario also stops after this many requests, whatever the time. */
const MAX_REQUESTS = 3000 * SECONDS
/** No request waits longer than this; one that does counts as an error. */
const TIMEOUT_MS = 10_000
/** Saves a learner may send in any 5 minutes here (the app's limit is 300). */
const SAVE_BUDGET = 270
const SAVE_WINDOW_MS = 300_000
const EXERCISE = 'transferable-skills'
const ATTACKER_IP = '203.0.113.66'

if (!(SECONDS > 0 && SECONDS <= 600) || !(CONCURRENCY >= 1 && CONCURRENCY <= 200)) {
  console.error('LOAD_SECONDS must be in 1–600 and LOAD_CONCURRENCY in 1–200')
  process.exit(2)
}

// Requests go through node:http with kept-alive connections rather than fetch: measured here,
// fetch spent about 2.5–3.5 ms of CPU a request against about 1 ms for node:http, and the load
// generator shares the machine's two cores with the server it measures.
const agent = new http.Agent({ keepAlive: true })

const { base: BASE, stop } = await startServer(PORT)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stop()
    agent.destroy()
    process.exit(130)
  })
}

/**
 * One request, timed from sending to the last byte of the body. Never throws: a network error
 * or a time-out comes back as status 0.
 */
function request(path, { cookie, ip, form, keepBody = false } = {}) {
  const headers = {}
  if (cookie) headers.cookie = cookie
  if (ip) headers['CF-Connecting-IP'] = ip
  const body = form ? new URLSearchParams(form).toString() : null
  if (body !== null) {
    headers.Origin = BASE
    headers['content-type'] = 'application/x-www-form-urlencoded'
    headers['content-length'] = Buffer.byteLength(body)
  }
  const started = performance.now()
  return new Promise((resolve) => {
    const failed = (error) =>
      resolve({
        status: 0,
        location: '',
        body: '',
        trips: null,
        ms: performance.now() - started,
        error,
      })
    const req = http.request(
      BASE + path,
      { method: body === null ? 'GET' : 'POST', headers, agent, timeout: TIMEOUT_MS },
      (res) => {
        const chunks = []
        res.on('data', (chunk) => keepBody && chunks.push(chunk))
        res.on('error', failed)
        res.on('end', () => {
          const timing = /db;desc="(\d+) queries"/.exec(res.headers['server-timing'] ?? '')?.[1]
          resolve({
            status: res.statusCode,
            location: res.headers.location ?? '',
            body: keepBody ? Buffer.concat(chunks).toString() : '',
            trips: timing === undefined ? null : Number(timing),
            ms: performance.now() - started,
          })
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', failed)
    req.end(body ?? undefined)
  })
}

const decode = (html) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

// Learners: each signed up from its own address, at the first exercise (open to a new learner).
console.log(`server: wrangler dev on ${BASE}, fresh seeded D1`)
const stamp = Date.now()
const learners = []
for (let n = 1; n <= LEARNERS; n++) {
  const ip = `198.51.100.${n}`
  const email = `load-${stamp}-${n}@example.com`
  learners.push({ n, ip, email, cookie: await signUpLearner(BASE, email, { ip }) })
}

// The exercise's first text prompt: its form's action names the placement.
const page = await request(`/workbook/${EXERCISE}`, { ...learners[0], keepBody: true })
if (page.status !== 200) throw new Error(`GET /workbook/${EXERCISE}: ${page.status}`)
const prompt = [
  ...page.body.matchAll(
    /<form method="post" action="([^"]+\/answers\/[^"]+)"[^>]*>([\s\S]*?)<\/form>/g,
  ),
].find((m) => m[2].includes('<textarea'))
if (!prompt) throw new Error(`no text prompt on /workbook/${EXERCISE}`)
const SAVE_PATH = decode(prompt[1])
const PLACEMENT = SAVE_PATH.replace(/^.*\/answers\//, '')
const LOCAL_ID = PLACEMENT.replace(/^[^.]*\./, '')
const EDIT_PATH = `/workbook/${EXERCISE}/answers/${PLACEMENT}/edit`

/** The answer as this learner's pages show it: its text, and the hidden `version` of its form. */
async function shownAnswer(learner) {
  const [main, edit] = await Promise.all([
    request(`/workbook/${EXERCISE}`, { ...learner, keepBody: true }),
    request(EDIT_PATH, { ...learner, keepBody: true }),
  ])
  const from = main.body.indexOf(`id="b-${LOCAL_ID}"`)
  const block = from < 0 ? '' : main.body.slice(from, main.body.indexOf('</li>', from))
  const text = /<p class="dt-answer__text">([\s\S]*?)<\/p>/.exec(block)
  // Unanswered, the edit page is a 404 and the exercise page holds the prompt's form.
  const form = edit.status === 200 ? edit.body : main.body
  const at = form.indexOf(`action="${prompt[1]}"`)
  const version = /name="version" value="(\d+)"/.exec(form.slice(at, form.indexOf('</form>', at)))
  return { text: text ? decode(text[1]) : null, version: version ? Number(version[1]) : null }
}

// Each learner's version is read from the page once; after that, each 303 adds one.
for (const learner of learners) {
  const shown = await shownAnswer(learner)
  if (shown.version === null) throw new Error(`no version for learner ${learner.n}`)
  Object.assign(learner, {
    version: shown.version,
    startVersion: shown.version,
    acked: 0,
    sent: 0,
    lastText: null,
    sentAt: [],
    busy: false,
  })
}

/** An idle learner with saves left in their budget (and marks them busy), or null. */
function takeLearner(pool, forSave) {
  const now = Date.now()
  for (let i = 0; i < pool.length; i++) {
    const learner = pool[i]
    if (learner.busy) continue
    if (forSave) {
      learner.sentAt = learner.sentAt.filter((t) => now - t < SAVE_WINDOW_MS)
      if (learner.sentAt.length >= SAVE_BUDGET) continue
    }
    learner.busy = true
    pool.push(...pool.splice(i, 1))
    return learner
  }
  return null
}

/**
 * One save of a unique text, based on the version the learner's previous save produced. Only a
 * 303 to the exercise counts; a conflict (a 303 to its page) or anything else is an error, after
 * which the learner's version is read again so one failure does not spoil the rest.
 */
async function save(learner) {
  learner.sent++
  learner.sentAt.push(Date.now())
  const text = `Learner ${learner.n}, save ${learner.sent}: I planned the route, explained it to the group and kept everyone calm when the train was late.`
  const res = await request(SAVE_PATH, {
    ...learner,
    form: {
      answer: text,
      version: String(learner.version),
      submission: randomBytes(16).toString('base64url'),
    },
  })
  res.ok = res.status === 303 && res.location.startsWith(`/workbook/${EXERCISE}#`)
  if (res.ok) {
    learner.version++
    learner.acked++
    learner.lastText = text
  } else {
    const shown = await shownAnswer(learner)
    if (shown.version !== null) learner.version = shown.version
  }
  return res
}

async function getExercise(learner) {
  const res = await request(`/workbook/${EXERCISE}`, learner)
  res.ok = res.status === 200
  return res
}

/** Timings of one kind of request in a scenario. */
const tally = () => ({ ms: [], errors: 0, trips: [], statuses: new Map() })
function record(t, res) {
  t.ms.push(res.ms)
  if (!res.ok) t.errors++
  if (res.trips !== null) t.trips.push(res.trips)
  t.statuses.set(res.status, (t.statuses.get(res.status) ?? 0) + 1)
}

/**
 * Runs `step` from `connections` loops until the time is up or the scenario's request count is
 * reached. `step` returns a response with `ok` and `kind`, or null when no learner is free.
 */
async function run(connections, step, until = Date.now() + SECONDS * 1000) {
  const kinds = new Map()
  let started = 0
  let starved = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until && started < MAX_REQUESTS) {
        started++
        const res = await step()
        if (!res) {
          started--
          starved++
          await new Promise((r) => setTimeout(r, 5))
          continue
        }
        if (!kinds.has(res.kind)) kinds.set(res.kind, tally())
        record(kinds.get(res.kind), res)
      }
    }),
  )
  return { seconds: (performance.now() - t0) / 1000, kinds, starved }
}

/** A step that works as one learner of `pool` at a time. */
const asLearner = (pool, forSave, act) => async () => {
  const learner = takeLearner(pool, forSave)
  if (!learner) return null
  try {
    return await act(learner)
  } finally {
    learner.busy = false
  }
}

const percentile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN
function summary(name, t, seconds) {
  const sorted = [...t.ms].sort((a, b) => a - b)
  const trips = t.trips.length ? t.trips.reduce((a, b) => a + b, 0) / t.trips.length : NaN
  return {
    name,
    requests: sorted.length,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors: t.errors,
    trips,
    statuses: t.statuses,
  }
}
const merged = (...ts) => ({
  ms: ts.flatMap((t) => t?.ms ?? []),
  errors: ts.reduce((sum, t) => sum + (t?.errors ?? 0), 0),
  trips: ts.flatMap((t) => t?.trips ?? []),
  statuses: new Map(),
})

console.log(`running five scenarios of ${SECONDS} s each, then the check of every save`)
const rows = []
const results = {}
let starvedSaves = 0

{
  // 0. Baseline: the bare route, same server, same run.
  {
    const r = await run(CONCURRENCY, async () => {
      const res = await request('/health')
      return Object.assign(res, { ok: res.status === 200, kind: 'get' })
    })
    results.baseline = summary('0 baseline GET /health', r.kinds.get('get') ?? tally(), r.seconds)
    rows.push(results.baseline)
  }

  // 1. Exercise pages, spread over every learner.
  {
    const r = await run(
      CONCURRENCY,
      asLearner([...learners], false, async (l) =>
        Object.assign(await getExercise(l), { kind: 'get' }),
      ),
    )
    results.exercise = summary(
      `1 exercise GET (${LEARNERS} learners)`,
      r.kinds.get('get') ?? tally(),
      r.seconds,
    )
    rows.push(results.exercise)
  }

  // 2. Saves, spread over every learner, one at a time for each.
  {
    const r = await run(
      CONCURRENCY,
      asLearner([...learners], true, async (l) => Object.assign(await save(l), { kind: 'save' })),
    )
    starvedSaves += r.starved
    results.saves = summary(
      `2 saves (${LEARNERS} learners)`,
      r.kinds.get('save') ?? tally(),
      r.seconds,
    )
    rows.push(results.saves)
  }

  // 3. Mixed: of every five requests, four exercise pages and one save, over 20 learners.
  {
    const pool = learners.slice(0, MIXED_LEARNERS)
    let i = 0
    const r = await run(CONCURRENCY, async () => {
      const saving = i++ % 5 === 4
      const step = saving
        ? asLearner(pool, true, async (l) => Object.assign(await save(l), { kind: 'save' }))
        : asLearner(pool, false, async (l) => Object.assign(await getExercise(l), { kind: 'get' }))
      const res = await step()
      if (!res) i--
      return res
    })
    starvedSaves += r.starved
    const all = merged(r.kinds.get('get') ?? tally(), r.kinds.get('save') ?? tally())
    results.mixed = summary(`3 mixed 80/20 (${MIXED_LEARNERS} learners)`, all, r.seconds)
    rows.push(results.mixed)
    rows.push({ ...summary('    its GETs', r.kinds.get('get') ?? tally(), r.seconds), sub: true })
    rows.push({ ...summary('    its saves', r.kinds.get('save') ?? tally(), r.seconds), sub: true })
  }

  // 4. A sign-in storm: one address posting wrong passwords as fast as it can (over a few
  // connections), at every learner's account in turn, while the learners keep saving.
  {
    const until = Date.now() + SECONDS * 1000
    let guess = 0
    const attack = async () => {
      const target = learners[guess++ % learners.length]
      const res = await request('/sign-in', {
        ip: ATTACKER_IP,
        form: { email: target.email, password: `not the password ${guess}` },
      })
      // A wrong password is a 422; once the address's limit is passed, a 429.
      return Object.assign(res, { ok: res.status === 422 || res.status === 429, kind: 'attack' })
    }
    const [attacker, saving] = await Promise.all([
      run(ATTACK_CONNECTIONS, attack, until),
      run(
        CONCURRENCY,
        asLearner([...learners], true, async (l) => Object.assign(await save(l), { kind: 'save' })),
        until,
      ),
    ])
    starvedSaves += saving.starved
    results.storm = summary(
      `4 storm: learners' saves`,
      saving.kinds.get('save') ?? tally(),
      saving.seconds,
    )
    results.attacker = summary(
      '4 storm: attacker sign-ins',
      attacker.kinds.get('attack') ?? tally(),
      attacker.seconds,
    )
    rows.push(results.storm, results.attacker)
  }
}

// Verification: every acknowledged save is there. For each learner, the page shows (decrypted)
// the last text that was acknowledged, and the answer's version counts every acknowledgement.
/** Names a save's text by its start ("Learner 6, save 8"). */
const which = (text) => (text === null ? 'no text' : `"${text.split(':')[0]}"`)
let acked = 0
let verified = 0
const mismatches = []
for (const learner of learners) {
  acked += learner.acked
  const shown = await shownAnswer(learner)
  const textOk = shown.text === learner.lastText
  const versionOk = shown.version === learner.startVersion + learner.acked
  if (textOk && versionOk) verified += learner.acked
  else
    mismatches.push(
      `learner ${learner.n}: the page shows version ${shown.version} and ${which(shown.text)}; acknowledged: ${learner.acked} saves, the last ${which(learner.lastText)}`,
    )
}
stop()
agent.destroy()

const base = results.baseline.rps
const ms = (n) => (Number.isFinite(n) ? n.toFixed(1) : '-')
console.log(
  `\nload: ${SECONDS} s a scenario, ${CONCURRENCY} connections (the attacker ${ATTACK_CONNECTIONS}), wrangler dev on 127.0.0.1`,
)
console.log(`saves go to ${PLACEMENT}; ${LEARNERS} learners, each from its own address\n`)
console.log(
  `${'scenario'.padEnd(36)} ${'requests'.padStart(8)} ${'rps'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(6)} ${'vs base'.padStart(7)} ${'D1 trips'.padStart(8)}`,
)
for (const r of rows) {
  console.log(
    `${r.name.padEnd(36)} ${String(r.requests).padStart(8)} ${r.rps.toFixed(1).padStart(7)} ${ms(r.p50).padStart(8)} ${ms(r.p99).padStart(8)} ${String(r.errors).padStart(6)} ${(r.rps / base).toFixed(2).padStart(7)} ${(Number.isFinite(r.trips) ? r.trips.toFixed(1) : '-').padStart(8)}`,
  )
}
const attackStatuses = [...results.attacker.statuses]
  .sort((a, b) => a[0] - b[0])
  .map(([status, count]) => `${status || 'no answer'} ×${count}`)
  .join(', ')
console.log(`\nattacker's answers: ${attackStatuses}`)
console.log(`saves acknowledged (303): ${acked}; verified on the pages afterwards: ${verified}`)
for (const m of mismatches) console.log(`  not as acknowledged: ${m}`)
if (starvedSaves > 0)
  console.log(`  (learners at their save budget made a save wait ${starvedSaves} times)`)

const gates = [
  [
    'exercise GET >= 150 rps, p99 <= 250 ms, 0 errors',
    results.exercise.rps >= 150 && results.exercise.p99 <= 250 && results.exercise.errors === 0,
  ],
  [
    'saves >= 60 rps, 0 errors, every acknowledged save present',
    results.saves.rps >= 60 &&
      results.saves.errors === 0 &&
      verified === acked &&
      mismatches.length === 0,
  ],
  [
    "storm: the attacker got a 429, learners' saves p99 <= 1000 ms",
    (results.attacker.statuses.get(429) ?? 0) > 0 && results.storm.p99 <= 1000,
  ],
]
console.log('')
for (const [name, ok] of gates) console.log(`${ok ? 'pass' : 'FAIL'}  ${name}`)
if (gates.some(([, ok]) => !ok)) process.exitCode = 1
