import { describedBy, frameOf, LabelledControl, type ControlProps } from './field-parts'

/**
 * A multi-line answer. The typed text is always rendered back, even with an error.
 * @example <TextArea name="answer" label="What did you notice?" hint="Up to 4,000 characters." value={values.answer} />
 */
export function TextArea(props: ControlProps & { rows?: number; maxlength?: number }) {
  const id = props.id ?? props.name
  return (
    <LabelledControl {...frameOf(props)}>
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
        {/* A textarea drops the first newline of its content: this one, so the text's own survives. */}
        {`\n${props.value ?? ''}`}
      </textarea>
    </LabelledControl>
  )
}
