import { describedBy, LabelledControl } from './field-parts'

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
  /** Wrap the label in a heading when the question is the heading of its page or block. */
  heading?: 'h1' | 'h2'
  /** Focus this control when it arrives (an htmx swap that moved the learner on). */
  autofocus?: boolean
}) {
  const id = props.id ?? props.name
  return (
    <LabelledControl
      id={id}
      label={props.label}
      hint={props.hint}
      error={props.error}
      optional={props.optional}
      heading={props.heading}
    >
      <textarea
        class={`dt-textarea${props.error ? ' dt-textarea--error' : ''}`}
        id={id}
        name={props.name}
        rows={props.rows ?? 6}
        maxlength={props.maxlength}
        autofocus={props.autofocus}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </LabelledControl>
  )
}
