import { Button } from '../components/button'
import { ErrorSummary, summaryFor } from '../components/error-summary'
import { FileField } from '../components/field'
import { day } from './when'

/** How much of one kind an export file holds, in words: "Answers: 275". */
export type ImportCount = { label: string; count: number }

/** Step 1 of a restore: choose the JSON export to upload. */
export function ImportPage(props: { errors?: Record<string, string>; maxMb: number }) {
  const errors = props.errors ?? {}
  return (
    <>
      <ErrorSummary errors={summaryFor(errors, ['file'])} />
      <h1>Restore your workbook from an export</h1>
      <p>
        If you downloaded your data as a JSON file, you can bring it back here: into this account,
        or into a new one after deleting the old. You will see what the file holds before anything
        changes.
      </p>
      <p>
        Restoring <strong>replaces</strong> everything in your workbook now with what the file
        holds: answers, tools, skills, stories, settings and your display name. Your email address,
        password and sessions stay as they are. If you want to keep what is here,{' '}
        <a href="/account/export.json">download it first</a>.
      </p>
      <form method="post" action="/account/import" enctype="multipart/form-data" novalidate>
        <FileField
          name="file"
          label="Your export file"
          hint={`The .json file from “Download for restoring”, or dreamtree-export.json from inside the ZIP. At most ${props.maxMb} MB.`}
          accept=".json,application/json"
          error={errors.file}
        />
        <Button>Upload and check the file</Button>
      </form>
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </>
  )
}

/** Step 2: what the file holds, and the choice to restore it or not. */
export function ImportPreview(props: {
  exportedAt: string
  email: string
  sameAccount: boolean
  counts: ImportCount[]
  errors?: Record<string, string>
}) {
  const errors = props.errors ?? {}
  return (
    <>
      <ErrorSummary errors={summaryFor(errors, ['confirm'])} />
      <h1>Check what the file holds</h1>
      <p>
        This export was made on <strong>{day(props.exportedAt)}</strong>
        {props.sameAccount ? ', from this account.' : <>, from the account {props.email}.</>}
      </p>
      {props.counts.length ? (
        <table class="dt-events">
          <caption>What will be restored</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">How many</th>
            </tr>
          </thead>
          <tbody>
            {props.counts.map((c) => (
              <tr>
                <th scope="row">{c.label}</th>
                <td>{c.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>The file holds no answers or tools: restoring it would leave your workbook empty.</p>
      )}
      <p>
        Restoring replaces everything in your workbook now with this. It happens all at once: if
        anything goes wrong part-way, nothing changes.
      </p>
      <form method="post" action="/account/import/confirm" id="confirm">
        <Button variant="warning">Replace my workbook with this file</Button>
      </form>
      <form method="post" action="/account/import/cancel">
        <Button variant="secondary">Do not restore it</Button>
      </form>
    </>
  )
}
