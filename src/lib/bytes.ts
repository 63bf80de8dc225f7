/** Encodes bytes as unpadded base64url. @example toBase64Url(new Uint8Array([255])) // '_w' */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes base64 or base64url (padded or not). Throws on malformed input. */
export function fromBase64Url(text: string): Uint8Array {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4))
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
}

/** Lower-case hex of bytes. @example toHex(new Uint8Array([1, 171])) // '01ab' */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Cryptographically random bytes. Call inside a request: workerd forbids it at module scope. */
export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length))
}

const encoder = new TextEncoder()

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text)
}

/** SHA-256 of a string, as hex. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))))
}

/** Current time as ISO-8601 UTC text, the one timestamp format in the database. */
export function nowIso(now = Date.now()): string {
  return new Date(now).toISOString()
}

/** Today on the server, as an ISO date (UTC): the day a dated entry or round is made. */
export function todayIso(now = Date.now()): string {
  return nowIso(now).slice(0, 10)
}
