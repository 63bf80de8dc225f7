import { dayAndTime } from './when'

/** One security event as the page shows it: when, and what happened in plain words. */
export type SecurityEventView = { createdAt: string; what: string }

/** The learner's own security log: what happened to their account and when, newest first. */
export function SecurityPage(props: {
  events: SecurityEventView[]
  /** The id to page back from, when there are older events. */
  older: number | null
  /** This page is not the newest one. */
  paged: boolean
}) {
  return (
    <>
      <h1>Security events</h1>
      <p>
        What has happened to your account, newest first: sign-ins and sign-outs, changes to your
        password, email or recovery code, and downloads or restores of your data. It holds no
        writing and no addresses. If you see something you did not do, change your password: that
        signs out every other device.
      </p>
      {props.events.length === 0 ? (
        <p>There are no events {props.paged ? 'older than these' : 'yet'}.</p>
      ) : (
        <table class="dt-events">
          <caption class="dt-visually-hidden">Security events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((e) => (
              <tr>
                <td>{dayAndTime(e.createdAt)}</td>
                <td>{e.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {props.older !== null ? (
          <a href={`/account/security?before=${props.older}`}>Older events</a>
        ) : null}
        {props.older !== null && props.paged ? ' · ' : null}
        {props.paged ? <a href="/account/security">Newest events</a> : null}
      </p>
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </>
  )
}
