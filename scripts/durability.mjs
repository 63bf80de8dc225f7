// `npm run durability` (issue 13 §5): saves under a server that is killed without warning. Learners
// save answers to the first exercise in parallel while `wrangler dev` (and the workerd under it)
// is SIGKILLed at a random moment; the server is started again on the same local D1, and at the
// end every save that was acknowledged must still be there, byte for byte after decryption: the
// latest as the answer itself, the earlier ones among its revisions (the JSON export).
// Bounded: DURABILITY_CYCLES kills (5), at most 4 s of saving each, DURABILITY_MAX_SECONDS (180)
// in all. All traffic goes to 127.0.0.1. The server is always killed at the end.
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { openSync } from 'node:fs'
import { delimiter, resolve } from 'node:path'
import { LEARNER_PASSWORD, signUpLearner } from './local-server.mjs'
import { devArgs, prepareState, wranglerEnv } from './local-state.mjs'

const STATE = '.wrangler/durability-state'
const LOG = '.wrangler/durability-server.log'
const PORT = process.env.DURABILITY_PORT ?? '8792'
const CYCLES = Number(process.env.DURABILITY_CYCLES ?? 5)
const MAX_MS = Number(process.env.DURABILITY_MAX_SECONDS ?? 180) * 1000
const LEARNERS = 4
/**
 * Saves one learner makes in a cycle at most, paced so that they outlast the 4 s before the kill:
 * five cycles stay under the app's limit of 300 saves per learner in 5 minutes.
 */
const SAVES_PER_CYCLE = 50
const PAUSE_MS = [40, 90]
/** How long the server may take to answer /health after a start. */
const START_MS = 60_000
const EXERCISE = 'transferable-skills'
const PLACEMENTS = ['proud-moments', 'action-words']
/** Saved revisions the app keeps per answer beside the first (KEEP_REVISIONS in src/workbook/save.ts). */
const KEEP_REVISIONS = 20

const base = `http://127.0.0.1:${PORT}`
const started = Date.now()
// One pepper for every start: email lookups and sessions are keyed under it.
const pepper = randomBytes(32).toString('base64')
// wrangler by name, also when this file is run with a bare `node`.
const env = {
  ...wranglerEnv,
  PATH: [resolve('node_modules/.bin'), wranglerEnv.PATH].join(delimiter),
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const seconds = (ms) => (ms / 1000).toFixed(1)

/** The running server: its process group leader, or null. */
let server = null

/** Starts `wrangler dev` in a process group of its own on the state, and waits for /health. */
async function startServer() {
  const log = openSync(LOG, 'a')
  const t0 = Date.now()
  const child = spawn('wrangler', devArgs({ port: PORT, state: STATE, pepper }), {
    detached: true,
    stdio: ['ignore', log, log],
    env,
  })
  const exited = new Promise((r) => child.once('exit', r))
  server = { child, exited }
  while (Date.now() - t0 < START_MS) {
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return Date.now() - t0
    } catch {}
    if (child.exitCode !== null) break
    await sleep(200)
  }
  throw new Error(`the server did not answer /health within ${START_MS / 1000} s (see ${LOG})`)
}

/** The ids of the processes still in a process group (none: an empty list). */
function groupMembers(pgid) {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' })
      .split(/\s+/)
      .filter(Boolean)
  } catch {
    return [] // pgrep exits 1 when nothing matches
  }
}

/** SIGKILLs the server's whole process group (wrangler and the workerd under it), and checks it is gone. */
async function killServer() {
  if (!server) return
  const { child, exited } = server
  server = null
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {}
  await Promise.race([exited, sleep(5000)])
  for (let i = 0; i < 50 && groupMembers(child.pid).length; i++) await sleep(100)
  const left = groupMembers(child.pid)
  if (left.length) throw new Error(`processes left after SIGKILL: ${left.join(' ')}`)
}

/** The last resort on exit: a synchronous kill of the group, in case the server is still up. */
function killNow() {
  if (server) {
    try {
      process.kill(-server.child.pid, 'SIGKILL')
    } catch {}
  }
}
process.on('exit', killNow)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killNow()
    process.exit(130)
  })
}

const form = (learner) => ({
  'CF-Connecting-IP': learner.ip,
  Origin: base,
  'content-type': 'application/x-www-form-urlencoded',
  cookie: learner.cookie,
})

/** A GET as the learner; their session cookie, their address. */
const get = (learner, path) =>
  fetch(`${base}${path}`, {
    headers: { cookie: learner.cookie, 'CF-Connecting-IP': learner.ip },
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  })

const answerPath = (placement) =>
  `/workbook/${EXERCISE}/answers/${encodeURIComponent(`${EXERCISE}.${placement}`)}`

/** Decodes the character references hono's escaping writes (and any numeric one). */
function decodeHtml(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1))
      return String.fromCodePoint(code)
    }
    return named[ref.toLowerCase()] ?? whole
  })
}

/**
 * What the app holds for one answer, read from its edit page: the decoded text of the textarea
 * and the hidden `version` of its form. Unanswered (the edit page is not found): version 0.
 */
async function readAnswer(learner, placement) {
  const res = await get(learner, `${answerPath(placement)}/edit`)
  if (res.status === 404) return { version: 0, text: null }
  if (res.status !== 200) throw new Error(`edit page of ${placement}: ${res.status}`)
  const html = await res.text()
  const block = html.slice(html.indexOf(`id="b-${placement}"`))
  const formHtml = block.slice(0, block.indexOf('</form>'))
  const version = /name="version" value="(\d+)"/.exec(formHtml)
  const area = new RegExp(`<textarea[^>]*id="f-${placement}"[^>]*>([^]*?)</textarea>`).exec(
    formHtml,
  )
  if (!version || !area) throw new Error(`edit page of ${placement}: no form with a version`)
  // The HTML parser drops one newline straight after <textarea>; the app writes one there.
  return { version: Number(version[1]), text: decodeHtml(area[1].replace(/^\n/, '')) }
}

/** Signs the learner in again (if a restart lost their session), keeping their address. */
async function signIn(learner) {
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    headers: { ...form(learner), cookie: '' },
    body: new URLSearchParams({ email: learner.email, password: LEARNER_PASSWORD }),
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  })
  const cookie = res.headers.get('set-cookie')?.match(/dt_session=[^;]+/)?.[0]
  if (res.status !== 303 || !cookie)
    throw new Error(`sign-in failed for ${learner.email}: ${res.status}`)
  learner.cookie = cookie
}

/** A text no other save has: who, where, when, and characters that need care in HTML and UTF-8. */
function uniqueText(learner, placement, cycle, n) {
  const nonce = randomBytes(6).toString('hex')
  return `${learner.name} ${placement} cycle ${cycle} save ${n} ${nonce}\nWith <b>markup</b> & "quotes", 'apostrophes', é, 🌳 and\ttabs.`
}

/**
 * One learner's save loop for a cycle: unique texts to the answers in turn, each based on the
 * version last acknowledged (or read from the page), until the server dies or the loop's bound.
 */
async function saveLoop(learner, cycle, stats) {
  for (let n = 0; n < SAVES_PER_CYCLE; n++) {
    // action-words appears on the page once proud-moments is answered: save it only after that.
    const open = PLACEMENTS.filter((p, i) => i === 0 || learner.answers[PLACEMENTS[0]].version > 0)
    const placement = open[n % open.length]
    const answer = learner.answers[placement]
    const text = uniqueText(learner, placement, cycle, n)
    const body = new URLSearchParams({
      answer: text,
      version: String(answer.version),
      submission: randomBytes(16).toString('base64url'),
    })
    let res
    stats.sent++
    try {
      res = await fetch(`${base}${answerPath(placement)}`, {
        method: 'POST',
        headers: form(learner),
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      })
    } catch {
      // The server died with this request in flight: unacknowledged, so it may or may not be saved.
      stats.inFlight++
      answer.pending = { text, version: answer.version + 1 }
      return
    }
    const location = res.headers.get('location') ?? ''
    const saved =
      res.status === 200 || (res.status === 303 && location.startsWith(`/workbook/${EXERCISE}#b-`))
    if (!saved) {
      stats.refused.push(`${learner.name} ${placement}: ${res.status} ${location}`)
      return
    }
    answer.version += 1
    answer.expected = { text, version: answer.version, acknowledged: true }
    answer.acked.push({ text, version: answer.version, cycle })
    stats.acked++
    await sleep(randomInt(...PAUSE_MS))
  }
}

/**
 * After a restart: the session still opens the workbook (or the learner signs in again), and each
 * answer's version comes from the page. A save that was in flight and did commit is adopted as
 * the answer's expected text; anything else newer than what was acknowledged is a fault.
 */
async function resume(learner, notes) {
  const res = await get(learner, `/workbook/${EXERCISE}`)
  if (res.status !== 200) {
    notes.relogins++
    await signIn(learner)
  }
  for (const placement of PLACEMENTS) {
    const answer = learner.answers[placement]
    const now = await readAnswer(learner, placement)
    const pending = answer.pending
    answer.pending = null
    if (now.version === answer.version) continue
    if (pending && now.version === pending.version && now.text === pending.text) {
      notes.committedInFlight++
      answer.version = now.version
      answer.expected = { text: now.text, version: now.version, acknowledged: false }
      continue
    }
    // Behind what was acknowledged (a lost save), or ahead by something not sent: a fault. The
    // loop goes on from the page's version; the final check lists the saves that are missing.
    notes.faults.push(
      `${learner.name} ${placement}: after the restart the page shows version ${now.version}, but version ${answer.version} was acknowledged last`,
    )
    answer.version = now.version
  }
}

/** The learner's revisions, from their JSON export (after confirming the password). */
async function revisionsOf(learner) {
  const confirm = await fetch(`${base}/account/confirm`, {
    method: 'POST',
    headers: form(learner),
    body: new URLSearchParams({ password: LEARNER_PASSWORD, next: '/account' }),
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  })
  if (confirm.status !== 303) throw new Error(`password confirmation: ${confirm.status}`)
  const res = await get(learner, '/account/export.json')
  if (res.status !== 200) throw new Error(`export: ${res.status}`)
  const document = await res.json()
  return document.tables.answer_revisions
}

/**
 * Every acknowledged save, checked: the last one per answer is what its edit page shows (and the
 * version is at least the acknowledged one); the earlier ones are among the answer's saved
 * revisions, except those the app prunes by design (it keeps the first and the 20 most recent).
 */
async function verify(learners) {
  const result = { acknowledged: 0, present: 0, pruned: 0, missing: [] }
  for (const learner of learners) {
    const revisions = await revisionsOf(learner)
    for (const placement of PLACEMENTS) {
      const answer = learner.answers[placement]
      const now = await readAnswer(learner, placement)
      const kept = revisions.filter(
        (r) => r.placement_id === `${EXERCISE}.${placement}` && r.kind === 'saved',
      )
      const expected = answer.expected
      if (expected && (now.text !== expected.text || now.version < expected.version)) {
        result.missing.push(
          `${learner.name} ${placement}: the page shows version ${now.version} ${JSON.stringify(now.text)}, expected version ${expected.version} ${JSON.stringify(expected.text)}`,
        )
      }
      for (const save of answer.acked) {
        result.acknowledged++
        const isCurrent = save === answer.acked.at(-1) && expected?.acknowledged
        const revision = kept.find((r) => r.version === save.version)
        if (isCurrent ? now.text === save.text : revision?.body?.value === save.text) {
          result.present++
        } else if (
          !revision &&
          save.version !== 1 &&
          save.version <= now.version - KEEP_REVISIONS
        ) {
          result.pruned++
        } else {
          result.missing.push(
            `${learner.name} ${placement} version ${save.version} (cycle ${save.cycle}): ${JSON.stringify(save.text)}`,
          )
        }
      }
    }
  }
  return result
}

/** One PRAGMA on the state's D1 through `wrangler d1 execute`: its rows, or the error D1 gave. */
function pragma(name) {
  const args = ['d1', 'execute', 'DB', '--local', '--persist-to', STATE, '--json']
  try {
    const out = execFileSync('wrangler', [...args, '--command', `PRAGMA ${name}`], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    return { rows: JSON.parse(out).flatMap((r) => r.results) }
  } catch (error) {
    const text = JSON.parse(error.stdout || '{}').error?.text
    return { error: text ?? error.message }
  }
}

/**
 * The state's D1 scanned with the server down: PRAGMA integrity_check, and where D1 refuses it
 * (its local SQLite authorizer answers SQLITE_AUTH), PRAGMA quick_check, which checks the same
 * pages and records but not that every index matches its table. Also PRAGMA foreign_key_check.
 */
function scanDatabase() {
  const lines = []
  let ok = true
  let check = pragma('integrity_check')
  lines.push(
    `PRAGMA integrity_check: ${check.error ?? check.rows.map((r) => r.integrity_check).join(', ')}`,
  )
  let name = 'integrity_check'
  if (check.error) {
    name = 'quick_check'
    check = pragma(name)
    lines.push(
      `PRAGMA quick_check: ${check.error ?? check.rows.map((r) => r.quick_check).join(', ')}`,
    )
  }
  if (check.error || check.rows.length !== 1 || check.rows[0][name] !== 'ok') ok = false
  const keys = pragma('foreign_key_check')
  if (keys.error || keys.rows.length) ok = false
  lines.push(
    `PRAGMA foreign_key_check: ${keys.error ?? (keys.rows.length ? JSON.stringify(keys.rows) : 'no violations')}`,
  )
  return { ok, lines }
}

async function main() {
  const overall = setTimeout(() => {
    console.error(`durability: stopped, over the time cap of ${MAX_MS / 1000 + 60} s`)
    killNow()
    process.exit(1)
  }, MAX_MS + 60_000)
  overall.unref()

  console.log(`durability: preparing ${STATE} (migrated and seeded)`)
  prepareState(STATE, { quiet: true })
  const firstStart = await startServer()
  console.log(`durability: server up in ${seconds(firstStart)} s on ${base}`)

  const learners = []
  for (let i = 0; i < LEARNERS; i++) {
    const learner = {
      name: `learner-${i + 1}`,
      email: `durability-${i + 1}-${randomBytes(4).toString('hex')}@example.com`,
      // Documentation addresses (TEST-NET-3), one each: the sign-up limit counts per address.
      ip: `203.0.113.${10 + i}`,
      answers: Object.fromEntries(
        PLACEMENTS.map((p) => [p, { version: 0, acked: [], expected: null, pending: null }]),
      ),
    }
    learner.cookie = await signUpLearner(base, learner.email, { ip: learner.ip })
    learners.push(learner)
  }

  const notes = { relogins: 0, committedInFlight: 0, faults: [] }
  const cycles = []
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    if (Date.now() - started > MAX_MS - 30_000) {
      console.log(`durability: time cap near, stopping after ${cycle - 1} cycles`)
      break
    }
    const stats = { acked: 0, sent: 0, inFlight: 0, refused: [] }
    const killAfter = randomInt(1000, 4001)
    const loops = Promise.all(learners.map((l) => saveLoop(l, cycle, stats)))
    await sleep(killAfter)
    await killServer()
    await loops
    const up = await startServer()
    for (const learner of learners) await resume(learner, notes)
    cycles.push({ cycle, killAfter, up, ...stats })
    console.log(
      `cycle ${cycle}: killed after ${seconds(killAfter)} s; saves acknowledged ${stats.acked}, in flight when killed ${stats.inFlight}; up again in ${seconds(up)} s` +
        (stats.refused.length ? `; not saved: ${stats.refused.join('; ')}` : ''),
    )
  }

  const result = await verify(learners)
  await killServer()
  const scan = scanDatabase()

  console.log(
    `sessions: ${notes.relogins ? `${notes.relogins} lost in restarts, signed in again` : 'every session survived every restart'}`,
  )
  console.log(
    `in-flight saves that did commit (adopted, not counted as acknowledged): ${notes.committedInFlight}`,
  )
  console.log(
    `acknowledged ${result.acknowledged}, present ${result.present}, pruned by design ${result.pruned}, missing ${result.missing.length}`,
  )
  for (const line of result.missing) console.log(`  missing: ${line}`)
  for (const line of notes.faults) console.log(`  fault: ${line}`)
  for (const line of scan.lines) console.log(line)
  console.log(`integrity ${scan.ok ? 'ok' : 'FAILED'}`)
  console.log(`durability: ${cycles.length} cycles in ${seconds(Date.now() - started)} s`)
  return result.missing.length === 0 && notes.faults.length === 0 && scan.ok && cycles.length > 0
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  async (error) => {
    console.error(`durability: ${error.message}`)
    await killServer().catch(() => {})
    process.exit(1)
  },
)
