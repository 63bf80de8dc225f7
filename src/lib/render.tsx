/**
 * The only way HTML leaves the Worker. One URL serves a full page or, for an htmx partial
 * request, the fragment the page is made of. `render` supplies the page shell once: the CSP
 * nonce, whether the learner is signed in, the title (with "Error: " when the page has errors)
 * and the live-region message. Every response that can differ for htmx says
 * `Vary: HX-Request`, so no cache mixes the two.
 */
import type { Context } from 'hono'
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { AppEnv } from '../env'
import { HeaderNav, Layout, pageTitle, StatusUpdate } from '../../views/layout/layout'

export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>

export type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503

/** True for an htmx request that will swap part of the page (not a history restore). */
export function isPartial(c: Context<AppEnv>): boolean {
  return (
    c.req.header('HX-Request') === 'true' && c.req.header('HX-History-Restore-Request') !== 'true'
  )
}

const varyOnHtmx = (c: Context<AppEnv>) => c.header('Vary', 'HX-Request')

/**
 * A full page inside the layout, or its fragment for htmx.
 * @example return render(c, { title: 'Sign in', status: 422, hasErrors: true, body: form, fragment: form })
 */
export function render(
  c: Context<AppEnv>,
  opts: {
    /** The page's own title; the layout adds "Error: " and the site name. */
    title: string
    /** What goes inside `<main>`. */
    body: Markup
    /** What an htmx partial request gets instead of the page, if it differs. */
    fragment?: Markup
    status?: Status
    /** The page shows an error summary: its title starts with "Error: ". */
    hasErrors?: boolean
    /** A message for the one polite live region: in the page, or out of band with a fragment. */
    announce?: string
    /** Load the print view's own stylesheet too (static/css/print.css). */
    printStyles?: boolean
  },
) {
  varyOnHtmx(c)
  const status = opts.status ?? 200
  if (opts.fragment && isPartial(c)) {
    return renderFragment(c, opts.fragment, {
      status,
      announce: opts.announce,
      title: opts.title,
      hasErrors: opts.hasErrors,
    })
  }
  const page = (
    <Layout
      title={opts.title}
      nonce={c.get('secureHeadersNonce')}
      signedIn={!!c.var.user}
      hasErrors={opts.hasErrors}
      status={opts.announce}
      printStyles={opts.printStyles}
    >
      {opts.body}
    </Layout>
  )
  return c.html(html`<!DOCTYPE html>${page}`, status)
}

/**
 * A fragment alone, for a request that only htmx makes (the page it swaps into is already
 * there). With `title`, htmx sets the document's title from it, as a full page would; with
 * `header`, the header's navigation is replaced out of band to show whether the learner is
 * signed in; with `announce`, the live region is updated out of band.
 * @example return renderFragment(c, <SavedBlock … />, { title: 'Values', announce: 'Saved.' })
 */
export function renderFragment(
  c: Context<AppEnv>,
  fragment: Markup,
  opts: {
    status?: Status
    announce?: string
    title?: string
    hasErrors?: boolean
    header?: boolean
  } = {},
) {
  varyOnHtmx(c)
  const body = (
    <>
      {opts.title ? <title>{pageTitle(opts.title, opts.hasErrors)}</title> : null}
      {fragment}
      {opts.header ? <HeaderNav signedIn={!!c.var.user} oob /> : null}
      {opts.announce ? <StatusUpdate message={opts.announce} /> : null}
    </>
  )
  return c.html(body, opts.status ?? 200)
}

/** For htmx: put the answer in place of the whole of `<main>`, not the element that asked. */
export function retargetMain(c: Context<AppEnv>) {
  if (!isPartial(c)) return
  c.header('HX-Retarget', '#main')
  c.header('HX-Reswap', 'innerHTML')
}

/**
 * After a successful POST: 303 for a plain request; for htmx, a full navigation through
 * `HX-Redirect`.
 * @example return redirectAfterPost(c, '/workbook/values#next')
 */
export function redirectAfterPost(c: Context<AppEnv>, location: string) {
  return navigate(c, location, 303)
}

/**
 * Sends the browser to `location`: a redirect with `status`, or for htmx (which would follow a
 * redirect inside the swap) an `HX-Redirect` with `htmxStatus`.
 */
export function navigate(
  c: Context<AppEnv>,
  location: string,
  status: 303,
  htmxStatus: 200 | 401 = 200,
) {
  varyOnHtmx(c)
  if (c.req.header('HX-Request') !== 'true') return c.redirect(location, status)
  c.header('HX-Redirect', location)
  return c.body(null, htmxStatus)
}

/** Where a learner may be sent back to after signing in: the pages that ask them to sign in. */
const NEXT_PREFIXES = ['/workbook', '/account', '/recovery-code']

/**
 * A path on this site to return to after signing in, or the fallback. It must be a plain
 * absolute path (no scheme, no `//`, no backslash, no whitespace or control character, which
 * browsers strip or reinterpret), parse to this origin, and name a page that asks for sign-in.
 * @example safeNext('/workbook/values', 'https://dreamtree.example') // '/workbook/values'
 */
export function safeNext(next: string | undefined, origin: string, fallback = '/'): string {
  if (!next || next.length > 2048) return fallback
  if (!next.startsWith('/') || next.startsWith('//')) return fallback
  if (/[\s\\\u0000-\u001f\u007f-\u009f]/.test(next)) return fallback
  let url: URL
  try {
    url = new URL(next, origin)
  } catch {
    return fallback
  }
  if (url.origin !== origin) return fallback
  const path = url.pathname
  const known = path === '/' || NEXT_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))
  return known ? `${path}${url.search}${url.hash}` : fallback
}
