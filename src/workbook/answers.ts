/**
 * A learner's answer: what a placement asks, how a posted form becomes a valid answer, and how a
 * stored answer is opened. Saving lives in save.ts.
 */
import { array, NEVER, object, string, type ZodType } from 'zod'
import type { AnswerablePlacement, PromptConfig, ToolName } from '../content/model'
import type { StoredAnswer } from '../db/answers'
import type { SessionUser } from '../env'
import { ciphertextFormat, decryptText } from '../auth/keys'
import { randomBytes, toBase64Url } from '../lib/bytes'
import { manyValues, oneValue } from '../lib/forms'

/**
 * An interactive tool's answer: the tool's whole value (its module's `shape`), and any plain
 * text the learner wrote in this block before the tool existed, kept so nothing is dropped.
 */
export type ToolAnswer = {
  tool: ToolName
  data: unknown
  legacy?: string
  /**
   * The folded words of every item a prefill connection has offered this tool (brought in or
   * started from), so an item the learner removed is not offered again.
   */
  seen?: string[]
}

export type AnswerValue = string | number | string[] | ToolAnswer
export type Answer = {
  value: AnswerValue
  version: number
  updatedAt: string
  /** False while a tool is still being worked in. */
  complete: boolean
  /** The stored answer could not be decrypted: its value is empty and it is shown as such. */
  unreadable?: true
}

/** Whether an answer's value is a tool's (rather than plain text, a number or choices). */
export function isToolAnswer(value: AnswerValue): value is ToolAnswer {
  return typeof value === 'object' && !Array.isArray(value)
}

/**
 * The question a placement asks: a prompt asks its own kind; a tool not built yet asks for its
 * plain-text version, a textarea with the tool's label, hint and limit.
 */
export function questionOf(placement: AnswerablePlacement): PromptConfig {
  if (placement.kind === 'prompt') return placement.config
  const { label, hint, optional, maxLength } = placement.config
  return {
    prompt: 'textarea',
    label,
    maxLength,
    ...(hint !== undefined ? { hint } : {}),
    ...(optional ? { optional } : {}),
  }
}

const thousands = (n: number) => n.toLocaleString('en-US')

/**
 * The most bytes an answer's value may take as UTF-8 JSON, beside each question's limit in
 * characters: 10,000 characters of four-byte text fit, and nothing can grow past it.
 */
export const MAX_ANSWER_BYTES = 48 * 1024

/** Control characters other than tab and newline: never part of what a learner meant to write. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/
/** Half of a surrogate pair on its own: text that cannot be stored faithfully. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Why a piece of text cannot be stored as it is, or null. Never changed silently. */
export function textProblem(text: string): string | null {
  if (CONTROL.test(text)) {
    return 'Your answer contains a hidden control character, perhaps from pasting. Retype the part you pasted, or paste it as plain text'
  }
  if (LONE_SURROGATE.test(text)) {
    return 'Your answer contains a broken character, perhaps from pasting. Retype the part you pasted'
  }
  return null
}

/** The version a form was based on: a whole number, 0 for a first answer. */
const versionSchema = string()
  .regex(/^(0|[1-9][0-9]{0,8})$/)
  .transform(Number)

function schemaFor(question: PromptConfig): ZodType<AnswerValue> {
  const optional = !!question.optional
  switch (question.prompt) {
    case 'slider': {
      const { min, max } = question
      const message = `Choose a number from ${min} to ${max}`
      return string()
        .trim()
        .transform((v, ctx): AnswerValue => {
          if (v === '' && optional) return ''
          const n = /^-?\d+$/.test(v) ? Number(v) : Number.NaN
          if (Number.isInteger(n) && n >= min && n <= max) return n
          ctx.addIssue({ code: 'custom', message })
          return NEVER
        })
    }
    case 'radio':
    case 'select': {
      const { options } = question
      return string().refine(
        (v) => (optional && v === '') || options.includes(v),
        'Choose one of the options',
      )
    }
    case 'checkboxes': {
      const { options } = question
      return array(string())
        .refine((v) => v.every((x) => options.includes(x)), 'Choose from the options listed')
        .refine((v) => optional || v.length > 0, 'Choose at least one option')
    }
    case 'text':
    case 'textarea': {
      const max = question.maxLength
      return string()
        .refine(
          (v) => optional || v.trim() !== '',
          'Write an answer to continue. A few words are fine, even “not sure yet”',
        )
        .superRefine((v, ctx) => {
          const length = [...v].length
          if (length > max) {
            ctx.addIssue({
              code: 'custom',
              message: `Your answer must be ${thousands(max)} characters or fewer. It is ${thousands(length)} now`,
            })
          }
        })
    }
  }
}

export type Parsed =
  | { ok: true; value: AnswerValue; baseVersion: number; submissionId: string }
  | { ok: false; error: string; typed: AnswerValue; baseVersion: number }

/** The version a posted answer form was based on; 0 when it is missing or malformed. */
export function baseVersionOf(form: Record<string, unknown>): number {
  const parsed = versionSchema.safeParse(oneValue(form.version))
  return parsed.success ? parsed.data : 0
}

/**
 * The hidden fields every answer form carries: its base version, and its submission id. A form
 * from before submission ids (an old open tab) gets a fresh one, and simply has no retry to spot.
 */
const formSchema = object({
  version: versionSchema,
  submission: string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .optional()
    .catch(undefined),
})

/**
 * The hidden fields of a posted form: the version it was based on and its submission id (fresh
 * for a form from before submission ids). Null when they are malformed: the form is out of date.
 */
export function hiddenFields(
  form: Record<string, unknown>,
): { baseVersion: number; submissionId: string } | null {
  const hidden = formSchema.safeParse({
    version: oneValue(form.version),
    submission: oneValue(form.submission) || undefined,
  })
  if (!hidden.success) return null
  const submissionId = hidden.data.submission ?? toBase64Url(randomBytes(16))
  return { baseVersion: hidden.data.version, submissionId }
}

/**
 * Reads one answer from a posted form (`answer`, plus `version`, what the form was based on,
 * and `submission`, the form's own id). On failure it returns what was typed, so the page can
 * show it again.
 */
export function parseAnswer(placement: AnswerablePlacement, form: Record<string, unknown>): Parsed {
  const question = questionOf(placement)
  const raw =
    question.prompt === 'checkboxes'
      ? manyValues(form.answer)
      : oneValue(form.answer).replace(/\r\n?/g, '\n')
  const hidden = formSchema.safeParse({
    version: oneValue(form.version),
    submission: oneValue(form.submission) || undefined,
  })
  const baseVersion = baseVersionOf(form)
  const failed = (error: string): Parsed => ({ ok: false, error, typed: raw, baseVersion })
  if (!hidden.success) {
    return failed('This form is out of date. Reload the page to carry on: copy your words first')
  }
  if (oneValue(form.replacing) === 'unreadable' && !manyValues(form.replace).includes('yes')) {
    return failed(
      'Tick the box to replace the answer we could not open, or choose Cancel to leave it as it is',
    )
  }
  for (const text of Array.isArray(raw) ? raw : [raw]) {
    const problem = textProblem(text)
    if (problem) return failed(problem)
  }
  const bytes = new TextEncoder().encode(JSON.stringify(raw)).length
  if (bytes > MAX_ANSWER_BYTES) {
    const kb = (n: number) => Math.ceil(n / 1024)
    return failed(
      `Your answer is too long to store: it takes ${kb(bytes)} KB, and the most is ${kb(MAX_ANSWER_BYTES)} KB. Shorten it a little`,
    )
  }
  const result = schemaFor(question).safeParse(raw)
  if (!result.success) return failed(result.error.issues[0]?.message ?? 'Check your answer')
  const submissionId = hidden.data.submission ?? toBase64Url(randomBytes(16))
  return { ok: true, value: result.data, baseVersion, submissionId }
}

/**
 * The associated data an answer's ciphertext is bound to: its owner, its placement and the
 * version it was written as. So a ciphertext cannot be moved to another learner or question,
 * nor an old revision replayed into the live row without the decryption failing.
 * Answers written before versions were bound (format v1) are read with the older context.
 */
export function answerContext(userId: string, placementId: string, version: number) {
  return `answer:${userId}:${placementId}:${version}`
}

export const legacyAnswerContext = (userId: string, placementId: string) =>
  `answer:${userId}:${placementId}`

/** Decrypts a stored answer. Throws if it cannot be opened (see {@link openAnswers}). */
export async function openAnswer(user: SessionUser, stored: StoredAnswer): Promise<Answer> {
  const context =
    ciphertextFormat(stored.bodyCt) === 'v1'
      ? legacyAnswerContext(user.id, stored.placementId)
      : answerContext(user.id, stored.placementId, stored.version)
  const json = await decryptText(user.dataKey, stored.bodyCt, context)
  const body = JSON.parse(json) as { value: AnswerValue }
  return {
    value: body.value,
    version: stored.version,
    updatedAt: stored.updatedAt,
    complete: stored.complete,
  }
}

/** What stands for a stored answer that cannot be decrypted: no words, and the flag to say so. */
export function unreadableAnswer(stored: StoredAnswer): Answer {
  return {
    value: '',
    version: stored.version,
    updatedAt: stored.updatedAt,
    complete: stored.complete,
    unreadable: true,
  }
}

/**
 * Decrypts every stored answer of a page into a map by placement id. An answer that cannot be
 * opened (corrupt, or tampered with) comes back `unreadable`, so only its own block shows a
 * notice; the rest of the page is unaffected.
 */
export async function openAnswers(
  user: SessionUser,
  stored: StoredAnswer[],
): Promise<Map<string, Answer>> {
  const opened = await Promise.all(
    stored.map(async (s) => {
      try {
        return [s.placementId, await openAnswer(user, s)] as const
      } catch {
        return [s.placementId, unreadableAnswer(s)] as const
      }
    }),
  )
  return new Map(opened)
}
