/**
 * The bodies of the error pages. Each ends with the request's reference, so a learner can quote
 * it and an operator can find the matching log line.
 */

/** The request's reference, quoted on every error page. */
export function Reference(props: { id: string }) {
  return (
    <p class="dt-reference">
      If you get in touch about this, quote the reference <span class="dt-code">{props.id}</span>.
    </p>
  )
}

/** A generic "not found" page: no internals, a way home. */
export function NotFoundPage(props: { reference: string }) {
  return (
    <>
      <h1>Page not found</h1>
      <p>We could not find that page. If you typed the address, check it is spelled correctly.</p>
      <p>
        <a href="/">Go to the start</a>
      </p>
      <Reference id={props.reference} />
    </>
  )
}

/** The generic error page: it never shows a stack trace, SQL or a token. */
export function ErrorPage(props: { reference: string }) {
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
      <Reference id={props.reference} />
    </>
  )
}

/** 413: the form was larger than we accept. */
export function TooLargePage(props: { reference: string }) {
  return (
    <>
      <h1>That was too much to send at once</h1>
      <p>
        What you sent was larger than we can accept in one go. Go back, shorten the longest answer,
        and try again. Your earlier saved answers are safe.
      </p>
      <Reference id={props.reference} />
    </>
  )
}

/** 429: too many attempts; says when to try again, calmly. Also swapped into `<main>` for htmx. */
export function TooManyAttempts(props: { retryAfterMinutes: number; reference: string }) {
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
      <Reference id={props.reference} />
    </>
  )
}

/** 403: a cross-site form post, or an action that is not allowed. */
export function ForbiddenPage(props: { reference: string }) {
  return (
    <>
      <h1>This request was blocked</h1>
      <p>
        The form was sent from somewhere other than DreamTree, so we did not act on it. If you were
        using DreamTree, go back, reload the page and try again.
      </p>
      <Reference id={props.reference} />
    </>
  )
}

/** 400: a request we could not read (a malformed form body). */
export function BadRequestPage(props: { reference: string }) {
  return (
    <>
      <h1>We could not read that request</h1>
      <p>
        What your browser sent could not be read, so nothing was changed. Go back, reload the page
        and try again. Anything you had already saved is safe.
      </p>
      <Reference id={props.reference} />
    </>
  )
}

/** 415: a post that is not a form. DreamTree only ever sends forms. */
export function UnsupportedPage(props: { reference: string }) {
  return (
    <>
      <h1>This request was blocked</h1>
      <p>
        DreamTree only accepts what its own forms send, and this was something else, so we did not
        act on it. If you were using DreamTree, go back, reload the page and try again.
      </p>
      <Reference id={props.reference} />
    </>
  )
}
