import { describe, expect, it } from 'vitest'
import { all, dom, one, text } from '../../test/html'
import { FLOW_CHART_MAX, FlowChart, type FlowPoint } from './flow-chart'

const render = async (points: FlowPoint[]) =>
  dom(
    String(
      await (
        <FlowChart
          id="f-chart"
          points={points}
          energyWords={['drained', 'steady', 'energized']}
          focusWords={['scattered', 'engaged', 'absorbed']}
        />
      ),
    ),
  )

const point = (i: number, high = false): FlowPoint => ({
  day: `2026-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  activity: `Activity ${i}`,
  energy: high ? 2 : (i % 5) - 2,
  focus: high ? 5 : 1 + (i % 3),
  highFlow: high,
  energyLabel: high ? 'energized' : 'some',
  focusLabel: high ? 'absorbed' : 'some',
})

/** The SVG's text alternatives, wired to it, and the table's rows. */
function alternatives(root: ReturnType<typeof dom>) {
  const svg = one(root, 'svg[role="img"]')
  expect(svg.getAttribute('aria-labelledby')).toBe('f-chart-title f-chart-desc')
  return {
    title: text(one(svg, 'title#f-chart-title')),
    desc: text(one(svg, 'desc#f-chart-desc')),
    rows: all(root, 'details table tbody tr'),
    caption: text(one(root, 'details table caption')),
  }
}

async function gzipSize(s: string) {
  const stream = new Blob([s]).stream().pipeThrough(new CompressionStream('gzip'))
  return (await new Response(stream).arrayBuffer()).byteLength
}

describe('the flow chart', () => {
  it('renders an empty set with its text alternatives and an empty table', async () => {
    const root = await render([])
    const alt = alternatives(root)
    expect(alt.title).toBe('Energy and focus over time')
    expect(alt.desc).toMatch(/No entries yet/)
    expect(alt.rows).toHaveLength(0)
    expect(all(root, 'circle, .dt-chart__mark')).toHaveLength(0)
  })

  it('renders one entry as one mark per panel, with its row', async () => {
    const root = await render([point(0, true)])
    const alt = alternatives(root)
    expect(alt.desc).toMatch(/^One entry, on 2026-01-01\./)
    expect(alt.desc).toMatch(/One is high flow, drawn as a diamond/)
    expect(alt.rows.map((r) => all(r, 'th, td').map(text))).toEqual([
      ['2026-01-01', 'Activity 0', 'energized (+2)', 'absorbed (5)', 'Yes'],
    ])
    expect(all(root, '.dt-chart__mark--high')).toHaveLength(2)
    expect(all(root, '.dt-chart__line')).toHaveLength(0)
  })

  it('renders the maximum, and draws only the latest entries beyond it, within 3 KB gzip', async () => {
    const points = Array.from({ length: FLOW_CHART_MAX }, (_, i) => point(i, i % 7 === 0))
    const root = await render(points)
    const alt = alternatives(root)
    expect(alt.rows).toHaveLength(FLOW_CHART_MAX)
    expect(alt.desc).toMatch(/^50 entries, from 2026-01-01 to 2026-02-22, oldest on the left/)
    expect(alt.desc).toMatch(/8 are high flow/)
    expect(all(root, '.dt-chart__mark')).toHaveLength(FLOW_CHART_MAX * 2)
    expect(all(root, '.dt-chart__line')).toHaveLength(2)
    expect(await gzipSize(root.toString())).toBeLessThanOrEqual(3 * 1024)

    const more = await render([point(99), ...points])
    const over = alternatives(more)
    expect(over.title).toBe('Energy and focus, your latest 50 entries')
    expect(over.rows).toHaveLength(FLOW_CHART_MAX)
    expect(more.toString()).not.toContain('Activity 99')
  })
})
