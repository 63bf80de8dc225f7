/** Reading reference rows whose config is JSON text, checked against a schema. */
import { NEVER, string, type ZodType } from 'zod'

/**
 * Text that holds JSON, parsed, then checked against `schema`.
 * @example jsonText(object({ name: string() })).parse('{"name":"Teamwork"}')
 */
export const jsonText = <T>(schema: ZodType<T>) =>
  string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text)
      } catch {
        ctx.issues.push({ code: 'custom', message: 'is not JSON', input: text })
        return NEVER
      }
    })
    .pipe(schema)
