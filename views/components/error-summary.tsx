/**
 * The error summary at the top of `<main>`: focused on arrival, announced as an alert, with one
 * link per problem to the field, worded exactly like the inline message.
 * @example <ErrorSummary errors={[{ href: '#email', message: 'Enter your email address' }]} />
 */
export function ErrorSummary(props: { errors: { href: string; message: string }[] }) {
  if (props.errors.length === 0) return null
  return (
    <div class="dt-error-summary" id="error-summary" tabindex={-1} autofocus>
      <div role="alert">
        <h2 class="dt-error-summary__title">There is a problem</h2>
        <ul class="dt-error-summary__list">
          {props.errors.map((e) => (
            <li>
              <a href={e.href}>{e.message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}

/**
 * Summary entries for field errors, in the order the fields appear on the page.
 * @example summaryFor({ email: 'Enter your email address' }, ['email', 'password'])
 */
export function summaryFor(errors: Record<string, string>, order: string[]) {
  const keys = [
    ...order.filter((k) => errors[k]),
    ...Object.keys(errors).filter((k) => !order.includes(k)),
  ]
  return keys.map((k) => ({ href: `#${k}`, message: errors[k]! }))
}
