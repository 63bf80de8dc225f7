/** The pieces every tool view shares: action buttons, and the text field of a tool. */
import type { Child } from 'hono/jsx'
import { ErrorMessage } from '../components/field-parts'
import { actionUrl, toolFieldId, type ToolFrame } from './tool'

/**
 * A button that posts its tool's form to one action. Without JavaScript `formaction` sends the
 * form there; with htmx, `hx-post` does the same and swaps the tool's block. An item the button
 * acts on rides in the URL, so the request is the same either way.
 */
export function ActionButton(props: {
  frame: ToolFrame
  action: string
  item?: string
  children: Child
  variant?: 'primary' | 'secondary' | 'warning' | 'link'
  id?: string
  disabled?: boolean
  /** Names in the tool (without the `<localId>-` prefix) of its hint or error, for `aria-describedby`. */
  describedBy?: string[]
}) {
  const url = actionUrl(props.frame, props.action, props.item)
  const id = props.id ? toolFieldId(props.frame, props.id) : undefined
  return (
    <button
      type="submit"
      class={`dt-button dt-button--${props.variant ?? 'secondary'}`}
      formaction={url}
      hx-post={url}
      id={id}
      disabled={props.disabled}
      aria-describedby={
        props.describedBy?.length
          ? props.describedBy.map((name) => toolFieldId(props.frame, name)).join(' ')
          : undefined
      }
      autofocus={!!props.id && props.frame.focus === props.id && !props.frame.error}
    >
      {props.children}
    </button>
  )
}

/** A sentence's first letter in capitals. */
export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** A count with its noun: `plural(1, 'skill')` is "1 skill". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** A tool's error for one field, before the control, the GOV.UK way. */
export function fieldError(frame: ToolFrame, name: string): string | undefined {
  return frame.error?.field === name ? frame.error.message : undefined
}

/** What a field shows: what was just typed (with a problem), else its stored text. */
export function shown(frame: ToolFrame, name: string, stored: string): string {
  return frame.kept?.[name] ?? stored
}

/** Whether this field takes focus after a swap. */
export function focused(frame: ToolFrame, name: string): boolean {
  return frame.focus === name && !frame.error
}

/**
 * A tool's single-line text field, the GOV.UK way: label, hint, then the error before the
 * control, all wired with `aria-describedby`; it shows what was just typed with a problem, else
 * `stored`, and takes focus after a swap when the tool says so.
 */
export function ToolTextField(props: {
  frame: ToolFrame
  name: string
  label: string
  stored: string
  hint?: string
  inputmode?: 'decimal'
  /** A modifier of the field's wrapper (its layout within the tool). */
  fieldClass?: string
  /** A modifier of the input itself (its width). */
  inputClass?: string
}) {
  const { frame, name } = props
  const id = toolFieldId(frame, name)
  const error = fieldError(frame, name)
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ')
  return (
    <div
      class={`dt-field${props.fieldClass ? ` ${props.fieldClass}` : ''}${error ? ' dt-field--error' : ''}`}
    >
      <label class="dt-label" for={id}>
        {props.label}
      </label>
      {props.hint ? (
        <div class="dt-hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      <ErrorMessage id={id} error={error} />
      <input
        class={`dt-input${props.inputClass ? ` ${props.inputClass}` : ''}${error ? ' dt-input--error' : ''}`}
        id={id}
        name={name}
        value={shown(frame, name, props.stored)}
        inputmode={props.inputmode}
        autocomplete={props.inputmode ? 'off' : undefined}
        aria-describedby={described || undefined}
        aria-invalid={error ? 'true' : undefined}
        autofocus={focused(frame, name)}
      />
    </div>
  )
}
