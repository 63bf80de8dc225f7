import { CurrentPasswordField, NewPasswordFields } from '../components/account-fields'
import { Button } from '../components/button'
import { ErrorSummary, summaryFor } from '../components/error-summary'

/** Account settings: for now, changing the password. */
export function AccountPage(props: {
  email: string
  errors?: Record<string, string>
  status?: string
}) {
  const errors = props.errors ?? {}
  return (
    <>
      <ErrorSummary errors={summaryFor(errors, ['current', 'password', 'confirm'])} />
      <h1>Your account</h1>
      <p>
        You are signed in as <strong>{props.email}</strong>.
      </p>
      {props.status ? <p class="dt-notice">{props.status}</p> : null}
      <h2>Change your password</h2>
      <p>
        Changing your password signs you out everywhere else. Your writing stays readable: we
        re-lock the same key.
      </p>
      <form method="post" action="/account/password" novalidate>
        <CurrentPasswordField name="current" label="Current password" error={errors.current} />
        <NewPasswordFields errors={errors} />
        <Button>Change password</Button>
      </form>
    </>
  )
}
