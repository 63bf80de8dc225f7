/**
 * The frame every chart shares: a server-rendered SVG with `role="img"`, its title and
 * description wired with `aria-labelledby`, and the same data as a table behind a `<details>`.
 * No chart library. Colours come from CSS custom properties (`--dt-chart-*` in app.css), and
 * marks draw with `currentColor` strokes as well as fills, so forced-colours mode keeps them.
 */
import type { Child } from 'hono/jsx'

export type ChartTable = {
  caption: string
  /** Column headings; the first column of each row is its row heading. */
  head: string[]
  rows: (string | number)[][]
}

export function Chart(props: {
  /** Unique on the page: the SVG's title is `<id>-title`, its description `<id>-desc`. */
  id: string
  title: string
  description: string
  width: number
  height: number
  children: Child
  table: ChartTable
}) {
  const { id } = props
  return (
    <figure class="dt-chart">
      <svg
        class="dt-chart__svg"
        viewBox={`0 0 ${props.width} ${props.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.description}</desc>
        {props.children}
      </svg>
      <details class="dt-chart__data">
        <summary>Show the numbers as a table</summary>
        <table class="dt-table">
          <caption>{props.table.caption}</caption>
          <thead>
            <tr>
              {props.table.head.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.table.rows.map(([first, ...rest]) => (
              <tr>
                <th scope="row">{first}</th>
                {rest.map((cell) => (
                  <td>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
