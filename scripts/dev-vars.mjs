// Creates .dev.vars from .dev.vars.example with a fresh PEPPER, once. An existing file is kept,
// so local accounts keep working across restarts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'

if (existsSync('.dev.vars')) process.exit(0)
const example = readFileSync('.dev.vars.example', 'utf8')
const filled = example.replace(/^PEPPER=.*$/m, `PEPPER=${randomBytes(32).toString('base64')}`)
writeFileSync('.dev.vars', filled, { mode: 0o600 })
console.log('Created .dev.vars with a new local PEPPER.')
