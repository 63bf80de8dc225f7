import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from './index'
import { agedRowsLeft, insertAgedRows, insertUser } from '../test/sql'

describe('the scheduled clean-up', () => {
  it('purges expired and idle sessions, old counters and claims, unconfirmed imports, and audit rows past a year', async () => {
    const userId = await insertUser()
    const now = Date.now()
    await insertAgedRows(userId, now)
    expect(await agedRowsLeft(userId)).toEqual({
      staged: ['old', 'new'],
      sessions: ['expired', 'idle', 'live'],
      limits: ['new', 'old'],
      audit: ['old', 'new'],
      claims: ['new', 'old'],
    })
    const ctx = createExecutionContext()
    worker.scheduled(
      createScheduledController({ scheduledTime: now, cron: '23 3 * * *' }),
      env,
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(await agedRowsLeft(userId)).toEqual({
      staged: ['new'],
      sessions: ['live'],
      limits: ['new'],
      audit: ['new'],
      claims: ['new'],
    })
  })
})
