/**
 * What comes back from earlier exercises, shown in a block: a note on where a tool's or form's
 * starting words came from, a read-only list beside a question, or a sentence quoting earlier
 * answers. Each is marked with the connection's source and use, and an empty source says so
 * calmly, with the way back to it.
 */
import type { Echo } from './question'
import { capital } from '../tools/parts'

const attrs = (echo: Echo) => ({
  'data-connection': echo.from.placementId,
  'data-use': echo.use,
  'data-empty': echo.items.length === 0 ? '' : undefined,
})

const Source = (props: { echo: Echo }) => <a href={props.echo.from.href}>{props.echo.from.title}</a>

/** "a, b and c", with "and N more" when some are left out; each quoted when it is free text. */
export function joinItems(echo: Echo): string {
  const words = echo.items.map((i) => (echo.quoted ? `“${i}”` : i))
  if (echo.more > 0) words.push(`${echo.more} more`)
  if (words.length <= 1) return words[0] ?? ''
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`
}

/** One connection as a note, a list or a sentence. */
export function EchoNote(props: { echo: Echo }) {
  const e = props.echo
  const empty = e.items.length === 0
  switch (e.use) {
    case 'reference':
      return empty ? (
        <p class="dt-echo dt-echo--empty" {...attrs(e)}>
          Nothing is in {e.what} in <Source echo={e} /> yet. It will show here once you have written
          it there.
        </p>
      ) : (
        <div class="dt-echo dt-echo--reference" {...attrs(e)}>
          <p class="dt-echo__from">
            From {e.what} in <Source echo={e} />:
          </p>
          <ul class="dt-echo__list">
            {e.items.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
          {e.more > 0 ? <p class="dt-echo__more">And {e.more} more there.</p> : null}
        </div>
      )
    case 'mention':
      return empty ? (
        <p class="dt-echo dt-echo--empty" {...attrs(e)}>
          {e.fallback ? (
            <>
              {capital(e.fallback)} will show here once you have filled in <Source echo={e} />.
            </>
          ) : (
            <>
              Nothing from <Source echo={e} /> yet: once you have filled it in, it will show here.
            </>
          )}
        </p>
      ) : (
        <p class="dt-echo dt-echo--mention" {...attrs(e)}>
          In <Source echo={e} /> you wrote {joinItems(e)}.
        </p>
      )
    case 'prefill':
    case 'hydrate':
      if (empty) {
        return (
          <p class="dt-echo dt-echo--empty" {...attrs(e)}>
            This could start from {e.what} in <Source echo={e} />, which is empty so far, so it
            starts blank.
          </p>
        )
      }
      return (
        <p class="dt-echo dt-echo--from" {...attrs(e)}>
          {e.started ? (
            <>
              This starts from {e.what} in <Source echo={e} />. Change anything you like: nothing
              here is saved until you choose a button.
            </>
          ) : (
            <>
              Linked to {e.what} in <Source echo={e} />.
            </>
          )}
        </p>
      )
  }
}

/** Every connection of a block, in the order the content declares them. */
export function Echoes(props: { echoes?: readonly Echo[] }) {
  if (!props.echoes?.length) return null
  return (
    <div class="dt-echoes">
      {props.echoes.map((echo) => (
        <EchoNote echo={echo} />
      ))}
    </div>
  )
}

/** A content block's mention, in place of its token: the words quoted, or the fallback linked. */
export function InlineMention(props: { echo: Echo }) {
  const e = props.echo
  if (e.items.length === 0) {
    return (
      <span class="dt-mention dt-mention--empty" {...attrs(e)}>
        <a href={e.from.href}>{e.fallback ?? e.what}</a>
      </span>
    )
  }
  return (
    <span class="dt-mention" {...attrs(e)}>
      {joinItems(e)}
    </span>
  )
}
