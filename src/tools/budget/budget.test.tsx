import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { all, dom, one, text } from '../../../test/html'
import { get, postForm } from '../../../test/helpers'
import {
  answerComplete,
  answerRow,
  learnerCurrency,
  revisions,
  toolRows,
  wholeDatabaseText,
} from '../../../test/sql'
import { formFields, postAction, toolBlock, expectAtomicSave } from '../../../test/tools'
import { loadToolWorkbook, toolLearner } from '../../../test/tool-fixture'
import { budget, budgetTotals, type BudgetLine, type BudgetValue } from '.'
import {
  amountText,
  divideRounded,
  equivalents,
  formatMoney,
  hourly,
  MAX_CENTS,
  monthly,
  parseAmount,
  yearly,
} from './money'

const TOOL = { exercise: 'tools', placement: 'tools.money', block: '#b-money' }
const page = `/workbook/${TOOL.exercise}`
const edit = `/workbook/tools/answers/${TOOL.placement}/edit`

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: money
          tool: budget
          label: What does a month cost you?
          config: {}`)
})

const block = (token: string, path = page) => toolBlock(token, path, TOOL.block)
const ctx = (optional = false) => ({
  placementId: TOOL.placement,
  settings: {},
  optional,
  refs: { currency: 'USD' as const },
  siblings: new Map(),
})
const line = (over: Partial<BudgetLine>): BudgetLine => ({
  id: 'x1',
  kind: 'expense',
  label: 'Rent',
  cents: 0,
  period: 'month',
  essential: false,
  ...over,
})

describe('the budget arithmetic', () => {
  it('reads amounts into whole cents, and refuses what it cannot read exactly', () => {
    const ok = (s: string) => {
      const r = parseAmount(s)
      return r.ok ? r.cents : null
    }
    expect(ok('1,234.56')).toBe(123456)
    expect(ok('1234')).toBe(123400)
    expect(ok('0.01')).toBe(1)
    expect(ok('0.1')).toBe(10)
    expect(ok('0')).toBe(0)
    expect(ok(' $ 20 ')).toBe(2000)
    expect(ok('£1,000,000')).toBe(100000000)
    expect(ok('100,000,000')).toBe(MAX_CENTS)
    expect(ok('100000000.00')).toBe(MAX_CENTS)
    // 0.1 + 0.2 style float trouble never arises: the digits are read as digits.
    expect(ok('0.29')).toBe(29)
    expect(ok('1.15')).toBe(115)
    for (const bad of ['', '-5', '−5', '1.234', '12.', '.5', '1,23', '12,34.5', '1e5', 'ten']) {
      expect(parseAmount(bad).ok, bad).toBe(false)
    }
    expect(parseAmount('100000000.01')).toMatchObject({ ok: false, error: /100,000,000 or less/ })
    expect(parseAmount('99999999999999999999')).toMatchObject({ ok: false })
    expect(parseAmount('-5')).toMatchObject({ error: /negative/ })
    expect(parseAmount('1.234')).toMatchObject({ error: /two decimal places/ })
  })

  it('writes cents back for the amount field without losing a cent', () => {
    expect(amountText(123456)).toBe('1234.56')
    expect(amountText(123400)).toBe('1234')
    expect(amountText(5)).toBe('0.05')
    expect(amountText(0)).toBe('0')
    for (const c of [1, 99, 100, 101, 123456, MAX_CENTS]) {
      expect(parseAmount(amountText(c))).toEqual({ ok: true, cents: c })
    }
  })

  it('rounds half up, once, at the boundaries', () => {
    expect(divideRounded(0, 12)).toBe(0)
    expect(divideRounded(5, 12)).toBe(0) // 0.4166…
    expect(divideRounded(6, 12)).toBe(1) // exactly a half: up
    expect(divideRounded(7, 12)).toBe(1)
    expect(divideRounded(17, 12)).toBe(1) // 1.4166…
    expect(divideRounded(18, 12)).toBe(2) // 1.5
  })

  it('turns monthly into yearly and back', () => {
    expect(yearly(65000, 'month')).toBe(780000)
    expect(yearly(48000, 'year')).toBe(48000)
    expect(monthly(65000, 'month')).toBe(65000)
    expect(monthly(48000, 'year')).toBe(4000)
    expect(monthly(100, 'year')).toBe(8) // 8.33…
    expect(monthly(1, 'year')).toBe(0)
    expect(monthly(6, 'year')).toBe(1)
    // A monthly amount survives the trip to a year and back, exactly.
    for (const c of [1, 7, 65000, MAX_CENTS]) expect(equivalents(yearly(c, 'month')).month).toBe(c)
  })

  it('gives the hourly equivalent at 2,080 hours a year', () => {
    expect(hourly(2080 * 1500)).toBe(1500) // $31,200 a year is $15.00 an hour
    expect(hourly(1039)).toBe(0) // under half a cent an hour
    expect(hourly(1040)).toBe(1) // exactly half a cent: up
    expect(hourly(3119)).toBe(1)
    expect(hourly(3120)).toBe(2)
    expect(hourly(0)).toBe(0)
    // $2,000 a month: $24,000 a year, $11.538… an hour.
    expect(equivalents(yearly(200000, 'month'))).toEqual({
      month: 200000,
      year: 2400000,
      hour: 1154,
    })
  })

  it('totals income, essential and all expenses, and what is left', () => {
    const value: BudgetValue = {
      currency: 'USD',
      lines: [
        line({ id: 'i', kind: 'income', label: 'Pay', cents: 3000000, period: 'year' }),
        line({ id: 'r', cents: 80000, essential: true }),
        line({ id: 'c', cents: 48000, period: 'year', essential: true }),
        line({ id: 'f', cents: 1001, essential: false }),
      ],
    }
    const t = budgetTotals(value)
    expect(t.income).toEqual({ month: 250000, year: 3000000, hour: 1442 })
    expect(t.essential).toEqual({ month: 84000, year: 1008000, hour: 485 })
    expect(t.all).toEqual({ month: 85001, year: 1020012, hour: 490 })
    expect(t.left).toEqual({ year: 1979988, month: 164999 })
    const short = budgetTotals({ ...value, lines: value.lines.slice(1) })
    expect(short.left).toEqual({ year: -1020012, month: -85001 })
  })

  it('writes money in the learner’s currency, with no exchange rate', () => {
    expect(formatMoney(123456, 'USD')).toBe('$1,234.56')
    expect(formatMoney(123456, 'GBP')).toBe('£1,234.56')
    expect(formatMoney(123456, 'EUR')).toBe('€1,234.56')
    expect(formatMoney(5, 'USD')).toBe('$0.05')
    expect(formatMoney(MAX_CENTS * 12, 'USD')).toBe('$1,200,000,000.00')
  })
})

describe('the budget value', () => {
  it('holds lines in cents and a known currency, and refuses anything else', () => {
    const good = { currency: 'GBP', lines: [line({ cents: 100 })] }
    expect(budget.shape.safeParse(good).success).toBe(true)
    expect(budget.shape.safeParse({ ...good, currency: 'JPY' }).success).toBe(false)
    for (const bad of [-1, 1.5, MAX_CENTS + 1]) {
      expect(
        budget.shape.safeParse({ ...good, lines: [line({ cents: bad })] }).success,
        String(bad),
      ).toBe(false)
    }
    expect(
      budget.shape.safeParse({ ...good, lines: [{ ...line({}), kind: 'gift' }] }).success,
    ).toBe(false)
  })

  it('needs one expense to finish, unless optional, and at most 60 lines', () => {
    const none: BudgetValue = { currency: 'USD', lines: [line({ kind: 'income', label: 'Pay' })] }
    expect(budget.check(none, ctx(), true)?.error).toMatch(/at least one expense/)
    expect(budget.check(none, ctx(), false)).toBeNull()
    expect(budget.check(none, ctx(true), true)).toBeNull()
    expect(budget.check({ currency: 'USD', lines: [line({})] }, ctx(), true)).toBeNull()
    const many = (n: number) => ({
      currency: 'USD' as const,
      lines: Array.from({ length: n }, (_, i) => line({ id: `l${i}` })),
    })
    expect(budget.check(many(60), ctx(), true)).toBeNull()
    expect(budget.check(many(61), ctx(), false)?.error).toMatch(/at most 60/)
    const full = budget.actions['add-expense']!(
      many(60),
      { 'expense-label': 'One more', 'expense-amount': '1' },
      ctx(),
    )
    expect(full).toMatchObject({ ok: false, field: 'expense-label', error: /the most it can hold/ })
  })

  it('applies edits first, then adds, as pure functions', () => {
    const start: BudgetValue = { currency: 'USD', lines: [line({ id: 'r', cents: 100 })] }
    const result = budget.actions['add-income']!(
      start,
      {
        currency: 'EUR',
        'label-r': 'Rent and water',
        'amount-r': '700',
        'period-r': 'month',
        'essential-r': 'yes',
        'income-label': 'Pay',
        'income-amount': '24,000',
        'income-period': 'year',
      },
      ctx(),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.currency).toBe('EUR')
    expect(result.value.lines[0]).toMatchObject({
      label: 'Rent and water',
      cents: 70000,
      essential: true,
    })
    expect(result.value.lines[1]).toMatchObject({
      kind: 'income',
      cents: 2400000,
      period: 'year',
      essential: false,
    })
    expect(result.announce).toBe('Added income “Pay”, €24,000.00 a year. Income lines: 1.')
    // A clear box posts nothing: the line is no longer essential.
    const cleared = budget.actions.save!(
      result.value,
      { 'label-r': 'Rent', 'amount-r': '700' },
      ctx(),
    )
    expect(cleared.ok && cleared.value.lines[0]!.essential).toBe(false)
  })

  it('refuses a half-typed new line, a bad period and a bad currency', () => {
    const start = budget.empty(ctx())
    expect(budget.actions.save!(start, { 'expense-amount': '5' }, ctx())).toMatchObject({
      ok: false,
      field: 'expense-label',
    })
    expect(budget.actions.save!(start, { 'expense-label': 'Food' }, ctx())).toMatchObject({
      ok: false,
      field: 'expense-amount',
    })
    expect(
      budget.actions.save!(
        start,
        { 'expense-label': 'Food', 'expense-amount': '5', 'expense-period': 'week' },
        ctx(),
      ),
    ).toMatchObject({ ok: false, field: 'expense-period' })
    expect(budget.actions.currency!(start, { currency: 'XYZ' }, ctx())).toMatchObject({
      ok: false,
      field: 'currency',
    })
    expect(budget.actions['add-expense']!(start, {}, ctx())).toMatchObject({
      ok: false,
      field: 'expense-label',
    })
  })

  it('makes starting expenses from an earlier plain-text answer', () => {
    const value = budget.fromLegacy(
      'Rent, 650\n- Phone: £20.50\nFood 1,200\nSomething vague\n',
      ctx(),
    )
    expect(value.lines.map((l) => [l.label, l.cents, l.period, l.kind])).toEqual([
      ['Rent', 65000, 'month', 'expense'],
      ['Phone', 2050, 'month', 'expense'],
      ['Food', 120000, 'month', 'expense'],
    ])
    expect(value.lines.map((l) => l.id)).toEqual(['e1', 'e2', 'e3'])
  })
})

/** The fields a learner would post to add one line. */
const newLine = (
  kind: 'income' | 'expense',
  label: string,
  amount: string,
  more: Record<string, string> = {},
) => ({
  [`${kind}-label`]: label,
  [`${kind}-amount`]: amount,
  [`${kind}-period`]: 'month',
  ...more,
})

async function addLine(
  token: string,
  kind: 'income' | 'expense',
  label: string,
  amount: string,
  more: Record<string, string> = {},
) {
  const res = await postAction(
    TOOL,
    `add-${kind}`,
    { ...formFields(await block(token)), ...newLine(kind, label, amount, more) },
    { token },
  )
  expect(res.status).toBe(303)
}

const lineIds = async (token: string) =>
  all(await block(token), 'input[name^="label-"]').map((i) =>
    i.getAttribute('name')!.slice('label-'.length),
  )

describe('the budget in the workbook', () => {
  it('builds a budget without JavaScript, rows sealed, and says the hourly figure', async () => {
    const { token, userId } = await toolLearner()
    await addLine(token, 'income', 'Salary', '2,500')
    await addLine(token, 'expense', 'Rent', '1,040', { 'expense-essential': 'yes' })
    await addLine(token, 'expense', 'Streaming', '15.99')
    expect(await answerComplete(userId, TOOL.placement)).toBe(0)
    const tool = await block(token)
    const needs = text(one(tool, '#money-needs'))
    // $1,040 a month: $12,480 a year, $6.00 an hour at 2,080 hours.
    expect(needs).toContain('$1,040.00 a month, $12,480.00 a year, or $6.00 an hour')
    // $1,055.99 a month: $12,671.88 a year, $6.092… an hour.
    expect(needs).toContain('$1,055.99 a month, $12,671.88 a year, or $6.09 an hour')
    expect(text(tool)).toContain('2,080 hours (40 hours a week for 52 weeks)')
    expect(text(tool)).toContain('before tax')
    expect(all(tool, 'button').map(text)).toContain('Remove expense “Streaming”')

    const rows = await toolRows('budget_lines', userId, TOOL.placement)
    expect(rows.map((r) => [r.line_id, r.position, r.kind, r.period, r.essential])).toEqual(
      (await lineIds(token)).map((id, i) => [
        id,
        i + 1,
        i === 0 ? 'income' : 'expense',
        'month',
        i === 1 ? 1 : 0,
      ]),
    )
    const db = await wholeDatabaseText()
    expect(db).not.toContain('Streaming')
    expect(db).not.toContain('1599')
    expect(await learnerCurrency(userId)).toBe('USD')

    const done = await postAction(TOOL, 'done', formFields(await block(token)), { token })
    expect(done.status).toBe(303)
    expect(await answerComplete(userId, TOOL.placement)).toBe(1)
    const summary = text(await block(token))
    expect(summary).toContain('Essential expense: Rent, $1,040.00 a month')
    expect(summary).toContain('$6.00 an hour at 2,080 hours a year')
  })

  it('switches currency in the same save as the setting, amounts unchanged', async () => {
    const { token, userId } = await toolLearner()
    await addLine(token, 'expense', 'Rent', '650')
    const res = await postAction(
      TOOL,
      'currency',
      { ...formFields(await block(token)), currency: 'GBP' },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    expect(text(one(root, '#dt-status'))).toMatch(/now shown in pounds sterling \(GBP\)/)
    expect(text(one(root, TOOL.block))).toContain('£650.00 a month')
    expect(one(root, '#money-currency').hasAttribute('autofocus')).toBe(true)
    expect(await learnerCurrency(userId)).toBe('GBP')
    // The learner's tools page shows the budget in their currency.
    const mine = text(one(dom(await (await get('/tools/budget', { token })).text()), 'main'))
    expect(mine).toContain('Expense: Rent, £650.00 a month')
    // A fresh budget elsewhere would start in the learner's setting.
    expect(budget.empty({ ...ctx(), refs: { currency: 'GBP' } }).currency).toBe('GBP')
  })

  it('answers htmx with the block, announced, focus on the next field', async () => {
    const { token } = await toolLearner()
    const res = await postAction(
      TOOL,
      'add-expense',
      { ...formFields(await block(token)), ...newLine('expense', 'Food', '300') },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    const tool = one(root, TOOL.block)
    expect(text(one(root, '#dt-status'))).toBe(
      'Added expense “Food”, $300.00 a month. Expense lines: 1.',
    )
    expect(one(tool, '#money-expense-label').hasAttribute('autofocus')).toBe(true)
    expect(formFields(tool).version).toBe('1')
  })

  it('refuses bad amounts with a 422, an error summary and the typed words kept', async () => {
    const { token, userId } = await toolLearner()
    await addLine(token, 'expense', 'Rent', '650')
    const [id] = await lineIds(token)
    const fields = formFields(await block(token))
    const cases: [string, Record<string, string>, string | undefined, RegExp][] = [
      ['add-expense', newLine('expense', 'Kept words', '-20'), undefined, /negative/],
      ['add-expense', newLine('expense', 'Kept words', '12.345'), undefined, /two decimal places/],
      [
        'add-expense',
        newLine('expense', 'Kept words', '999,999,999'),
        undefined,
        /100,000,000 or less/,
      ],
      [
        'add-income',
        { 'income-label': '', 'expense-label': 'Kept words' },
        undefined,
        /Write the name of the income/,
      ],
      [
        'save',
        { [`label-${id}`]: 'Kept words', [`amount-${id}`]: 'lots' },
        undefined,
        /numbers only/,
      ],
      ['save', { [`label-${id}`]: '', 'expense-label': 'Kept words' }, undefined, /has no name/],
      ['remove', { 'expense-label': 'Kept words' }, 'not-mine', /no longer in your budget/],
      [
        'currency',
        { currency: 'JPY', 'expense-label': 'Kept words' },
        undefined,
        /Choose a currency/,
      ],
    ]
    for (const [action, more, item, message] of cases) {
      const res = await postAction(TOOL, action, { ...fields, ...more }, { token, item })
      expect(res.status, action).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(dom(html).querySelector(href), href).not.toBeNull()
      expect(html).toContain('value="Kept words"')
    }
    const empty = await postAction(TOOL, 'done', { ...fields, [`label-${id}`]: 'Rent' }, { token })
    expect(empty.status).toBe(303)
    expect((await answerRow(userId, TOOL.placement))?.version).toBe(2)
  })

  it('needs one expense before it continues', async () => {
    const { token } = await toolLearner()
    const res = await postAction(TOOL, 'done', formFields(await block(token)), { token })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Add at least one expense')
    expect(dom(html).querySelector('#money-expense-label')).not.toBeNull()
  })

  it('keeps a stale save from a second tab from touching the lines or the currency', async () => {
    const { token, userId } = await toolLearner()
    await addLine(token, 'expense', 'Rent', '650')
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    expect(
      (
        await postAction(
          TOOL,
          'add-expense',
          { ...tabA, ...newLine('expense', 'From A', '1') },
          { token },
        )
      ).status,
    ).toBe(303)
    const before = await toolRows('budget_lines', userId, TOOL.placement)
    const stale = await postAction(
      TOOL,
      'currency',
      { ...tabB, currency: 'EUR', ...newLine('expense', 'From B', '2') },
      { token },
    )
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('value="From B"')
    expect(await toolRows('budget_lines', userId, TOOL.placement)).toEqual(before)
    expect(await learnerCurrency(userId)).toBe('USD')
    expect((await revisions(userId, TOOL.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing, currency included, when the save fails at any statement', async () => {
    const { token, userId } = await toolLearner()
    await addLine(token, 'expense', 'Rent', '650')
    const fields = {
      ...formFields(await block(token)),
      currency: 'EUR',
      ...newLine('expense', 'Food', '300'),
    }
    // The answer, 3 revision writes, the conflict, delete and insert of the lines, the
    // currency, and the read back.
    const saved = await expectAtomicSave(
      async (e) => {
        const res = await postAction(TOOL, 'add-expense', fields, { token, env: e })
        if (res.status === 500) expect(await learnerCurrency(userId)).toBe('USD')
        return res
      },
      { userId, placement: TOOL.placement, tables: ['budget_lines'] },
      9,
    )
    expect(saved.status).toBe(303)
    expect(await learnerCurrency(userId)).toBe('EUR')
  })

  it('does not act on another learner’s lines', async () => {
    const a = await toolLearner()
    await addLine(a.token, 'expense', 'Private cost', '12')
    const [aId] = await lineIds(a.token)
    const b = await toolLearner()
    const res = await postAction(TOOL, 'remove', formFields(await block(b.token)), {
      token: b.token,
      item: aId,
    })
    expect(res.status).toBe(422)
    expect(await res.text()).not.toContain('Private cost')
    expect((await toolRows('budget_lines', a.userId, TOOL.placement)).length).toBe(1)
    expect(await lineIds(a.token)).toEqual([aId])
  })

  it('keeps an earlier plain-text answer, shows it, and starts expenses from it', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${TOOL.placement}`,
      { answer: 'Rent, 650\nPhone, 20\nA lot on coffee', version: '0' },
      { token },
    )
    const answered = await block(token)
    expect(text(answered)).toContain('You wrote this here before this tool existed')
    expect(text(answered)).toContain('A lot on coffee')
    const shownBlock = await block(token, edit)
    const labels = all(shownBlock, 'input[name^="label-"]')
    expect(labels.map((i) => i.getAttribute('value'))).toEqual(['Rent', 'Phone'])
    const res = await postAction(
      TOOL,
      'save',
      {
        ...formFields(shownBlock),
        'label-e2': 'Phone and internet',
        'amount-e2': '45',
        'essential-e1': 'yes',
        'label-e1': 'Rent',
        'amount-e1': '650',
      },
      { token },
    )
    expect(res.status).toBe(303)
    const rows = await toolRows('budget_lines', userId, TOOL.placement)
    expect(rows.map((r) => [r.line_id, r.essential])).toEqual([
      ['e1', 1],
      ['e2', 0],
    ])
    const again = await block(token, edit)
    expect(all(again, 'input[name^="label-"]').map((i) => i.getAttribute('value'))).toEqual([
      'Rent',
      'Phone and internet',
    ])
    expect(text(again)).toContain('A lot on coffee')
  })
})

void env
