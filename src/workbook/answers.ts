/**
 * A learner's answer: what a placement asks, how a posted form becomes a valid answer, and how a
 * stored answer is opened. Saving lives in save.ts.
 */
import { array, number, string, union, type ZodType } from 'zod'
import type { AnswerablePlacement, PromptConfig } from '../content/model'
import type { StoredAnswer } from '../db/answers'
import type { SessionUser } from '../env'
import { decryptText } from '../auth/keys'
import { manyValues, oneValue } from '../lib/forms'

export type AnswerValue = string | number | string[]
export type Answer = { value: AnswerValue; version: number; updatedAt: string }

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

function schemaFor(question: PromptConfig): ZodType<AnswerValue> {
  const optional = !!question.optional
  switch (question.prompt) {
    case 'slider': {
      const { min, max } = question
      const message = `Choose a number from ${min} to ${max}`
      return union([
        string()
          .trim()
          .refine((v) => optional && v === '', message)
          .transform(() => ''),
        string()
          .trim()
          .regex(/^-?\d+$/, message)
          .transform(Number)
          .pipe(number().int().min(min, message).max(max, message)),
      ])
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
  | { ok: true; value: AnswerValue; baseVersion: number }
  | { ok: false; error: string; typed: AnswerValue; baseVersion: number }

/**
 * Reads one answer from a posted form (`answer`, plus `version`: what the form was based on).
 * On failure it returns what was typed, so the page can show it again.
 */
export function parseAnswer(placement: AnswerablePlacement, form: Record<string, unknown>): Parsed {
  const question = questionOf(placement)
  const raw =
    question.prompt === 'checkboxes'
      ? manyValues(form.answer)
      : oneValue(form.answer).replace(/\r\n/g, '\n')
  const baseVersion = Math.max(0, Number.parseInt(oneValue(form.version), 10) || 0)
  const result = schemaFor(question).safeParse(raw)
  if (result.success) return { ok: true, value: result.data, baseVersion }
  return {
    ok: false,
    error: result.error.issues[0]?.message ?? 'Check your answer',
    typed: raw,
    baseVersion,
  }
}

/** The associated data an answer's ciphertext is bound to: its owner and placement. */
export const answerContext = (userId: string, placementId: string) =>
  `answer:${userId}:${placementId}`

/** Decrypts a stored answer. */
export async function openAnswer(user: SessionUser, stored: StoredAnswer): Promise<Answer> {
  const json = await decryptText(
    user.dataKey,
    stored.bodyCt,
    answerContext(user.id, stored.placementId),
  )
  const body = JSON.parse(json) as { value: AnswerValue }
  return { value: body.value, version: stored.version, updatedAt: stored.updatedAt }
}

/** Decrypts every stored answer of a page into a map by placement id. */
export async function openAnswers(
  user: SessionUser,
  stored: StoredAnswer[],
): Promise<Map<string, Answer>> {
  const opened = await Promise.all(
    stored.map(async (s) => [s.placementId, await openAnswer(user, s)] as const),
  )
  return new Map(opened)
}
