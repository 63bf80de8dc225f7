/** Form helpers: zod issues to GOV.UK-style field errors, and multi-value normalising. */
import type { ZodError } from 'zod'

/** Field name → the first message for that field. */
export type FieldErrors = Record<string, string>

/**
 * The first error message per field, keyed by the field's name.
 * @example fieldErrors(schema.safeParse(form).error) // { email: 'Enter your email address' }
 */
export function fieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form')
    out[key] ??= issue.message
  }
  return out
}

/** Text values of a parsed form, for re-rendering what the learner typed. */
export function formValues(form: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries(form)) {
    if (typeof value === 'string') out[key] = value
    else if (Array.isArray(value))
      out[key] = value.filter((v): v is string => typeof v === 'string')
  }
  return out
}

/** A single form value as a string ('' when missing or repeated oddly). */
export function oneValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0]
  return ''
}

/** Hono gives one checked box as a string and several as an array; this always gives an array. */
export function manyValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' ? [value] : []
}
