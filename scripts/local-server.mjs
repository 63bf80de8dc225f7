// A server of its own for the measuring scripts (bench, lighthouse): `wrangler dev` on
// 127.0.0.1 with a fresh, seeded D1 (scripts/e2e-server.mjs), and a learner to sign in as.
import { spawn } from 'node:child_process'

/**
 * Starts the server on `port` and waits until it answers; it stops when this process exits.
 * @example const { base, stop } = await startServer('8790')
 */
export async function startServer(port) {
  const base = `http://127.0.0.1:${port}`
  const server = spawn('node', ['scripts/e2e-server.mjs'], {
    env: { ...process.env, E2E_PORT: port },
    stdio: 'ignore',
  })
  const stop = () => server.kill('SIGTERM')
  process.on('exit', stop)
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break
    } catch {}
    if (i > 180) throw new Error('server did not start')
    await new Promise((r) => setTimeout(r, 500))
  }
  return { base, stop }
}

/** The password every learner the measuring scripts sign up is given. */
export const LEARNER_PASSWORD = 'measuring scripts write calm sentences'

/**
 * Signs a new learner up, acknowledges their recovery code, and returns their session cookie.
 * `ip`, when given, is sent as `CF-Connecting-IP` with both requests: the client address the app
 * counts sign-ups by.
 * @example const cookie = await signUpLearner(base, 'a@example.com', { ip: '198.51.100.1' })
 */
export async function signUpLearner(base, email, { ip } = {}) {
  const password = LEARNER_PASSWORD
  const headers = {
    Origin: base,
    'content-type': 'application/x-www-form-urlencoded',
    ...(ip ? { 'CF-Connecting-IP': ip } : {}),
  }
  const res = await fetch(`${base}/sign-up`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ email, password, confirm: password }),
    redirect: 'manual',
  })
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error(`sign-up failed: ${res.status}`)
  await fetch(`${base}/recovery-code/saved`, {
    method: 'POST',
    headers: { ...headers, cookie },
    redirect: 'manual',
  })
  return cookie
}
