/**
 * The budget's arithmetic, in integer cents throughout: reading an amount the learner typed,
 * turning monthly into yearly and back, the hourly equivalent, and writing an amount in the
 * learner's currency. Divisions round half up, once, at the end.
 */
import type { Currency } from '../../db/settings'

/** The hours of a working year: 40 hours a week for 52 weeks. */
export const HOURS_A_YEAR = 2080

/** The largest amount one line may hold: 100 million (in cents). */
export const MAX_CENTS = 10_000_000_000

/** `n / d` rounded half up, for a whole `n ≥ 0` and a whole `d > 0`. */
export function divideRounded(n: number, d: number): number {
  return Math.floor((2 * n + d) / (2 * d))
}

const PLAIN = /^\d+(?:\.\d+)?$/
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/

/**
 * An amount as the learner typed it ("1,234.56", "1234", "£ 20"), in cents. Refuses a negative
 * amount, more than two decimals, and anything over {@link MAX_CENTS}; never guesses.
 */
export function parseAmount(
  raw: string,
): { ok: true; cents: number } | { ok: false; error: string } {
  const text = raw.trim().replace(/^[$€£]\s*/, '')
  if (text === '') return { ok: false, error: 'Write an amount, such as 650 or 1,234.50' }
  if (/^[-−]/.test(text)) {
    return { ok: false, error: 'Write the amount without a minus sign: amounts cannot be negative' }
  }
  if (!PLAIN.test(text) && !GROUPED.test(text)) {
    return { ok: false, error: 'Write the amount in numbers only, such as 650 or 1,234.50' }
  }
  const [whole, fraction = ''] = text.replace(/,/g, '').split('.')
  if (fraction.length > 2) {
    return { ok: false, error: 'Write the amount with at most two decimal places, such as 12.50' }
  }
  const digits = whole!.replace(/^0+(?=\d)/, '')
  if (digits.length > 9) return { ok: false, error: tooLarge }
  const cents = Number(digits) * 100 + Number(fraction.padEnd(2, '0'))
  if (cents > MAX_CENTS) return { ok: false, error: tooLarge }
  return { ok: true, cents }
}

const tooLarge = 'Write an amount of 100,000,000 or less'

/** Cents written back for an input: "1234.5" becomes "1234.50"; whole amounts keep no decimals. */
export function amountText(cents: number): string {
  const whole = Math.floor(cents / 100)
  const rest = cents % 100
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`
}

export type Period = 'month' | 'year'

/** A line's amount over a year, exactly. */
export const yearly = (cents: number, period: Period) => (period === 'year' ? cents : cents * 12)

/** A line's amount over a month: a yearly amount divided by twelve, rounded half up. */
export const monthly = (cents: number, period: Period) =>
  period === 'month' ? cents : divideRounded(cents, 12)

/** A yearly amount as an hourly one, at {@link HOURS_A_YEAR} hours, rounded half up. */
export const hourly = (yearlyCents: number) => divideRounded(yearlyCents, HOURS_A_YEAR)

/** A yearly total as its monthly, yearly and hourly equivalents. */
export function equivalents(yearlyCents: number) {
  return {
    month: divideRounded(yearlyCents, 12),
    year: yearlyCents,
    hour: hourly(yearlyCents),
  }
}

const LOCALES: Record<Currency, string> = { USD: 'en-US', EUR: 'en-IE', GBP: 'en-GB' }

/** An amount in the learner's currency: "$1,234.56", "€1,234.56", "£1,234.56". */
export function formatMoney(cents: number, currency: Currency): string {
  const format = new Intl.NumberFormat(LOCALES[currency], { style: 'currency', currency })
  return format.format(cents / 100)
}
