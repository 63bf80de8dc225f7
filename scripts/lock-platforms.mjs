// The npm registry this machine reaches serves workerd's Linux builds only. `npm install` then
// leaves workerd's macOS and Windows builds out of package-lock.json, and `npm ci` (CI's install)
// refuses the lock as out of sync. Run this after any `npm install` that rewrites the lock: it
// adds those optional, platform-specific entries back (they are never fetched on Linux).
import { readFileSync, writeFileSync } from 'node:fs'

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'))
const workerd = lock.packages['node_modules/workerd']
const platforms = {
  'darwin-64': ['darwin', 'x64'],
  'darwin-arm64': ['darwin', 'arm64'],
  'windows-64': ['win32', 'x64'],
}
let added = 0
for (const [suffix, [os, cpu]] of Object.entries(platforms)) {
  const key = `node_modules/@cloudflare/workerd-${suffix}`
  if (lock.packages[key] || !workerd?.optionalDependencies?.[`@cloudflare/workerd-${suffix}`])
    continue
  lock.packages[key] = {
    version: workerd.version,
    cpu: [cpu],
    dev: true,
    license: 'Apache-2.0',
    optional: true,
    os: [os],
    engines: { node: '>=16' },
  }
  added++
}
const keys = Object.keys(lock.packages).sort((a, b) =>
  a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
)
lock.packages = Object.fromEntries(keys.map((k) => [k, lock.packages[k]]))
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`)
console.log(
  added
    ? `package-lock.json: added ${added} workerd platform entries`
    : 'package-lock.json: nothing to add',
)
