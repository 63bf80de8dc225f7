/**
 * One URL serves a full page or, for an HTMX partial request, the fragment the page is made of.
 * Every response says `Vary: HX-Request`, so no cache mixes the two.
 */
import type { Context } from 'hono'
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { AppEnv } from '../env'

export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>

/** True for an HTMX request that will swap part of the page (not a history restore). */
export function isPartial(c: Context<AppEnv>): boolean {
  return (
    c.req.header('HX-Request') === 'true' && c.req.header('HX-History-Restore-Request') !== 'true'
  )
}

/**
 * Renders the page, or its fragment for HTMX.
 * @example return render(c, { page: <SignInPage … />, fragment: <SignInForm … />, status: 422 })
 */
export function render(
  c: Context<AppEnv>,
  opts: {
    page: Markup
    fragment?: Markup
    status?: 200 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500
  },
) {
  c.header('Vary', 'HX-Request')
  const status = opts.status ?? 200
  if (opts.fragment && isPartial(c)) return c.html(opts.fragment, status)
  return c.html(html`<!DOCTYPE html>${opts.page}`, status)
}

/**
 * After a successful POST: 303 for a plain request; for HTMX, either a fragment with an
 * out-of-band status message, or a full navigation through `HX-Redirect`.
 * @example return redirectAfterPost(c, '/workbook/values#next', { fragment: <Saved/> })
 */
export function redirectAfterPost(
  c: Context<AppEnv>,
  location: string,
  opts: { fragment?: Markup } = {},
) {
  c.header('Vary', 'HX-Request')
  if (!isPartial(c)) return c.redirect(location, 303)
  if (opts.fragment) return c.html(opts.fragment, 200)
  c.header('HX-Redirect', location)
  return c.body(null, 200)
}

/** A same-site path to return to after signing in, or the fallback. Never another origin. */
export function safeNext(next: string | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\'))
    return fallback
  return next
}
