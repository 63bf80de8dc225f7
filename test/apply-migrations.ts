import { migrate } from './sql'

// Every test file starts from a database with all migrations applied.
await migrate()
