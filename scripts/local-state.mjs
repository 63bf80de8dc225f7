// A local D1 of its own for a script's server: a fresh directory under .wrangler, migrated and
// seeded with the workbook content, and how `wrangler dev` serves it. Shared by the browser
// tests' server and the durability run.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'

/** The environment every local wrangler call runs with: no fetch of cf.json, so no network. */
export const wranglerEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' }

/**
 * The arguments of `wrangler dev` for a script's server: 127.0.0.1 only, no fixed inspector port,
 * the local D1 in `state`, development cookies and the given pepper.
 * @example spawn('wrangler', devArgs({ port: '8788', state, pepper }))
 */
export function devArgs({ port, state, pepper }) {
  return [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    port,
    '--inspector-port',
    '0',
    '--persist-to',
    state,
    '--var',
    'ENVIRONMENT:development',
    '--var',
    `PEPPER:${pepper}`,
  ]
}

/**
 * Empties `state`, applies the migrations to a local D1 there and loads the seed into it.
 * With `quiet`, wrangler's progress is not printed (its errors still are).
 * @example prepareState('.wrangler/e2e-state')
 */
export function prepareState(state, { quiet = false } = {}) {
  const stdio = quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit'
  const wrangler = (args, opts = {}) =>
    execFileSync('wrangler', args, { stdio, env: wranglerEnv, ...opts })
  rmSync(state, { recursive: true, force: true })
  mkdirSync(state, { recursive: true })
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state])
  const sql = execFileSync('node', ['scripts/seed.mjs', 'sql'], {
    env: wranglerEnv,
    maxBuffer: 64 * 1024 * 1024,
  })
  writeFileSync(`${state}/seed.sql`, sql)
  wrangler(
    ['d1', 'execute', 'DB', '--local', '--persist-to', state, '--file', `${state}/seed.sql`],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
}
