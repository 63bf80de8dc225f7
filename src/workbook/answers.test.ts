import { describe, expect, it } from 'vitest'
import type { PromptConfig, PromptPlacement } from '../content/model'
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

describe('every prompt kind', () => {
  const placement = (config: PromptConfig): PromptPlacement => ({
    id: 'ex.q',
    exerciseId: 'ex',
    ordinal: 2,
    kind: 'prompt',
    config,
  })
  const options = ['Spring', 'Autumn']
  const KINDS: { config: PromptConfig; bad: (string | string[])[] }[] = [
    { config: { prompt: 'text', label: 'Q', maxLength: 5 }, bad: ['', '   ', 'far too long'] },
    { config: { prompt: 'textarea', label: 'Q', maxLength: 5 }, bad: ['', 'far too long'] },
    {
      config: { prompt: 'slider', label: 'Q', min: 1, max: 10, minLabel: 'Low', maxLabel: 'High' },
      bad: ['', '0', '11', 'abc', '5.5', '1e1', '-3'],
    },
    { config: { prompt: 'radio', label: 'Q', options }, bad: ['', 'Winter'] },
    { config: { prompt: 'select', label: 'Q', options }, bad: ['', 'Winter'] },
    { config: { prompt: 'checkboxes', label: 'Q', options }, bad: [[], ['Winter']] },
  ]

  it('answers empty and invalid input with a clear message, never "Invalid…"', () => {
    for (const { config, bad } of KINDS) {
      for (const answer of bad) {
        const parsed = parseAnswer(placement(config), { answer, version: '0' })
        const label = `${config.prompt} ${JSON.stringify(answer)}`
        expect(parsed.ok, label).toBe(false)
        const error = parsed.ok ? '' : parsed.error
        expect(error, label).not.toMatch(/invalid/i)
        expect(error.length, label).toBeGreaterThan(10)
      }
    }
    const slider = parseAnswer(placement(KINDS[2]!.config), { answer: '', version: '0' })
    expect(!slider.ok && slider.error).toBe('Choose a number from 1 to 10')
  })
})
