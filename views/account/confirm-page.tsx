import { CurrentPasswordField } from '../components/account-fields'
import { Button } from '../components/button'
import { ErrorSummary, summaryFor } from '../components/error-summary'

/**
 * The password check before a sensitive action (sudo mode): the learner re-enters their
 * password, and is sent on to the action.
 */
export function ConfirmPage(props: { next: string; errors?: Record<string, string> }) {
  const errors = props.errors ?? {}
  return (
    <>
      <ErrorSummary errors={summaryFor(errors, ['password'])} />
      <h1>Confirm it is you</h1>
      <p>
        Downloading or restoring your data, making a new recovery code, changing your email address
        and deleting your account all ask for your password again, when you have not entered it in
        the last 10 minutes. It keeps your data yours on a device someone else might pick up.
      </p>
      <form method="post" action="/account/confirm" novalidate>
        <input type="hidden" name="next" value={props.next} />
        <CurrentPasswordField error={errors.password} />
        <Button>Confirm and carry on</Button>
      </form>
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </>
  )
}
