/** Shapes the contents query into parts → modules → exercises with calm position marks. */
import type { ContentsRow } from '../db/workbook'
import type { ContentsExercise, ContentsPart } from '../../views/workbook/contents-page'

/**
 * The learner is "on" the first exercise, in walk order, that still has an unanswered question.
 * Everything up to it is open; later exercises are listed but open once reached.
 */
export function contentsTree(rows: ContentsRow[]) {
  const frontier = rows.find((r) => r.answered < r.prompts)
  const parts: ContentsPart[] = []
  for (const row of rows) {
    let part = parts[parts.length - 1]
    if (!part || part.id !== row.partId) {
      part = { id: row.partId, title: row.partTitle, summary: row.partSummary, modules: [] }
      parts.push(part)
    }
    let module = part.modules[part.modules.length - 1]
    if (!module || module.id !== row.moduleId) {
      module = {
        id: row.moduleId,
        title: row.moduleTitle,
        summary: row.moduleSummary,
        exercises: [],
      }
      part.modules.push(module)
    }
    let state: ContentsExercise['state']
    if (row.answered >= row.prompts) state = 'done'
    else if (frontier && row.exerciseId === frontier.exerciseId) state = 'current'
    else if (frontier && row.seq > frontier.seq) state = 'later'
    else state = row.answered > 0 ? 'started' : 'not-started'
    module.exercises.push({ id: row.exerciseId, title: row.exerciseTitle, state })
  }
  const current = frontier
    ? {
        id: frontier.exerciseId,
        title: frontier.exerciseTitle,
        moduleTitle: frontier.moduleTitle,
        partTitle: frontier.partTitle,
      }
    : null
  return { parts, current }
}
