/**
 * The flow log's chart: energy (−2 … +2) and focus (1 … 5) for each entry, oldest on the left,
 * as two dot-and-line panels sharing one row of entries. High-flow entries are drawn as
 * diamonds, not only in another colour, and the shared frame gives the same data as a table.
 */
import { Chart } from './chart'

export type FlowPoint = {
  day: string
  activity: string
  energy: number
  focus: number
  highFlow: boolean
  /** The words of the two levels. */
  energyLabel: string
  focusLabel: string
}

/** The most entries the chart draws: the latest ones. */
export const FLOW_CHART_MAX = 50

const W = 640
const H = 300
const LEFT = 96
const RIGHT = 16
const PANELS = [
  { key: 'energy', name: 'Energy', top: 28, bottom: 128, min: -2, max: 2 },
  { key: 'focus', name: 'Focus', top: 178, bottom: 278, min: 1, max: 5 },
] as const

const fmt = (n: number) => String(Math.round(n * 10) / 10)

/** A diamond around (x, y): a high-flow entry. */
const diamond = (x: number, y: number) => `M${fmt(x)} ${fmt(y - 6)}l6 6l-6 6l-6-6z`

export function FlowChart(props: {
  id: string
  points: FlowPoint[]
  /** The words at the ends and middle of each scale, lowest first. */
  energyWords: [string, string, string]
  focusWords: [string, string, string]
}) {
  // Oldest first, at most the latest FLOW_CHART_MAX.
  const points = props.points.slice(-FLOW_CHART_MAX)
  const n = points.length
  const x = (i: number) =>
    n <= 1 ? (LEFT + W - RIGHT) / 2 : LEFT + ((W - RIGHT - LEFT) * i) / (n - 1)
  const high = points.filter((p) => p.highFlow).length
  const description =
    n === 0
      ? 'No entries yet. The chart fills in as you log moments.'
      : `${n === 1 ? 'One entry' : `${n} entries`}${n > 1 ? `, from ${points[0]!.day} to ${points[n - 1]!.day}, oldest on the left` : `, on ${points[0]!.day}`}. Energy runs from ${props.energyWords[0]} (−2) to ${props.energyWords[2]} (+2); focus from ${props.focusWords[0]} (1) to ${props.focusWords[2]} (5). ${high === 0 ? 'None is high flow.' : `${high === 1 ? 'One is' : `${high} are`} high flow, drawn as ${high === 1 ? 'a diamond' : 'diamonds'}.`}`
  return (
    <Chart
      id={props.id}
      title={
        props.points.length > FLOW_CHART_MAX
          ? `Energy and focus, your latest ${FLOW_CHART_MAX} entries`
          : 'Energy and focus over time'
      }
      description={description}
      width={W}
      height={H}
      table={{
        caption: 'Energy and focus by entry, oldest first',
        head: ['Day', 'Activity', 'Energy', 'Focus', 'High flow'],
        rows: points.map((p) => [
          p.day,
          p.activity,
          `${p.energyLabel} (${p.energy > 0 ? `+${p.energy}` : String(p.energy).replace('-', '−')})`,
          `${p.focusLabel} (${p.focus})`,
          p.highFlow ? 'Yes' : 'No',
        ]),
      }}
    >
      {PANELS.map((panel) => {
        const words = panel.key === 'energy' ? props.energyWords : props.focusWords
        const y = (v: number) =>
          panel.bottom - ((panel.bottom - panel.top) * (v - panel.min)) / (panel.max - panel.min)
        const mid = (panel.min + panel.max) / 2
        const path = points
          .map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(x(i))} ${fmt(y(p[panel.key]))}`)
          .join('')
        return (
          <g class={`dt-chart__panel dt-chart__panel--${panel.key}`}>
            <text class="dt-chart__label" x={LEFT} y={panel.top - 12}>
              {panel.name}
            </text>
            {[panel.min, mid, panel.max].map((v, i) => (
              <>
                <line class="dt-chart__grid" x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} />
                <text class="dt-chart__tick" x={LEFT - 8} y={y(v) + 4} text-anchor="end">
                  {words[i]}
                </text>
              </>
            ))}
            {n > 1 ? <path class="dt-chart__line" d={path} /> : null}
            {points.map((p, i) =>
              p.highFlow ? (
                <path
                  class="dt-chart__mark dt-chart__mark--high"
                  d={diamond(x(i), y(p[panel.key]))}
                />
              ) : (
                <circle class="dt-chart__mark" cx={fmt(x(i))} cy={fmt(y(p[panel.key]))} r="4" />
              ),
            )}
          </g>
        )
      })}
    </Chart>
  )
}
