import type { SessionUser } from './auth/session'

/** Everything a handler can reach through `c.env` and `c.var`. */
export type AppEnv = {
  Bindings: {
    DB: D1Database
    ASSETS?: Fetcher
    /** "development" relaxes the cookie for http://127.0.0.1; anything else is production. */
    ENVIRONMENT?: string
    /** base64 of 32 random bytes; see .dev.vars.example. */
    PEPPER?: string
  }
  Variables: {
    /** The signed-in learner, with their unwrapped data key, or null. */
    user: SessionUser | null
    /** Per-request CSP nonce from hono/secure-headers. */
    secureHeadersNonce?: string
    /** D1 statements run for this request, reported as Server-Timing in development. */
    /** The counting D1 handle for this request (see src/db/client.ts). */
    db: import('./db/client').Db
  }
}
