/**
 * Saving after the session ended: the learner's words are held in the sign-in form, and posted
 * again with their credentials, so nothing they typed is lost. Shared by every route that saves.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../env'
import { attemptSignIn } from '../auth/sign-in'
import { reference } from '../lib/errors'
import { formValues, readForm } from '../lib/forms'
import { isPartial, render, renderFragment, retargetMain } from '../lib/render'
import { HeldAnswerSignInPanel, NotSavedPanel } from '../../views/workbook/held-answer'

/**
 * A save that arrives after the session ended. With credentials (the held sign-in form posts back
 * here) it signs in and returns null, so the save carries on. Otherwise it answers with the
 * sign-in form holding the learner's words, so nothing they typed is lost.
 */
export async function signInToSave(
  c: Context<AppEnv>,
  form: Record<string, unknown>,
): Promise<Response | null> {
  // The whole URL the form posted to: a tool's action carries its item in the query.
  const url = new URL(c.req.url)
  const held = { action: url.pathname + url.search, values: formValues(form) }
  const title = 'Sign in to save your answer'
  if (typeof form.email === 'string' || typeof form.password === 'string') {
    const attempt = await attemptSignIn(c, form)
    if (attempt.status === 'ok') return null
    if (attempt.status === 'limited') {
      // Paused, but the learner's words stay on the page, in the form, ready for later.
      c.header('Retry-After', String(attempt.retryAfter))
      const minutes = Math.ceil(attempt.retryAfter / 60)
      return render(c, {
        status: 429,
        title,
        body: <HeldAnswerSignInPanel held={held} retryAfterMinutes={minutes} />,
      })
    }
    return render(c, {
      status: 422,
      title,
      hasErrors: true,
      body: <HeldAnswerSignInPanel held={held} errors={attempt.errors} />,
    })
  }
  if (isPartial(c)) {
    // The panel replaces the whole of <main>: it brings its title, the signed-out header, and
    // takes focus on its heading.
    retargetMain(c)
    return renderFragment(c, <HeldAnswerSignInPanel held={held} focusHeading />, {
      title,
      header: true,
      announce: 'Your session ended. Sign in to save your answer.',
    })
  }
  return render(c, { status: 401, title, body: <HeldAnswerSignInPanel held={held} /> })
}

/**
 * For the routes that save: when the request failed on our side (D1 unavailable, or refusing a
 * batch, which then wrote nothing), the generic 500 becomes a 503 page holding the learner's
 * words in a form that sends them again as they were. The error handler has already logged the
 * failure once. With htmx the page is not swapped in: the script keeps the words in the field
 * and says the save failed (static/js/app.js).
 */
export const keepWordsOnFailure = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (!c.error || c.error instanceof HTTPException || c.res.status < 500) return
  const url = new URL(c.req.url)
  const form = await readForm(c, { all: true })
  const held = { action: url.pathname + url.search, values: formValues(form) }
  c.header('Retry-After', '5')
  c.res = await render(c, {
    status: 503,
    title: 'We could not save your answer',
    body: <NotSavedPanel held={held} reference={reference(c)} />,
  })
})
