/**
 * The account page's profile: the name the learner wants to be called, their email address and
 * their recovery code. Each section is its own plain form; a problem comes back as the whole
 * account page with the error summary at its top and the learner's text kept.
 */
import { CurrentPasswordField } from '../components/account-fields'
import { Button } from '../components/button'
import { Field } from '../components/field'
import { day } from './when'

type SectionProps = { errors: Record<string, string>; values: Record<string, string> }

/** The display name, optional, used only to greet the learner. */
export function ProfileSection(props: SectionProps & { displayName: string | null }) {
  return (
    <section aria-labelledby="profile">
      <h2 id="profile">Your profile</h2>
      <form method="post" action="/account/profile" novalidate>
        <Field
          name="display_name"
          label="What should we call you?"
          optional
          hint="We use it only to greet you, and keep it encrypted like your writing. Leave it empty to remove it."
          autocomplete="nickname"
          spellcheck={false}
          error={props.errors.display_name}
          value={props.values.display_name ?? props.displayName ?? ''}
        />
        <Button>Save your name</Button>
      </form>
    </section>
  )
}

/** A new email address, with the password that allows the change. */
export function EmailSection(props: SectionProps) {
  return (
    <section aria-labelledby="email-change">
      <h2 id="email-change">Change your email address</h2>
      <p>
        After a change you sign in with the new address, and the old one no longer opens your
        account.
      </p>
      <form method="post" action="/account/email" novalidate>
        <Field
          name="email"
          type="email"
          label="New email address"
          autocomplete="email"
          spellcheck={false}
          error={props.errors.email}
          value={props.values.email}
        />
        <CurrentPasswordField
          name="email_password"
          label="Your password, to confirm the change"
          error={props.errors.email_password}
        />
        <Button>Change email address</Button>
      </form>
    </section>
  )
}

/** When the recovery code was made, and a way to make a new one. */
export function RecoveryCodeSection(props: SectionProps & { madeAt: string | null }) {
  return (
    <section aria-labelledby="recovery">
      <h2 id="recovery">Your recovery code</h2>
      <p>
        {props.madeAt
          ? `Your recovery code was made on ${day(props.madeAt)}.`
          : 'You have no recovery code at the moment.'}{' '}
        It lets you set a new password if you forget yours. If you have lost it, or think someone
        else has seen it, make a new one: the old code stops working straight away.
      </p>
      <form method="post" action="/account/recovery-code" novalidate>
        <CurrentPasswordField
          name="recovery_password"
          label="Your password, to make the new code"
          error={props.errors.recovery_password}
        />
        <Button variant="secondary">Make a new recovery code</Button>
      </form>
    </section>
  )
}
