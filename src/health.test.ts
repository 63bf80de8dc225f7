import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import app from './app'

describe('health', () => {
  it('answers 200 ok', async () => {
    const res = await app.request('/health', {}, env)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('ok')
  })
})
