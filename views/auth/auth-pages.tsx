import type { Child } from 'hono/jsx'
import { CurrentPasswordField, EmailField, NewPasswordFields } from '../components/account-fields'
import { Button } from '../components/button'
import { ErrorSummary, summaryFor } from '../components/error-summary'
import { Field } from '../components/field'

type Values = Record<string, string | string[] | undefined>
type FormProps = { errors?: Record<string, string>; values?: Values; next?: string }

const str = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined)

/** The sign-up panel: its own HTMX target, so a 422 swaps just this. */
export function SignUpForm(props: FormProps) {
  const errors = props.errors ?? {}
  const values = props.values ?? {}
  return (
    <div id="auth-panel">
      <ErrorSummary errors={summaryFor(errors, ['email', 'password', 'confirm'])} />
      <h1>Create your DreamTree account</h1>
      <p>
        Everything you write in DreamTree is stored encrypted, with a key that only your password,
        or the recovery code we give you next, can unlock. Our database alone reveals none of it.
      </p>
      <PanelForm action="/sign-up">
        <EmailField error={errors.email} value={str(values.email)} />
        <NewPasswordFields
          errors={errors}
          label="Create a password"
          confirmLabel="Type the password again"
          hint="At least 12 characters. A few unrelated words make a strong, memorable password. Pasting from a password manager is fine."
        />
        <Button>Create account</Button>
      </PanelForm>
      <p>
        Already have an account? <a href="/sign-in">Sign in</a>.
      </p>
    </div>
  )
}

/** The sign-in panel. `held` carries typed-but-unsaved text across a session timeout. */
export function SignInForm(props: FormProps & { notice?: string }) {
  const errors = props.errors ?? {}
  const values = props.values ?? {}
  return (
    <div id="auth-panel">
      <ErrorSummary errors={summaryFor(errors, ['email', 'password'])} />
      <h1>Sign in</h1>
      {props.notice ? <p class="dt-notice">{props.notice}</p> : null}
      <PanelForm action="/sign-in">
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <EmailField error={errors.email} value={str(values.email)} />
        <CurrentPasswordField error={errors.password} />
        <Button>Sign in</Button>
      </PanelForm>
      <p>
        <a href="/recover">Forgotten your password?</a> You can reset it with your recovery code.
      </p>
      <p>
        New to DreamTree? <a href="/sign-up">Create an account</a>.
      </p>
    </div>
  )
}

/** "Forgotten password": email, recovery code and a new password. */
export function RecoverForm(props: FormProps) {
  const errors = props.errors ?? {}
  const values = props.values ?? {}
  return (
    <div id="auth-panel">
      <ErrorSummary errors={summaryFor(errors, ['email', 'code', 'password', 'confirm'])} />
      <h1>Reset your password with your recovery code</h1>
      <p>
        Your recovery code was shown once when you created your account. It unlocks your data, so
        you can choose a new password. Without it, we cannot recover your account: your writing is
        encrypted under a key that only your password or this code unlocks.
      </p>
      <PanelForm action="/recover">
        <EmailField error={errors.email} value={str(values.email)} />
        <Field
          name="code"
          label="Recovery code"
          autocomplete="off"
          spellcheck={false}
          hint="26 letters and numbers, for example 7QK2-M9XD-… Capitals and hyphens do not matter."
          error={errors.code}
        />
        <NewPasswordFields errors={errors} />
        <Button>Reset password</Button>
      </PanelForm>
    </div>
  )
}

/** What brought the learner to a new recovery code: a new account, a reset or a renewal. */
export type RecoveryCodeAfter = 'sign-up' | 'recovery' | 'renewed'

const RECOVERY_CODE_INTRO: Record<RecoveryCodeAfter, string> = {
  'sign-up': 'Your account is ready. This is your recovery code:',
  recovery:
    'Your password has been changed, and you have a new recovery code. This is your recovery code:',
  renewed: 'This is your new recovery code. The old one no longer works.',
}

/** Shows a new recovery code once, with plain words on what it is for. */
export function RecoveryCodePage(props: { code: string; after: RecoveryCodeAfter }) {
  return (
    <>
      <h1>
        {props.after === 'renewed' ? 'Save your new recovery code' : 'Save your recovery code'}
      </h1>
      <p>{RECOVERY_CODE_INTRO[props.after]}</p>
      <p class="dt-recovery-code" id="recovery-code">
        {props.code}
      </p>
      <p>It is the only way back into your writing if you forget your password.</p>
      <ul>
        <li>Write it down, or keep it in a password manager. Keep it somewhere safe.</li>
        <li>We will not show it again, and we cannot look it up for you: we do not keep it.</li>
        <li>
          If you lose both your password and this code, your writing cannot be recovered, by you or
          by us. That is the price of it being truly private.
        </li>
      </ul>
      <form method="post" action="/recovery-code/saved">
        {props.after === 'renewed' ? <input type="hidden" name="after" value="renewed" /> : null}
        <Button>I have saved my recovery code</Button>
      </form>
    </>
  )
}

/**
 * A form that posts to `action` and, with htmx, swaps its own `#auth-panel` with the answer
 * (the same panel with errors, or a redirect).
 */
function PanelForm(props: { action: string; children: Child }) {
  return (
    <form
      method="post"
      action={props.action}
      novalidate
      hx-post={props.action}
      hx-target="#auth-panel"
      hx-swap="outerHTML"
    >
      {props.children}
    </form>
  )
}

/** A signed-out confirmation. */
export function SignedOutPage() {
  return (
    <>
      <h1>You have signed out</h1>
      <p>Your work is saved and locked until you sign in again.</p>
      <p>
        <a href="/sign-in">Sign in again</a>
      </p>
    </>
  )
}
