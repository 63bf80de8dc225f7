/** Accounts, credentials and wrapped keys. */
import type { Db } from './client'
import { firstRow, run } from './query'

/**
 * How a wrapped copy of the data key was derived, as stored beside it. `version` tells the
 * derivations of one `kdf` apart (src/auth/keys.ts).
 */
export type KdfParams = {
  kdf: 'pbkdf2-sha256' | 'hkdf-sha256'
  iterations: number
  salt: string
  version: number
}

export type WrappedKey = KdfParams & { wrappedKey: string }

export type NewAccount = {
  id: string
  emailHash: string
  emailCt: string
  pendingRecoveryCt: string
  passwordHash: string
  passwordKey: WrappedKey
  recoveryKey: WrappedKey
  now: string
}

/** The statements that create an account; run them in the caller's batch. */
export function insertAccount(db: Db, a: NewAccount): D1PreparedStatement[] {
  return [
    db
      .prepare(
        'INSERT INTO users (id, email_hash, email_ct, pending_recovery_ct, created_at) VALUES (?1, ?2, ?3, ?4, ?5)',
      )
      .bind(a.id, a.emailHash, a.emailCt, a.pendingRecoveryCt, a.now),
    db
      .prepare('INSERT INTO credentials (user_id, password_hash, updated_at) VALUES (?1, ?2, ?3)')
      .bind(a.id, a.passwordHash, a.now),
    upsertWrappedKey(db, a.id, 'password', a.passwordKey, a.now),
    upsertWrappedKey(db, a.id, 'recovery', a.recoveryKey, a.now),
  ]
}

/** Stores (or replaces) one wrapped copy of the data key. */
export function upsertWrappedKey(
  db: Db,
  userId: string,
  kind: 'password' | 'recovery',
  k: WrappedKey,
  now: string,
) {
  return db
    .prepare(
      `INSERT INTO wrapped_keys (user_id, kind, kdf, kdf_iterations, kdf_salt, kdf_version, wrapped_key, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT (user_id, kind) DO UPDATE SET kdf = excluded.kdf, kdf_iterations = excluded.kdf_iterations,
         kdf_salt = excluded.kdf_salt, kdf_version = excluded.kdf_version,
         wrapped_key = excluded.wrapped_key, created_at = excluded.created_at`,
    )
    .bind(userId, kind, k.kdf, k.iterations, k.salt, k.version, k.wrappedKey, now)
}

/** Replaces the password hash. */
export function updatePasswordHash(db: Db, userId: string, passwordHash: string, now: string) {
  return db
    .prepare('UPDATE credentials SET password_hash = ?2, updated_at = ?3 WHERE user_id = ?1')
    .bind(userId, passwordHash, now)
}

/**
 * Claims a recovery code for one use: the first statement of a recovery's batch. A second
 * claim of the same code (a racing request) fails on the primary key, so its whole batch
 * fails and changes nothing.
 */
export function claimRecoveryCode(db: Db, userId: string, codeRef: string, now: string) {
  return db
    .prepare(`INSERT INTO recovery_claims (user_id, code_ref, created_at) VALUES (?1, ?2, ?3)`)
    .bind(userId, codeRef, now)
}

/** Sets or clears the recovery code waiting to be shown once. */
export function setPendingRecovery(db: Db, userId: string, ciphertext: string | null) {
  return db
    .prepare('UPDATE users SET pending_recovery_ct = ?2 WHERE id = ?1')
    .bind(userId, ciphertext)
}

export type SignInRecord = {
  userId: string
  passwordHash: string
  passwordKey: WrappedKey
  emailCt: string
  pendingRecoveryCt: string | null
  displayNameCt: string | null
}

type KeyRow = {
  user_id: string
  kdf: KdfParams['kdf']
  kdf_iterations: number
  kdf_salt: string
  kdf_version: number
  wrapped_key: string
}

function rowToWrappedKey(row: KeyRow): WrappedKey {
  return {
    kdf: row.kdf,
    iterations: row.kdf_iterations,
    salt: row.kdf_salt,
    version: row.kdf_version,
    wrappedKey: row.wrapped_key,
  }
}

/** What sign-in needs for an email hash, in one query; null for an unknown email. */
export function findSignIn(db: Db, emailHash: string): Promise<SignInRecord | null> {
  const statement = db
    .prepare(
      `SELECT u.id AS user_id, u.email_ct, u.pending_recovery_ct, u.display_name_ct, c.password_hash, k.kdf, k.kdf_iterations, k.kdf_salt, k.kdf_version, k.wrapped_key
       FROM users u
       JOIN credentials c ON c.user_id = u.id
       JOIN wrapped_keys k ON k.user_id = u.id AND k.kind = 'password'
       WHERE u.email_hash = ?1`,
    )
    .bind(emailHash)
  type SignInRow = KeyRow & {
    password_hash: string
    email_ct: string
    pending_recovery_ct: string | null
    display_name_ct: string | null
  }
  return run(
    db,
    firstRow(statement, (row: SignInRow) => ({
      userId: row.user_id,
      passwordHash: row.password_hash,
      passwordKey: rowToWrappedKey(row),
      emailCt: row.email_ct,
      pendingRecoveryCt: row.pending_recovery_ct,
      displayNameCt: row.display_name_ct,
    })),
  )
}

/** One wrapped key of a user, by email hash (recovery) or by user id (password change). */
export function findWrappedKey(
  db: Db,
  by: { emailHash: string } | { userId: string },
  kind: 'password' | 'recovery',
): Promise<(WrappedKey & { userId: string }) | null> {
  const statement =
    'emailHash' in by
      ? db
          .prepare(
            `SELECT k.user_id, k.kdf, k.kdf_iterations, k.kdf_salt, k.kdf_version, k.wrapped_key FROM wrapped_keys k
             JOIN users u ON u.id = k.user_id WHERE u.email_hash = ?1 AND k.kind = ?2`,
          )
          .bind(by.emailHash, kind)
      : db
          .prepare(
            'SELECT user_id, kdf, kdf_iterations, kdf_salt, kdf_version, wrapped_key FROM wrapped_keys WHERE user_id = ?1 AND kind = ?2',
          )
          .bind(by.userId, kind)
  return run(
    db,
    firstRow(statement, (row: KeyRow) => ({ userId: row.user_id, ...rowToWrappedKey(row) })),
  )
}

/** The stored password hash of a signed-in user. */
export function findPasswordHash(db: Db, userId: string): Promise<string | null> {
  const statement = db
    .prepare('SELECT password_hash FROM credentials WHERE user_id = ?1')
    .bind(userId)
  return run(
    db,
    firstRow(statement, (row: { password_hash: string }) => row.password_hash),
  )
}

/** Whether an account exists for this email hash. */
export async function emailTaken(db: Db, emailHash: string): Promise<boolean> {
  const statement = db.prepare('SELECT 1 AS taken FROM users WHERE email_hash = ?1').bind(emailHash)
  return (
    (await run(
      db,
      firstRow(statement, () => true),
    )) ?? false
  )
}

/** Sets the learner's display name as ciphertext, or clears it with null. */
export function setDisplayName(db: Db, userId: string, ciphertext: string | null) {
  return db.prepare('UPDATE users SET display_name_ct = ?2 WHERE id = ?1').bind(userId, ciphertext)
}

/**
 * Moves the account to a new email address: its look-up hash and its ciphertext together. An
 * address another account holds fails on the UNIQUE email hash, and the whole batch with it.
 */
export function setEmail(db: Db, userId: string, emailHash: string, emailCt: string) {
  return db
    .prepare('UPDATE users SET email_hash = ?2, email_ct = ?3 WHERE id = ?1')
    .bind(userId, emailHash, emailCt)
}

/** When the learner's current recovery code was made (ISO time), or null if they have none. */
export function recoveryCodeMadeAt(db: Db, userId: string): Promise<string | null> {
  const statement = db
    .prepare("SELECT created_at FROM wrapped_keys WHERE user_id = ?1 AND kind = 'recovery'")
    .bind(userId)
  return run(
    db,
    firstRow(statement, (row: { created_at: string }) => row.created_at),
  )
}
