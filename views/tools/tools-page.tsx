/** Your tools: every tool, with what the learner made in each and where they made it. */
import { capital } from './parts'
import { ToolSummary } from './tool-block'

export type ToolEntryView = {
  label: string
  /** The exercise and module it was made in; null for one made outside the workbook. */
  where: { exercise: string; module: string } | null
  /** Where to see or change it in the workbook. */
  href: string
  lines: string[]
  /** Still being worked in. */
  unfinished: boolean
  /** Its saved data could not be opened. */
  unreadable: boolean
}

export type ToolListView = {
  name: string
  title: string
  summary: string
  /** The page where the learner can use this tool outside the workbook, and its link's words. */
  own: { href: string; label: string } | null
  entries: ToolEntryView[]
}

function Entry(props: { entry: ToolEntryView; full: boolean }) {
  const e = props.entry
  const lines = props.full ? e.lines : e.lines.slice(0, 3)
  // On a tool's own page the entries are its sections; on the index, a tool's.
  const Heading = props.full ? 'h2' : 'h3'
  return (
    <li class="dt-tool-entry">
      <Heading>
        <a href={e.href}>{e.label}</a>
      </Heading>
      <p class="dt-hint">
        {e.where ? (
          <>
            Made in <strong>{e.where.exercise}</strong> ({e.where.module})
          </>
        ) : (
          'Made outside the workbook'
        )}
        {e.unfinished ? '. Still in progress.' : '.'}
      </p>
      {e.unreadable ? (
        <p>We could not open this one. It is still stored, unchanged.</p>
      ) : (
        <ToolSummary lines={lines} />
      )}
      {!props.full && e.lines.length > 3 ? (
        <p class="dt-hint">and {e.lines.length - 3} more</p>
      ) : null}
    </li>
  )
}

/** Every built tool, with the learner's entries in each. */
export function ToolsIndexPage(props: { tools: ToolListView[] }) {
  return (
    <>
      <h1>Your tools</h1>
      <p>
        Everything you have made with the workbook’s tools, gathered in one place, with where you
        made it. To change something, open it in the workbook.
      </p>
      {props.tools.map((t) => (
        <section class="dt-tool-section" aria-labelledby={`tool-${t.name}`}>
          <h2 id={`tool-${t.name}`}>
            <a href={`/tools/${t.name}`}>{capital(t.title)}</a>
          </h2>
          <p class="dt-hint">{t.summary}</p>
          {t.own ? (
            <p>
              <a href={t.own.href}>{t.own.label}</a>
            </p>
          ) : null}
          {t.entries.length === 0 ? (
            <p>Nothing here yet. It fills in as you reach this tool in the workbook.</p>
          ) : (
            <ul class="dt-tool-entries">
              {t.entries.map((e) => (
                <Entry entry={e} full={false} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  )
}

/** One tool, with all of the learner's entries in full. */
export function ToolPage(props: { tool: ToolListView }) {
  const t = props.tool
  return (
    <>
      <p>
        <a class="dt-back-link" href="/tools">
          All your tools
        </a>
      </p>
      <h1>{capital(t.title)}</h1>
      <p>{t.summary}</p>
      {t.own ? (
        <p>
          <a class="dt-button dt-button--secondary" href={t.own.href}>
            {t.own.label}
          </a>
        </p>
      ) : null}
      {t.entries.length === 0 ? (
        <p>
          Nothing here yet. It fills in as you reach this tool in the{' '}
          <a href="/workbook">workbook</a>.
        </p>
      ) : (
        <ul class="dt-tool-entries">
          {t.entries.map((e) => (
            <Entry entry={e} full />
          ))}
        </ul>
      )}
    </>
  )
}
