/**
 * The Worker's log lines: one JSON object per line, read with `wrangler tail` (see
 * docs/operations.md). A line names the kind of problem, the route and the request's reference
 * the learner sees; it never holds the learner's text, a token, or SQL.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../env'

export type LogLine = {
  level: 'error' | 'warn'
  /** The error's name (`Error`, `TypeError`, `config`…), never its message. */
  kind: string
  route: string
  method: string
  reference: string | undefined
  /** A fixed phrase saying what was refused, where that helps an operator. */
  what?: string
}

/**
 * Writes one structured line about a failed request.
 * @example logProblem(c, error, { level: 'warn', what: 'import refused by the database' })
 */
export function logProblem(
  c: Context<AppEnv>,
  error: unknown,
  opts: { level: LogLine['level']; kind?: string; what?: string },
) {
  const line: LogLine = {
    level: opts.level,
    kind: opts.kind ?? (error instanceof Error ? error.name : 'unknown'),
    route: c.req.routePath,
    method: c.req.method,
    reference: c.var.requestId,
    ...(opts.what ? { what: opts.what } : {}),
  }
  console.error(JSON.stringify(line))
}
