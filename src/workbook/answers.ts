/**
 * A learner's answer: validated against its placement, encrypted under the data key, saved with
 * the version it was based on. A stale save never overwrites: it comes back as a conflict with
 * both texts, and both are kept as revisions.
 */
import { array, number, string, union, type ZodType } from 'zod'
import { decryptText, encryptText } from '../auth/keys'
import type { SessionUser } from '../auth/session'
import type { Db } from '../db/client'
import { findAnswer, saveAnswer } from '../db/answers'
import type { Placement, StoredAnswer } from '../db/workbook'
import { nowIso } from '../lib/bytes'
import { manyValues, oneValue } from '../lib/forms'
import type { PromptConfig, ToolConfig } from '../content'
import { TEXTAREA_MAX_DEFAULT, TEXT_MAX_DEFAULT, TOOL_MAX_DEFAULT } from '../content/fields'

export type AnswerValue = string | number | string[]
export type Answer = { value: AnswerValue; version: number; updatedAt: string }

/** The configuration of an answerable placement (a prompt, or a tool in its plain-text form). */
export function answerConfig(placement: Placement): PromptConfig | ToolConfig {
  return placement.config as PromptConfig | ToolConfig
}

/**
 * The most characters a text answer may have, stated in its hint. The seed writes it into every
 * config; the defaults (the seed's own) only cover a config stored before that.
 */
export function maxLengthOf(config: PromptConfig | ToolConfig): number {
  if ('tool' in config) return config.maxLength ?? TOOL_MAX_DEFAULT
  return config.maxLength ?? (config.prompt === 'text' ? TEXT_MAX_DEFAULT : TEXTAREA_MAX_DEFAULT)
}

/** What kind of control answers this placement. Tools are answered in plain text for now. */
export function controlOf(config: PromptConfig | ToolConfig) {
  return 'tool' in config ? 'textarea' : config.prompt
}

const thousands = (n: number) => n.toLocaleString('en-US')

function schemaFor(config: PromptConfig | ToolConfig): ZodType<AnswerValue> {
  const optional = !!config.optional
  switch (controlOf(config)) {
    case 'slider': {
      const c = config as PromptConfig
      const min = c.min ?? 1
      const max = c.max ?? 10
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
      ]) as ZodType<AnswerValue>
    }
    case 'radio':
    case 'select': {
      const options = (config as PromptConfig).options ?? []
      return string().refine(
        (v) => (optional && v === '') || options.includes(v),
        'Choose one of the options',
      )
    }
    case 'checkboxes': {
      const options = (config as PromptConfig).options ?? []
      return array(string())
        .refine((v) => v.every((x) => options.includes(x)), 'Choose from the options listed')
        .refine((v) => optional || v.length > 0, 'Choose at least one option')
    }
    default: {
      const max = maxLengthOf(config)
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
export function parseAnswer(placement: Placement, form: Record<string, unknown>): Parsed {
  const config = answerConfig(placement)
  const raw =
    controlOf(config) === 'checkboxes'
      ? manyValues(form.answer)
      : oneValue(form.answer).replace(/\r\n/g, '\n')
  const baseVersion = Math.max(0, Number.parseInt(oneValue(form.version), 10) || 0)
  const result = schemaFor(config).safeParse(raw)
  if (result.success) return { ok: true, value: result.data, baseVersion }
  return {
    ok: false,
    error: result.error.issues[0]?.message ?? 'Check your answer',
    typed: raw,
    baseVersion,
  }
}

const context = (userId: string, placementId: string) => `answer:${userId}:${placementId}`

/** Decrypts a stored answer. */
export async function openAnswer(user: SessionUser, stored: StoredAnswer): Promise<Answer> {
  const json = await decryptText(user.dataKey, stored.bodyCt, context(user.id, stored.placementId))
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

export type SaveResult =
  { status: 'saved'; version: number } | { status: 'conflict'; mine: AnswerValue; saved: Answer }

/**
 * Saves an answer in one batch (answer + revision). If someone saved a newer version since the
 * form was loaded, nothing is overwritten: the caller gets both texts to choose from.
 */
export async function storeAnswer(
  db: Db,
  user: SessionUser,
  placement: Placement,
  value: AnswerValue,
  baseVersion: number,
): Promise<SaveResult> {
  const bodyCt = await encryptText(
    user.dataKey,
    JSON.stringify({ value }),
    context(user.id, placement.id),
  )
  const version = await saveAnswer(db, {
    userId: user.id,
    placementId: placement.id,
    bodyCt,
    baseVersion,
    now: nowIso(),
  })
  if (version !== null) return { status: 'saved', version }
  const current = await findAnswer(db, user.id, placement.id)
  // A stale save only fails when a newer row exists, so `current` is there.
  if (!current) throw new Error('Answer missing after a version conflict')
  return { status: 'conflict', mine: value, saved: await openAnswer(user, current) }
}
