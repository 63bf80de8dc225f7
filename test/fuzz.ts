/**
 * The pieces of the form-route fuzz (src/fuzz.test.tsx): fast-check arbitraries for hostile form
 * fields and bodies, an encoder that can put invalid UTF-8 and lone surrogates on the wire, the
 * field names and ids read from the app's own pages, and the checks every response must pass.
 */
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { expect } from 'vitest'
import app, { MAX_BODY_BYTES } from '../src/app'
import { HOSTILE_NEXT } from './hostile'
import { all, dom, text, type HTMLElement } from './html'
import { ORIGIN, get, uniqueEmail, type RequestOptions } from './helpers'
import { expectHtmlPage } from './pages'

// ---------------------------------------------------------------------------------------------
// Runs and seed

/** Runs per route: 200 by default (CI), more with FUZZ_RUNS=2000 locally. */
export const FUZZ_RUNS = Number.parseInt(env.FUZZ_RUNS, 10) || 200

/** The seed: fixed, so CI is repeatable; FUZZ_SEED=<n> explores elsewhere (or replays one). */
export const FUZZ_SEED = env.FUZZ_SEED === '' ? 13_2026 : Number.parseInt(env.FUZZ_SEED, 10)

// ---------------------------------------------------------------------------------------------
// Strings

/** Code points and code units that break naive text handling. */
export const AWKWARD_CHARS = [
  '\0',
  '\u0001',
  '\u001b',
  '\u007f',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\u00a0',
  '\u0301', // combining acute accent, alone
  '\u200b', // zero-width space
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff', // byte-order mark
  '\u200e', // LTR mark
  '\u200f', // RTL mark
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e', // RTL override
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061c',
  '\u2028',
  '\u2029',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '\ud800', // lone surrogates
  '\udbff',
  '\udc00',
  '\udfff',
  '🌳',
  '👩🏽‍💻',
  'ﷺ',
  'İ',
  'ß',
  '&',
  '=',
  '+',
  '%',
  ';',
  '<',
  '>',
  '"',
  "'",
  '`',
  '\\',
  '/',
  '#',
  '?',
  '{{',
  '}}',
]

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n))

/** One code point or code unit: anything in Unicode, a lone surrogate, or an awkward one. */
const unit = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom(...AWKWARD_CHARS) },
  { weight: 1, arbitrary: loneSurrogate },
)

/** A short hostile string. */
export const fuzzString = fc.string({ unit, maxLength: 40 })

/** Numbers as a form sends them: text, often not a number at all. */
export const numberText = fc.oneof(
  fc.integer().map(String),
  fc.integer({ min: -3, max: 12 }).map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-1e309',
    '1e-400',
    '-0',
    '0',
    '-1',
    '1',
    '2',
    '3',
    '5',
    '10',
    '100',
    '1.5',
    '0.1',
    '00003',
    ' 3 ',
    '+3',
    '0x1F',
    '1_000',
    '1,000',
    '９',
    '٣',
    '9007199254740993',
    '2147483648',
    '-2147483649',
    '18446744073709551616',
  ),
)

/** Values that look like other types, or like attacks. */
export const oddValue = fc.constantFrom(
  '',
  ' ',
  'true',
  'false',
  'on',
  'off',
  'null',
  'undefined',
  '[]',
  '{}',
  '[object Object]',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE answers; --",
  "' OR '1'='1",
  '{{email}}',
  '${1+1}',
  '2026-12-01',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31',
  '1900-01-01',
  'a@example.com',
  'A@EXAMPLE.COM ',
  'not an email',
  'correct horse battery staple',
  'password',
  'GBP',
  'EUR',
  'XXX',
  'month',
  'week',
  'year',
  'income',
  'expense',
  'knowledge',
  'transferable',
  'self-management',
  'work',
  'other',
  ...HOSTILE_NEXT,
)

/** A value far longer than any field wants: up to the body limit and a little beyond it. */
export const longValue = fc
  .tuple(
    fc.constantFrom(301, 4_001, 70_000, MAX_BODY_BYTES - 2_000, MAX_BODY_BYTES + 1),
    fc.constantFrom('a', 'é', '🌳', '\u202e', ' ', '\n', 'word '),
  )
  .map(([n, s]) => s.repeat(Math.ceil(n / s.length)))

// ---------------------------------------------------------------------------------------------
// What a learner's browser would send: the names and values on the app's own pages

/** The names, values and item ids a set of pages offers, read from their forms. */
export type Harvest = { names: Set<string>; values: Set<string>; items: Set<string> }

export const emptyHarvest = (): Harvest => ({
  names: new Set(),
  values: new Set(),
  items: new Set(),
})

/** Adds a page's form field names, their values and the item ids in its form actions. */
export function harvest(into: Harvest, html: string) {
  const page = dom(html)
  for (const field of all(page, 'input[name], textarea[name], select[name], button[name]')) {
    into.names.add(field.getAttribute('name')!)
    const value = field.getAttribute('value')
    if (value && value.length < 200) into.values.add(value)
  }
  for (const option of all(page, 'option[value]')) into.values.add(option.getAttribute('value')!)
  for (const el of all(page, 'form[action], button[formaction]')) {
    const url = el.getAttribute('action') ?? el.getAttribute('formaction') ?? ''
    const query = url.split('?')[1]
    if (!query) continue
    for (const [key, value] of new URLSearchParams(query)) {
      into.names.add(key)
      if (key === 'item') into.items.add(value)
      else into.values.add(value)
    }
  }
}

/** Every field name the app's handlers read, whether or not a page shows it right now. */
export const KNOWN_NAMES = [
  'answer',
  'version',
  'submission',
  'email',
  'password',
  'confirm',
  'current',
  'new',
  'next',
  'code',
  'recovery_code',
  'display_name',
  'session',
  'file',
  'item',
  'title',
  'description',
  'notes',
  'type',
  'category',
  'new-name',
  'new-category',
  'replace',
  'replacing',
  'skills',
  'currency',
  'year',
  'quarter',
  'day',
  'energy',
  'focus',
  'activity',
  'e-activity',
  'e-day',
  'e-energy',
  'e-focus',
  'new-round',
  'score-0',
  'score-1',
  'score-7',
  'score-99',
  'score--1',
  'level-x',
  'income-label',
  'income-amount',
  'income-period',
  'expense-label',
  'expense-amount',
  'expense-period',
  'center',
  'text-x',
  'new-x',
  'pref-x',
  'person-curiosity',
  'why-curiosity',
  'title-a',
  'new-b',
]

const realName = (h: Harvest) =>
  fc.constantFrom(...new Set([...KNOWN_NAMES, ...h.names].filter((n) => n.length < 100)))

/** Field names: mostly real ones, so inputs reach deep code, and some that no form has. */
export const fieldName = (h: Harvest) =>
  fc.oneof(
    { weight: 8, arbitrary: realName(h) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'a[]',
        'answer[]',
        'answer[0]',
        'answer[x]',
        'items[]',
        'a[b][c]',
        '__proto__',
        'constructor',
        'prototype',
        'hasOwnProperty',
        'toString',
        'valueOf',
        '',
        ' ',
        'answer ',
        'ANSWER',
        'Answer',
        'answer\0',
      ),
    },
    { weight: 1, arbitrary: realName(h).map((n) => `${n}[]`) },
    { weight: 1, arbitrary: fuzzString },
  )

/** Field values: hostile text, numbers as text, real values from the pages, and long ones. */
export const fieldValue = (h: Harvest) =>
  fc.oneof(
    { weight: 6, arbitrary: fuzzString },
    { weight: 4, arbitrary: numberText },
    { weight: 3, arbitrary: oddValue },
    {
      weight: 4,
      arbitrary:
        h.values.size || h.items.size ? fc.constantFrom(...h.values, ...h.items) : oddValue,
    },
  )

/** A fresh-looking submission id, as the forms carry one (16 random bytes, base64url). */
const submissionId = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, ''),
)

/** A form's hidden fields, mostly well formed so the fuzz gets past the first check. */
const hiddenPair = fc.oneof(
  fc.tuple(fc.constant('version'), fc.oneof(fc.constantFrom('0', '1', '2', '3'), numberText)),
  fc.tuple(fc.constant('submission'), fc.oneof(submissionId, fuzzString)),
)

/** A urlencoded body piece: a pair, a pair repeated, or raw bytes that are not valid UTF-8. */
export type Piece = { kind: 'pair'; name: string; value: string } | { kind: 'raw'; text: string }

const RAW_PIECES = [
  '%',
  '%%',
  '%zz',
  '%F',
  '%FF',
  '%FE%FF',
  '%C0%AF',
  '%E0%80%AF',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%F4%90%80%80',
  '%00',
  'answer=%00',
  'answer=%ED%A0%80',
  'answer=%E2%80%AE%E2%80%8F',
  '=',
  '==',
  '=x',
  'answer',
  'answer=',
  '+++',
  ';',
  'a=1;b=2',
]

/** Stand-ins for the signed-in learner's own email and password, filled in when sent. */
export const LEARNER_EMAIL = '{learner-email}'
export const LEARNER_PASSWORD = '{learner-password}'
/** A stand-in for an email nobody has used yet, filled in when sent. */
export const NEW_EMAIL = '{new-email}'

const email = fc.constantFrom(
  LEARNER_EMAIL,
  LEARNER_EMAIL,
  NEW_EMAIL,
  NEW_EMAIL,
  'fuzz-someone@example.com',
  'Fuzz-Someone@Example.com',
  'a@b',
  ' fuzz@example.com ',
)
const password = fc.constantFrom(
  LEARNER_PASSWORD,
  LEARNER_PASSWORD,
  LEARNER_PASSWORD,
  'correct horse battery staple',
  'another long passphrase 12',
  'password1234',
  'short',
  'é'.repeat(12),
  'x'.repeat(257),
)

/**
 * Fields as a real form fills them: an email and a password (the learner's own, sometimes),
 * the same password twice, a recovery code's shape. These get past the first checks, so the
 * fuzz reaches sign-up, sign-in, password changes and the rate limits behind them.
 */
const plausiblePairs = fc
  .tuple(email, password, password, fuzzString, fc.nat(3), fc.boolean())
  .chain(([e, pw, other, words, n, whole]) => {
    const same = n > 0
    const pairs: [string, string][] = [
      ['email', e],
      ['password', pw],
      ['current', pw],
      ['confirm', same ? pw : other],
      ['email_password', pw],
      ['recovery_password', other],
      ['code', 'ABCD-EFGH-IJKL-MNOP'],
      ['display_name', words],
      ['answer', words],
      ['new', words],
    ]
    // Half the time the whole set, as a filled-in form sends it; else some of it.
    return whole ? fc.constant(pairs) : fc.subarray(pairs)
  })

/** A form's fields as [name, value] pairs: missing keys, repeated keys, wrong types. */
export const formPairs = (h: Harvest) => {
  const pair = fc.tuple(fieldName(h), fieldValue(h))
  const repeated = fc
    .tuple(fieldName(h), fc.array(fieldValue(h), { minLength: 2, maxLength: 60 }))
    .map(([name, values]) => values.map((v) => [name, v] as [string, string]))
  return fc
    .tuple(
      fc.oneof(
        // Usually both hidden fields, well formed, as the page sends them; else odd ones.
        {
          weight: 3,
          arbitrary: fc
            .tuple(fc.constantFrom('0', '1', '2', '3'), submissionId)
            .map(([version, submission]) => [
              ['version', version] as [string, string],
              ['submission', submission] as [string, string],
            ]),
        },
        { weight: 2, arbitrary: fc.array(hiddenPair, { maxLength: 2 }) },
      ),
      fc.option(plausiblePairs, { freq: 2, nil: [] as [string, string][] }),
      fc.array(
        fc.oneof(
          { weight: 6, arbitrary: pair.map((p) => [p]) },
          { weight: 1, arbitrary: repeated },
        ),
        { maxLength: 10 },
      ),
      // About one run in twelve carries a long value.
      fc.oneof(
        { weight: 11, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.tuple(realName(h), longValue) },
      ),
    )
    .map(([hidden, plausible, groups, long]) => [
      ...hidden,
      ...plausible,
      ...groups.flat(),
      ...(long ? [long] : []),
    ])
}

/** A urlencoded body: pairs, with the odd raw piece between them. */
export const urlencodedPieces = (h: Harvest): fc.Arbitrary<Piece[]> =>
  fc
    .tuple(
      formPairs(h),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...RAW_PIECES)), { maxLength: 2 }),
    )
    .map(([pairs, raws]) => {
      const pieces: Piece[] = pairs.map(([name, value]) => ({ kind: 'pair', name, value }))
      for (const [at, text] of raws)
        pieces.splice(at % (pieces.length + 1), 0, { kind: 'raw', text })
      return pieces
    })

const UNRESERVED = /[A-Za-z0-9\-._~]/

/**
 * Percent-encodes a string as WTF-8: UTF-8, except that a lone surrogate is encoded as its own
 * three bytes (which is invalid UTF-8), so the server sees exactly what a broken client sends.
 * `encodeURIComponent` would throw instead.
 */
export function wtf8Encode(s: string): string {
  // Well-formed text (nearly always) is plain UTF-8; only a lone surrogate needs the long way.
  if (!/[\ud800-\udfff]/.test(s)) return encodeURIComponent(s)
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (UNRESERVED.test(ch)) {
      out += ch
      continue
    }
    let cp = s.charCodeAt(i)
    const next = s.charCodeAt(i + 1)
    if (cp >= 0xd800 && cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00)
      i++
    }
    const bytes =
      cp < 0x80
        ? [cp]
        : cp < 0x800
          ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
          : cp < 0x10000
            ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
            : [
                0xf0 | (cp >> 18),
                0x80 | ((cp >> 12) & 63),
                0x80 | ((cp >> 6) & 63),
                0x80 | (cp & 63),
              ]
    out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  }
  return out
}

/** The urlencoded body for the pieces. */
export const urlencoded = (pieces: Piece[]) =>
  pieces
    .map((p) => (p.kind === 'raw' ? p.text : `${wtf8Encode(p.name)}=${wtf8Encode(p.value)}`))
    .join('&')

/** A path segment: a real id as a browser encodes it, or raw bytes that do not decode. */
export const segment = (s: string) => wtf8Encode(s)

/** Ids that are not ids: for every route parameter, beside the real ones. */
export const junkId = fc.oneof(
  fc.constantFrom(
    'nope',
    '0',
    '-1',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '..',
    '.',
    'ex-one.first.x',
    'EX-ONE',
    "' OR 1=1 --",
    'a'.repeat(400),
  ),
  fuzzString.filter((s) => s.length > 0),
)

// ---------------------------------------------------------------------------------------------
// Sending

/** What one run posts. */
export type Post = {
  path: string
  body:
    | { kind: 'urlencoded'; pieces: Piece[] }
    | { kind: 'multipart'; pairs: [string, string][]; files: number[] }
    | {
        kind: 'upload'
        pairs: [string, string][]
        file: { name: string; type: string; content: string } | null
      }
  /** Send Sec-Fetch-Site: same-origin instead of an Origin header. */
  fetchSite: boolean
}

/** A body for any form route, usually urlencoded, sometimes multipart (with a value as a file). */
export const postBody = (h: Harvest): fc.Arbitrary<Post['body']> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: urlencodedPieces(h).map((pieces) => ({ kind: 'urlencoded' as const, pieces })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(formPairs(h), fc.array(fc.nat(), { maxLength: 2 }))
        .map(([pairs, files]) => ({ kind: 'multipart' as const, pairs, files })),
    },
  )

/** The post with every value passed through `f` (the learner's stand-ins filled in). */
function fillLearner(post: Post, f: (s: string) => string): Post {
  const pairs = (ps: [string, string][]) => ps.map(([n, v]) => [n, f(v)] as [string, string])
  const body = post.body
  switch (body.kind) {
    case 'urlencoded':
      return {
        ...post,
        body: {
          kind: 'urlencoded',
          pieces: body.pieces.map((p) => (p.kind === 'pair' ? { ...p, value: f(p.value) } : p)),
        },
      }
    case 'multipart':
      return { ...post, body: { ...body, pairs: pairs(body.pairs) } }
    case 'upload':
      return { ...post, body: { ...body, pairs: pairs(body.pairs) } }
  }
}

/**
 * workerd's FormData refuses to send a field or file name that ends with a backslash (the
 * client throws before the app sees anything), so such a name gets one more character.
 */
const multipartSafe = (name: string) => (name.endsWith('\\') ? `${name}_` : name)

/** Sends one post through the app, as a same-origin browser form would. */
export function send(
  post: Post,
  opts: RequestOptions & { cookie?: string; learner?: { email: string; password: string } },
): Promise<Response> {
  const own = (s: string) =>
    s
      .replaceAll(LEARNER_EMAIL, opts.learner?.email ?? 'nobody@example.com')
      .replaceAll(LEARNER_PASSWORD, opts.learner?.password ?? 'nobody knows this one')
      .replaceAll(NEW_EMAIL, uniqueEmail('fuzz-new'))
  post = fillLearner(post, own)
  const headers: Record<string, string> = {
    ...(post.fetchSite ? { 'Sec-Fetch-Site': 'same-origin' } : { Origin: ORIGIN }),
    ...(opts.ip ? { 'CF-Connecting-IP': opts.ip } : {}),
    ...(opts.cookie ? { Cookie: opts.cookie } : {}),
  }
  let body: BodyInit
  if (post.body.kind === 'urlencoded') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    body = urlencoded(post.body.pieces)
  } else if (post.body.kind === 'upload') {
    const form = new FormData()
    for (const [name, value] of post.body.pairs) form.append(multipartSafe(name), value)
    const file = post.body.file
    if (file)
      form.append('file', new File([file.content], multipartSafe(file.name), { type: file.type }))
    body = form
  } else {
    const form = new FormData()
    const { pairs, files: fileAt } = post.body
    const files = new Set(fileAt.map((n) => n % Math.max(pairs.length, 1)))
    pairs.forEach(([name, value], i) => {
      const field = multipartSafe(name)
      if (files.has(i))
        form.append(field, new File([value], multipartSafe(`${value.slice(0, 20)}.txt`)))
      else form.append(field, value)
    })
    body = form
  }
  return Promise.resolve(app.request(post.path, { method: 'POST', headers, body }, opts.env ?? env))
}

// ---------------------------------------------------------------------------------------------
// Checks

/** The shared pages' headings, by status (src/lib/errors.tsx). */
export const CALM_PAGES: Record<number, string> = {
  400: 'We could not read that request',
  403: 'This request was blocked',
  404: 'Page not found',
  413: 'That was too much to send at once',
  415: 'This request was blocked',
  429: 'Too many attempts',
}

/** The heading of the sign-in form that holds a learner's words (src/workbook/held.tsx). */
export const HELD_HEADING = 'Sign in to save your answer'

/** What kind of page a 4xx is: the error summary, a calm shared page, the held sign-in, other. */
export type PageKind = 'summary' | 'calm' | 'held' | 'not-reached' | 'other'

export function pageKind(status: number, page: HTMLElement): PageKind {
  const h1 = text(all(page, 'h1')[0] ?? page)
  if (all(page, '#error-summary').length) return 'summary'
  if (all(page, '#auth-panel').length && h1 === HELD_HEADING) return 'held'
  if (CALM_PAGES[status] === h1) return 'calm'
  if (text(page).includes('it opens once you reach it')) return 'not-reached'
  return 'other'
}

/**
 * Checks the error summary: one, at the top of main, an alert with its heading, at least one
 * link, and every link pointing at an element on the page; the title says "Error: ".
 */
export function expectSummary(page: HTMLElement, where: string) {
  const summaries = all(page, '#error-summary')
  expect(summaries, where).toHaveLength(1)
  const summary = summaries[0]!
  expect(all(summary, '[role="alert"] h2').map(text), where).toEqual(['There is a problem'])
  const links = all(summary, 'a')
  expect(links.length, `${where}: the summary has no link`).toBeGreaterThan(0)
  const ids = new Set(all(page, '[id]').map((e) => e.getAttribute('id')))
  for (const link of links) {
    const href = link.getAttribute('href') ?? ''
    expect(href.startsWith('#'), `${where}: summary link ${href}`).toBe(true)
    expect(
      ids.has(decodeURIComponent(href.slice(1))),
      `${where}: summary link ${href} has no target`,
    ).toBe(true)
  }
  expect(text(all(page, 'title')[0]!).startsWith('Error: '), `${where}: title`).toBe(true)
}

/** Signs that internals leaked, or that code printed a value it never had. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /^\s*at\s+\S+\s+\(/m],
  ['a stack frame', /\bat \S+ \(?\S+:\d+:\d+\)?/],
  ['an exception name', /\b\w+(Error|Exception):/],
  ['an error with a file path', /Error:[^<]{0,200}\/\S+\.(tsx?|m?js)\b/],
  ['SQL', /\b(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]{0,300}?\b(FROM|INTO|SET|WHERE)\b/],
  ['SQLite', /SQLITE/],
  ['D1', /\bD1_/],
  ['a source path', /\.tsx?\b|node_modules/],
  ['"undefined"', /\bundefined\b/],
  ['"NaN"', /\bNaN\b/],
  ['"[object Object]"', /\[object \w+\]/],
]

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')

/** A string as the server reads it: lone surrogates become U+FFFD. */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')

/**
 * What the fuzz sent that a page may rightly show back (a learner's own words), in the forms a
 * page shows it: as sent, as the server reads it, and HTML-escaped. Only values that contain one
 * of the leak patterns are kept, so the set stays small.
 */
export function addEchoes(into: Set<string>, sent: Iterable<string>) {
  for (const value of sent) {
    if (!LEAKS.some(([, re]) => re.test(value))) continue
    const read = wellFormed(value)
    for (const form of [value, read, read.normalize('NFC'), read.normalize('NFKC')]) {
      into.add(form)
      into.add(escapeHtml(form))
    }
  }
}

/**
 * Checks a page for leaked internals and for "undefined", "NaN" or "[object Object]" where a
 * learner would read them. A match that is part of something the fuzz sent (`echoes`, see
 * addEchoes) is the learner's own words shown back, and is not a leak.
 */
export function expectNoLeaks(html: string, echoes: ReadonlySet<string>, where: string) {
  for (const [what, re] of LEAKS) {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)
    for (const found of html.matchAll(global)) {
      const echoed = [...echoes].some((e) => e.includes(found[0].trim()))
      if (echoed) continue
      const around = html.slice(Math.max(0, found.index - 100), found.index + 100)
      expect.fail(`${where}: ${what} in the page: …${around}…`)
    }
  }
}

/** Checks a 4xx page, by status: see the fuzz's test for what each status must be. */
export function expectErrorPage(
  res: Response,
  html: string,
  allowed: Record<number, PageKind[]>,
  where: string,
): PageKind {
  expectHtmlPage(res, html)
  const page = dom(html)
  const kind = pageKind(res.status, page)
  expect(allowed[res.status] ?? [], `${where}: a ${res.status} that is a ${kind} page`).toContain(
    kind,
  )
  if (kind === 'summary') expectSummary(page, where)
  return kind
}

/** Reads the names, values and item ids of the pages at these paths. */
export async function harvestPages(paths: string[], opts: RequestOptions): Promise<Harvest> {
  const h = emptyHarvest()
  for (const path of paths) harvest(h, await (await get(path, opts)).text())
  return h
}
