import type { Child } from 'hono/jsx'
import { ASSET_FILES } from './asset-files'

/** htmx settings: same-origin only, no eval, no personal HTML in localStorage, 422 swapped. */
const HTMX_CONFIG = JSON.stringify({
  selfRequestsOnly: true,
  allowEval: false,
  allowScriptTags: false,
  historyCacheSize: 0,
  includeIndicatorStyles: false,
  defaultFocusScroll: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '429', swap: true },
    { code: '409', swap: true },
    { code: '[45]..', swap: false, error: true },
  ],
})

/**
 * The page shell: skip link, header, `<main id="main">`, and the one polite live region, which
 * no swap target contains. HTMX responses update it out of band.
 * Only `render()` (src/lib/render.tsx) uses it: pages never supply their own shell.
 * @example <Layout title="Sign in" nonce={nonce} signedIn={false}>…</Layout>
 */
export function Layout(props: {
  title: string
  nonce?: string
  signedIn: boolean
  hasErrors?: boolean
  status?: string
  /** The page also loads the print view's stylesheet (only /account/print does). */
  printStyles?: boolean
  children: Child
}) {
  const title = pageTitle(props.title, props.hasErrors)
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <link rel="icon" href={ASSET_FILES.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={ASSET_FILES.css} />
        {props.printStyles ? <link rel="stylesheet" href={ASSET_FILES.printCss} /> : null}
        <script src={ASSET_FILES.htmx} nonce={props.nonce} defer></script>
        <script src={ASSET_FILES.js} nonce={props.nonce} defer></script>
      </head>
      <body>
        <a class="dt-skip-link" href="#main">
          Skip to main content
        </a>
        <header class="dt-header">
          <div class="dt-width">
            <a class="dt-header__brand" href="/">
              DreamTree
            </a>
            <HeaderNav signedIn={props.signedIn} />
          </div>
        </header>
        <div class="dt-width">
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
        </div>
        <div
          id="dt-status"
          class="dt-visually-hidden"
          role="status"
          aria-live="polite"
          aria-atomic="true"
        >
          {props.status ?? ''}
        </div>
      </body>
    </html>
  )
}

/** A page's full title: "Error: " first when it shows an error summary, the site name last. */
export function pageTitle(title: string, hasErrors?: boolean): string {
  return `${hasErrors ? 'Error: ' : ''}${title} – DreamTree`
}

/**
 * The header's navigation, for a signed-in learner or a visitor. With `oob`, it replaces the
 * one on the page out of band (an htmx answer that changes whether the learner is signed in).
 */
export function HeaderNav(props: { signedIn: boolean; oob?: boolean }) {
  return (
    <nav
      class="dt-header__nav"
      id="dt-nav"
      aria-label="Account"
      hx-swap-oob={props.oob ? 'outerHTML' : undefined}
    >
      {props.signedIn ? (
        <ul class="dt-header__list">
          <li>
            <a href="/workbook/contents">Workbook</a>
          </li>
          <li>
            <a href="/tools">Your tools</a>
          </li>
          <li>
            <a href="/account">Account</a>
          </li>
          <li>
            <form method="post" action="/sign-out" class="dt-inline-form">
              <button type="submit" class="dt-link-button">
                Sign out
              </button>
            </form>
          </li>
        </ul>
      ) : (
        <ul class="dt-header__list">
          <li>
            <a href="/sign-in">Sign in</a>
          </li>
          <li>
            <a href="/sign-up">Create an account</a>
          </li>
        </ul>
      )}
    </nav>
  )
}

/**
 * An out-of-band update for the one live region, appended to HTMX fragments.
 * @example <>{fragment}<StatusUpdate message="Saved" /></>
 */
export function StatusUpdate(props: { message: string }) {
  return (
    <div id="dt-status" hx-swap-oob="innerHTML">
      {props.message}
    </div>
  )
}
