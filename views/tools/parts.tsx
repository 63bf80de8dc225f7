/** The pieces every tool view shares: action buttons, and the text field of a tool. */
import type { Child } from 'hono/jsx'
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
