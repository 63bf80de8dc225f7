/**
 * The budget: income lines, then expense lines, each a name, an amount and a period, with a
 * Remove button naming its line; a currency choice; then the totals and what the learner would
 * need to earn, as a monthly, a yearly and an hourly figure. Every button is a real form post.
 */
import { ErrorMessage } from '../components/field-parts'
import { ActionButton, fieldError, focused, shown, ToolTextField } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'
import type { BudgetLine } from '../../src/tools/values'

type View = Extract<ToolView, { tool: 'budget' }>
type Props = { frame: ToolFrame; view: View }

const PERIODS = [
  ['month', 'Each month'],
  ['year', 'Each year'],
] as const

function PeriodField(props: { frame: ToolFrame; name: string; label: string; value: string }) {
  const { frame, name } = props
  const id = toolFieldId(frame, name)
  const error = fieldError(frame, name)
  const current = shown(frame, name, props.value)
  return (
    <div class={`dt-field dt-budget__field${error ? ' dt-field--error' : ''}`}>
      <label class="dt-label" for={id}>
        {props.label}
      </label>
      <ErrorMessage id={id} error={error} />
      <select
        class={`dt-select${error ? ' dt-select--error' : ''}`}
        id={id}
        name={name}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? 'true' : undefined}
      >
        {PERIODS.map(([value, text]) => (
          <option value={value} selected={current === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  )
}

function EssentialBox(props: { frame: ToolFrame; name: string; checked: boolean; label: string }) {
  const id = toolFieldId(props.frame, props.name)
  return (
    <div class="dt-checkboxes dt-budget__field">
      <div class="dt-choice">
        <input
          class="dt-choice__input"
          id={id}
          name={props.name}
          type="checkbox"
          value="yes"
          checked={props.checked}
          autofocus={focused(props.frame, props.name)}
        />
        <label class="dt-choice__label" for={id}>
          {props.label}
        </label>
      </div>
    </div>
  )
}

/** One saved line, editable. */
function Line(props: { frame: ToolFrame; view: View; line: BudgetLine; position: number }) {
  const { frame, view, line, position } = props
  const noun = line.kind === 'income' ? 'Income' : 'Expense'
  const labelName = `label-${line.id}`
  // After a problem, the box shows what was posted: a clear box posts nothing.
  const posted = frame.kept && labelName in frame.kept
  const essential = posted ? `essential-${line.id}` in frame.kept! : line.essential
  return (
    <li class="dt-budget__line">
      <fieldset class="dt-fieldset">
        <legend class="dt-legend dt-budget__legend">
          {noun} {position}: {line.label}{' '}
          <span class="dt-budget__amount">({view.shown[line.id]})</span>
        </legend>
        <div class="dt-budget__row">
          <ToolTextField
            fieldClass="dt-budget__field"
            frame={frame}
            name={labelName}
            label="Name"
            stored={line.label}
          />
          <ToolTextField
            fieldClass="dt-budget__field"
            frame={frame}
            name={`amount-${line.id}`}
            label="Amount"
            stored={view.amounts[line.id] ?? ''}
            inputmode="decimal"
            inputClass="dt-budget__money"
          />
          <PeriodField
            frame={frame}
            name={`period-${line.id}`}
            label="How often"
            value={line.period}
          />
        </div>
        {line.kind === 'expense' ? (
          <EssentialBox
            frame={frame}
            name={`essential-${line.id}`}
            checked={essential}
            label="Essential: I could not do without this"
          />
        ) : null}
        <p class="dt-budget__actions">
          <ActionButton frame={frame} action="remove" item={line.id} variant="warning">
            Remove
            <span class="dt-visually-hidden">
              {' '}
              {line.kind} “{line.label}”
            </span>
          </ActionButton>
        </p>
      </fieldset>
    </li>
  )
}

/** The fields for one new line of `kind`, and its Add button. */
function NewLine(props: { frame: ToolFrame; kind: 'income' | 'expense'; full: boolean }) {
  const { frame, kind } = props
  const noun = kind === 'income' ? 'income' : 'expense'
  const kept = frame.kept && `${kind}-label` in frame.kept
  return (
    <fieldset class="dt-fieldset dt-budget__new">
      <legend class="dt-legend">Add {kind === 'income' ? 'income' : 'an expense'}</legend>
      {props.full ? (
        <p class="dt-hint">Your budget is full. Remove a line to add another.</p>
      ) : null}
      <div class="dt-budget__row">
        <ToolTextField
          fieldClass="dt-budget__field"
          frame={frame}
          name={`${kind}-label`}
          label="Name"
          hint={
            kind === 'income' ? 'For example, salary or a pension' : 'For example, rent or food'
          }
          stored=""
        />
        <ToolTextField
          fieldClass="dt-budget__field"
          frame={frame}
          name={`${kind}-amount`}
          label="Amount"
          hint="Numbers only, such as 650 or 1,234.50"
          stored=""
          inputmode="decimal"
          inputClass="dt-budget__money"
        />
        <PeriodField frame={frame} name={`${kind}-period`} label="How often" value="month" />
      </div>
      {kind === 'expense' ? (
        <EssentialBox
          frame={frame}
          name="expense-essential"
          checked={!!kept && 'expense-essential' in frame.kept!}
          label="Essential: I could not do without this"
        />
      ) : null}
      <p>
        <ActionButton frame={frame} action={`add-${kind}`}>
          Add {noun}
        </ActionButton>
      </p>
    </fieldset>
  )
}

export function BudgetTool(props: Props) {
  const { frame, view } = props
  const income = view.value.lines.filter((l) => l.kind === 'income')
  const expenses = view.value.lines.filter((l) => l.kind === 'expense')
  const full = view.value.lines.length >= view.max
  const currencyId = toolFieldId(frame, 'currency')
  const currencyError = fieldError(frame, 'currency')
  const currency = shown(frame, 'currency', view.value.currency)
  const t = view.totals
  return (
    <>
      <div class={`dt-field${currencyError ? ' dt-field--error' : ''}`}>
        <label class="dt-label" for={currencyId}>
          Currency
        </label>
        <div class="dt-hint" id={`${currencyId}-hint`}>
          This changes how amounts are written, not the amounts: there is no exchange rate.
        </div>
        <ErrorMessage id={currencyId} error={currencyError} />
        <select
          class={`dt-select${currencyError ? ' dt-select--error' : ''}`}
          id={currencyId}
          name="currency"
          aria-describedby={`${currencyId}-hint${currencyError ? ` ${currencyId}-error` : ''}`}
          aria-invalid={currencyError ? 'true' : undefined}
          autofocus={focused(frame, 'currency')}
        >
          {view.currencies.map((c) => (
            <option value={c.code} selected={currency === c.code}>
              {c.name}
            </option>
          ))}
        </select>{' '}
        <ActionButton frame={frame} action="currency" id="currency-button">
          Use this currency
        </ActionButton>
      </div>

      <h3 class="dt-budget__heading">Income</h3>
      {income.length === 0 ? (
        <p class="dt-tool-empty">No income yet. Add what comes in, if anything.</p>
      ) : (
        <ol class="dt-budget__lines">
          {income.map((line, i) => (
            <Line frame={frame} view={view} line={line} position={i + 1} />
          ))}
        </ol>
      )}
      <NewLine frame={frame} kind="income" full={full} />

      <h3 class="dt-budget__heading">Expenses</h3>
      {expenses.length === 0 ? (
        <p class="dt-tool-empty">No expenses yet. Add your first cost below.</p>
      ) : (
        <ol class="dt-budget__lines">
          {expenses.map((line, i) => (
            <Line frame={frame} view={view} line={line} position={i + 1} />
          ))}
        </ol>
      )}
      <NewLine frame={frame} kind="expense" full={full} />

      <h3 class="dt-budget__heading">Totals</h3>
      <table class="dt-table dt-budget__totals">
        <caption class="dt-visually-hidden">Your budget’s totals</caption>
        <thead>
          <tr>
            <td></td>
            <th scope="col">Each month</th>
            <th scope="col">Each year</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Income</th>
            <td>{t.income.month}</td>
            <td>{t.income.year}</td>
          </tr>
          <tr>
            <th scope="row">Essential expenses</th>
            <td>{t.essential.month}</td>
            <td>{t.essential.year}</td>
          </tr>
          <tr>
            <th scope="row">All expenses</th>
            <td>{t.all.month}</td>
            <td>{t.all.year}</td>
          </tr>
          <tr>
            <th scope="row">
              {t.left.short
                ? 'Short by (income less all expenses)'
                : 'Left over (income less all expenses)'}
            </th>
            <td>{t.left.month}</td>
            <td>{t.left.year}</td>
          </tr>
        </tbody>
      </table>

      <h3 class="dt-budget__heading">What you would need to earn</h3>
      <dl class="dt-budget__needs" id={toolFieldId(frame, 'needs')}>
        <div>
          <dt>To cover your essential expenses</dt>
          <dd>
            {t.essential.month} a month, {t.essential.year} a year, or{' '}
            <strong>{t.essential.hour} an hour</strong>
          </dd>
        </div>
        <div>
          <dt>To cover all your expenses</dt>
          <dd>
            {t.all.month} a month, {t.all.year} a year, or <strong>{t.all.hour} an hour</strong>
          </dd>
        </div>
      </dl>
      <p class="dt-hint">
        The hourly figure divides the yearly one by 2,080 hours (40 hours a week for 52 weeks).
        Monthly figures are a year’s amount divided by 12, rounded to the nearest cent.
      </p>
      <p class="dt-hint">
        These figures are before tax, and this tool does not estimate tax. Tax and other deductions
        come out of pay, so the pay you would need before them is higher than these figures.
      </p>
    </>
  )
}
