import { CurrentPasswordField, NewPasswordFields } from '../components/account-fields'
import { Button } from '../components/button'
import { ErrorSummary, summaryFor } from '../components/error-summary'
import { EmailSection, ProfileSection, RecoveryCodeSection } from './profile-sections'
import { day } from './when'

/** One place the learner is signed in. */
export type SessionView = {
  id: string
  createdAt: string
  lastSeenAt: string
  /** The session this page was loaded in. */
  current: boolean
  /** A coarse device name, or null for a session opened before devices were kept. */
  device: string | null
}

/** Where the learner is signed in, each session with a way to end it. */
function Sessions(props: { sessions: SessionView[] }) {
  const others = props.sessions.filter((s) => !s.current)
  return (
    <section aria-labelledby="sessions">
      <h2 id="sessions">Where you are signed in</h2>
      <ul class="dt-sessions">
        {props.sessions.map((s) => {
          const name = s.device ?? 'A device'
          return (
            <li>
              <p>
                <strong>{name}</strong>
                {s.current ? ' (this device)' : null}
                <br />
                Signed in on {day(s.createdAt)}, last used on {day(s.lastSeenAt)}.
              </p>
              {/* This device's session ends as a sign-out does, clearing what the browser holds. */}
              <form method="post" action={s.current ? '/sign-out' : '/account/sessions/end'}>
                <input type="hidden" name="session" value={s.id} />
                <Button variant="secondary">
                  {s.current ? 'End this session' : 'End session'}
                  <span class="dt-visually-hidden">
                    {s.current ? '' : ` on ${name}, last used on ${day(s.lastSeenAt)}`}
                  </span>
                </Button>
              </form>
            </li>
          )
        })}
      </ul>
      <p>
        <a href="/account/security">Your security events</a>: sign-ins, changes to your account and
        downloads of your data, newest first.
      </p>
      {others.length ? (
        <form method="post" action="/account/sessions/end-others">
          <Button variant="secondary">End every other session</Button>
        </form>
      ) : null}
    </section>
  )
}

/** The three downloads of everything the learner has written, each with what it is for. */
function YourData() {
  return (
    <section aria-labelledby="your-data">
      <h2 id="your-data">Your data</h2>
      <p>Take a copy of everything you have written and made, whenever you like.</p>
      <ul>
        <li>
          <a href="/account/export.json">Download your data as JSON</a>: one file with all of it, to
          restore into DreamTree later.
        </li>
        <li>
          <a href="/account/export.zip">Download a ZIP to read</a>: your answers as documents you
          can open anywhere, with the JSON file inside.
        </li>
        <li>
          <a href="/account/print">Print your workbook</a>: the whole workbook on one page, to print
          or save as a PDF.
        </li>
      </ul>
      <p>
        <a href="/account/import">Restore your workbook from a JSON file</a>: it shows you what the
        file holds before anything changes.
      </p>
      <p class="dt-hint">
        If you have not entered your password in the last 10 minutes, we ask for it again first. The
        files are not encrypted, so keep them somewhere safe.
      </p>
    </section>
  )
}

/** The fields of the page's forms, in the order they appear, for the error summary. */
const FIELD_ORDER = [
  'display_name',
  'email',
  'email_password',
  'recovery_password',
  'current',
  'password',
  'confirm',
]

/**
 * Account settings: the learner's profile (name, email address, recovery code), where they are
 * signed in, and changing the password.
 */
export function AccountPage(props: {
  email: string
  displayName: string | null
  /** When the current recovery code was made (ISO), or null. */
  recoveryMadeAt: string | null
  sessions: SessionView[]
  errors?: Record<string, string>
  /** What the learner typed into a form that came back with a problem. */
  values?: Record<string, string>
  status?: string
}) {
  const errors = props.errors ?? {}
  const values = props.values ?? {}
  return (
    <>
      <ErrorSummary errors={summaryFor(errors, FIELD_ORDER)} />
      <h1>Your account</h1>
      <p>
        You are signed in as{' '}
        {props.displayName ? (
          <>
            <strong>{props.displayName}</strong> ({props.email})
          </>
        ) : (
          <strong>{props.email}</strong>
        )}
        .
      </p>
      {props.status ? <p class="dt-notice">{props.status}</p> : null}
      <ProfileSection displayName={props.displayName} errors={errors} values={values} />
      <EmailSection errors={errors} values={values} />
      <RecoveryCodeSection madeAt={props.recoveryMadeAt} errors={errors} values={values} />
      <Sessions sessions={props.sessions} />
      <YourData />
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
      <section aria-labelledby="delete">
        <h2 id="delete">Delete your account</h2>
        <p>
          You can delete your account and everything in it at any time. You can take a copy of your
          work first.
        </p>
        <p>
          <a href="/account/delete">Delete your account</a>
        </p>
      </section>
    </>
  )
}
