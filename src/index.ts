// The Worker's entry point. The app itself is built in app.tsx; only handlers may be exported here.
import app from './app'

export default app
