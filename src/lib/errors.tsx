/**
 * The error responses every feature shares: the pages for 403, 404, 413, 429 and 500, each
 * rendered through the one shell, so a signed-in learner keeps their header.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { render, retargetMain } from './render'
import {
  BadRequestPage,
  ErrorPage,
  ForbiddenPage,
  NotFoundPage,
  TooLargePage,
  TooManyAttempts,
  UnsupportedPage,
} from '../../views/layout/error-pages'

/** The request's reference, as every error page quotes it. */
export const reference = (c: Context<AppEnv>) => c.var.requestId ?? 'none'

/** 404: no internals, a way home. */
export function notFound(c: Context<AppEnv>) {
  return render(c, {
    status: 404,
    title: 'Page not found',
    body: <NotFoundPage reference={reference(c)} />,
  })
}

/** 403: a cross-site form post, or an action that is not allowed. */
export function forbidden(c: Context<AppEnv>) {
  return render(c, {
    status: 403,
    title: 'This request was blocked',
    body: <ForbiddenPage reference={reference(c)} />,
  })
}

/** 413: a body over the limit. */
export function tooLarge(c: Context<AppEnv>) {
  return render(c, {
    status: 413,
    title: 'That was too much to send at once',
    body: <TooLargePage reference={reference(c)} />,
  })
}

/** 500: the generic page; never a stack trace, SQL or a token. */
export function serverError(c: Context<AppEnv>) {
  return render(c, {
    status: 500,
    title: 'Sorry, something went wrong',
    body: <ErrorPage reference={reference(c)} />,
  })
}

/**
 * 429 with Retry-After and a calm page; for htmx, the message replaces the whole of `<main>`,
 * not the form that was posted.
 * @example if (wait) return tooManyAttempts(c, wait)
 */
export function tooManyAttempts(c: Context<AppEnv>, seconds: number) {
  c.header('Retry-After', String(seconds))
  retargetMain(c)
  const body = (
    <TooManyAttempts retryAfterMinutes={Math.ceil(seconds / 60)} reference={reference(c)} />
  )
  return render(c, { status: 429, title: 'Too many attempts', body, fragment: body })
}

/** 400: a body we could not read, such as a malformed multipart form. */
export function badRequest(c: Context<AppEnv>) {
  return render(c, {
    status: 400,
    title: 'We could not read that request',
    body: <BadRequestPage reference={reference(c)} />,
  })
}

/** 415: an unsafe request that is not a form. */
export function unsupportedMediaType(c: Context<AppEnv>) {
  return render(c, {
    status: 415,
    title: 'This request was blocked',
    body: <UnsupportedPage reference={reference(c)} />,
  })
}
