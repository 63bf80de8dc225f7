import { Field } from './field'

/**
 * The email address field every account form shares.
 * @example <EmailField error={errors.email} value={values.email} />
 */
export function EmailField(props: { error?: string; value?: string }) {
  return (
    <Field
      name="email"
      type="email"
      label="Email address"
      autocomplete="email"
      spellcheck={false}
      error={props.error}
      value={props.value}
    />
  )
}

/**
 * A new password and the same again, as sign-up, recovery and password change ask for them.
 * @example <NewPasswordFields errors={errors} />
 */
export function NewPasswordFields(props: {
  errors: Record<string, string>
  label?: string
  confirmLabel?: string
  hint?: string
}) {
  return (
    <>
      <Field
        name="password"
        type="password"
        label={props.label ?? 'New password'}
        autocomplete="new-password"
        hint={props.hint ?? 'At least 12 characters.'}
        error={props.errors.password}
      />
      <Field
        name="confirm"
        type="password"
        label={props.confirmLabel ?? 'Type the new password again'}
        autocomplete="new-password"
        error={props.errors.confirm}
      />
    </>
  )
}

/**
 * The learner's current password, as sign-in, the held-answer sign-in and the account page ask
 * for it. Never echoed back.
 * @example <CurrentPasswordField error={errors.password} />
 */
export function CurrentPasswordField(props: { name?: string; label?: string; error?: string }) {
  return (
    <Field
      name={props.name ?? 'password'}
      type="password"
      label={props.label ?? 'Password'}
      autocomplete="current-password"
      error={props.error}
    />
  )
}
