/**
 * Every piece of raw SQL the tests use, in one place: looking inside the database, setting
 * up rows the app would take many steps to make, and a binding that fails on purpose. The app's
 * own SQL lives in src/db/; a test (test/gateway.test.ts) keeps other test files free of SQL.
 */
import { applyD1Migrations, env, reset } from 'cloudflare:test'
import { guarded, type SaveRef } from '../src/db/answers'
import { LEARNER_DATA } from '../src/db/learner-data'
import { sha256Hex } from '../src/lib/bytes'

const db = () => env.DB

export const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString()

// ---------------------------------------------------------------------------------------------
// The schema

/** Applies every migration (again: applied ones are skipped). */
export function migrate() {
  return applyD1Migrations(db(), env.TEST_MIGRATIONS)
}

/** Empties the database, schema and all (the next test file starts from setup again). */
export function emptyDatabase() {
  return reset()
}

// ---------------------------------------------------------------------------------------------
// Whole-database views

/** Every row of every table (D1's internal ones aside), as one string, for plaintext scans. */
export async function wholeDatabaseText(): Promise<string> {
  const dump: Record<string, unknown[]> = {}
  for (const name of await tableNames()) {
    const rows = await db().prepare(`SELECT * FROM "${name}"`).all()
    dump[name] = rows.results
  }
  return JSON.stringify(dump)
}

/** Where a needle was found: the table, the column, and which needle. */
export type Found = { table: string; column: string; needle: string }

/**
 * Every value, in every column of every row of every table of the live schema (d1_migrations
 * included, D1's unreadable metadata aside), that contains one of the needles, as text. Blobs
 * are read as UTF-8.
 */
export async function valuesContaining(needles: string[]): Promise<Found[]> {
  const found: Found[] = []
  const asText = (v: unknown) =>
    v instanceof ArrayBuffer ? new TextDecoder().decode(v) : v === null ? '' : String(v)
  for (const table of await tableNames()) {
    const rows = await db().prepare(`SELECT * FROM "${table}"`).all<Record<string, unknown>>()
    for (const row of rows.results) {
      for (const [column, value] of Object.entries(row)) {
        const text = asText(value)
        for (const needle of needles) {
          if (text.includes(needle)) found.push({ table, column, needle })
        }
      }
    }
  }
  return found
}

/** Every row a learner owns, table by table, on the list of the learner's data. */
export async function rowsOwnedBy(userId: string): Promise<Record<string, unknown[]>> {
  const owned: Record<string, unknown[]> = {}
  for (const [table, { owner }] of Object.entries(LEARNER_DATA)) {
    const rows = await db()
      .prepare(`SELECT * FROM "${table}" WHERE "${owner}" = ?1 ORDER BY rowid`)
      .bind(userId)
      .all()
    owned[table] = rows.results
  }
  return owned
}

/** The app's tables and indexes of one type, sorted (SQLite's, D1's and migrations' aside). */
export async function schemaObjects(type: 'table' | 'index'): Promise<string[]> {
  const rows = await db()
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
    )
    .bind(type)
    .all<{ name: string }>()
  return rows.results.map((r) => r.name)
}

/** A table's columns in the live schema, with their declared types. */
export async function tableColumns(table: string): Promise<{ name: string; type: string }[]> {
  const rows = await db()
    .prepare('SELECT name, type FROM pragma_table_info(?1) ORDER BY cid')
    .bind(table)
    .all<{ name: string; type: string }>()
  return rows.results
}

/** Every table's name, d1_migrations included, D1's unreadable metadata aside. */
async function tableNames(): Promise<string[]> {
  const rows = await db()
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%'")
    .all<{ name: string }>()
  return rows.results.map((r) => r.name)
}

/** The migrations D1 records as applied, in order. */
export async function appliedMigrations(): Promise<string[]> {
  const rows = await db().prepare('SELECT name FROM d1_migrations ORDER BY id').all<{
    name: string
  }>()
  return rows.results.map((r) => r.name)
}

export type ForeignKey = { table: string; from: string; to: string; onDelete: string }

/** Every foreign key of the live schema, from `pragma_foreign_key_list`. */
export async function foreignKeys(): Promise<ForeignKey[]> {
  const rows = await db()
    .prepare(
      `SELECT m.name AS tbl, f."table" AS target, f."from" AS col, f.on_delete AS on_delete
       FROM sqlite_master m, pragma_foreign_key_list(m.name) f
       WHERE m.type = 'table' AND m.name NOT LIKE '_cf_%' ORDER BY m.name, f."from"`,
    )
    .all<{ tbl: string; target: string; col: string; on_delete: string }>()
  return rows.results.map((r) => ({
    table: r.tbl,
    from: r.col,
    to: r.target,
    onDelete: r.on_delete,
  }))
}

/** How many rows `table` holds where `column` equals `value`. */
export async function countWhere(table: string, column: string, value: string): Promise<number> {
  const row = await db()
    .prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE "${column}" = ?1`)
    .bind(value)
    .first<{ n: number }>()
  return row?.n ?? -1
}

/** How many rows `table` holds, optionally only those matching a literal condition. */
export async function count(table: string, where = '1 = 1'): Promise<number> {
  const row = await db()
    .prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`)
    .first<{ n: number }>()
  return row?.n ?? -1
}

// ---------------------------------------------------------------------------------------------
// Content

/** Runs seed statements (one-line SQL from workbookStatements) in one batch. */
export async function runSeed(statements: string[]) {
  await db().batch(statements.map((sql) => db().prepare(sql)))
}

/** A placement's stored config, parsed, or null. */
export async function placementConfig(placementId: string): Promise<unknown> {
  const row = await db()
    .prepare('SELECT config FROM placements WHERE id = ?1')
    .bind(placementId)
    .first<{ config: string }>()
  return row ? JSON.parse(row.config) : null
}

/** Every placement as [id, ordinal, active], by id. */
export async function placementRows(): Promise<unknown[][]> {
  return db()
    .prepare("SELECT id, ordinal, active FROM placements WHERE exercise_id <> 'own' ORDER BY id")
    .raw()
}

/** The learner's own tools' rows (src/content/own.ts): each placement, and its exercise's flag. */
export async function ownRows() {
  const placements = await db()
    .prepare("SELECT id, active FROM placements WHERE exercise_id = 'own' ORDER BY ordinal")
    .raw()
  const exercise = await db()
    .prepare("SELECT active FROM exercises WHERE id = 'own'")
    .first<{ active: number }>()
  return { placements, exerciseActive: exercise?.active ?? null }
}

/** A part's title and summary. */
export async function partRow(partId: string) {
  return db().prepare('SELECT title, summary FROM parts WHERE id = ?1').bind(partId).first()
}

// ---------------------------------------------------------------------------------------------
// Users, sessions, limits and the audit log

/** A bare user row with stand-in ciphertext, for tests below the app's own sign-up; its id. */
export async function insertUser(id: string = crypto.randomUUID()): Promise<string> {
  await db()
    .prepare(
      "INSERT INTO users (id, email_hash, email_ct, created_at) VALUES (?1, ?2, 'v1.x.y', ?3)",
    )
    .bind(id, `hash-${id}`, iso())
    .run()
  return id
}

/** The user id for an email hash (the app looks users up by HMAC), or null. */
export async function userIdByEmailHash(hash: string): Promise<string | null> {
  const row = await db()
    .prepare('SELECT id FROM users WHERE email_hash = ?1')
    .bind(hash)
    .first<{ id: string }>()
  return row?.id ?? null
}

/** A user's row, or null. */
export async function userRow(userId: string) {
  return db().prepare('SELECT * FROM users WHERE id = ?1').bind(userId).first()
}

export type WrappedKeyRow = {
  kdf: 'pbkdf2-sha256' | 'hkdf-sha256'
  kdf_iterations: number
  kdf_salt: string
  kdf_version: number
  wrapped_key: string
}

/** One wrapped copy of a user's data key, as stored. */
export async function wrappedKeyRow(userId: string, kind: 'password' | 'recovery') {
  return db()
    .prepare(
      'SELECT kdf, kdf_iterations, kdf_salt, kdf_version, wrapped_key FROM wrapped_keys WHERE user_id = ?1 AND kind = ?2',
    )
    .bind(userId, kind)
    .first<WrappedKeyRow>()
}

/** Overwrites one wrapped copy of a user's data key (to stage an account in an older format). */
export async function replaceWrappedKey(
  userId: string,
  kind: 'password' | 'recovery',
  k: { kdf: string; iterations: number; salt: string; version: number; wrappedKey: string },
) {
  await db()
    .prepare(
      'UPDATE wrapped_keys SET kdf = ?3, kdf_iterations = ?4, kdf_salt = ?5, kdf_version = ?6, wrapped_key = ?7 WHERE user_id = ?1 AND kind = ?2',
    )
    .bind(userId, kind, k.kdf, k.iterations, k.salt, k.version, k.wrappedKey)
    .run()
}

/** A user's stored password hash. */
export async function passwordHashOf(userId: string): Promise<string | null> {
  const row = await db()
    .prepare('SELECT password_hash FROM credentials WHERE user_id = ?1')
    .bind(userId)
    .first<{ password_hash: string }>()
  return row?.password_hash ?? null
}

/** Replaces a user's stored password hash (to stage one made at an older cost). */
export async function setPasswordHash(userId: string, hash: string) {
  await db()
    .prepare('UPDATE credentials SET password_hash = ?2 WHERE user_id = ?1')
    .bind(userId, hash)
    .run()
}

/** Every table's rows except the password hashes, as one string. */
export async function databaseTextWithoutPasswordHashes(): Promise<string> {
  const dump: Record<string, unknown[]> = {}
  for (const name of await tableNames()) {
    const rows = await db().prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>()
    dump[name] = rows.results.map((r) => (name === 'credentials' ? { ...r, password_hash: '' } : r))
  }
  return JSON.stringify(dump)
}

/** The session row for a cookie token, or null. */
export async function sessionRow(token: string) {
  return db()
    .prepare('SELECT * FROM sessions WHERE id = ?1')
    .bind(await sha256Hex(token))
    .first<Record<string, string>>()
}

/** A user's session rows. */
export async function sessionRows(userId: string) {
  const rows = await db().prepare('SELECT * FROM sessions WHERE user_id = ?1').bind(userId).all()
  return rows.results
}

/** Moves a session's clock: when it was last seen and when it expires. */
export async function setSessionTimes(
  token: string,
  times: { lastSeenAt?: string; expiresAt?: string },
) {
  const id = await sha256Hex(token)
  if (times.lastSeenAt)
    await db()
      .prepare('UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1')
      .bind(id, times.lastSeenAt)
      .run()
  if (times.expiresAt)
    await db()
      .prepare('UPDATE sessions SET expires_at = ?2 WHERE id = ?1')
      .bind(id, times.expiresAt)
      .run()
}

/** Sets when the password was last proved in a session (to make sudo mode stale). */
export async function setSessionConfirmedAt(token: string, at: string) {
  await db()
    .prepare('UPDATE sessions SET confirmed_at = ?2 WHERE id = ?1')
    .bind(await sha256Hex(token), at)
    .run()
}

/** Sets a rate-limit counter. */
export async function setRateLimit(key: string, windowStart: number, value: number) {
  await db()
    .prepare('INSERT OR REPLACE INTO rate_limits (key, window_start, count) VALUES (?1, ?2, ?3)')
    .bind(key, windowStart, value)
    .run()
}

/** Every rate-limit key. */
export async function rateLimitKeys(): Promise<string[]> {
  const rows = await db().prepare('SELECT key FROM rate_limits').all<{ key: string }>()
  return rows.results.map((r) => r.key)
}

/** A user's audit events in order, or every event when no user is given. */
export async function auditEvents(userId?: string) {
  const rows = userId
    ? await db()
        .prepare('SELECT * FROM audit_events WHERE user_id = ?1 ORDER BY id')
        .bind(userId)
        .all<Record<string, unknown>>()
    : await db().prepare('SELECT * FROM audit_events ORDER BY id').all<Record<string, unknown>>()
  return rows.results
}

/** How many 'account-deleted' events the log holds that name no one (no user, no address). */
export function anonymousDeletions(): Promise<number> {
  return count('audit_events', "event = 'account-deleted' AND user_id IS NULL AND ip_hash IS NULL")
}

/** Records `n` sign-in events for a user, a minute apart and all in the past, with an IP hash. */
export async function insertSignIns(userId: string, n: number, ipHash = 'f'.repeat(64)) {
  if (n === 0) return
  const base = Date.now() - n * 60_000 - 3_600_000
  await db().batch(
    Array.from({ length: n }, (_, i) =>
      db()
        .prepare(
          "INSERT INTO audit_events (user_id, event, ip_hash, created_at) VALUES (?1, 'sign-in', ?2, ?3)",
        )
        .bind(userId, ipHash, new Date(base + i * 60_000).toISOString()),
    ),
  )
}

// ---------------------------------------------------------------------------------------------
// Answers

/** The stored answer of a user to a placement, or null. */
export async function answerRow(userId: string, placementId: string) {
  return db()
    .prepare(
      'SELECT body_ct, version, created_at, updated_at FROM answers WHERE user_id = ?1 AND placement_id = ?2',
    )
    .bind(userId, placementId)
    .first<{ body_ct: string; version: number; created_at: string; updated_at: string }>()
}

/** Every stored answer to a placement, whoever wrote it. */
export async function answersTo(placementId: string) {
  const rows = await db()
    .prepare('SELECT * FROM answers WHERE placement_id = ?1')
    .bind(placementId)
    .all()
  return rows.results
}

/** A user's revisions of one answer, oldest first. */
export async function revisions(userId: string, placementId: string) {
  const rows = await db()
    .prepare(
      'SELECT version, kind, body_ct, seen_at FROM answer_revisions WHERE user_id = ?1 AND placement_id = ?2 ORDER BY id',
    )
    .bind(userId, placementId)
    .all<{ version: number; kind: string; body_ct: string; seen_at: string | null }>()
  return rows.results
}

/** Whether a stored answer is complete (1), still being worked in (0), or absent (null). */
export async function answerComplete(userId: string, placementId: string) {
  const row = await db()
    .prepare('SELECT complete FROM answers WHERE user_id = ?1 AND placement_id = ?2')
    .bind(userId, placementId)
    .first<{ complete: number }>()
  return row?.complete ?? null
}

// ---------------------------------------------------------------------------------------------
// Tools' typed rows

export const TOOL_TABLES = [
  'list_items',
  'user_skills',
  'skill_mastery',
  'ranked_items',
  'stories',
  'story_skills',
  'competency_ratings',
  'personality_results',
  'flow_entries',
  'life_balance_rounds',
  'life_balance_scores',
  'budget_lines',
  'mindset_profiles',
  'reframes',
  'idea_nodes',
  'milestones',
  'career_options',
] as const
export type ToolTable = (typeof TOOL_TABLES)[number]

/** A learner's rows of one tool table for one placement, in the order they were written. */
export async function toolRows(table: ToolTable, userId: string, placementId: string) {
  if (!TOOL_TABLES.includes(table)) throw new Error(`not a tool table: ${table}`)
  const rows = await db()
    .prepare(`SELECT * FROM ${table} WHERE user_id = ?1 AND placement_id = ?2 ORDER BY rowid`)
    .bind(userId, placementId)
    .all<Record<string, string | number | null>>()
  return rows.results
}

/** The learner's currency setting, or null when they have none. */
export async function learnerCurrency(userId: string): Promise<string | null> {
  const row = await db()
    .prepare('SELECT currency FROM user_settings WHERE user_id = ?1')
    .bind(userId)
    .first<{ currency: string }>()
  return row?.currency ?? null
}

/** An answer with stand-in ciphertext, written directly. */
export async function insertAnswer(userId: string, placementId: string, version = 1) {
  await db()
    .prepare(
      "INSERT INTO answers (user_id, placement_id, body_ct, version, created_at, updated_at) VALUES (?1, ?2, 'secret', ?3, ?4, ?4)",
    )
    .bind(userId, placementId, version, iso())
    .run()
}

// ---------------------------------------------------------------------------------------------
// A row in every table that belongs to a user, for the cascade test

/** The smallest valid row of each tool table, for one user and placement (?1, ?2). */
const TOOL_ROWS: Record<ToolTable, string> = {
  list_items:
    "INSERT INTO list_items (user_id, placement_id, item_id, position, text_ct) VALUES (?1, ?2, 'i', 1, 'ct')",
  user_skills:
    "INSERT INTO user_skills (user_id, placement_id, skill_key, position, category, name_ct) VALUES (?1, ?2, 'c:s', 1, 'knowledge', 'ct')",
  skill_mastery:
    "INSERT INTO skill_mastery (user_id, placement_id, skill_key, level) VALUES (?1, ?2, 'c:s', 1)",
  ranked_items:
    "INSERT INTO ranked_items (user_id, placement_id, item_id, rank, text_ct) VALUES (?1, ?2, 'i', 1, 'ct')",
  stories:
    "INSERT INTO stories (user_id, placement_id, story_id, position, story_type, content_ct) VALUES (?1, ?2, 's', 1, 'other', 'ct')",
  story_skills:
    "INSERT INTO story_skills (user_id, placement_id, story_id, skill_key) VALUES (?1, ?2, 's', 'c:s')",
  competency_ratings:
    "INSERT INTO competency_ratings (user_id, placement_id, competency_id, level) VALUES (?1, ?2, 'cascade-c', 3)",
  personality_results:
    "INSERT INTO personality_results (user_id, placement_id, type_id, via) VALUES (?1, ?2, 'XXXX', 'picked')",
  flow_entries:
    "INSERT INTO flow_entries (user_id, placement_id, entry_id, day, energy, focus, content_ct) VALUES (?1, ?2, 'e', '2026-12-01', 1, 4, 'ct')",
  life_balance_rounds:
    "INSERT INTO life_balance_rounds (user_id, placement_id, round_id, position, taken_on) VALUES (?1, ?2, 'r', 1, '2026-12-01')",
  life_balance_scores:
    "INSERT INTO life_balance_scores (user_id, placement_id, round_id, area, score) VALUES (?1, ?2, 'r', 'work', 5)",
  budget_lines:
    "INSERT INTO budget_lines (user_id, placement_id, line_id, position, kind, period, content_ct) VALUES (?1, ?2, 'b', 1, 'income', 'month', 'ct')",
  mindset_profiles:
    "INSERT INTO mindset_profiles (user_id, placement_id, mindset, content_ct) VALUES (?1, ?2, 'curiosity', 'ct')",
  reframes:
    "INSERT INTO reframes (user_id, placement_id, reframe_id, position, content_ct) VALUES (?1, ?2, 'f', 1, 'ct')",
  idea_nodes:
    "INSERT INTO idea_nodes (user_id, placement_id, node_id, depth, position, text_ct) VALUES (?1, ?2, 'n', 0, 1, 'ct')",
  milestones:
    "INSERT INTO milestones (user_id, placement_id, milestone_id, year, category, content_ct) VALUES (?1, ?2, 'm', 2027, 'work', 'ct')",
  career_options:
    "INSERT INTO career_options (user_id, placement_id, option_id, position, content_ct) VALUES (?1, ?2, 'o', 1, 'ct')",
}

/**
 * One stand-in row in each of `tables` for a user and placement, for a learner whose own saves
 * leave a table empty. `placementId` must be a placement the user has no rows of yet.
 */
export async function insertToolRows(userId: string, placementId: string, tables: ToolTable[]) {
  await db().batch([
    ...REFERENCE_ROWS.map((sql) => db().prepare(sql)),
    ...tables.map((t) => db().prepare(TOOL_ROWS[t]).bind(userId, placementId)),
  ])
}

// Reference rows the tools' stand-in rows point at (shared, so inserted once).
const REFERENCE_ROWS = [
  "INSERT OR IGNORE INTO competencies (id, group_id, ordinal, config) VALUES ('cascade-c', 'delivery', 99, '{}')",
  "INSERT OR IGNORE INTO personality_types (id, ordinal, config) VALUES ('XXXX', 99, '{}')",
]

/**
 * The smallest valid rows for one user in each table that points at users (directly or through
 * another table). Returns the tables it filled, so a test can compare them with the schema.
 * `placementId` must be an active placement (answers point at placements).
 */
export async function insertUserWithEverything(id: string, placementId: string): Promise<string[]> {
  await db().batch([
    db()
      .prepare(
        "INSERT INTO users (id, email_hash, email_ct, created_at) VALUES (?1, ?2, 'v1.x.y', ?3)",
      )
      .bind(id, `hash-${id}`, iso()),
    db()
      .prepare("INSERT INTO credentials (user_id, password_hash, updated_at) VALUES (?1, 'h', ?2)")
      .bind(id, iso()),
    db()
      .prepare(
        "INSERT INTO wrapped_keys (user_id, kind, kdf, kdf_iterations, kdf_salt, wrapped_key, created_at) VALUES (?1, 'password', 'pbkdf2-sha256', 100000, 's', 'w', ?2)",
      )
      .bind(id, iso()),
    db()
      .prepare(
        "INSERT INTO wrapped_keys (user_id, kind, kdf, kdf_iterations, kdf_salt, wrapped_key, created_at) VALUES (?1, 'recovery', 'hkdf-sha256', 1, 's', 'w', ?2)",
      )
      .bind(id, iso()),
    db()
      .prepare(
        "INSERT INTO sessions (id, user_id, wrapped_key, created_at, last_seen_at, expires_at) VALUES (?1, ?2, 'w', ?3, ?3, ?4)",
      )
      .bind(`session-${id}`, id, iso(), iso(3_600_000)),
    db()
      .prepare(
        "INSERT INTO audit_events (user_id, event, ip_hash, created_at) VALUES (?1, 'sign-up', 'ip', ?2)",
      )
      .bind(id, iso()),
    db()
      .prepare(
        "INSERT INTO answers (user_id, placement_id, body_ct, version, created_at, updated_at) VALUES (?1, ?2, 'ct', 1, ?3, ?3)",
      )
      .bind(id, placementId, iso()),
    db()
      .prepare(
        "INSERT INTO answer_revisions (user_id, placement_id, version, kind, body_ct, created_at) VALUES (?1, ?2, 1, 'saved', 'ct', ?3)",
      )
      .bind(id, placementId, iso()),
    db()
      .prepare("INSERT INTO recovery_claims (user_id, code_ref, created_at) VALUES (?1, 'ref', ?2)")
      .bind(id, iso()),
    db()
      .prepare(
        "INSERT INTO import_staging (user_id, chunk, body_ct, created_at) VALUES (?1, 0, 'ct', ?2)",
      )
      .bind(id, iso()),
    ...REFERENCE_ROWS.map((sql) => db().prepare(sql)),
    ...TOOL_TABLES.map((t) => db().prepare(TOOL_ROWS[t]).bind(id, placementId)),
    db().prepare("INSERT INTO user_settings (user_id, currency) VALUES (?1, 'GBP')").bind(id),
  ])
  return [
    ...TOOL_TABLES,
    'user_settings',
    'users',
    'credentials',
    'wrapped_keys',
    'sessions',
    'audit_events',
    'answers',
    'answer_revisions',
    'recovery_claims',
    'import_staging',
  ]
}

/** Deletes a user row; the schema's cascades do the rest. */
export async function deleteUser(id: string) {
  await db().prepare('DELETE FROM users WHERE id = ?1').bind(id).run()
}

/** Statements that break a schema rule, each expected to be refused. */
export const refused = {
  /** A credential for a user that does not exist. */
  orphanCredential: () =>
    db()
      .prepare(
        "INSERT INTO credentials (user_id, password_hash, updated_at) VALUES ('nobody', 'h', ?1)",
      )
      .bind(iso())
      .run(),
  /** A password-wrapped key with more PBKDF2 iterations than production allows. */
  tooManyIterations: (userId: string) =>
    db()
      .prepare(
        "INSERT INTO wrapped_keys (user_id, kind, kdf, kdf_iterations, kdf_salt, wrapped_key, created_at) VALUES (?1, 'password', 'pbkdf2-sha256', 100001, 's', 'w', ?2)",
      )
      .bind(userId, iso())
      .run(),
}

// ---------------------------------------------------------------------------------------------
// Faults

/** A statement that fails when it runs (SQLite refuses the malformed JSON at run time). */
const FAILING_SQL = "SELECT json('{ not json')"

/**
 * The D1 binding `inner` with some of its methods replaced (`own`); the rest pass straight
 * through. The fault and watching bindings below are built on it.
 */
function passThrough(
  inner: D1Database,
  own: { prepare?: D1Database['prepare']; batch?: D1Database['batch'] },
): D1Database {
  return {
    prepare: (sql: string) => inner.prepare(sql),
    batch: <T>(statements: D1PreparedStatement[]) => inner.batch<T>(statements),
    exec: (sql: string) => inner.exec(sql),
    withSession: (constraint?: string) => inner.withSession(constraint),
    dump: () => inner.dump(),
    ...own,
  } as D1Database
}

/**
 * The D1 binding with one statement of one batch replaced by a statement that fails when it
 * runs, after the statements before it have run. D1 runs a batch as one transaction, so nothing
 * of that batch may remain. Batches are counted from 0 in the order they are sent; every other
 * batch runs as it is.
 * @example app.request(path, init, { ...env, DB: failingAt(env.DB, { batch: 1, statement: 2 }) })
 */
export function failingAt(
  inner: D1Database,
  at: { batch?: number; statement: number },
): D1Database {
  let batches = 0
  return passThrough(inner, {
    batch: <T>(statements: D1PreparedStatement[]) => {
      const copy = [...statements]
      if (batches++ === (at.batch ?? 0) && at.statement < copy.length) {
        copy[at.statement] = inner.prepare(FAILING_SQL)
      }
      return inner.batch<T>(copy)
    },
  })
}

/** What {@link watchingBatches} saw. */
export type BatchWatch = {
  db: D1Database
  /** The most batches waiting on the database at the same moment. */
  maxInFlight: () => number
  /** The most saves (batches that upsert an answer) waiting on the database at the same moment. */
  maxSavesInFlight: () => number
}

/** The app's answer upsert, which begins every save's batch (src/db/answers.ts). */
const UPSERT = /^\s*INSERT INTO answers\b/

/**
 * The D1 binding, passed through, noting the most batches, and the most saves, that were waiting
 * on the database at the same moment. When every save of a race was in flight at once, every one
 * of them had made its reads before any save was written.
 * @example const watch = watchingBatches(env.DB); await Promise.all(posts(watch.db)); watch.maxSavesInFlight()
 */
export function watchingBatches(inner: D1Database): BatchWatch {
  const saves = new WeakSet<object>()
  const most = { batches: 0, saves: 0 }
  const now = { batches: 0, saves: 0 }
  const db = passThrough(inner, {
    prepare: (sql: string) => {
      const statement = inner.prepare(sql)
      if (!UPSERT.test(sql)) return statement
      const bind = statement.bind.bind(statement)
      statement.bind = (...values: unknown[]) => {
        const bound = bind(...values)
        saves.add(bound)
        return bound
      }
      return statement
    },
    batch: async <T>(statements: D1PreparedStatement[]) => {
      const save = statements.some((s) => saves.has(s)) ? 1 : 0
      now.batches++
      now.saves += save
      most.batches = Math.max(most.batches, now.batches)
      most.saves = Math.max(most.saves, now.saves)
      try {
        return await inner.batch<T>(statements)
      } finally {
        now.batches--
        now.saves -= save
      }
    },
  })
  return { db, maxInFlight: () => most.batches, maxSavesInFlight: () => most.saves }
}

/**
 * The D1 binding with the statement at `statement` failing, counted across every batch longer
 * than `longerThan` statements (an import's, say), as if they were one list: so a write split
 * over two batches is caught when the failure falls in the second. Fails once.
 */
export function failingInLongBatch(
  inner: D1Database,
  at: { longerThan: number; statement: number },
): D1Database {
  let seen = 0
  let done = false
  return passThrough(inner, {
    batch: <T>(statements: D1PreparedStatement[]) => {
      const copy = [...statements]
      if (!done && copy.length > at.longerThan) {
        const here = at.statement - seen
        seen += copy.length
        if (here >= 0 && here < copy.length) {
          done = true
          copy[here] = inner.prepare(FAILING_SQL)
        }
      }
      return inner.batch<T>(copy)
    },
  })
}

/**
 * The D1 binding with its round trips counted from 0 (a batch, or one statement's `first`,
 * `all`, `run` or `raw`): the one at `call` fails as D1 fails, with a real SQLite error, and with
 * `thereafter` every later one too, as when D1 becomes unavailable mid-request.
 * @example app.request(path, init, { ...env, DB: failingCall(env.DB, { call: 1, thereafter: true }) })
 */
export function failingCall(
  inner: D1Database,
  at: { call: number; thereafter?: boolean },
): D1Database {
  let calls = 0
  const fails = () => {
    const n = calls++
    return n === at.call || (!!at.thereafter && n > at.call)
  }
  const failure = () => inner.prepare(FAILING_SQL)
  type Runner = 'first' | 'all' | 'run' | 'raw'
  const counted = (statement: D1PreparedStatement): D1PreparedStatement => {
    const patched = statement as unknown as Record<string, unknown>
    for (const name of ['first', 'all', 'run', 'raw'] as Runner[]) {
      const original = statement[name].bind(statement) as (...args: unknown[]) => unknown
      patched[name] = (...args: unknown[]) =>
        fails() ? (failure()[name] as (...args: unknown[]) => unknown)(...args) : original(...args)
    }
    const bind = statement.bind.bind(statement)
    patched.bind = (...values: unknown[]) => counted(bind(...values))
    return statement
  }
  return passThrough(inner, {
    prepare: (sql: string) => counted(inner.prepare(sql)),
    batch: <T>(statements: D1PreparedStatement[]) =>
      inner.batch<T>(fails() ? [failure(), ...statements] : statements),
  })
}

/**
 * A trigger that aborts every `event` on `table` inside SQLite itself (RAISE(ABORT)), so a test
 * can check what a real mid-transaction refusal leaves behind. Returns the function that drops it.
 * @example const drop = await abortingTrigger('answer_revisions', 'INSERT'); …; await drop()
 */
export async function abortingTrigger(
  table: string,
  event: 'INSERT' | 'UPDATE' | 'DELETE',
): Promise<() => Promise<void>> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table ${table}`)
  const name = `test_abort_${event.toLowerCase()}_${table}`
  await db().exec(
    `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END`,
  )
  return async () => {
    await db().exec(`DROP TRIGGER IF EXISTS ${name}`)
  }
}

/** Every row of a learner in every table of the data list, for comparing before and after. */
export async function learnerSnapshot(userId: string, tables: readonly string[]) {
  const out: Record<string, unknown[]> = {}
  for (const table of tables) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table ${table}`)
    const column = table === 'users' ? 'id' : 'user_id'
    out[table] = (
      await db()
        .prepare(`SELECT * FROM ${table} WHERE ${column} = ?1 ORDER BY rowid`)
        .bind(userId)
        .all()
    ).results
  }
  return out
}

/** Creates a throwaway table a test can write "domain rows" into. */
export async function createScratchTable(name: string) {
  await db().exec(
    `CREATE TABLE IF NOT EXISTS "${name}" (user_id TEXT NOT NULL, note TEXT NOT NULL)`,
  )
}

/** Drops a scratch table, so the schema checks of other tests see only the migrations. */
export async function dropScratchTable(name: string) {
  await db().exec(`DROP TABLE IF EXISTS "${name}"`)
}

/** The notes in a scratch table for a user. */
export async function scratchNotes(name: string, userId: string): Promise<string[]> {
  const rows = await db()
    .prepare(`SELECT note FROM "${name}" WHERE user_id = ?1 ORDER BY rowid`)
    .bind(userId)
    .all<{ note: string }>()
  return rows.results.map((r) => r.note)
}

// ---------------------------------------------------------------------------------------------
// Statements for the query module's own tests, prepared on the handle under test

type Preparer = Pick<D1Database, 'prepare'>

/** Two rows: `n` and `n + 1`. */
export const twoNumbers = (on: Preparer, n: number) =>
  on.prepare('SELECT ?1 AS n UNION ALL SELECT ?1 + 1').bind(n)

/** No rows at all. */
export const noRows = (on: Preparer) => on.prepare('SELECT 1 AS n WHERE 0').bind()

/** One row whose `w` is "tree". */
export const oneWord = (on: Preparer) => on.prepare("SELECT 'tree' AS w").bind()

/** Adds a note for `userId` to a scratch table. */
export const insertScratchNote = (on: Preparer, table: string, userId: string, note: string) =>
  on.prepare(`INSERT INTO "${table}" (user_id, note) VALUES (?1, ?2)`).bind(userId, note)

/** Every note in a scratch table, in insertion order. */
export const selectScratchNotes = (on: Preparer, table: string) =>
  on.prepare(`SELECT note FROM "${table}" ORDER BY rowid`).bind()

/** A scratch-table note that a save writes as a domain row, guarded like a tool's rows. */
export const guardedScratchNote = (on: D1Database, save: SaveRef, table: string, note: string) =>
  guarded(
    on as Parameters<typeof guarded>[0],
    save,
    (won) => `INSERT INTO "${table}" (user_id, note) SELECT ?1, ?2 WHERE ${won}`,
    save.userId,
    note,
  )

/** Reads through a D1 session: one statement alone, then a batch of two. */
export async function readThrough(session: D1DatabaseSession) {
  await session.prepare('SELECT 1').all()
  await session.batch([session.prepare('SELECT 1'), session.prepare('SELECT 2')])
}

/** One statement straight on a handle. */
export const selectOne = (on: Preparer) => on.prepare('SELECT 3').first()

/** Overwrites the ciphertext of a stored answer (to stage corruption or a replayed revision). */
export async function setAnswerCiphertext(userId: string, placementId: string, bodyCt: string) {
  await db()
    .prepare('UPDATE answers SET body_ct = ?3 WHERE user_id = ?1 AND placement_id = ?2')
    .bind(userId, placementId, bodyCt)
    .run()
}

/** Adds a large stand-in revision, to bring a learner near their storage quota. */
export async function insertBulkyRevision(userId: string, placementId: string, bytes: number) {
  await db()
    .prepare(
      "INSERT INTO answer_revisions (user_id, placement_id, version, kind, body_ct, created_at) VALUES (?1, ?2, 1, 'saved', ?3, ?4)",
    )
    .bind(userId, placementId, 'x'.repeat(bytes), iso())
    .run()
}

/** Stages rows of every kind the clean-up looks at, one stale and one fresh of each. */
export async function insertAgedRows(userId: string, now: number) {
  const day = 24 * 60 * 60 * 1000
  const at = (offset: number) => new Date(now + offset).toISOString()
  await db().batch([
    db()
      .prepare(
        "INSERT INTO sessions (id, user_id, wrapped_key, created_at, last_seen_at, expires_at) VALUES (?1, ?2, 'w', ?3, ?3, ?4)",
      )
      .bind(`expired-${userId}`, userId, at(-8 * day), at(-1000)),
    db()
      .prepare(
        "INSERT INTO sessions (id, user_id, wrapped_key, created_at, last_seen_at, expires_at) VALUES (?1, ?2, 'w', ?3, ?4, ?5)",
      )
      .bind(`idle-${userId}`, userId, at(-day), at(-3 * 60 * 60 * 1000), at(6 * day)),
    db()
      .prepare(
        "INSERT INTO sessions (id, user_id, wrapped_key, created_at, last_seen_at, expires_at) VALUES (?1, ?2, 'w', ?3, ?3, ?4)",
      )
      .bind(`live-${userId}`, userId, at(-60_000), at(6 * day)),
    db()
      .prepare('INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 5)')
      .bind(`old-${userId}`, Math.floor((now - 3 * day) / 1000)),
    db()
      .prepare('INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 5)')
      .bind(`new-${userId}`, Math.floor(now / 1000)),
    db()
      .prepare(
        "INSERT INTO audit_events (user_id, event, ip_hash, created_at) VALUES (?1, 'sign-in', 'old', ?2)",
      )
      .bind(userId, at(-400 * day)),
    db()
      .prepare(
        "INSERT INTO audit_events (user_id, event, ip_hash, created_at) VALUES (?1, 'sign-in', 'new', ?2)",
      )
      .bind(userId, at(-day)),
    db()
      .prepare("INSERT INTO recovery_claims (user_id, code_ref, created_at) VALUES (?1, 'old', ?2)")
      .bind(userId, at(-30 * day)),
    db()
      .prepare("INSERT INTO recovery_claims (user_id, code_ref, created_at) VALUES (?1, 'new', ?2)")
      .bind(userId, at(-60_000)),
    db()
      .prepare(
        "INSERT INTO import_staging (user_id, chunk, body_ct, created_at) VALUES (?1, 0, 'old', ?2)",
      )
      .bind(userId, at(-2 * day)),
    db()
      .prepare(
        "INSERT INTO import_staging (user_id, chunk, body_ct, created_at) VALUES (?1, 1, 'new', ?2)",
      )
      .bind(userId, at(-60_000)),
  ])
}

/** What is left of the staged rows, by kind. */
export async function agedRowsLeft(userId: string) {
  const sessions = await db()
    .prepare('SELECT id FROM sessions WHERE user_id = ?1 ORDER BY id')
    .bind(userId)
    .all<{ id: string }>()
  const limits = await db()
    .prepare('SELECT key FROM rate_limits WHERE key IN (?1, ?2) ORDER BY key')
    .bind(`old-${userId}`, `new-${userId}`)
    .all<{ key: string }>()
  const audit = await db()
    .prepare('SELECT ip_hash FROM audit_events WHERE user_id = ?1 ORDER BY id')
    .bind(userId)
    .all<{ ip_hash: string }>()
  const claims = await db()
    .prepare('SELECT code_ref FROM recovery_claims WHERE user_id = ?1 ORDER BY code_ref')
    .bind(userId)
    .all<{ code_ref: string }>()
  const staged = await db()
    .prepare('SELECT body_ct FROM import_staging WHERE user_id = ?1 ORDER BY chunk')
    .bind(userId)
    .all<{ body_ct: string }>()
  return {
    staged: staged.results.map((r) => r.body_ct),
    sessions: sessions.results.map((r) => r.id.split('-')[0]),
    limits: limits.results.map((r) => r.key.split('-')[0]),
    audit: audit.results.map((r) => r.ip_hash),
    claims: claims.results.map((r) => r.code_ref),
  }
}

// ---------------------------------------------------------------------------------------------
// Learner skills, as the skill tagger would store them

/**
 * Gives a learner one skill from the master list, as a skill tagger placement stores it: named by
 * its id (`skill_id` set, `name_ct` NULL), in the skill's own category, under the key
 * `m:<skill id>`. Returns that key. `placementId` must be a `skill-tagger` placement.
 * @example const key = await insertMasterSkill(userId, 'tools.tagger', 'active-listening')
 */
export async function insertMasterSkill(
  userId: string,
  placementId: string,
  skillId: string,
  position = 1,
): Promise<string> {
  const done = await db()
    .prepare(
      `INSERT INTO user_skills (user_id, placement_id, skill_key, position, category, skill_id, name_ct)
       SELECT ?1, ?2, 'm:' || id, ?4, category, id, NULL FROM skills WHERE id = ?3`,
    )
    .bind(userId, placementId, skillId, position)
    .run()
  if (done.meta.changes !== 1) throw new Error(`no master skill ${skillId}`)
  return `m:${skillId}`
}

// ---------------------------------------------------------------------------------------------
// Reaching a placement without answering everything before it (the connection tests)

/**
 * The stand-in ciphertext `answeredBefore` stores: not a ciphertext the app can open, so each of
 * those answers reads as unreadable (calmly, its block alone shows a notice) and, as a
 * connection's source, as empty.
 */
export const STAND_IN_ANSWER = 'v2.stand-in.answered-by-a-test'

/**
 * Marks every answerable placement (prompt or tool) that comes before `placementId` in the walk
 * as answered and complete for a user, except those in `except` and any already answered: the
 * exercises before it, and the blocks before it in its own exercise. The learner has then
 * reached `placementId`: its exercise opens, and the block shows as the current one once the
 * placements in `except` are answered through the app. The learner's own tools are left alone.
 * @example await answeredBefore(userId, 'skill-mastery.mastery', ['transferable-skills.skill-list'])
 */
export async function answeredBefore(userId: string, placementId: string, except: string[] = []) {
  await db()
    .prepare(
      `INSERT OR IGNORE INTO answers (user_id, placement_id, body_ct, version, created_at, updated_at, complete)
       SELECT ?1, p.id, ?3, 1, ?4, ?4, 1
       FROM placements p JOIN exercises e ON e.id = p.exercise_id,
         placements tp JOIN exercises te ON te.id = tp.exercise_id
       WHERE tp.id = ?2 AND p.active = 1 AND e.active = 1 AND p.kind <> 'content'
         AND (e.seq < te.seq OR (e.id = te.id AND p.ordinal < tp.ordinal))
         AND p.id NOT IN (SELECT value FROM json_each(?5))`,
    )
    .bind(userId, placementId, STAND_IN_ANSWER, iso(), JSON.stringify(except))
    .run()
}

/** How many rows a learner has in one table of the data list. */
export async function learnerRowCount(table: string, userId: string): Promise<number> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table ${table}`)
  const column = table === 'users' ? 'id' : 'user_id'
  const row = await db()
    .prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?1`)
    .bind(userId)
    .first<{ n: number }>()
  return row?.n ?? 0
}

/** Sets when a session last proved its password (sudo mode), and its creation to no later. */
export async function setSessionConfirmed(token: string, at: string) {
  await db()
    .prepare(
      'UPDATE sessions SET confirmed_at = ?2, created_at = MIN(created_at, ?2) WHERE id = ?1',
    )
    .bind(await sha256Hex(token), at)
    .run()
}

/** Forgets every rate-limit counter (a long scripted journey saves more than a learner would). */
export async function forgetRateLimits() {
  await db().prepare('DELETE FROM rate_limits').run()
}

// ---------------------------------------------------------------------------------------------
// The operator's hand-run statements in docs/operations.md, with binds in place of its literals

/** The ids and kinds of a learner's revisions of a placement, oldest first. */
export async function revisionIds(userId: string, placementId: string) {
  const rows = await db()
    .prepare(
      'SELECT id, version, kind FROM answer_revisions WHERE user_id = ?1 AND placement_id = ?2 ORDER BY id',
    )
    .bind(userId, placementId)
    .all<{ id: number; version: number; kind: string }>()
  return rows.results
}

/** docs/operations.md, "Making a kept saved revision current": the statement, as written there. */
export async function makeRevisionCurrent(
  userId: string,
  placementId: string,
  revisionId: number,
  opts: { keepVersion?: boolean } = {},
) {
  // `keepVersion` leaves out the version line, to show the runbook's warning is needed.
  const version = opts.keepVersion
    ? ''
    : 'version = (SELECT version FROM answer_revisions WHERE id = ?3),'
  return db()
    .prepare(
      `UPDATE answers SET
         body_ct = (SELECT body_ct FROM answer_revisions WHERE id = ?3),
         ${version}
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
         submission_id = NULL
       WHERE user_id = ?1 AND placement_id = ?2
         AND EXISTS (SELECT 1 FROM answer_revisions WHERE id = ?3
                     AND user_id = ?1 AND placement_id = ?2 AND kind = 'saved')`,
    )
    .bind(userId, placementId, revisionId)
    .run()
}

/** docs/operations.md, "A leaked session": one learner's sessions ended by hand. */
export function endSessionsOf(userId: string) {
  return db().prepare('DELETE FROM sessions WHERE user_id = ?1').bind(userId).run()
}

/** docs/operations.md, "A leaked session": everyone's sessions ended by hand. */
export function endAllSessions() {
  return db().prepare('DELETE FROM sessions').run()
}
