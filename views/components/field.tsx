import { describedBy, LabelledControl } from './field-parts'

export type FieldProps = {
  name: string
  label: string
  id?: string
  hint?: string
  error?: string
  value?: string
  type?: 'text' | 'email' | 'password' | 'number'
  autocomplete?: string
  optional?: boolean
  maxlength?: number
  spellcheck?: boolean
  inputmode?: 'text' | 'numeric' | 'email'
  /** Wider or narrower than the default, as a CSS modifier (`dt-input--w20`). */
  width?: 'w10' | 'w20' | 'w30' | 'full'
  /** Wrap the label in a heading when the question is the heading of its page or block. */
  heading?: 'h1' | 'h2'
  /** Focus this control when it arrives (an htmx swap that moved the learner on). */
  autofocus?: boolean
}

/**
 * A single-line input with label, hint and error wired the GOV.UK way.
 * @example <Field name="email" type="email" label="Email address" autocomplete="email" error={errors.email} value={values.email} />
 */
export function Field(props: FieldProps) {
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
      <input
        class={`dt-input dt-input--${props.width ?? 'full'}${props.error ? ' dt-input--error' : ''}`}
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        spellcheck={props.spellcheck}
        inputmode={props.inputmode}
        autofocus={props.autofocus}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </LabelledControl>
  )
}
