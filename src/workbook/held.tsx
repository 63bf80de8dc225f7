/**
 * Saving after the session ended: the learner's words are held in the sign-in form, and posted
 * again with their credentials, so nothing they typed is lost. Shared by every route that saves.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { attemptSignIn } from '../auth/sign-in'
import { formValues } from '../lib/forms'
import { isPartial, render, renderFragment, retargetMain } from '../lib/render'
import { HeldAnswerSignInPanel } from '../../views/workbook/held-answer'

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
