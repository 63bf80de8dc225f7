// The Worker's entry point: requests go to the app (built in app.tsx), and the daily cron
// trigger to the clean-up. Only handlers may be exported here.
import app from './app'
import { cleanUp } from './maintenance'

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(cleanUp(env, controller.scheduledTime))
  },
} satisfies ExportedHandler<Env>
