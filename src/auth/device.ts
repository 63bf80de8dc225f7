/**
 * The device cookie (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"). After a
 * successful sign-in the browser gets a cookie naming this account: a random device id and an
 * HMAC under the pepper of (device id, account). Attempts that carry a valid one for the
 * account they are guessing at are counted on their own limit, so an attacker's failures from
 * elsewhere cannot lock the learner out. It holds no personal data and opens nothing.
 */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../env'
import { randomBytes, toBase64Url } from '../lib/bytes'
import { hmacBase64 } from './pepper'

const COOKIE = 'dt_device'
const YEAR_SECONDS = 365 * 24 * 60 * 60

const isDevelopment = (c: Context<AppEnv>) => c.env.ENVIRONMENT === 'development'

const sign = (pepper: CryptoKey, deviceId: string, emailHash: string) =>
  hmacBase64(pepper, 'device', `${deviceId}:${emailHash}`)

/** The device id of a valid device cookie for this account, or null. */
export async function deviceFor(
  c: Context<AppEnv>,
  pepper: CryptoKey,
  emailHash: string,
): Promise<string | null> {
  const value = isDevelopment(c) ? getCookie(c, COOKIE) : getCookie(c, COOKIE, 'host')
  const match = value?.match(/^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/)
  if (!match) return null
  const [, deviceId, mac] = match
  return (await sign(pepper, deviceId!, emailHash)) === mac ? deviceId! : null
}

/** Sets the device cookie for this account after a successful sign-in, keeping a valid id. */
export async function setDeviceCookie(
  c: Context<AppEnv>,
  pepper: CryptoKey,
  emailHash: string,
  deviceId: string | null,
) {
  const id = deviceId ?? toBase64Url(randomBytes(16))
  const value = `${id}.${await sign(pepper, id, emailHash)}`
  const options = { path: '/', httpOnly: true, sameSite: 'Strict', maxAge: YEAR_SECONDS } as const
  if (isDevelopment(c)) setCookie(c, COOKIE, value, options)
  else setCookie(c, COOKIE, value, { ...options, secure: true, prefix: 'host' })
}

/** Removes the device cookie (when the account it names is deleted, it has nothing left to do). */
export function clearDeviceCookie(c: Context<AppEnv>) {
  if (isDevelopment(c)) deleteCookie(c, COOKIE, { path: '/' })
  else deleteCookie(c, COOKIE, { path: '/', secure: true, prefix: 'host' })
}
