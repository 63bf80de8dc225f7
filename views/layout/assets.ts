import htmxPackage from 'htmx.org/package.json'

/** The pinned htmx version; scripts/copy-htmx.mjs copies its build to static/js/ by this name. */
export const HTMX_VERSION: string = htmxPackage.version
