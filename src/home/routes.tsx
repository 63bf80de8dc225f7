/** The home page: what DreamTree is, or, for a learner, where they are. */
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { findFrontier } from '../db/workbook'
import { render } from '../lib/render'
import { HomePage } from '../../views/home/home-page'

export const home = new Hono<AppEnv>()

home.get('/', async (c) => {
  const current = c.var.user ? await findFrontier(c.var.db, c.var.user.id) : null
  return render(c, {
    title: c.var.user ? 'Welcome back' : 'Your career, in your own words',
    body: <HomePage signedIn={!!c.var.user} current={current} />,
  })
})
