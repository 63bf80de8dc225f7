/**
 * Form schemas for sign-up, sign-in, recovery, password change and the account page's profile.
 * Messages follow GOV.UK.
 */
import { object, string, type ZodType } from 'zod'
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from './password'

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const email = string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .regex(EMAIL_SHAPE, 'Enter an email address in the correct format, like name@example.com')

const PASSWORD_MESSAGES = {
  short: `Password must be ${PASSWORD_MIN} characters or more`,
  long: `Password must be ${PASSWORD_MAX} characters or fewer`,
  common: 'This password is one of the most common, so it is easy to guess. Choose a different one',
} as const

const newPassword = string({ error: 'Enter a password' })
  .min(1, 'Enter a password')
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: PASSWORD_MESSAGES[problem] })
  })

const confirmation = string({ error: 'Enter the same password again, to confirm it' }).min(
  1,
  'Enter the same password again, to confirm it',
)

function matching<S extends ZodType<{ password: string; confirm: string }>>(schema: S): S {
  return schema.superRefine((value, ctx) => {
    if (value.password && value.confirm && value.password !== value.confirm) {
      ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'The passwords do not match' })
    }
  })
}

export const signUpSchema = matching(
  object({ email, password: newPassword, confirm: confirmation }),
)

export const signInSchema = object({
  email,
  password: string({ error: 'Enter your password' }).min(1, 'Enter your password'),
  // Only where to go afterwards: one that cannot be read (a repeated field) is dropped, never an
  // error, since the form has no field to show it at.
  next: string().optional().catch(undefined),
})

export const recoverSchema = matching(
  object({
    email,
    code: string({ error: 'Enter your recovery code' })
      .trim()
      .min(1, 'Enter your recovery code')
      .max(64, 'Enter your recovery code as it was shown, 26 letters and numbers'),
    password: newPassword,
    confirm: confirmation,
  }),
)

export const changePasswordSchema = matching(
  object({
    current: string({ error: 'Enter your current password' }).min(1, 'Enter your current password'),
    password: newPassword,
    confirm: confirmation,
  }),
)

/** Re-entering the password for a sensitive action (src/auth/sudo.ts). */
export const confirmSchema = object({
  password: string({ error: 'Enter your password' }).min(1, 'Enter your password'),
  // Only where to go afterwards: one that cannot be read (a repeated field) is dropped, never an
  // error, since the form has no field to show it at.
  next: string().optional().catch(undefined),
})

export const DISPLAY_NAME_MAX = 80

/** The display name: optional (empty clears it), trimmed, at most 80 characters (code points). */
export const profileSchema = object({
  display_name: string({ error: 'Enter what we should call you, or leave it empty' })
    .trim()
    .refine(
      (name) => Array.from(name).length <= DISPLAY_NAME_MAX,
      `Your name must be ${DISPLAY_NAME_MAX} characters or fewer`,
    ),
})

/** A new email address, checked as sign-up checks it, and the password that allows the change. */
export const changeEmailSchema = object({
  email,
  email_password: string({ error: 'Enter your password' }).min(1, 'Enter your password'),
})

/** The password before a new recovery code is made. */
export const renewRecoverySchema = object({
  recovery_password: string({ error: 'Enter your password' }).min(1, 'Enter your password'),
})
