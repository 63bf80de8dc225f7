// Copies the pinned htmx build from node_modules into static/, named by its version, so the
// page can cache it for a year and no hand-copied file is ever committed.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, unlinkSync } from 'node:fs'

const pkg = JSON.parse(readFileSync('node_modules/htmx.org/package.json', 'utf8'))
mkdirSync('static/js', { recursive: true })
for (const old of readdirSync('static/js')) {
  if (/^htmx-.*\.min\.js$/.test(old)) unlinkSync(`static/js/${old}`)
}
copyFileSync('node_modules/htmx.org/dist/htmx.min.js', `static/js/htmx-${pkg.version}.min.js`)
console.log(`static/js/htmx-${pkg.version}.min.js`)
