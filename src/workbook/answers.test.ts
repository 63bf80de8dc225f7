import { describe, expect, it } from 'vitest'
import type { PromptPlacement } from '../content/model'
import { MAX_ANSWER_BYTES, parseAnswer, textProblem } from './answers'

const textarea = (maxLength: number): PromptPlacement => ({
  id: 'ex.q',
  exerciseId: 'ex',
  ordinal: 2,
  kind: 'prompt',
  config: { prompt: 'textarea', label: 'Q?', maxLength },
})

describe('the policy on text', () => {
  it('refuses lone surrogates and control characters, never changing them silently', () => {
    expect(textProblem('fine text, tabs\tand\nnewlines, emoji 🌳')).toBeNull()
    expect(textProblem('a lone \ud800 high half')).toMatch(/broken character/)
    expect(textProblem('a lone \udc00 low half')).toMatch(/broken character/)
    expect(textProblem('a NUL \u0000 byte')).toMatch(/control character/)
    expect(textProblem('an escape \u001b[31m')).toMatch(/control character/)
    const parsed = parseAnswer(textarea(100), { answer: 'half \ud83c', version: '0' })
    expect(parsed).toMatchObject({ ok: false, typed: 'half \ud83c' })
  })

  it('bounds an answer in bytes beside its limit in characters', () => {
    // Within a (made-up) character limit, but four bytes a character.
    const heavy = '🌳'.repeat(Math.ceil(MAX_ANSWER_BYTES / 4) + 10)
    const parsed = parseAnswer(textarea(50_000), { answer: heavy, version: '0' })
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toMatch(
      /too long to store: it takes \d+ KB, and the most is 48 KB/,
    )
    expect(parseAnswer(textarea(50_000), { answer: '🌳'.repeat(100), version: '0' }).ok).toBe(true)
  })

  it('reads the version with zod: only a whole number from 0 up', () => {
    for (const version of ['', '-1', '1.5', '01', 'abc', '1e3', '9999999999']) {
      expect(parseAnswer(textarea(100), { answer: 'x', version }).ok, version).toBe(false)
    }
    expect(parseAnswer(textarea(100), { answer: 'x', version: '12' })).toMatchObject({
      ok: true,
      baseVersion: 12,
    })
  })
})
