/** Form helpers: reading a posted form, zod issues to GOV.UK-style field errors, multi-values. */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'

/**
 * The posted form. A body that cannot be read as a form (a malformed multipart body, say) is a
 * 400 with the calm "we could not read that" page, never a 500.
 * @example const form = await readForm(c, { all: true })
 */
export async function readForm(
  c: Context,
  opts: { all?: boolean } = {},
): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody(opts)
  } catch {
    throw new HTTPException(400, { message: 'The form could not be read' })
  }
}

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

/**
 * Hono gives one checked box as a string and several as an array; this always gives an array,
 * each value once, in the order first sent.
 */
export function manyValues(value: unknown): string[] {
  const all = Array.isArray(value) ? value : [value]
  return [...new Set(all.filter((v): v is string => typeof v === 'string'))]
}
