/** One of the learner's own tools, outside the workbook: the tool itself, on a page of its own. */
import { ErrorSummary } from '../components/error-summary'
import { errorHref, type ToolFrame, type ToolView } from './tool'
import { ToolBlock } from './tool-block'

export function OwnToolPage(props: { frame: ToolFrame; view: ToolView; toolTitle: string }) {
  const f = props.frame
  const problem = f.error
    ? { href: errorHref(f, f.error.field), message: f.error.message }
    : f.notice
      ? { href: `#b-${f.localId}`, message: f.notice }
      : undefined
  return (
    <>
      {problem ? <ErrorSummary errors={[problem]} /> : null}
      <p>
        <a class="dt-back-link" href={f.own?.back ?? '/tools'}>
          Back to your {props.toolTitle} entries
        </a>
      </p>
      <h1>{f.label}</h1>
      <p>
        This is yours to use outside the workbook, at any time. It is saved and encrypted like
        everything you write here.
      </p>
      <ol class="dt-thread">
        <ToolBlock frame={f} view={props.view} />
      </ol>
    </>
  )
}
