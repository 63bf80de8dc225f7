import { describe, expect, it } from 'vitest'
import { all, dom, one, text } from '../../test/html'
import { BalanceChart } from '../tools/life-balance'
import type { BalanceRound } from '../../src/tools/values'

/** The gzip size of some text, as a worker compresses it. */
async function gzipped(markup: string): Promise<number> {
  const stream = new Blob([markup]).stream().pipeThrough(new CompressionStream('gzip'))
  return (await new Response(stream).arrayBuffer()).byteLength
}

const render = async (node: unknown) => dom(String(await node))

const round = (id: string, takenOn: string, scores: Record<string, number>): BalanceRound => ({
  id,
  takenOn,
  scores,
  notes: '',
})

/** The SVG's text alternatives: role, and the title and description it is labelled by. */
function alternatives(root: ReturnType<typeof dom>) {
  const svg = one(root, 'svg')
  expect(svg.getAttribute('role')).toBe('img')
  const [titleId, descId] = svg.getAttribute('aria-labelledby')!.split(' ')
  return {
    title: text(one(svg, `title#${titleId}`)),
    desc: text(one(svg, `desc#${descId}`)),
    table: one(root, 'details table'),
  }
}

describe('the life balance bar chart', () => {
  it('says it has no scores yet when there is no round', async () => {
    const root = await render(
      <BalanceChart id="c" areas={['Work', 'Play']} rounds={[]} min={1} max={10} />,
    )
    const alt = alternatives(root)
    expect(alt.title).toBe('Your life balance')
    expect(alt.desc).toBe('No scores yet.')
    expect(text(one(root, 'svg'))).toContain('No scores yet')
    expect(all(root, 'rect')).toHaveLength(0)
    expect(all(alt.table, 'tbody tr').map((r) => text(r))).toEqual(['Work', 'Play'])
  })

  it('draws one bar per area for one round, unscored areas said in words', async () => {
    const root = await render(
      <BalanceChart
        id="c"
        areas={['Work', 'Play', 'Love', 'Health']}
        rounds={[round('a', '2026-12-01', { Work: 7, Play: 1, Health: 10 })]}
        min={1}
        max={10}
      />,
    )
    const alt = alternatives(root)
    expect(alt.desc).toBe('Your scores from 1 to 10 for 4 areas, round 1, 1 December 2026.')
    expect(all(root, 'rect.dt-bars__bar--latest')).toHaveLength(3)
    expect(all(root, 'rect.dt-bars__bar--earlier')).toHaveLength(0)
    expect(all(alt.table, 'thead th').map(text)).toEqual(['Area', 'Round 1, 1 December 2026'])
    expect(all(alt.table, 'tbody tr').map((r) => all(r, 'th, td').map(text))).toEqual([
      ['Work', '7'],
      ['Play', '1'],
      ['Love', 'Not scored'],
      ['Health', '10'],
    ])
    // A 10 fills the plot; a 1 a tenth of it.
    const widths = all(root, 'rect.dt-bars__bar--latest').map((r) =>
      Number(r.getAttribute('width')),
    )
    expect(widths[2]).toBeCloseTo(widths[1]! * 10)
  })

  it('shows the latest of many rounds beside the one before it, at 20 areas, within 3 KB gzip', async () => {
    const areas = Array.from({ length: 20 }, (_, i) => `Area number ${i + 1} with a long name here`)
    const all10 = (n: number) => Object.fromEntries(areas.map((a) => [a, n]))
    const rounds = [
      round('a', '2026-01-05', all10(2)),
      round('b', '2026-06-05', all10(4)),
      round('c', '2026-12-01', all10(9)),
    ]
    const markup = String(
      await (<BalanceChart id="c" areas={areas} rounds={rounds} min={1} max={10} />),
    )
    const root = dom(markup)
    const alt = alternatives(root)
    expect(alt.title).toBe('Your life balance, then and now')
    expect(alt.desc).toBe(
      'Your scores from 1 to 10 for 20 areas: round 3, 1 December 2026, beside round 2, 5 June 2026.',
    )
    expect(all(root, 'rect.dt-bars__bar--earlier')).toHaveLength(21) // 20 bars and the key
    expect(all(root, 'rect.dt-bars__bar--latest')).toHaveLength(21)
    expect(all(alt.table, 'thead th').map(text)).toEqual([
      'Area',
      'Round 2, 5 June 2026',
      'Round 3, 1 December 2026',
    ])
    const rows = all(alt.table, 'tbody tr')
    expect(rows).toHaveLength(20)
    expect(all(rows[19]!, 'th, td').map(text)).toEqual([areas[19], '4', '9'])
    // Long names are shortened in the picture only; the table has them whole.
    expect(text(one(root, '.dt-bars__label'))).toBe('Area number 1 with a long name …')
    expect(await gzipped(markup)).toBeLessThan(3 * 1024)
  })
})
