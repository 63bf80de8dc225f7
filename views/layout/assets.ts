/**
 * The pinned htmx version. scripts/copy-htmx.mjs copies node_modules/htmx.org's build to
 * static/js/htmx-<version>.min.js; a test checks this constant matches the installed package.
 */
export const HTMX_VERSION = '2.0.11'
