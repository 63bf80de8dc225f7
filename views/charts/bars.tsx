/**
 * A horizontal bar chart of scores by category, one bar per series in each category's row (the
 * life balance's earlier and latest rounds side by side). Server-rendered SVG in the shared
 * {@link Chart} frame; bars fill from `--dt-chart-<n>` and are outlined in `currentColor`, the
 * earlier series dashed, so the two stay apart in forced colours and in grey.
 */
import { Chart } from './chart'

export type BarSeries = {
  /** Its name in the legend and the table's heading ("Latest, 1 December 2026"). */
  name: string
  /** One per category, in the categories' order; null where it has no value. */
  values: (number | null)[]
  /** How its bars look: earlier ones dashed and lighter, the latest solid. */
  kind: 'earlier' | 'latest'
}

const WIDTH = 640
const LABEL = 230
const RIGHT = 40
const BAR = 14
const GAP = 3
const PAD = 10
const LEGEND = 30
const AXIS = 28
/** Category names longer than this are shortened in the picture (the table has them whole). */
const LABEL_CHARS = 32

const short = (s: string) =>
  [...s].length > LABEL_CHARS ? `${[...s].slice(0, LABEL_CHARS - 1).join('')}…` : s

export function BarChart(props: {
  id: string
  title: string
  description: string
  categories: string[]
  /** At most a few; each is drawn in its own style, in order. */
  series: BarSeries[]
  min: number
  max: number
  /** The table's caption and its first column's heading. */
  caption: string
  categoryHeading: string
  /** What an empty chart says. */
  empty: string
}) {
  const { categories, series, max } = props
  const plot = WIDTH - LABEL - RIGHT
  const x = (v: number) => LABEL + (plot * v) / max
  const row = PAD + series.length * (BAR + GAP)
  const top = series.length > 1 ? LEGEND : 8
  const nothing = categories.length === 0 || series.length === 0
  const height = nothing ? 60 : top + categories.length * row + AXIS
  const ticks = [props.min, Math.floor((props.min + max) / 2), max]
  return (
    <Chart
      id={props.id}
      title={props.title}
      description={props.description}
      width={WIDTH}
      height={height}
      table={{
        caption: props.caption,
        head: [props.categoryHeading, ...series.map((s) => s.name)],
        rows: categories.map((c, i) => [
          c,
          ...series.map((s) => (s.values[i] == null ? 'Not scored' : String(s.values[i]))),
        ]),
      }}
    >
      {nothing ? (
        <text class="dt-bars__empty" x={WIDTH / 2} y={34} text-anchor="middle" fill="currentColor">
          {props.empty}
        </text>
      ) : (
        <g class="dt-bars" font-size="13" fill="currentColor">
          {series.length > 1
            ? series.map((s, j) => (
                <g class="dt-bars__key">
                  <rect
                    class={`dt-bars__bar dt-bars__bar--${s.kind}`}
                    stroke="currentColor"
                    stroke-dasharray={s.kind === 'earlier' ? '3 2' : undefined}
                    x={LABEL + j * 210}
                    y={8}
                    width={BAR}
                    height={BAR}
                  />
                  <text x={LABEL + j * 210 + BAR + 6} y={8 + BAR - 2}>
                    {s.name}
                  </text>
                </g>
              ))
            : null}
          {ticks.map((t) => (
            <g class="dt-bars__tick">
              <line
                x1={x(t)}
                x2={x(t)}
                y1={top}
                y2={top + categories.length * row}
                stroke="currentColor"
                stroke-opacity="0.3"
              />
              <text x={x(t)} y={top + categories.length * row + 18} text-anchor="middle">
                {t}
              </text>
            </g>
          ))}
          {categories.map((c, i) => {
            const y0 = top + i * row + PAD / 2
            return (
              <g class="dt-bars__row">
                <text
                  class="dt-bars__label"
                  x={LABEL - 10}
                  y={y0 + (series.length * (BAR + GAP)) / 2 + 4}
                  text-anchor="end"
                >
                  {short(c)}
                </text>
                {series.map((s, j) => {
                  const v = s.values[i]
                  const y = y0 + j * (BAR + GAP)
                  if (v == null) {
                    return (
                      <text class="dt-bars__value" x={LABEL + 4} y={y + BAR - 3}>
                        not scored
                      </text>
                    )
                  }
                  return (
                    <>
                      <rect
                        class={`dt-bars__bar dt-bars__bar--${s.kind}`}
                        stroke="currentColor"
                        stroke-dasharray={s.kind === 'earlier' ? '3 2' : undefined}
                        x={LABEL}
                        y={y}
                        width={Math.max(0, x(v) - LABEL)}
                        height={BAR}
                      />
                      <text class="dt-bars__value" x={x(v) + 5} y={y + BAR - 3}>
                        {v}
                      </text>
                    </>
                  )
                })}
              </g>
            )
          })}
        </g>
      )}
    </Chart>
  )
}
