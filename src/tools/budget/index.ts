/**
 * The budget: income lines and expense lines, each over a month or a year, each expense marked
 * essential or not. It totals them, and says what the learner needs to earn to cover their
 * essential costs (and all their costs) as a monthly, a yearly and an hourly figure, at 2,080
 * hours a year. Amounts are integer cents; the figures are before tax, and the tool says so.
 */
import { array, boolean, enum as oneOf, number, object, string } from 'zod'
import { budgetWrites } from '../../db/tools/budget'
import { currencyQuery, CURRENCIES, DEFAULT_CURRENCY, isCurrency } from '../../db/settings'
import { oneValue } from '../../lib/forms'
import { capital, itemId, keptFields, newId, readText } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { BudgetLine, BudgetValue, CurrencyCode } from '../values'
import {
  amountText,
  equivalents,
  formatMoney,
  divideRounded,
  MAX_CENTS,
  parseAmount,
  yearly,
  type Period,
} from './money'

export type { BudgetLine, BudgetValue }
/** What the budget reads: the learner's currency setting. */
export type BudgetRefs = { currency: CurrencyCode }
type Ctx = ToolContext<'budget', BudgetRefs | null>

/** The most lines a budget holds, and the most characters of a line's name. */
export const MAX_LINES = 60
export const LABEL_MAX = 120

export const CURRENCY_NAMES: Record<CurrencyCode, string> = {
  USD: 'US dollars (USD)',
  EUR: 'euros (EUR)',
  GBP: 'pounds sterling (GBP)',
}

const lineShape = object({
  id: itemId,
  kind: oneOf(['income', 'expense']),
  label: string()
    .min(1)
    .max(LABEL_MAX * 4),
  cents: number().int().min(0).max(MAX_CENTS),
  period: oneOf(['month', 'year']),
  essential: boolean(),
})

const PERIODS = ['month', 'year'] as const

/** The form fields of one line. */
export const lineField = (part: 'label' | 'amount' | 'period' | 'essential', id: string) =>
  `${part}-${id}`

type Kind = BudgetLine['kind']
const noun = (kind: Kind) => (kind === 'income' ? 'income' : 'expense')

/** "Income 1 (“Salary”)": how a line is named in messages. */
function lineName(value: BudgetValue, line: BudgetLine): string {
  const same = value.lines.filter((l) => l.kind === line.kind)
  return `${capital(noun(line.kind))} ${same.indexOf(line) + 1}${line.label ? ` (“${line.label}”)` : ''}`
}

type Step =
  | { ok: true; value: BudgetValue }
  | { ok: false; error: string; field: string; kept: Record<string, string> }

const fail = (form: Form, field: string, error: string): Step => ({
  ok: false,
  error,
  field,
  kept: keptFields(form),
})

function readPeriod(raw: unknown): Period | null {
  const p = oneValue(raw)
  return (PERIODS as readonly string[]).includes(p) ? (p as Period) : null
}

/**
 * The learner's edits from the posted form, applied first in every action: the currency, and
 * each line's name, amount, period and (for an expense) whether it is essential. A line whose
 * fields were not posted stays as it was; an emptied name or amount is a problem, so nothing is
 * lost by accident.
 */
export function applyEdits(value: BudgetValue, form: Form): Step {
  let currency = value.currency
  if ('currency' in form) {
    const c = oneValue(form.currency)
    if (!isCurrency(c)) return fail(form, 'currency', 'Choose a currency from the list')
    currency = c
  }
  const lines: BudgetLine[] = []
  for (const line of value.lines) {
    const labelField = lineField('label', line.id)
    if (!(labelField in form)) {
      lines.push(line)
      continue
    }
    const name = lineName(value, line)
    const label = readText(form[labelField], LABEL_MAX)
    if (!label.ok) return fail(form, labelField, `${name}: ${label.error}`)
    if (label.text === '') {
      return fail(form, labelField, `${name} has no name. Name it, or remove it`)
    }
    const next = { ...line, label: label.text }
    const amountField = lineField('amount', line.id)
    if (amountField in form) {
      const amount = parseAmount(oneValue(form[amountField]))
      if (!amount.ok) return fail(form, amountField, `${name}: ${amount.error}`)
      next.cents = amount.cents
    }
    const periodField = lineField('period', line.id)
    if (periodField in form) {
      const period = readPeriod(form[periodField])
      if (!period) return fail(form, periodField, `${name}: choose a month or a year`)
      next.period = period
    }
    // A checkbox posts nothing when it is clear, so it is read with the line's other fields.
    if (line.kind === 'expense') next.essential = lineField('essential', line.id) in form
    lines.push(next)
  }
  return { ok: true, value: { currency, lines } }
}

/**
 * Adds the new line of `kind` typed at the end of its section. With `required`, nothing typed
 * is a problem; without it (Enter, or Save and continue), nothing typed adds nothing.
 */
export function addNew(
  value: BudgetValue,
  form: Form,
  kind: Kind,
  required: boolean,
): Step & {
  added?: BudgetLine
} {
  const labelField = `${kind}-label`
  const amountField = `${kind}-amount`
  const label = readText(form[labelField], LABEL_MAX)
  if (!label.ok) return fail(form, labelField, `The new ${noun(kind)}’s name: ${label.error}`)
  const amountTyped = oneValue(form[amountField]).trim()
  if (label.text === '' && amountTyped === '') {
    if (!required) return { ok: true, value }
    return fail(
      form,
      labelField,
      `Write the name of the ${noun(kind)} to add, such as ${kind === 'income' ? '“Salary”' : '“Rent”'}`,
    )
  }
  if (label.text === '') {
    return fail(form, labelField, `Name the new ${noun(kind)}, so you know what the amount is for`)
  }
  const amount = parseAmount(amountTyped)
  if (!amount.ok)
    return fail(form, amountField, `The new ${noun(kind)}, “${label.text}”: ${amount.error}`)
  const period = readPeriod(form[`${kind}-period`] ?? 'month')
  if (!period)
    return fail(form, `${kind}-period`, `The new ${noun(kind)}: choose a month or a year`)
  if (value.lines.length >= MAX_LINES) {
    return fail(
      form,
      labelField,
      `Your budget already has ${MAX_LINES} lines, the most it can hold. Remove one, or combine two, to make room`,
    )
  }
  const line: BudgetLine = {
    id: newId(),
    kind,
    label: label.text,
    cents: amount.cents,
    period,
    essential: kind === 'expense' && `${kind}-essential` in form,
  }
  return { ok: true, value: { ...value, lines: [...value.lines, line] }, added: line }
}

/** Every new line typed (income, then expense), for Enter and Save and continue. */
function addAnyNew(value: BudgetValue, form: Form): Step & { added: BudgetLine[] } {
  const added: BudgetLine[] = []
  let next = value
  for (const kind of ['income', 'expense'] as const) {
    const step = addNew(next, form, kind, false)
    if (!step.ok) return { ...step, added }
    if (step.added) added.push(step.added)
    next = step.value
  }
  return { ok: true, value: next, added }
}

/** The totals of a budget, in cents: every figure the view and the summary show. */
export function budgetTotals(value: BudgetValue) {
  const sum = (pick: (l: BudgetLine) => boolean) =>
    value.lines.filter(pick).reduce((n, l) => n + yearly(l.cents, l.period), 0)
  const income = sum((l) => l.kind === 'income')
  const essential = sum((l) => l.kind === 'expense' && l.essential)
  const all = sum((l) => l.kind === 'expense')
  const left = income - all
  return {
    income: equivalents(income),
    essential: equivalents(essential),
    all: equivalents(all),
    left: {
      year: left,
      month: Math.sign(left) * divideRounded(Math.abs(left), 12),
    },
  }
}

const added = (value: BudgetValue, line: BudgetLine) => {
  const count = value.lines.filter((l) => l.kind === line.kind).length
  return `Added ${noun(line.kind)} “${line.label}”, ${formatMoney(line.cents, value.currency)} a ${line.period}. ${line.kind === 'income' ? `Income lines: ${count}.` : `Expense lines: ${count}.`}`
}

function addAction(kind: Kind) {
  return (value: BudgetValue, form: Form): ActionResult<BudgetValue> => {
    const edits = applyEdits(value, form)
    if (!edits.ok) return edits
    const step = addNew(edits.value, form, kind, true)
    if (!step.ok) return step
    return {
      ok: true,
      value: step.value,
      announce: added(step.value, step.added!),
      focus: `${kind}-label`,
    }
  }
}

const perPeriod = (p: Period) => (p === 'month' ? 'a month' : 'a year')

export const budget: ToolModule<'budget', BudgetValue, BudgetRefs | null> = {
  name: 'budget',
  about:
    'Your income and costs, monthly or yearly, and what you would need to earn to cover them, down to an hourly figure.',
  shape: object({ currency: oneOf(CURRENCIES), lines: array(lineShape) }),
  empty: (ctx) => ({ currency: ctx.refs?.currency ?? DEFAULT_CURRENCY, lines: [] }),
  fromLegacy(text, ctx) {
    // "Rent, 650" per line, as the plain-text question asked: the last number is the monthly
    // amount. Lines without one are left to the kept text. Fixed ids, until the first save.
    const lines: BudgetLine[] = []
    for (const raw of text.split('\n')) {
      const m = /^\s*(?:[-*•]\s*)?(.*?)[\s,:;–—-]*[$€£]?\s*(\d[\d,]*(?:\.\d{1,2})?)\s*$/.exec(raw)
      if (!m) continue
      const label = [...m[1]!.trim()].slice(0, LABEL_MAX).join('')
      const amount = parseAmount(m[2]!)
      if (!label || !amount.ok || lines.length >= MAX_LINES) continue
      lines.push({
        id: `e${lines.length + 1}`,
        kind: 'expense',
        label,
        cents: amount.cents,
        period: 'month',
        essential: false,
      })
    }
    return { currency: ctx.refs?.currency ?? DEFAULT_CURRENCY, lines }
  },
  actions: {
    'add-income': addAction('income'),
    'add-expense': addAction('expense'),
    save(value, form) {
      const edits = applyEdits(value, form)
      if (!edits.ok) return edits
      const step = addAnyNew(edits.value, form)
      if (!step.ok) return step
      const announce = step.added.length
        ? step.added.map((l) => added(step.value, l)).join(' ')
        : 'Your changes are saved.'
      return { ok: true, value: step.value, announce }
    },
    remove(value, form) {
      const edits = applyEdits(value, form)
      if (!edits.ok) return edits
      const id = oneValue(form.item)
      const gone = edits.value.lines.find((l) => l.id === id)
      if (!gone) {
        const first = value.lines[0]
        return {
          ok: false,
          error: 'That line is no longer in your budget. It may have been removed in another tab',
          field: first ? lineField('label', first.id) : 'income-label',
          kept: keptFields(form),
        }
      }
      const lines = edits.value.lines.filter((l) => l.id !== id)
      return {
        ok: true,
        value: { ...edits.value, lines },
        announce: `Removed ${noun(gone.kind)} “${gone.label}”.`,
        focus: `${gone.kind}-label`,
      }
    },
    currency(value, form) {
      const edits = applyEdits(value, form)
      if (!edits.ok) return edits
      return {
        ok: true,
        value: edits.value,
        announce: `Amounts are now shown in ${CURRENCY_NAMES[edits.value.currency]}. The numbers themselves have not changed.`,
        focus: 'currency',
      }
    },
    done(value, form) {
      const edits = applyEdits(value, form)
      if (!edits.ok) return edits
      const step = addAnyNew(edits.value, form)
      if (!step.ok) return step
      return { ok: true, value: step.value, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    if (value.lines.length > MAX_LINES) {
      return {
        error: `A budget holds at most ${MAX_LINES} lines. Remove some`,
        field: 'expense-label',
      }
    }
    if (finishing && !ctx.optional && !value.lines.some((l) => l.kind === 'expense')) {
      return {
        error: 'Add at least one expense before you continue, such as your rent or your food',
        field: 'expense-label',
      }
    }
    return null
  },
  reads: (db, scope) => currencyQuery(db, scope.userId, scope.exerciseId, ['budget']),
  async openRefs(found) {
    return { currency: isCurrency(found) ? found : DEFAULT_CURRENCY }
  },
  async domain(db, save, value, seal) {
    const lines = await Promise.all(
      value.lines.map(async (line) => ({
        ...line,
        contentCt: await seal(
          'budget_lines',
          line.id,
          JSON.stringify({ label: line.label, cents: line.cents }),
        ),
      })),
    )
    return budgetWrites(db, save, lines, value.currency)
  },
  lines(value) {
    if (value.lines.length === 0) return []
    const money = (c: number) => formatMoney(c, value.currency)
    const t = budgetTotals(value)
    return [
      ...value.lines.map(
        (l) =>
          `${l.kind === 'income' ? 'Income' : l.essential ? 'Essential expense' : 'Expense'}: ${l.label}, ${money(l.cents)} ${perPeriod(l.period)}`,
      ),
      `Income in all: ${money(t.income.month)} a month (${money(t.income.year)} a year)`,
      `To cover essential costs, before tax: ${money(t.essential.month)} a month, ${money(t.essential.year)} a year, ${money(t.essential.hour)} an hour at 2,080 hours a year`,
      `To cover all costs, before tax: ${money(t.all.month)} a month, ${money(t.all.year)} a year, ${money(t.all.hour)} an hour at 2,080 hours a year`,
    ]
  },
  view(value) {
    const money = (c: number) => formatMoney(c, value.currency)
    const t = budgetTotals(value)
    const sign = (c: number) => (c < 0 ? `−${money(-c)}` : money(c))
    return {
      tool: 'budget',
      value,
      currencies: CURRENCIES.map((code) => ({ code, name: CURRENCY_NAMES[code] })),
      amounts: Object.fromEntries(value.lines.map((l) => [l.id, amountText(l.cents)])),
      shown: Object.fromEntries(
        value.lines.map((l) => [l.id, `${money(l.cents)} ${perPeriod(l.period)}`]),
      ),
      totals: {
        income: { month: money(t.income.month), year: money(t.income.year) },
        essential: {
          month: money(t.essential.month),
          year: money(t.essential.year),
          hour: money(t.essential.hour),
        },
        all: { month: money(t.all.month), year: money(t.all.year), hour: money(t.all.hour) },
        left: { month: sign(t.left.month), year: sign(t.left.year), short: t.left.year < 0 },
      },
      max: MAX_LINES,
    }
  },
}
