import { Button } from '../components/button'

/** The home page: for a learner, a calm place to pick up where they are; for a visitor, what this is. */
export function HomePage(props: {
  signedIn: boolean
  /** The exercise the learner is on (null once every exercise is answered). */
  current?: { id: string; title: string; moduleTitle: string } | null
}) {
  return (
    <>
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
            What you write is stored encrypted, with a key that only your password, or your recovery
            code, can unlock: our database alone reveals none of it. While you are signed in,
            DreamTree unlocks your words only to show them to you.
          </p>
          <p>
            <Button href="/sign-up">Create an account</Button>
          </p>
          <p>
            Already started? <a href="/sign-in">Sign in</a>.
          </p>
        </>
      )}
    </>
  )
}
