import { describedBy, ErrorMessage, Hint, LabelText } from './field-parts'

/**
 * A multi-line answer. The typed text is always rendered back, even with an error.
 * @example <TextArea name="answer" label="What did you notice?" hint="Up to 4,000 characters." value={values.answer} />
 */
export function TextArea(props: {
  name: string
  label: string
  id?: string
  hint?: string
  error?: string
  value?: string
  rows?: number
  optional?: boolean
  maxlength?: number
  /** Render the label as the page heading (one question per page). */
  labelAsHeading?: boolean
}) {
  const id = props.id ?? props.name
  const label = (
    <label class="dt-label" for={id}>
      <LabelText label={props.label} optional={props.optional} />
    </label>
  )
  return (
    <div class={`dt-field${props.error ? ' dt-field--error' : ''}`}>
      {props.labelAsHeading ? <h1 class="dt-label-wrapper">{label}</h1> : label}
      <Hint id={id} hint={props.hint} />
      <ErrorMessage id={id} error={props.error} />
      <textarea
        class={`dt-textarea${props.error ? ' dt-textarea--error' : ''}`}
        id={id}
        name={props.name}
        rows={props.rows ?? 6}
        maxlength={props.maxlength}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  )
}
