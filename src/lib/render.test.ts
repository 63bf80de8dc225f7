import { describe, expect, it } from 'vitest'
import { safeNext } from './render'
import { HOSTILE_NEXT } from '../../test/hostile'

const ORIGIN = 'https://dreamtree.example'

describe('safeNext', () => {
  it('sends every hostile value home, to /', () => {
    expect(HOSTILE_NEXT.length).toBeGreaterThanOrEqual(20)
    for (const value of HOSTILE_NEXT)
      expect(safeNext(value, ORIGIN), JSON.stringify(value)).toBe('/')
  })

  it('keeps a page that asks for sign-in, with its query and fragment', () => {
    expect(safeNext('/workbook/values', ORIGIN)).toBe('/workbook/values')
    expect(safeNext('/workbook/values?x=1#b-c2', ORIGIN)).toBe('/workbook/values?x=1#b-c2')
    expect(safeNext('/account', ORIGIN)).toBe('/account')
    expect(safeNext('/recovery-code?after=recovery', ORIGIN)).toBe('/recovery-code?after=recovery')
    expect(safeNext('/', ORIGIN)).toBe('/')
    expect(safeNext(undefined, ORIGIN, '/workbook')).toBe('/workbook')
  })
})
