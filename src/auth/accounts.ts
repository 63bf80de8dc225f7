/**
 * Account operations: create, sign in, change password, recover, and the profile (display name,
 * email address, a new recovery code). Each ends in one D1 batch,
 * so a failure leaves nothing half-written. Handlers call these; they hold no SQL themselves.
 */
import type { Db } from '../db/client'
import { commit } from '../db/query'
import { auditStatement } from '../db/audit'
import {
  deleteExpiredSessions,
  deleteOtherSessions,
  deleteSession,
  deleteSessionById,
} from '../db/sessions'
import {
  claimRecoveryCode,
  emailTaken,
  findPasswordHash,
  findSignIn,
  findWrappedKey,
  insertAccount,
  setDisplayName,
  setEmail,
  setPendingRecovery,
  updatePasswordHash,
  upsertWrappedKey,
  type WrappedKey,
} from '../db/users'
import { nowIso, sha256Hex } from '../lib/bytes'
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
  PASSWORD_KDF_VERSION,
  unwrapDataKey,
  wrapDataKey,
  type KdfParams,
} from './keys'
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './password'
import { hmacHex, normaliseEmail } from './pepper'
import type { SessionUser } from '../env'
import { newSession } from './session'

/** The look-up hash of an email address. */
export function emailHash(pepper: CryptoKey, email: string): Promise<string> {
  return hmacHex(pepper, 'email', normaliseEmail(email))
}

async function wrapUnder(
  secret: string,
  params: KdfParams,
  raw: Uint8Array,
  pepper?: CryptoKey,
): Promise<WrappedKey> {
  return { ...params, wrappedKey: await wrapDataKey(await deriveKek(secret, params, pepper), raw) }
}

const emailContext = (userId: string) => `email:${userId}`
export const displayNameContext = (userId: string) => `display-name:${userId}`
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
  device?: string,
): Promise<{ token: string } | 'taken'> {
  const hash = await emailHash(pepper, input.email)
  if (await emailTaken(db, hash)) return 'taken'
  const now = Date.now()
  const userId = crypto.randomUUID()
  const raw = newDataKey()
  const dataKey = await importDataKey(raw)
  const [passwordHash, passwordKey, recovery, emailCt, session] = await Promise.all([
    hashPassword(pepper, input.password),
    wrapUnder(input.password, newPasswordKdf(), raw, pepper),
    freshRecovery(userId, raw, dataKey),
    encryptText(dataKey, normaliseEmail(input.email), emailContext(userId)),
    newSession(db, userId, raw, now, device),
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
 * failures look the same to the caller. In the session's batch it also:
 * - ends the session whose cookie came with the request (`endSessionId`), if any;
 * - re-wraps a data key still wrapped the old way (without the pepper);
 * - re-hashes a password hashed at a lower bcrypt cost than today's;
 * - runs `extra` (the caller's statements, such as clearing this client's failure counts).
 */
export async function signIn(
  db: Db,
  pepper: CryptoKey,
  input: { emailHash: string; password: string },
  ipHash: string,
  opts: { endSessionId?: string | null; extra?: D1PreparedStatement[]; device?: string } = {},
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
    await deriveKek(input.password, record.passwordKey, pepper),
    record.passwordKey.wrappedKey,
  )
  const [session, upgrades] = await Promise.all([
    newSession(db, record.userId, raw, now, opts.device),
    upgradeCredentials(db, pepper, record, input.password, raw, nowIso(now)),
  ])
  await commit(db, [
    ...(opts.endSessionId ? [deleteSessionById(db, opts.endSessionId)] : []),
    deleteExpiredSessions(db, record.userId, nowIso(now)),
    ...upgrades,
    session.statement,
    ...(opts.extra ?? []),
    auditStatement(db, 'sign-in', record.userId, ipHash, nowIso(now)),
  ])
  const user: SessionUser = {
    id: record.userId,
    sessionId: session.id,
    dataKey: await importDataKey(raw),
    emailCt: record.emailCt,
    pendingRecoveryCt: record.pendingRecoveryCt,
    displayNameCt: record.displayNameCt,
    confirmedAt: nowIso(now),
  }
  return { token: session.token, user }
}

/** The statements that bring a learner's credentials up to date, now that the password is known. */
async function upgradeCredentials(
  db: Db,
  pepper: CryptoKey,
  record: { userId: string; passwordHash: string; passwordKey: WrappedKey },
  password: string,
  raw: Uint8Array,
  now: string,
): Promise<D1PreparedStatement[]> {
  const out: D1PreparedStatement[] = []
  if (record.passwordKey.version < PASSWORD_KDF_VERSION) {
    const key = await wrapUnder(password, newPasswordKdf(), raw, pepper)
    out.push(upsertWrappedKey(db, record.userId, 'password', key, now))
  }
  if (needsRehash(record.passwordHash)) {
    out.push(updatePasswordHash(db, record.userId, await hashPassword(pepper, password), now))
  }
  return out
}

/** Ends the current session on the server. */
export async function signOut(db: Db, user: SessionUser, ipHash: string) {
  await commit(db, [
    deleteSession(db, user.id, user.sessionId),
    auditStatement(db, 'sign-out', user.id, ipHash, nowIso()),
  ])
}

/**
 * Changes the password: verifies the current one, re-wraps the same data key, ends every session
 * (this one too) and opens a fresh one, in one batch. Returns the new session's token, or null
 * if the current password is wrong.
 */
export async function changePassword(
  db: Db,
  pepper: CryptoKey,
  user: SessionUser,
  input: { current: string; password: string },
  ipHash: string,
  device?: string,
): Promise<{ token: string } | null> {
  const [hash, wrapped] = await Promise.all([
    findPasswordHash(db, user.id),
    findWrappedKey(db, { userId: user.id }, 'password'),
  ])
  if (!hash || !wrapped || !(await verifyPassword(pepper, input.current, hash))) return null
  const raw = await unwrapDataKey(
    await deriveKek(input.current, wrapped, pepper),
    wrapped.wrappedKey,
  )
  const now = Date.now()
  const [passwordHash, passwordKey, session] = await Promise.all([
    hashPassword(pepper, input.password),
    wrapUnder(input.password, newPasswordKdf(), raw, pepper),
    newSession(db, user.id, raw, now, device),
  ])
  await commit(db, [
    updatePasswordHash(db, user.id, passwordHash, nowIso(now)),
    upsertWrappedKey(db, user.id, 'password', passwordKey, nowIso(now)),
    deleteOtherSessions(db, user.id, null),
    session.statement,
    auditStatement(db, 'password-changed', user.id, ipHash, nowIso(now)),
  ])
  return { token: session.token }
}

/**
 * Resets a forgotten password with the recovery code: unwraps the data key with the code,
 * wraps it under the new password and a new code, ends every session and opens a new one.
 * The code is used once: the batch begins by claiming it, and a racing request that opened the
 * same code fails on that claim and changes nothing. Returns null if the email or code is
 * wrong, or the code was just used (the caller cannot tell which).
 */
export async function recoverAccount(
  db: Db,
  pepper: CryptoKey,
  input: { emailHash: string; code: string; password: string },
  ipHash: string,
  device?: string,
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
  const failed = async () => {
    await commit(db, [
      auditStatement(db, 'recovery-failed', wrapped?.userId ?? null, ipHash, nowIso(now)),
    ])
    return null
  }
  if (!wrapped || !raw) return failed()
  const userId = wrapped.userId
  const dataKey = await importDataKey(raw)
  const [passwordHash, passwordKey, recovery, session, codeRef] = await Promise.all([
    hashPassword(pepper, input.password),
    wrapUnder(input.password, newPasswordKdf(), raw, pepper),
    freshRecovery(userId, raw, dataKey),
    newSession(db, userId, raw, now, device),
    sha256Hex(wrapped.wrappedKey),
  ])
  try {
    await commit(db, [
      claimRecoveryCode(db, userId, codeRef, nowIso(now)),
      updatePasswordHash(db, userId, passwordHash, nowIso(now)),
      upsertWrappedKey(db, userId, 'password', passwordKey, nowIso(now)),
      upsertWrappedKey(db, userId, 'recovery', recovery.key, nowIso(now)),
      setPendingRecovery(db, userId, recovery.pendingCt),
      deleteOtherSessions(db, userId, null),
      session.statement,
      auditStatement(db, 'recovery-used', userId, ipHash, nowIso(now)),
    ])
  } catch (error) {
    // Another request used this code first: its claim holds, and this batch changed nothing.
    if (String(error).includes('UNIQUE')) return failed()
    throw error
  }
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

/** The name the learner wants to be called, decrypted, or null if they have not given one. */
export async function displayName(user: SessionUser): Promise<string | null> {
  return user.displayNameCt
    ? decryptText(user.dataKey, user.displayNameCt, displayNameContext(user.id))
    : null
}

/** Sets the display name (sealed under the data key), or clears it when `name` is empty. */
export async function changeDisplayName(db: Db, user: SessionUser, name: string, ipHash: string) {
  const ciphertext = name
    ? await encryptText(user.dataKey, name, displayNameContext(user.id))
    : null
  await commit(db, [
    setDisplayName(db, user.id, ciphertext),
    auditStatement(db, 'profile-changed', user.id, ipHash, nowIso()),
  ])
}

/**
 * What moving the account to `email` takes: the new look-up hash, the learner's current one,
 * and the statements that change both copies of the address with an audit row. 'same' when it
 * is already theirs, 'taken' when another account has it (the UNIQUE hash still decides a race).
 */
export async function emailChange(
  db: Db,
  pepper: CryptoKey,
  user: SessionUser,
  email: string,
  ipHash: string,
): Promise<
  { hash: string; oldHash: string; statements: D1PreparedStatement[] } | 'same' | 'taken'
> {
  const [hash, oldHash] = await Promise.all([
    emailHash(pepper, email),
    accountEmail(user).then((old) => emailHash(pepper, old)),
  ])
  if (hash === oldHash) return 'same'
  if (await emailTaken(db, hash)) return 'taken'
  const emailCt = await encryptText(user.dataKey, normaliseEmail(email), emailContext(user.id))
  return {
    hash,
    oldHash,
    statements: [
      setEmail(db, user.id, hash, emailCt),
      auditStatement(db, 'email-changed', user.id, ipHash, nowIso()),
    ],
  }
}

/**
 * The statements that replace the learner's recovery code with a new one, to be shown once: the
 * raw data key is unwrapped from its password-wrapped copy (the session's key cannot be
 * exported), then wrapped under a new code, whose row replaces the old one, so the old code stops
 * working as the batch lands. Call it only once the password is proved (sudo.ts): a wrong one
 * fails to unwrap and throws.
 */
export async function renewRecoveryCode(
  db: Db,
  pepper: CryptoKey,
  user: SessionUser,
  password: string,
  ipHash: string,
): Promise<D1PreparedStatement[]> {
  const wrapped = await findWrappedKey(db, { userId: user.id }, 'password')
  if (!wrapped) throw new Error('The account has no password-wrapped key')
  const raw = await unwrapDataKey(await deriveKek(password, wrapped, pepper), wrapped.wrappedKey)
  const recovery = await freshRecovery(user.id, raw, user.dataKey)
  const now = nowIso()
  return [
    upsertWrappedKey(db, user.id, 'recovery', recovery.key, now),
    setPendingRecovery(db, user.id, recovery.pendingCt),
    auditStatement(db, 'recovery-code-renewed', user.id, ipHash, now),
  ]
}
