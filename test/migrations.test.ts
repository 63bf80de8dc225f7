import { applyD1Migrations, env, reset } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'

/** The foundation's tables; later migrations add more. */
const FOUNDATION_TABLES = [
  'audit_events',
  'credentials',
  'rate_limits',
  'sessions',
  'users',
  'wrapped_keys',
]
const FOUNDATION_INDEXES = ['audit_events_by_user', 'rate_limits_by_window', 'sessions_by_user']

/** Every table or index the migration files create and do not later drop, sorted. */
function declared(type: 'table' | 'index'): string[] {
  const names = new Set<string>()
  const sql = env.TEST_MIGRATIONS.flatMap((m) => m.queries).join(';\n')
  const pattern = new RegExp(
    `\\b(CREATE|DROP)\\s+(?:UNIQUE\\s+)?${type}\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?"?(\\w+)"?`,
    'gi',
  )
  for (const [, verb, name] of sql.matchAll(pattern)) {
    if (verb!.toUpperCase() === 'CREATE') names.add(name!)
    else names.delete(name!)
  }
  return [...names].sort()
}

async function schemaObjects(type: 'table' | 'index'): Promise<string[]> {
  const rows = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  )
    .bind(type)
    .all<{ name: string }>()
  return rows.results.map((r) => r.name)
}

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString()

/** The smallest valid rows for one user in every table that points at users. */
async function insertUserWithEverything(id: string) {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO users (id, email_hash, email_ct, created_at) VALUES (?1, ?2, 'v1.x.y', ?3)",
    ).bind(id, `hash-${id}`, iso()),
    env.DB.prepare(
      "INSERT INTO credentials (user_id, password_hash, updated_at) VALUES (?1, 'h', ?2)",
    ).bind(id, iso()),
    env.DB.prepare(
      "INSERT INTO wrapped_keys (user_id, kind, kdf, kdf_iterations, kdf_salt, wrapped_key, created_at) VALUES (?1, 'password', 'pbkdf2-sha256', 100000, 's', 'w', ?2)",
    ).bind(id, iso()),
    env.DB.prepare(
      "INSERT INTO wrapped_keys (user_id, kind, kdf, kdf_iterations, kdf_salt, wrapped_key, created_at) VALUES (?1, 'recovery', 'hkdf-sha256', 1, 's', 'w', ?2)",
    ).bind(id, iso()),
    env.DB.prepare(
      "INSERT INTO sessions (id, user_id, wrapped_key, created_at, last_seen_at, expires_at) VALUES (?1, ?2, 'w', ?3, ?3, ?4)",
    ).bind(`session-${id}`, id, iso(), iso(3_600_000)),
    env.DB.prepare(
      "INSERT INTO audit_events (user_id, event, ip_hash, created_at) VALUES (?1, 'sign-up', 'ip', ?2)",
    ).bind(id, iso()),
  ])
}

async function rowCounts(userId: string): Promise<Record<string, number>> {
  const tables = {
    users: 'id',
    credentials: 'user_id',
    wrapped_keys: 'user_id',
    sessions: 'user_id',
    audit_events: 'user_id',
  }
  const out: Record<string, number> = {}
  for (const [table, column] of Object.entries(tables)) {
    const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?1`)
      .bind(userId)
      .first<{ n: number }>()
    out[table] = row?.n ?? -1
  }
  return out
}

describe('migrations', () => {
  it('applied to an empty database, give the expected tables and indexes', async () => {
    await reset()
    expect(await schemaObjects('table')).toEqual([])
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
    const tables = await schemaObjects('table')
    const indexes = await schemaObjects('index')
    expect(tables).toEqual(expect.arrayContaining(FOUNDATION_TABLES))
    expect(indexes).toEqual(expect.arrayContaining(FOUNDATION_INDEXES))
    // Exactly what the migration files declare: nothing missing, nothing stray.
    expect(tables).toEqual(declared('table'))
    expect(indexes).toEqual(declared('index'))
    const applied = await env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id').all<{
      name: string
    }>()
    expect(applied.results.map((r) => r.name)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name))
  })

  it('can be applied again without error or change', async () => {
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
    expect(await schemaObjects('table')).toEqual(declared('table'))
    const applied = await env.DB.prepare('SELECT COUNT(*) AS n FROM d1_migrations').first<{
      n: number
    }>()
    expect(applied?.n).toBe(env.TEST_MIGRATIONS.length)
  })

  it('deleting a user cascades to credentials, wrapped keys, sessions and audit events', async () => {
    const gone = crypto.randomUUID()
    const kept = crypto.randomUUID()
    await insertUserWithEverything(gone)
    await insertUserWithEverything(kept)
    const full = { users: 1, credentials: 1, wrapped_keys: 2, sessions: 1, audit_events: 1 }
    expect(await rowCounts(gone)).toEqual(full)

    await env.DB.prepare('DELETE FROM users WHERE id = ?1').bind(gone).run()

    expect(await rowCounts(gone)).toEqual({
      users: 0,
      credentials: 0,
      wrapped_keys: 0,
      sessions: 0,
      audit_events: 0,
    })
    expect(await rowCounts(kept)).toEqual(full)
  })

  it('refuses rows that point at no user', async () => {
    await expect(
      env.DB.prepare(
        "INSERT INTO credentials (user_id, password_hash, updated_at) VALUES ('nobody', 'h', ?1)",
      )
        .bind(iso())
        .run(),
    ).rejects.toThrow(/FOREIGN KEY/)
  })

  it('refuses PBKDF2 parameters above 100,000 iterations at the schema level too', async () => {
    const id = crypto.randomUUID()
    await env.DB.prepare(
      "INSERT INTO users (id, email_hash, email_ct, created_at) VALUES (?1, ?2, 'v1.x.y', ?3)",
    )
      .bind(id, `hash-${id}`, iso())
      .run()
    await expect(
      env.DB.prepare(
        "INSERT INTO wrapped_keys (user_id, kind, kdf, kdf_iterations, kdf_salt, wrapped_key, created_at) VALUES (?1, 'password', 'pbkdf2-sha256', 100001, 's', 'w', ?2)",
      )
        .bind(id, iso())
        .run(),
    ).rejects.toThrow(/CHECK/)
  })
})
