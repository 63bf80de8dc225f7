import { CurrentPasswordField, EmailField } from '../components/account-fields'
import { Button } from '../components/button'
import { ErrorSummary, summaryFor } from '../components/error-summary'

export type Held = { action: string; values: Record<string, string | string[]> }

/** The form's own fields: carried, never shown as the learner's words. */
const HIDDEN = ['version', 'submission', 'item', 'find', 'q', 'replacing', 'replace']

/**
 * Signing in again after the session ended mid-answer. The learner's words travel in this form
 * (hidden fields, and shown so they can see them) and are saved as soon as they sign in.
 * A plain form on purpose: after signing in, the page navigates to the saved answer.
 */
export function HeldAnswerSignInPanel(props: {
  held: Held
  errors?: Record<string, string>
  /** Sign-in is paused for this long (a rate limit); the words stay here meanwhile. */
  retryAfterMinutes?: number
  /** Take focus on the heading: the panel arrived by an htmx swap in place of the page. */
  focusHeading?: boolean
}) {
  const errors = props.errors ?? {}
  // Everything the form posted travels on, but the credentials typed here; a tool posts many
  // fields (its items, a story's parts), an answer just one.
  const carried = Object.entries(props.held.values).filter(
    ([name]) => !['email', 'password'].includes(name),
  )
  const words = carried
    .filter(([name]) => !HIDDEN.includes(name))
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .filter((v) => v.trim() !== '')
  const shown = props.held.values.answer !== undefined ? words.join(', ') : words
  const email = props.held.values.email
  return (
    <div id="auth-panel">
      <ErrorSummary errors={summaryFor(errors, ['email', 'password'])} />
      <h1 tabindex={props.focusHeading ? -1 : undefined} autofocus={props.focusHeading}>
        Sign in to save your answer
      </h1>
      {props.retryAfterMinutes ? (
        <p class="dt-notice" id="held-paused">
          There have been too many sign-in attempts, so signing in is paused for{' '}
          {props.retryAfterMinutes} {props.retryAfterMinutes === 1 ? 'minute' : 'minutes'}. Your
          answer is still here: keep this page open, or copy your words somewhere safe, and sign in
          again after that.
        </p>
      ) : null}
      <p>
        Your session ended, to keep your writing private. We have kept what you wrote, and it will
        be saved as soon as you sign in.
      </p>
      {shown.length ? (
        <div class="dt-answer dt-held">
          <p class="dt-answer__who">Your unsaved answer:</p>
          {typeof shown === 'string' ? (
            <p class="dt-answer__text">{shown}</p>
          ) : (
            <ul class="dt-answer__list">
              {shown.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      <form method="post" action={props.held.action} novalidate>
        {carried.flatMap(([name, value]) =>
          (Array.isArray(value) ? value : [value]).map((v) => (
            <input type="hidden" name={name} value={v} />
          )),
        )}
        {props.held.values.version === undefined ? (
          <input type="hidden" name="version" value="0" />
        ) : null}
        <EmailField error={errors.email} value={typeof email === 'string' ? email : undefined} />
        <CurrentPasswordField error={errors.password} />
        <Button>Sign in and save</Button>
      </form>
    </div>
  )
}
