import { describedBy, frameOf, LabelledControl, type ControlProps } from './field-parts'

export type FieldProps = ControlProps & {
  type?: 'text' | 'email' | 'password' | 'number'
  autocomplete?: string
  maxlength?: number
  spellcheck?: boolean
  inputmode?: 'text' | 'numeric' | 'email'
  /** Wider or narrower than the default, as a CSS modifier (`dt-input--w20`). */
  width?: 'w10' | 'w20' | 'w30' | 'full'
}

/**
 * A single-line input with label, hint and error wired the GOV.UK way.
 * @example <Field name="email" type="email" label="Email address" autocomplete="email" error={errors.email} value={values.email} />
 */
export function Field(props: FieldProps) {
  const id = props.id ?? props.name
  return (
    <LabelledControl {...frameOf(props)}>
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

/**
 * A file upload with label, hint and error wired the GOV.UK way.
 * @example <FileField name="file" label="Export file" accept=".json,application/json" error={errors.file} />
 */
export function FileField(props: ControlProps & { accept?: string }) {
  const id = props.id ?? props.name
  return (
    <LabelledControl {...frameOf(props)}>
      <input
        class="dt-file-upload"
        id={id}
        name={props.name}
        type="file"
        accept={props.accept}
        autofocus={props.autofocus}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </LabelledControl>
  )
}
