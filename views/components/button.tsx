import type { Child } from 'hono/jsx'

/**
 * A submit button, or, with `href`, a link styled as one (it navigates, so it stays a link).
 * @example <Button>Continue</Button>
 */
export function Button(props: {
  children: Child
  variant?: 'primary' | 'secondary' | 'warning'
  href?: string
  name?: string
  value?: string
}) {
  const cls = `dt-button dt-button--${props.variant ?? 'primary'}`
  if (props.href) {
    return (
      <a class={cls} href={props.href}>
        {props.children}
      </a>
    )
  }
  return (
    <button class={cls} type="submit" name={props.name} value={props.value}>
      {props.children}
    </button>
  )
}

/**
 * A "Back" link to the previous step.
 * @example <BackLink href="/sign-in" />
 */
export function BackLink(props: { href: string; children?: Child }) {
  return (
    <a class="dt-back-link" href={props.href}>
      {props.children ?? 'Back'}
    </a>
  )
}
