// Bindings the tests see through `env` from cloudflare:test (see vitest.config.ts).
declare namespace Cloudflare {
  interface Env {
    DB: D1Database
    ENVIRONMENT: string
    PEPPER: string
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[]
  }
}
