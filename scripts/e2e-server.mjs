// Serves the app for the browser tests: a fresh local D1 of its own (migrated and seeded), its
// own port, development cookies and a throwaway pepper. It never touches the database of `npm start`.
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'

const STATE = '.wrangler/e2e-state'
const PORT = process.env.E2E_PORT ?? '8788'
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' }
const wrangler = (args, opts = {}) =>
  execFileSync('wrangler', args, { stdio: 'inherit', env, ...opts })

rmSync(STATE, { recursive: true, force: true })
mkdirSync(STATE, { recursive: true })
wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', STATE])
const sql = execFileSync('node', ['scripts/seed.mjs', 'sql'], { env, maxBuffer: 64 * 1024 * 1024 })
writeFileSync(`${STATE}/seed.sql`, sql)
wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', STATE, '--file', `${STATE}/seed.sql`], {
  stdio: ['ignore', 'ignore', 'inherit'],
})

const server = spawn(
  'wrangler',
  [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    PORT,
    '--inspector-port',
    '0',
    '--persist-to',
    STATE,
    '--var',
    'ENVIRONMENT:development',
    '--var',
    `PEPPER:${randomBytes(32).toString('base64')}`,
  ],
  { stdio: 'inherit', env },
)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
