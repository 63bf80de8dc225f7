/**
 * DreamTree's Worker. The middleware reads top to bottom, one line per concern; features are
 * sub-apps mounted with app.route().
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './env'
import { account } from './account/routes'
import { workbook } from './workbook/routes'
import { auth } from './auth/routes'
import { ConfigError } from './auth/pepper'
import { loadSession } from './auth/session'
import { database } from './db/client'
import { findFrontier } from './db/workbook'
import { render } from './lib/render'
import { HomePage } from '../views/auth/account-pages'
import { GalleryPage } from '../views/components/gallery-page'
import { ErrorPage, ForbiddenPage, NotFoundPage, TooLargePage } from '../views/layout/error-pages'

/** The largest form we accept: generous for long answers, small enough to refuse abuse. */
export const MAX_BODY_BYTES = 256 * 1024

const app = new Hono<AppEnv>()
const nonce = (c: Context<AppEnv>) => c.get('secureHeadersNonce')

app.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    referrerPolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
  }),
)
app.use(async (c, next) => {
  await next()
  // Every dynamic response may hold personal text: never store it in any cache.
  c.header('Cache-Control', 'no-store')
})
app.use(csrf())
app.use(
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      render(c as Context<AppEnv>, {
        status: 413,
        page: <TooLargePage nonce={nonce(c as Context<AppEnv>)} signedIn={false} />,
      }),
  }),
)
app.use(database)
app.use(loadSession)

app.get('/health', (c) => c.text('ok'))
app.get('/', async (c) => {
  const current = c.var.user ? await findFrontier(c.var.db, c.var.user.id) : null
  return render(c, {
    page: <HomePage nonce={nonce(c)} signedIn={!!c.var.user} current={current} />,
  })
})
app.route('/', auth)
// The component gallery serves development and the browser tests; production has no such page.
app.get('/_components', (c) =>
  c.env.ENVIRONMENT === 'development'
    ? render(c, { page: <GalleryPage nonce={nonce(c)} /> })
    : c.notFound(),
)
app.route('/account', account)
app.route('/workbook', workbook)

app.notFound((c) =>
  render(c, { status: 404, page: <NotFoundPage nonce={nonce(c)} signedIn={!!c.var.user} /> }),
)

app.onError((err, c) => {
  if (err instanceof HTTPException && err.status === 403) {
    return render(c, { status: 403, page: <ForbiddenPage nonce={nonce(c)} signedIn={false} /> })
  }
  // Structured, and free of user text, tokens and SQL: only the error's kind and the route.
  console.error(
    JSON.stringify({
      level: 'error',
      kind: err instanceof ConfigError ? 'config' : err.name,
      route: c.req.routePath,
      method: c.req.method,
    }),
  )
  if (err instanceof ConfigError) console.error(err.message)
  return render(c, { status: 500, page: <ErrorPage nonce={nonce(c)} signedIn={false} /> })
})

export default app
