// Serves the app for the browser tests: a fresh local D1 of its own (migrated and seeded), its
// own port, development cookies and a throwaway pepper. It never touches the database of `npm start`.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { devArgs, prepareState, wranglerEnv as env } from './local-state.mjs'

const STATE = '.wrangler/e2e-state'
const PORT = process.env.E2E_PORT ?? '8788'

prepareState(STATE)

const server = spawn(
  'wrangler',
  devArgs({ port: PORT, state: STATE, pepper: randomBytes(32).toString('base64') }),
  { stdio: 'inherit', env },
)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
