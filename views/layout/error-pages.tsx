/** A generic "not found" page: no internals, a way home. */
export function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>We could not find that page. If you typed the address, check it is spelled correctly.</p>
      <p>
        <a href="/">Go to the start</a>
      </p>
    </>
  )
}

/** The generic error page: it never shows a stack trace, SQL or a token. */
export function ErrorPage() {
  return (
    <>
      <h1>Sorry, something went wrong</h1>
      <p>This is a problem on our side, not something you did.</p>
      <p>
        Anything you had already saved is safe. If you were typing, use your browser’s back button:
        your words should still be in the form.
      </p>
      <p>
        <a href="/">Go to the start</a>
      </p>
    </>
  )
}

/** 413: the form was larger than we accept. */
export function TooLargePage() {
  return (
    <>
      <h1>That was too much to send at once</h1>
      <p>
        What you sent was larger than we can accept in one go. Go back, shorten the longest answer,
        and try again. Your earlier saved answers are safe.
      </p>
    </>
  )
}

/** 429: too many attempts; says when to try again, calmly. Also swapped into `<main>` for htmx. */
export function TooManyAttempts(props: { retryAfterMinutes: number }) {
  return (
    <>
      <h1 tabindex={-1} autofocus>
        Too many attempts
      </h1>
      <p>
        To keep accounts safe, we pause sign-in and account changes after many attempts in a short
        time.
      </p>
      <p>
        Please try again in {props.retryAfterMinutes}{' '}
        {props.retryAfterMinutes === 1 ? 'minute' : 'minutes'}.
      </p>
    </>
  )
}

/** 403: a cross-site form post, or an action that is not allowed. */
export function ForbiddenPage() {
  return (
    <>
      <h1>This request was blocked</h1>
      <p>
        The form was sent from somewhere other than DreamTree, so we did not act on it. If you were
        using DreamTree, go back, reload the page and try again.
      </p>
    </>
  )
}
