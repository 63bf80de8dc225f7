/**
 * Fuzzing every form route (issue 13 §4). Every POST route of the app, found in `app.routes` so
 * that a new route is fuzzed without anyone remembering to add it, gets FUZZ_RUNS (200) same-origin
 * posts built by fast-check: hostile strings, invalid UTF-8, repeated and missing keys, wrong
 * types and huge numbers, mixed with the real field names and ids of the fuzz's workbook, signed
 * in and out. For every response:
 * - never a 5xx;
 * - no stack trace, SQL, "undefined" or "NaN" in the page (see expectNoLeaks);
 * - every 4xx is a whole HTML page, of the kind its status allows (ALLOWED, below); a page with
 *   an error summary has links that all land on the page.
 * Seeds that once failed are replayed forever from test/fuzz-fixtures.ts.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import app from './app'
import { IMPORT_PATH } from './account/import'
import { clientNetwork, LIMITS } from './auth/rate-limit'
import { OWN_TOOLS } from './content/own'
import type { Placement, Workbook } from './content/model'
import { actionOf } from './tools/act'
import { TOOL_MODULES, type BuiltTool } from './tools/registry'
import {
  COOKIE_NAME,
  fillRateLimit,
  get,
  postForm,
  sessionToken,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../test/helpers'
import { all, dom } from '../test/html'
import { expectHtmlPage } from '../test/pages'
import { forgetRateLimits, setSessionConfirmed, iso } from '../test/sql'
import { FUZZ_FIXTURES } from '../test/fuzz-fixtures'
import { loadFuzzWorkbook, reachTools, TOOLS_EXERCISE } from '../test/fuzz-workbook'
import {
  addEchoes,
  emptyHarvest,
  expectErrorPage,
  expectNoLeaks,
  FUZZ_RUNS,
  FUZZ_SEED,
  fieldValue,
  formPairs,
  fuzzString,
  harvest,
  junkId,
  LEARNER_PASSWORD,
  oddValue,
  postBody,
  segment,
  send,
  wtf8Encode,
  type Harvest,
  type PageKind,
  type Post,
} from '../test/fuzz'

/**
 * What each 4xx status is, as the app really answers it:
 * - 400: the calm "could not read that request" page (an unreadable multipart body);
 * - 401: the held sign-in page, holding the learner's words (a save with no session);
 * - 403, 404, 413, 415: the calm shared pages of src/lib/errors.tsx;
 * - 409: an exercise not reached yet, with the words kept, or a tool changed in another tab
 *   (the exercise page with the notice in its error summary);
 * - 422: always the error summary (the held sign-in form's own included);
 * - 429: the calm "too many attempts" page, the held sign-in page paused, or a save paused
 *   (the exercise page with the summary).
 */
const ALLOWED: Record<number, PageKind[]> = {
  400: ['calm'],
  401: ['held'],
  403: ['calm'],
  404: ['calm'],
  409: ['not-reached', 'summary'],
  413: ['calm'],
  415: ['calm'],
  422: ['summary'],
  429: ['calm', 'held', 'summary'],
}

/** Every POST route of the app, once each (a route with its own middleware is listed twice). */
const POST_ROUTES = [...new Set(app.routes.filter((r) => r.method === 'POST').map((r) => r.path))]

let workbook: Workbook

/** Who sends a run: a learner at the start, one who reached every tool, or nobody signed in. */
const WHO = ['fresh', 'reached', 'none', 'junk-cookie', 'ended'] as const
type Who = (typeof WHO)[number]
const who = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Who>('fresh') },
  { weight: 4, arbitrary: fc.constant<Who>('reached') },
  { weight: 2, arbitrary: fc.constant<Who>('none') },
  { weight: 1, arbitrary: fc.constant<Who>('junk-cookie') },
  { weight: 1, arbitrary: fc.constant<Who>('ended') },
)

type Run = { post: Post; who: Who; crowded: boolean }

// ---------------------------------------------------------------------------------------------
// The routes' parameters: real ids of the fuzz's workbook, and junk

const isTool = (p: Placement): p is Extract<Placement, { kind: 'tool' }> => p.kind === 'tool'

/** A tool's actions, by URL segment, as its buttons post them. */
function actionsOf(tool: BuiltTool): string[] {
  const module = TOOL_MODULES[tool]
  return [...Object.keys(module.actions), 'bring-in'].filter((a) => actionOf(module, a))
}
const ALL_ACTIONS = [
  ...new Set((Object.keys(TOOL_MODULES) as BuiltTool[]).flatMap(actionsOf)),
  'bring-in',
]

/** An id: the real ones mostly, sometimes junk. */
const idOr = (real: string[]) =>
  fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: junkId })

/** The query string of a tool action: the item (its id rides in the URL), and the search. */
const toolQuery = (h: Harvest) => {
  const localIds = workbook.placements.map((p) => p.id.split('.').pop()!)
  const items = [...h.items, 'nope']
  return fc
    .record(
      {
        item: fc.oneof(fc.constantFrom(...items), junkId),
        find: idOr(localIds),
        q: fc.oneof(fuzzString, oddValue),
        extra: fc.array(fc.tuple(fc.constantFrom('item', 'find', 'q', 'x'), fuzzString), {
          maxLength: 2,
        }),
      },
      { requiredKeys: [] },
    )
    .map((q) => {
      const pairs: [string, string][] = [
        ...(['item', 'find', 'q'] as const).flatMap((k) =>
          q[k] === undefined ? [] : [[k, q[k]] as [string, string]],
        ),
        ...(q.extra ?? []),
      ]
      return pairs.length ? `?${pairs.map(([k, v]) => `${k}=${wtf8Encode(v)}`).join('&')}` : ''
    })
}

/** The paths a route pattern is fuzzed at: its parameters filled with real ids and junk. */
function pathsFor(pattern: string, h: Harvest): fc.Arbitrary<string> {
  const params = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]).join(',')
  const fill = (values: Record<string, string>) =>
    pattern.replace(/:(\w+)/g, (_, name: string) => segment(values[name]!))
  // Real ids most of the time, junk the rest; a tool's action also takes its query string.
  const mostlyReal = <T,>(real: fc.Arbitrary<T>, junk: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 8, arbitrary: real }, { weight: 2, arbitrary: junk })
  const withQuery = (values: fc.Arbitrary<Record<string, string>>) =>
    fc.tuple(values, toolQuery(h)).map(([v, query]) => fill(v) + query)
  const exercises = workbook.exercises.map((e) => e.id)
  const placements = workbook.placements
  switch (params) {
    case '':
      return fc.constant(pattern)
    case 'exerciseId,placementId': {
      const answerable = placements.filter((p) => p.kind !== 'content')
      return mostlyReal<Record<string, string>>(
        fc
          .constantFrom(...answerable)
          .map((p) => ({ exerciseId: p.exerciseId, placementId: p.id })),
        fc.record({
          exerciseId: idOr(exercises),
          placementId: idOr(placements.map((p) => p.id)),
        }),
      ).map(fill)
    }
    case 'exerciseId,placementId,action': {
      const tools = placements.filter(isTool)
      const real = fc.constantFrom(...tools).chain((p) =>
        fc.record({
          exerciseId: fc.constant(p.exerciseId),
          placementId: fc.constant(p.id),
          action: idOr(actionsOf(p.config.tool as BuiltTool)),
        }),
      )
      const junk = fc.record({
        exerciseId: idOr(exercises),
        placementId: idOr(placements.map((p) => p.id)),
        action: idOr(ALL_ACTIONS),
      })
      return withQuery(mostlyReal(real, junk))
    }
    case 'tool,action': {
      const own = Object.keys(OWN_TOOLS) as BuiltTool[]
      const real = fc
        .constantFrom(...own)
        .chain((tool) =>
          fc.record({ tool: fc.constant<string>(tool), action: idOr(actionsOf(tool)) }),
        )
      const junk = fc.record({
        tool: idOr(Object.keys(TOOL_MODULES)),
        action: idOr(ALL_ACTIONS),
      })
      return withQuery(mostlyReal(real, junk))
    }
    default:
      throw new Error(
        `The fuzz does not know how to fill ${params} in ${pattern}: teach pathsFor in src/fuzz.test.tsx`,
      )
  }
}

// ---------------------------------------------------------------------------------------------
// The import's upload: a real export, cut and changed

/** The leaves of a JSON value, as paths. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path]
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value)
  return entries.length ? entries.flatMap(([k, v]) => leaves(v, [...path, k])) : [path]
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value
  const copy = Array.isArray(root) ? [...root] : { ...(root as Record<string, unknown>) }
  const [head, ...rest] = path
  ;(copy as Record<string | number, unknown>)[head!] = setAt(
    (root as Record<string | number, unknown>)[head!],
    rest,
    value,
  )
  return copy
}

const jsonJunk = fc.oneof(
  fieldValue(emptyHarvest()),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, [], {}, [[]], { a: 1 }, -1, 1e308, 2 ** 53 + 1),
)

/** An upload for the import: a real export with a few leaves changed, cut short, or junk. */
function uploadBody(h: Harvest, exported: string): fc.Arbitrary<Post['body']> {
  const document = JSON.parse(exported) as unknown
  const paths = leaves(document)
  const changed = fc
    .array(fc.tuple(fc.nat(paths.length - 1), jsonJunk), { minLength: 1, maxLength: 4 })
    .map((changes) =>
      JSON.stringify(changes.reduce((doc, [i, v]) => setAt(doc, paths[i]!, v), document)),
    )
  const content = fc.oneof(
    { weight: 4, arbitrary: changed },
    { weight: 1, arbitrary: fc.constant(exported) },
    { weight: 1, arbitrary: fc.nat(exported.length).map((n) => exported.slice(0, n)) },
    { weight: 1, arbitrary: fc.oneof(fuzzString, oddValue) },
  )
  return fc
    .record({
      pairs: formPairs(h),
      file: fc.option(
        fc.record({
          name: fc.oneof(
            fc.constantFrom('export.json', 'a.zip', '', '../../etc/passwd'),
            fuzzString,
          ),
          type: fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', ''),
          content,
        }),
        { freq: 8 },
      ),
    })
    .map(({ pairs, file }) => ({ kind: 'upload' as const, pairs, file }))
}

// ---------------------------------------------------------------------------------------------
// Learners

type Learner = { email: string; password: string; token: string; userId: string }

async function newLearner(reached: boolean): Promise<Learner> {
  const email = uniqueEmail('fuzz')
  const password = strongPassword('fuzz')
  const { token } = await signUp(email, password, uniqueIp())
  const userId = (await userIdFor(email))!
  if (reached) await reachTools(userId)
  // Sensitive actions (import, deletion) then go through without the password again.
  await setSessionConfirmed(token, iso())
  return { email, password, token, userId }
}

/** A signed-in learner's cookie for a run; a dead or junk one for the signed-out runs. */
let endedToken = ''

/** Fills the sign-in, sign-up and recovery limits of this network, and the learner's own. */
async function crowd(ip: string, userId?: string) {
  const network = clientNetwork(ip)
  for (const limit of [LIMITS.signInIp, LIMITS.signUpIp, LIMITS.recoverIp]) {
    await fillRateLimit(limit, network)
  }
  if (!userId) return
  for (const limit of [
    LIMITS.saveUser,
    LIMITS.confirmAccount,
    LIMITS.passwordChangeAccount,
    LIMITS.importAccount,
    LIMITS.exportAccount,
  ]) {
    await fillRateLimit(limit, userId)
  }
}

/**
 * Posts every form of a page once, filled as a learner would, so the tools hold items whose ids
 * the fuzz can then aim at. Bounded: at most `max` posts.
 */
async function warmUp(token: string, path: string, max: number) {
  for (let i = 0; i < max; i++) {
    const page = dom(await (await get(path, { token })).text())
    // The tools' own forms only: the header's sign-out button must not end the session.
    const buttons = all(page, 'form[method="post"][action*="/tools/"] button').filter(
      (b) => (b.getAttribute('type') ?? 'submit') === 'submit',
    )
    const button = buttons[i % Math.max(buttons.length, 1)]
    if (!button) return
    let form = button.parentNode
    while (form && form.tagName !== 'FORM') form = form.parentNode
    if (!form) continue
    const fields: [string, string][] = []
    for (const field of all(form, 'input[name], textarea[name], select[name]')) {
      const name = field.getAttribute('name')!
      const type = field.getAttribute('type') ?? 'text'
      if (field.tagName === 'SELECT') {
        const option = all(field, 'option').find((o) => o.getAttribute('value'))
        if (option) fields.push([name, option.getAttribute('value')!])
      } else if (type === 'hidden') fields.push([name, field.getAttribute('value') ?? ''])
      else if (type === 'radio' || type === 'checkbox') {
        if (!fields.some(([n]) => n === name))
          fields.push([name, field.getAttribute('value') ?? 'on'])
      } else if (type === 'number' || type === 'range')
        fields.push([name, field.getAttribute('min') ?? '3'])
      else if (type === 'date') fields.push([name, '2026-11-30'])
      else fields.push([name, `Fuzz words ${i}`])
    }
    const name = button.getAttribute('name')
    if (name) fields.push([name, button.getAttribute('value') ?? ''])
    const action = button.getAttribute('formaction') ?? form.getAttribute('action') ?? path
    await postForm(action, fields, { token })
  }
}

/** The pages whose forms name the fields and ids a route's fuzz mixes in. */
const PAGES = [
  '/sign-in',
  '/sign-up',
  '/recover',
  '/account',
  '/account/password',
  '/account/confirm',
  '/account/delete',
  '/account/import',
  '/recovery-code',
  '/workbook/ex-one',
  '/workbook/ex-two',
  '/workbook/ex-three',
  '/workbook/ex-four',
  `/workbook/${TOOLS_EXERCISE}`,
  ...Object.keys(OWN_TOOLS).map((tool) => `/tools/${tool}/own`),
]

// ---------------------------------------------------------------------------------------------
// One route's fuzz

/** The arbitrary of one run on a route. */
function runsOf(pattern: string, h: Harvest, exported: string): fc.Arbitrary<Run> {
  const body = pattern === IMPORT_PATH ? uploadBody(h, exported) : postBody(h)
  return fc.record({
    post: fc.record({
      path: pathsFor(pattern, h),
      body,
      fetchSite: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    }),
    who,
    crowded: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  })
}

/** Everything one run sent as text: what a page may rightly show back. */
function sentTexts(post: Post): string[] {
  const texts = decodeURIComponentSafe(post.path).split(/[/?&=]/)
  if (post.body.kind === 'urlencoded') {
    for (const p of post.body.pieces) texts.push(...(p.kind === 'pair' ? [p.name, p.value] : []))
  } else {
    for (const [name, value] of post.body.pairs) texts.push(name, value)
    if (post.body.kind === 'upload' && post.body.file) texts.push(post.body.file.content)
  }
  return texts
}

/** The one value a run sent under `name`, as the server reads it (first of a urlencoded body). */
function sentValue(post: Post, name: string): string | undefined {
  if (post.body.kind === 'urlencoded') {
    for (const p of post.body.pieces) if (p.kind === 'pair' && p.name === name) return p.value
    return undefined
  }
  return post.body.pairs.find(([n]) => n === name)?.[1]
}

function decodeURIComponentSafe(s: string) {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** The route's fuzz: its learners and harvest, then the property over FUZZ_RUNS runs. */
async function fuzzRoute(pattern: string, params: Parameters<typeof fc.assert>[1] = {}) {
  await forgetRateLimits()
  const learners = { fresh: await newLearner(false), reached: await newLearner(true) }
  const h = emptyHarvest()
  for (const path of PAGES) {
    harvest(h, await (await get(path, { token: learners.reached.token })).text())
  }
  if (pattern.includes(':action')) {
    // Items in every tool, so the fuzz can aim at real item ids.
    const token = learners.reached.token
    await warmUp(token, `/workbook/${TOOLS_EXERCISE}`, 40)
    harvest(h, await (await get(`/workbook/${TOOLS_EXERCISE}`, { token })).text())
    for (const tool of Object.keys(OWN_TOOLS)) {
      await warmUp(token, `/tools/${tool}/own`, 6)
      harvest(h, await (await get(`/tools/${tool}/own`, { token })).text())
    }
  }
  const exported =
    pattern === IMPORT_PATH
      ? await (await get('/account/export.json', { token: learners.reached.token })).text()
      : '{}'
  const echoes = new Set<string>()
  const tally = new Map<string, number>()
  let recreated = 0

  const property = fc.asyncProperty(runsOf(pattern, h, exported), async (run) => {
    const signedIn = run.who === 'fresh' || run.who === 'reached' ? learners[run.who] : null
    if (!run.crowded) await forgetRateLimits()
    const ip = uniqueIp()
    if (run.crowded) await crowd(ip, signedIn?.userId)
    const cookie = signedIn
      ? `${COOKIE_NAME}=${signedIn.token}`
      : run.who === 'ended'
        ? `${COOKIE_NAME}=${endedToken}`
        : run.who === 'junk-cookie'
          ? `${COOKIE_NAME}=${'A'.repeat(43)}; ${COOKIE_NAME}=x`
          : undefined
    addEchoes(echoes, sentTexts(run.post))
    const res = await send(run.post, { ip, cookie, learner: signedIn ?? learners.reached })
    const html = await res.text()
    const where = `POST ${run.post.path} as ${run.who}${run.crowded ? ', crowded' : ''} → ${res.status}`
    expect(res.status, where).toBeLessThan(500)
    expectNoLeaks(html, echoes, where)
    let kind = ''
    if (res.status >= 400) kind = expectErrorPage(res, html, ALLOWED, where)
    else if (res.status === 200) expectHtmlPage(res, html)
    else {
      expect(res.status, where).toBe(303)
      expect(res.headers.get('Location'), where).toMatch(/^\/(?![/\\])/)
    }
    const key = `${res.status}${kind ? ` ${kind}` : ''}`
    tally.set(key, (tally.get(key) ?? 0) + 1)
    // A password change gives this browser a new session: carry on with it, and the password.
    const fresh = sessionToken(res)
    if (signedIn && fresh && fresh !== signedIn.token) {
      signedIn.token = fresh
      if (res.headers.get('Location') === '/account?changed=password') {
        signedIn.password = sentValue(run.post, 'password')!.replaceAll(
          LEARNER_PASSWORD,
          signedIn.password,
        )
      }
    }
    // A run that ended its own session (sign-out, deletion): a new learner for the next runs.
    const ended = res.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE_NAME}=;`))
    if (signedIn && ended && recreated < 6) {
      recreated++
      learners[run.who as 'fresh' | 'reached'] = await newLearner(run.who === 'reached')
    }
  })
  await fc.assert(property, { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, ...params })
  return tally
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  workbook = await loadFuzzWorkbook()
  const ended = await newLearner(false)
  await postForm('/sign-out', {}, { token: ended.token })
  endedToken = ended.token
}, 60_000)

describe('the fuzz of every form route', () => {
  it('covers every POST route of the app, the import upload among them', () => {
    expect(POST_ROUTES).toEqual(
      expect.arrayContaining([
        '/sign-in',
        '/sign-up',
        IMPORT_PATH,
        '/workbook/:exerciseId/answers/:placementId',
        '/workbook/:exerciseId/tools/:placementId/:action',
        '/tools/:tool/own/:action',
      ]),
    )
  })

  it.each(POST_ROUTES)(
    'POST %s: never a 5xx nor a leak, and every 4xx a calm page or an error summary',
    async (pattern) => {
      const tally = await fuzzRoute(pattern)
      console.log(`fuzz ${pattern}: ${JSON.stringify(Object.fromEntries([...tally].sort()))}`)
    },
    600_000,
  )
})

describe('the fuzz failures found before, replayed', () => {
  it('names only routes the app still has', () => {
    for (const fixture of FUZZ_FIXTURES) expect(POST_ROUTES).toContain(fixture.route)
  })

  it.each(FUZZ_FIXTURES.map((f) => [f.route, f] as const))(
    'POST %s replays a run that once failed, and passes',
    async (route, fixture) => {
      await fuzzRoute(route, { examples: [[fixture.run as Run]], numRuns: 1, endOnFailure: true })
    },
    600_000,
  )
})
