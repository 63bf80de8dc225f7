import { NewPasswordFields } from './account-fields'
import { Button } from '../components/button'
import { ErrorSummary, summaryFor } from '../components/error-summary'
import { Field } from '../components/field'
import { Layout } from '../layout/layout'

/** The home page: for a learner, a calm place to pick up where they are; for a visitor, what this is. */
export function HomePage(props: {
  nonce?: string
  signedIn: boolean
  /** The exercise the learner is on (null once every exercise is answered). */
  current?: { id: string; title: string; moduleTitle: string } | null
  status?: string
}) {
  return (
    <Layout
      title={props.signedIn ? 'Welcome back' : 'Your career, in your own words'}
      nonce={props.nonce}
      signedIn={props.signedIn}
      status={props.status}
    >
      {props.signedIn ? (
        <>
          <h1>Welcome back</h1>
          {props.current ? (
            <p>
              You are working on <strong>{props.current.title}</strong>, in{' '}
              {props.current.moduleTitle}. There is no rush: your answers are saved as you go.
            </p>
          ) : (
            <p>
              You have answered every exercise. Everything you wrote is here to revisit and change.
            </p>
          )}
          <p>
            <Button href="/workbook">
              {props.current ? 'Continue the workbook' : 'Look back over the workbook'}
            </Button>
          </p>
          <p>
            <a href="/workbook/contents">See all parts of the workbook</a>
          </p>
        </>
      ) : (
        <>
          <h1>Your career, in your own words</h1>
          <p>
            DreamTree is a workbook for thinking about work and life. You start with your roots (who
            you are), look honestly at your trunk (where you stand now), and grow branches (where
            you might go next).
          </p>
          <p>
            What you write is encrypted with a key that only your password, or your recovery code,
            can unlock. Nobody else can read it, including us.
          </p>
          <p>
            <Button href="/sign-up">Create an account</Button>
          </p>
          <p>
            Already started? <a href="/sign-in">Sign in</a>.
          </p>
        </>
      )}
    </Layout>
  )
}

/** A signed-out confirmation. */
export function SignedOutPage(props: { nonce?: string }) {
  return (
    <Layout
      title="You have signed out"
      nonce={props.nonce}
      signedIn={false}
      status="You have signed out."
    >
      <h1>You have signed out</h1>
      <p>Your work is saved and locked until you sign in again.</p>
      <p>
        <a href="/sign-in">Sign in again</a>
      </p>
    </Layout>
  )
}

/** Account settings: for now, changing the password. */
export function AccountPage(props: {
  nonce?: string
  email: string
  errors?: Record<string, string>
  status?: string
}) {
  const errors = props.errors ?? {}
  return (
    <Layout
      title="Your account"
      nonce={props.nonce}
      signedIn={true}
      hasErrors={Object.keys(errors).length > 0}
      status={props.status}
    >
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
        <Field
          name="current"
          type="password"
          label="Current password"
          autocomplete="current-password"
          error={errors.current}
        />
        <NewPasswordFields errors={errors} />
        <Button>Change password</Button>
      </form>
    </Layout>
  )
}
