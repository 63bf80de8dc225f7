/**
 * DreamTree's Worker. The middleware reads top to bottom, one line per concern; features are
 * sub-apps mounted with app.route().
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './env'
import { account } from './account/routes'
import { IMPORT_PATH } from './account/import'
import { auth } from './auth/routes'
import { ConfigError } from './auth/pepper'
import { loadSession } from './auth/session'
import { database } from './db/client'
import { home } from './home/routes'
import { randomBytes, toHex } from './lib/bytes'
import {
  badRequest,
  forbidden,
  notFound,
  serverError,
  tooLarge,
  unsupportedMediaType,
} from './lib/errors'
import { logProblem } from './lib/log'
import { render } from './lib/render'
import { tools } from './tools/routes'
import { workbook } from './workbook/routes'
import { GalleryPage } from '../views/components/gallery-page'

/** The largest form we accept: generous for long answers, small enough to refuse abuse. */
export const MAX_BODY_BYTES = 256 * 1024

/** Browser features DreamTree never uses, all switched off. */
const PERMISSIONS_POLICY = Object.fromEntries(
  [
    'accelerometer',
    'autoplay',
    'camera',
    'displayCapture',
    'geolocation',
    'gyroscope',
    'magnetometer',
    'microphone',
    'midi',
    'payment',
    'publickeyCredentialsGet',
    'screenWakeLock',
    'serial',
    'usb',
    'xrSpatialTracking',
  ].map((feature) => [feature, [] as string[]]),
)

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/
const FORM_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i

/**
 * Every unsafe request must be a form: anything else (JSON, text/plain, no type at all) gets a
 * 415, so that the CSRF check after it, which reads only form types, covers every unsafe request.
 */
const formsOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHOD.test(c.req.method)) return next()
  if (!FORM_TYPE.test(c.req.header('Content-Type') ?? '')) return unsupportedMediaType(c)
  return next()
}

const app = new Hono<AppEnv>()

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
    permissionsPolicy: PERMISSIONS_POLICY,
  }),
)
app.use(async (c, next) => {
  // A short reference for this request, quoted on error pages and in the log line.
  c.set('requestId', toHex(randomBytes(6)))
  await next()
})
app.use(async (c, next) => {
  await next()
  // Every dynamic response may hold personal text: never store it in any cache.
  c.header('Cache-Control', 'no-store')
})
app.use(database)
// The session comes before CSRF and the body limit only so that their error pages show a
// signed-in learner their own header; nothing acts on the session before those checks pass.
app.use(loadSession)
app.use(formsOnly)
app.use(csrf())
const formLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => tooLarge(c as Context<AppEnv>),
})
// The import's upload carries a whole export file: its route sets its own, larger limit.
app.use((c, next) =>
  c.req.method === 'POST' && c.req.path === IMPORT_PATH ? next() : formLimit(c, next),
)

app.get('/health', (c) => c.text('ok'))
app.route('/', home)
app.route('/', auth)
// The component gallery serves development and the browser tests; production has no such page.
app.get('/_components', (c) =>
  c.env.ENVIRONMENT === 'development'
    ? render(c, { title: 'Component examples', body: <GalleryPage /> })
    : c.notFound(),
)
app.route('/account', account)
app.route('/workbook', workbook)
app.route('/tools', tools)

app.notFound((c) => notFound(c))

app.onError((err, c) => {
  if (err instanceof HTTPException && err.status === 403) return forbidden(c)
  if (err instanceof HTTPException && err.status === 400) return badRequest(c)
  // Structured, and free of user text, tokens and SQL: the error's kind, the route and the
  // reference the learner sees (src/lib/log.ts).
  logProblem(c, err, { level: 'error', kind: err instanceof ConfigError ? 'config' : undefined })
  if (err instanceof ConfigError) console.error(err.message)
  return serverError(c)
})

export default app
