/** The label, hint and error pieces that every form control shares (GOV.UK wiring). */
import type { Child } from 'hono/jsx'

/** The ids a control lists in `aria-describedby`: its hint and its error, when present. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

/** Label text, with "(optional)" on optional fields: no asterisks. */
export function LabelText(props: { label: string; optional?: boolean }) {
  return (
    <>
      {props.label}
      {props.optional ? <span class="dt-optional"> (optional)</span> : null}
    </>
  )
}

/** A hint, referenced by `aria-describedby`. */
export function Hint(props: { id: string; hint?: string }) {
  return props.hint ? (
    <div id={`${props.id}-hint`} class="dt-hint">
      {props.hint}
    </div>
  ) : null
}

/** An inline error, placed before the control, with a visually hidden "Error:" prefix. */
export function ErrorMessage(props: { id: string; error?: string }) {
  return props.error ? (
    <p id={`${props.id}-error`} class="dt-error-message">
      <span class="dt-visually-hidden">Error:</span> {props.error}
    </p>
  ) : null
}

/** A question's label or legend, wrapped in a heading when the question is the heading. */
export function QuestionHeading(props: { heading?: 'h1' | 'h2'; children: Child }) {
  if (props.heading === 'h1') return <h1 class="dt-label-wrapper">{props.children}</h1>
  if (props.heading === 'h2') return <h2 class="dt-label-wrapper">{props.children}</h2>
  return <>{props.children}</>
}

/**
 * The frame every single-control question shares: label (optionally as a heading), hint, then
 * error, then the control itself (the child).
 * @example <LabelledControl id="town" label="Town or city" error={errors.town}><input id="town" … /></LabelledControl>
 */
export function LabelledControl(props: {
  id: string
  label: string
  hint?: string
  error?: string
  optional?: boolean
  heading?: 'h1' | 'h2'
  children: Child
}) {
  return (
    <div class={`dt-field${props.error ? ' dt-field--error' : ''}`}>
      <QuestionHeading heading={props.heading}>
        <label class="dt-label" for={props.id}>
          <LabelText label={props.label} optional={props.optional} />
        </label>
      </QuestionHeading>
      <Hint id={props.id} hint={props.hint} />
      <ErrorMessage id={props.id} error={props.error} />
      {props.children}
    </div>
  )
}

/** What every single-control question takes: its name, words, state and place on the page. */
export type ControlProps = {
  name: string
  label: string
  /** Defaults to `name`. */
  id?: string
  hint?: string
  error?: string
  value?: string
  optional?: boolean
  /** Wrap the label in a heading when the question is the heading of its page or block. */
  heading?: 'h1' | 'h2'
  /** Focus this control when it arrives (an htmx swap that moved the learner on). */
  autofocus?: boolean
}

/** The frame of a control, from its props: `<LabelledControl {...frameOf(props)}>`. */
export function frameOf(props: ControlProps) {
  return {
    id: props.id ?? props.name,
    label: props.label,
    hint: props.hint,
    error: props.error,
    optional: props.optional,
    heading: props.heading,
  }
}
