import { CurrentPasswordField, EmailField } from '../components/account-fields'
import { Button } from '../components/button'
import { ErrorSummary, summaryFor } from '../components/error-summary'
import { Reference } from '../layout/error-pages'

export type Held = { action: string; values: Record<string, string | string[]> }

/** The form's own fields: carried, never shown as the learner's words. */
const HIDDEN = ['version', 'submission', 'item', 'find', 'q', 'replacing', 'replace']

/**
 * The fields a held form posts again, but `leaveOut`. A tool posts many fields (its items, a
 * story's parts), an answer just one.
 */
function carriedFields(held: Held, leaveOut: string[] = []): [string, string | string[]][] {
  return Object.entries(held.values).filter(([name]) => !leaveOut.includes(name))
}

/** The learner's words in a held form, shown so they can see (and copy) them. */
export function HeldWords(props: { held: Held; label?: string }) {
  const words = carriedFields(props.held, ['email', 'password'])
    .filter(([name]) => !HIDDEN.includes(name))
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .filter((v) => v.trim() !== '')
  if (!words.length) return null
  return (
    <div class="dt-answer dt-held">
      <p class="dt-answer__who">{props.label ?? 'Your unsaved answer:'}</p>
      {props.held.values.answer !== undefined ? (
        <p class="dt-answer__text">{words.join(', ')}</p>
      ) : (
        <ul class="dt-answer__list">
          {words.map((w) => (
            <li>{w}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The held fields as hidden inputs, with a version for a form that had none. */
function CarriedFields(props: { held: Held; carried: [string, string | string[]][] }) {
  return (
    <>
      {props.carried.flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((v) => (
          <input type="hidden" name={name} value={v} />
        )),
      )}
      {props.held.values.version === undefined ? (
        <input type="hidden" name="version" value="0" />
      ) : null}
    </>
  )
}

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
  // Everything the form posted travels on, but the credentials typed here.
  const carried = carriedFields(props.held, ['email', 'password'])
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
      <HeldWords held={props.held} />
      <form method="post" action={props.held.action} novalidate>
        <CarriedFields held={props.held} carried={carried} />
        <EmailField error={errors.email} value={typeof email === 'string' ? email : undefined} />
        <CurrentPasswordField error={errors.password} />
        <Button>Sign in and save</Button>
      </form>
    </div>
  )
}

/**
 * A save the database refused (it was down, or failed mid-batch): nothing of it was written, and
 * the learner's words are held in this form, to send again as they were. It needs no database,
 * so it can be shown while D1 is unavailable. The same submission id travels on, so a save that
 * did land after all is recognised as saved when sent again. A password (from the held sign-in
 * form) is never written back into a page: without it, sending again asks to sign in.
 */
export function NotSavedPanel(props: { held: Held; reference: string }) {
  return (
    <div id="not-saved">
      <h1>We could not save your answer</h1>
      <p>
        Something went wrong on our side while saving, so this may not have been saved. Nothing is
        ever half-saved, and this page is holding your words: wait a moment, then press the button
        to save them again.
      </p>
      <HeldWords held={props.held} />
      <form method="post" action={props.held.action} novalidate>
        <CarriedFields held={props.held} carried={carriedFields(props.held, ['password'])} />
        <Button>Save again</Button>
      </form>
      <p>If it still does not save, copy your words somewhere safe and try again later.</p>
      <Reference id={props.reference} />
    </div>
  )
}

/** Words sent to a block the page does not show now, and why they were refused there. */
export type Unshown = {
  localId: string
  /** The block comes later than the thread reaches, or it is a tool sent a plain answer. */
  why: 'later' | 'tool'
  message: string
  values: Held['values']
}

/**
 * Words the page cannot show at their block: posted to a block further on than the learner has
 * got in this exercise (a tab left open while a tool before it was reopened, say), or to a tool
 * as a plain answer. They are shown here, where the error summary links, so they are never lost.
 */
function UnshownWords(props: { unshown: Unshown }) {
  return (
    <div class="dt-notice" id={`held-${props.unshown.localId}`} tabindex={-1}>
      <p>
        This is for a part of the exercise that comes later, after what you are working on now, so
        it cannot be shown yet. Copy your words somewhere safe, and add them when you get there.
      </p>
      <HeldWords held={{ action: '', values: props.unshown.values }} label="What you sent:" />
    </div>
  )
}

/** The error summary for such words, linking to them, and the words themselves. */
export function UnshownProblem(props: { unshown: Unshown }) {
  const u = props.unshown
  return (
    <>
      <ErrorSummary errors={[{ href: `#held-${u.localId}`, message: u.message }]} />
      <UnshownWords unshown={u} />
    </>
  )
}
