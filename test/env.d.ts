// Bindings the tests see through `env` from cloudflare:test (see vitest.config.ts).
declare namespace Cloudflare {
  interface Env {
    DB: D1Database
    ENVIRONMENT: string
    PEPPER: string
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[]
    /** Runs per route for the fuzz (default 200), and its seed (default fixed). */
    FUZZ_RUNS: string
    FUZZ_SEED: string
  }
}
