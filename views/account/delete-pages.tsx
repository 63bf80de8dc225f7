import { CurrentPasswordField } from '../components/account-fields'
import { Button } from '../components/button'
import { ErrorSummary, summaryFor } from '../components/error-summary'

/** The three ways to take a copy of everything, each a plain download or page. */
function ExportLinks() {
  return (
    <ul>
      <li>
        <a href="/account/export.zip">Download your workbook as a ZIP file</a>, with a file for each
        part that you can open and read anywhere
      </li>
      <li>
        <a href="/account/export.json">Download your data as a JSON file</a>, to restore it into a
        new account later
      </li>
      <li>
        <a href="/account/print">Open the print view</a>, to print your workbook or save it as a PDF
      </li>
    </ul>
  )
}

/**
 * Step one of deleting the account: what deletion does, the export offered first, and the
 * password again.
 */
export function DeleteAccountPage(props: { errors?: Record<string, string> }) {
  const errors = props.errors ?? {}
  return (
    <>
      <ErrorSummary errors={summaryFor(errors, ['password'])} />
      <h1>Delete your account</h1>
      <p>Deleting your account removes everything in it, for good:</p>
      <ul>
        <li>every answer you have written, and every earlier version of it;</li>
        <li>
          everything in your tools: lists, rankings, skills, stories, the flow log, the budget and
          the rest;
        </li>
        <li>your settings, the places you are signed in and your security events.</li>
      </ul>
      <p>
        It cannot be undone. Once it is done we cannot get any of it back for you, because we keep
        no copy.
      </p>
      <h2>Take a copy first</h2>
      <p>If you might want your words again, save them before you go:</p>
      <ExportLinks />
      <h2>Enter your password</h2>
      <p>To make sure it is you, enter your password. You can still change your mind after this.</p>
      <form method="post" action="/account/delete" novalidate>
        <CurrentPasswordField error={errors.password} />
        <Button>Continue</Button>
      </form>
      <p>
        <a href="/account">Keep my account</a>
      </p>
    </>
  )
}

/** Step two: the last check before the account and everything in it are deleted. */
export function DeleteConfirmPage() {
  return (
    <>
      <h1>Are you sure you want to delete your account?</h1>
      <p>
        Your account and everything in it will be deleted straight away: your answers, your tools,
        your settings and your history. It cannot be undone, and we cannot recover any of it.
      </p>
      <p>
        Last chance to take a copy: <a href="/account/export.zip">the ZIP file</a>,{' '}
        <a href="/account/export.json">the JSON file</a> or{' '}
        <a href="/account/print">the print view</a>.
      </p>
      <form method="post" action="/account/delete/confirm">
        <Button variant="warning">Delete my account and everything in it</Button>
      </form>
      <p>
        <a href="/account">Keep my account</a>
      </p>
    </>
  )
}

/** After deletion: calm, and signed out. */
export function GoodbyePage() {
  return (
    <>
      <h1>Your account has been deleted</h1>
      <p>
        Your account and everything in it are gone: your answers, your tools and your history. Thank
        you for the time you spent with DreamTree.
      </p>
      <p>If you would like to come back, you can start again with a new account at any time.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  )
}
