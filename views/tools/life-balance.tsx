/**
 * The life balance: a bar chart of the latest round beside the one before it (with its table),
 * a score for each area of the latest round and its notes, a way to start a new round, and
 * every earlier round listed with its date.
 */
import { BarChart, type BarSeries } from '../charts/bars'
import { ErrorMessage } from '../components/field-parts'
import { TextArea } from '../components/text-area'
import type { BalanceRound } from '../../src/tools/values'
import { ActionButton, fieldError, focused, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type View = Extract<ToolView, { tool: 'life-balance' }>
type Props = { frame: ToolFrame; view: View }

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** "1 December 2026" from `2026-12-01`. */
export function dateText(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)

const scored = (r: BalanceRound) => Object.keys(r.scores).length > 0

/** The chart's series: the round before the latest (if any), then the latest. */
export function balanceSeries(areas: string[], rounds: BalanceRound[]): BarSeries[] {
  const last = rounds[rounds.length - 1]
  if (!last) return []
  const before = rounds[rounds.length - 2]
  const of = (r: BalanceRound, kind: BarSeries['kind'], n: number): BarSeries => ({
    name: `Round ${n}, ${dateText(r.takenOn)}`,
    values: areas.map((a) => r.scores[a] ?? null),
    kind,
  })
  return before
    ? [of(before, 'earlier', rounds.length - 1), of(last, 'latest', rounds.length)]
    : [of(last, 'latest', 1)]
}

/** The chart of the latest round beside the one before it. */
export function BalanceChart(props: {
  id: string
  areas: string[]
  rounds: BalanceRound[]
  max: number
  min: number
}) {
  const series = balanceSeries(props.areas, props.rounds)
  const n = props.areas.length
  const description =
    series.length === 0
      ? 'No scores yet.'
      : series.length === 1
        ? `Your scores from ${props.min} to ${props.max} for ${n} areas, ${lower(series[0]!.name)}.`
        : `Your scores from ${props.min} to ${props.max} for ${n} areas: ${lower(series[1]!.name)}, beside ${lower(series[0]!.name)}.`
  return (
    <BarChart
      id={props.id}
      title={series.length > 1 ? 'Your life balance, then and now' : 'Your life balance'}
      description={description}
      categories={props.areas}
      series={series}
      min={props.min}
      max={props.max}
      caption={series.length > 1 ? 'Scores by area, round by round' : 'Scores by area'}
      categoryHeading="Area"
      empty="No scores yet"
    />
  )
}

function ScoreField(props: { frame: ToolFrame; view: View; area: string; index: number }) {
  const { frame, view } = props
  const round = view.rounds[view.rounds.length - 1]
  const name = `score-${props.index}`
  const id = toolFieldId(frame, name)
  const error = fieldError(frame, name)
  const current = shown(frame, name, String(round?.scores[props.area] ?? ''))
  const scores = Array.from({ length: view.max - view.min + 1 }, (_, i) => view.min + i)
  return (
    <div class={`dt-field dt-balance__area${error ? ' dt-field--error' : ''}`}>
      <label class="dt-label" for={id}>
        {props.area}
      </label>
      <ErrorMessage id={id} error={error} />
      <select
        class={`dt-select${error ? ' dt-select--error' : ''}`}
        id={id}
        name={name}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? 'true' : undefined}
        autofocus={focused(frame, name)}
      >
        <option value="" selected={current === ''}>
          Not scored yet
        </option>
        {scores.map((s) => (
          <option value={String(s)} selected={current === String(s)}>
            {s === view.min
              ? `${s}, ${view.ends.low}`
              : s === view.max
                ? `${s}, ${view.ends.high}`
                : String(s)}
          </option>
        ))}
      </select>
    </div>
  )
}

function EarlierRounds(props: { frame: ToolFrame; areas: string[]; rounds: BalanceRound[] }) {
  if (props.rounds.length === 0) return null
  const headingId = toolFieldId(props.frame, 'earlier')
  return (
    <section class="dt-balance__earlier" aria-labelledby={headingId}>
      <h3 id={headingId}>Your earlier rounds</h3>
      <ol class="dt-balance__rounds">
        {props.rounds.map((r, i) => {
          const named = [
            ...props.areas,
            ...Object.keys(r.scores).filter((a) => !props.areas.includes(a)),
          ]
          const scores = named
            .filter((a) => r.scores[a] !== undefined)
            .map((a) => `${a} ${r.scores[a]}`)
          return (
            <li>
              <p>
                <strong>
                  Round {i + 1}, started {dateText(r.takenOn)}
                </strong>
                {': '}
                {scores.length ? scores.join(', ') : 'no scores'}.
              </p>
              {r.notes ? <p class="dt-balance__notes">Notes: {r.notes}</p> : null}
            </li>
          )
        })}
      </ol>
    </section>
  )
}

export function LifeBalanceTool(props: Props) {
  const { frame, view } = props
  const rounds = view.rounds
  const last = rounds[rounds.length - 1]
  const number = Math.max(1, rounds.length)
  return (
    <>
      <p class="dt-hint">
        Score each area from {view.min}, {view.ends.low}, to {view.max}, {view.ends.high}.
      </p>
      {rounds.some(scored) ? (
        <BalanceChart
          id={toolFieldId(frame, 'chart')}
          areas={view.areas}
          rounds={rounds}
          min={view.min}
          max={view.max}
        />
      ) : null}
      <fieldset class="dt-fieldset dt-balance">
        <legend class="dt-legend">
          {last
            ? `Round ${number}, started ${dateText(last.takenOn)}`
            : 'Round 1, dated when you first save it'}
        </legend>
        {view.areas.map((area, i) => (
          <ScoreField frame={frame} view={view} area={area} index={i + 1} />
        ))}
        <TextArea
          name="notes"
          id={toolFieldId(frame, 'notes')}
          label="Notes for this round"
          optional
          hint="What is behind these scores, or what you would like to change."
          value={shown(frame, 'notes', last?.notes ?? '')}
          error={fieldError(frame, 'notes')}
          rows={3}
        />
        <p>
          <ActionButton frame={frame} action="save" id="save">
            Save my scores
          </ActionButton>
        </p>
      </fieldset>
      {last ? (
        <div class="dt-balance__new">
          {fieldError(frame, 'new-round') ? (
            <ErrorMessage
              id={toolFieldId(frame, 'new-round')}
              error={fieldError(frame, 'new-round')}
            />
          ) : null}
          {view.full ? (
            <p id={toolFieldId(frame, 'new-round')}>
              You have kept as many rounds as this tool holds. You can still change the latest one.
            </p>
          ) : (
            <>
              <p id={toolFieldId(frame, 'new-round-hint')} class="dt-hint">
                Come back in a few weeks or months and score the areas again. Round {number} stays
                as it is, dated {dateText(last.takenOn)}, and the chart shows the two side by side.
              </p>
              <ActionButton
                frame={frame}
                action="round"
                id="new-round"
                describedBy={
                  fieldError(frame, 'new-round')
                    ? ['new-round-error', 'new-round-hint']
                    : ['new-round-hint']
                }
              >
                Start a new round
              </ActionButton>
            </>
          )}
        </div>
      ) : null}
      <EarlierRounds frame={frame} areas={view.areas} rounds={rounds.slice(0, -1)} />
    </>
  )
}
