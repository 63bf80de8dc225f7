/**
 * Account operations: create, sign in, change password, recover. Each ends in one D1 batch,
 * so a failure leaves nothing half-written. Handlers call these; they hold no SQL themselves.
 */
import type { Db } from '../db/client'
import { commit } from '../db/query'
import { auditStatement } from '../db/audit'
import { deleteExpiredSessions, deleteOtherSessions, deleteSession } from '../db/sessions'
import {
  emailTaken,
  findPasswordHash,
  findSignIn,
  findWrappedKey,
  insertAccount,
  setPendingRecovery,
  updatePasswordHash,
  upsertWrappedKey,
  type WrappedKey,
} from '../db/users'
import { nowIso } from '../lib/bytes'
import {
  decryptText,
  deriveKek,
  encryptText,
  importDataKey,
  newDataKey,
  newPasswordKdf,
  newRecoveryCode,
  newSecretKdf,
  normaliseRecoveryCode,
  unwrapDataKey,
  wrapDataKey,
  type KdfParams,
} from './keys'
import { DUMMY_HASH, hashPassword, verifyPassword } from './password'
import { hmacHex, normaliseEmail } from './pepper'
import type { SessionUser } from '../env'
import { newSession } from './session'

/** The look-up hash of an email address. */
export function emailHash(pepper: CryptoKey, email: string): Promise<string> {
  return hmacHex(pepper, 'email', normaliseEmail(email))
}

async function wrapUnder(secret: string, params: KdfParams, raw: Uint8Array): Promise<WrappedKey> {
  return { ...params, wrappedKey: await wrapDataKey(await deriveKek(secret, params), raw) }
}

const emailContext = (userId: string) => `email:${userId}`
const recoveryContext = (userId: string) => `recovery-code:${userId}`

/** A new recovery code wrapping `raw`, plus its copy encrypted for showing once. */
async function freshRecovery(userId: string, raw: Uint8Array, dataKey: CryptoKey) {
  const code = newRecoveryCode()
  return {
    key: await wrapUnder(code, newSecretKdf(), raw),
    pendingCt: await encryptText(dataKey, code, recoveryContext(userId)),
  }
}

/** Creates an account and its first session. Returns 'taken' if the email is already used. */
export async function createAccount(
  db: Db,
  pepper: CryptoKey,
  input: { email: string; password: string },
  ipHash: string,
): Promise<{ token: string } | 'taken'> {
  const hash = await emailHash(pepper, input.email)
  if (await emailTaken(db, hash)) return 'taken'
  const now = Date.now()
  const userId = crypto.randomUUID()
  const raw = newDataKey()
  const dataKey = await importDataKey(raw)
  const [passwordHash, passwordKey, recovery, emailCt, session] = await Promise.all([
    hashPassword(pepper, input.password),
    wrapUnder(input.password, newPasswordKdf(), raw),
    freshRecovery(userId, raw, dataKey),
    encryptText(dataKey, normaliseEmail(input.email), emailContext(userId)),
    newSession(db, userId, raw, now),
  ])
  try {
    await commit(db, [
      ...insertAccount(db, {
        id: userId,
        emailHash: hash,
        emailCt,
        pendingRecoveryCt: recovery.pendingCt,
        passwordHash,
        passwordKey,
        recoveryKey: recovery.key,
        now: nowIso(now),
      }),
      session.statement,
      auditStatement(db, 'sign-up', userId, ipHash, nowIso(now)),
    ])
  } catch (error) {
    // Two sign-ups racing for one email: the UNIQUE constraint decides.
    if (String(error).includes('UNIQUE')) return 'taken'
    throw error
  }
  return { token: session.token }
}

/**
 * Checks the password and opens a new session. Unknown emails cost one bcrypt too, and both
 * failures look the same to the caller.
 */
export async function signIn(
  db: Db,
  pepper: CryptoKey,
  input: { emailHash: string; password: string },
  ipHash: string,
): Promise<{ token: string; user: SessionUser } | null> {
  const record = await findSignIn(db, input.emailHash)
  const ok = await verifyPassword(pepper, input.password, record?.passwordHash ?? DUMMY_HASH)
  const now = Date.now()
  if (!record || !ok) {
    await commit(db, [
      auditStatement(db, 'sign-in-failed', record?.userId ?? null, ipHash, nowIso(now)),
    ])
    return null
  }
  const raw = await unwrapDataKey(
    await deriveKek(input.password, record.passwordKey),
    record.passwordKey.wrappedKey,
  )
  const session = await newSession(db, record.userId, raw, now)
  await commit(db, [
    deleteExpiredSessions(db, record.userId, nowIso(now)),
    session.statement,
    auditStatement(db, 'sign-in', record.userId, ipHash, nowIso(now)),
  ])
  const user: SessionUser = {
    id: record.userId,
    sessionId: session.id,
    dataKey: await importDataKey(raw),
    emailCt: record.emailCt,
    pendingRecoveryCt: record.pendingRecoveryCt,
  }
  return { token: session.token, user }
}

/** Ends the current session on the server. */
export async function signOut(db: Db, user: SessionUser, ipHash: string) {
  await commit(db, [
    deleteSession(db, user.id, user.sessionId),
    auditStatement(db, 'sign-out', user.id, ipHash, nowIso()),
  ])
}

/**
 * Changes the password: verifies the current one, re-wraps the same data key, and ends every
 * other session, in one batch. Returns false if the current password is wrong.
 */
export async function changePassword(
  db: Db,
  pepper: CryptoKey,
  user: SessionUser,
  input: { current: string; password: string },
  ipHash: string,
): Promise<boolean> {
  const [hash, wrapped] = await Promise.all([
    findPasswordHash(db, user.id),
    findWrappedKey(db, { userId: user.id }, 'password'),
  ])
  if (!hash || !wrapped || !(await verifyPassword(pepper, input.current, hash))) return false
  const raw = await unwrapDataKey(await deriveKek(input.current, wrapped), wrapped.wrappedKey)
  const [passwordHash, passwordKey] = await Promise.all([
    hashPassword(pepper, input.password),
    wrapUnder(input.password, newPasswordKdf(), raw),
  ])
  const now = nowIso()
  await commit(db, [
    updatePasswordHash(db, user.id, passwordHash, now),
    upsertWrappedKey(db, user.id, 'password', passwordKey, now),
    deleteOtherSessions(db, user.id, user.sessionId),
    auditStatement(db, 'password-changed', user.id, ipHash, now),
  ])
  return true
}

/**
 * Resets a forgotten password with the recovery code: unwraps the data key with the code,
 * wraps it under the new password and a new code, ends every session and opens a new one.
 * Returns null if the email or code is wrong (the caller cannot tell which).
 */
export async function recoverAccount(
  db: Db,
  pepper: CryptoKey,
  input: { emailHash: string; code: string; password: string },
  ipHash: string,
): Promise<{ token: string } | null> {
  const wrapped = await findWrappedKey(db, { emailHash: input.emailHash }, 'recovery')
  let raw: Uint8Array | null = null
  if (wrapped) {
    try {
      raw = await unwrapDataKey(
        await deriveKek(normaliseRecoveryCode(input.code), wrapped),
        wrapped.wrappedKey,
      )
    } catch {
      raw = null
    }
  }
  const now = Date.now()
  if (!wrapped || !raw) {
    await commit(db, [
      auditStatement(db, 'recovery-failed', wrapped?.userId ?? null, ipHash, nowIso(now)),
    ])
    return null
  }
  const userId = wrapped.userId
  const dataKey = await importDataKey(raw)
  const [passwordHash, passwordKey, recovery, session] = await Promise.all([
    hashPassword(pepper, input.password),
    wrapUnder(input.password, newPasswordKdf(), raw),
    freshRecovery(userId, raw, dataKey),
    newSession(db, userId, raw, now),
  ])
  await commit(db, [
    updatePasswordHash(db, userId, passwordHash, nowIso(now)),
    upsertWrappedKey(db, userId, 'password', passwordKey, nowIso(now)),
    upsertWrappedKey(db, userId, 'recovery', recovery.key, nowIso(now)),
    setPendingRecovery(db, userId, recovery.pendingCt),
    deleteOtherSessions(db, userId, null),
    session.statement,
    auditStatement(db, 'recovery-used', userId, ipHash, nowIso(now)),
  ])
  return { token: session.token }
}

/** The recovery code waiting to be shown once, decrypted, or null. */
export function pendingRecoveryCode(user: SessionUser): Promise<string> | null {
  return user.pendingRecoveryCt
    ? decryptText(user.dataKey, user.pendingRecoveryCt, recoveryContext(user.id))
    : null
}

/** Forgets the shown recovery code. */
export async function acknowledgeRecoveryCode(db: Db, user: SessionUser) {
  await commit(db, [setPendingRecovery(db, user.id, null)])
}

/** The learner's email address, decrypted. */
export function accountEmail(user: SessionUser): Promise<string> {
  return decryptText(user.dataKey, user.emailCt, emailContext(user.id))
}
