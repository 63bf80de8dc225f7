/**
 * The learner's own tools: a list, SOARED stories and a flow log they can keep outside the
 * workbook, from /tools. Each is a tool placement in an exercise kept out of the walk (the exercise, its module
 * and its part are inactive, so the contents, the frontier and the exercise pages never show
 * them), so the answers, revisions and typed rows are the same as any tool's.
 */
import type { ToolConfig, ToolName } from './model.ts'

/** The id kept for the exercise, module and part of the learner's own tools. */
export const OWN = 'own'

/** The tools a learner can start outside the workbook, and their placements. */
export const OWN_TOOLS = {
  'list-builder': {
    id: 'own.list',
    link: 'Keep a list of your own',
    config: {
      tool: 'list-builder',
      label: 'Your own list',
      hint: 'Anything you want to keep track of as you go: ideas, questions, people to talk to. Add, reorder and remove items as you like.',
      maxLength: 4000,
      settings: { itemLabel: 'item', maxItems: 50 },
    },
  },
  'soared-story': {
    id: 'own.stories',
    link: 'Write a SOARED story of your own',
    config: {
      tool: 'soared-story',
      label: 'Your own SOARED stories',
      hint: 'Stories you want to keep beside the ones in the workbook. Write as many as you like, up to ten, and tag each with your skills.',
      maxLength: 4000,
      settings: { maxStories: 10 },
    },
  },
  'flow-log': {
    id: 'own.flow',
    link: 'Log a moment of flow',
    config: {
      tool: 'flow-log',
      label: 'Your flow log',
      hint: 'Note a moment whenever you notice it, on any day: what you were doing, how your energy felt and how absorbed you were. A few words are enough.',
      maxLength: 4000,
      settings: {},
    },
  },
} as const satisfies Partial<Record<ToolName, { id: string; link: string; config: ToolConfig }>>

export type OwnTool = keyof typeof OWN_TOOLS

const text = (s: string) => `'${s.replaceAll("'", "''")}'`

/**
 * The SQL that keeps the own tools' rows in place: an inactive part, module and exercise, and
 * one active placement per tool. Run after the workbook's statements (which deactivate every
 * placement the seed does not list): idempotent.
 */
export function ownStatements(): string[] {
  const structure = [
    `INSERT INTO parts (id, ordinal, title, summary, active) VALUES ('own', 1, 'Your own', '', 0) ON CONFLICT(id) DO UPDATE SET active = 0`,
    `INSERT INTO modules (id, part_id, ordinal, title, summary, active) VALUES ('own', 'own', 1, 'Your own', '', 0) ON CONFLICT(id) DO UPDATE SET active = 0`,
    `INSERT INTO exercises (id, module_id, ordinal, seq, title, active) VALUES ('own', 'own', 1, 1000000, 'Your own tools', 0) ON CONFLICT(id) DO UPDATE SET active = 0`,
  ]
  const placements = Object.values(OWN_TOOLS).map(
    (t, i) =>
      `INSERT INTO placements (id, exercise_id, ordinal, kind, config, active) VALUES (${text(t.id)}, 'own', ${i + 1}, 'tool', ${text(JSON.stringify(t.config))}, 1) ON CONFLICT(id) DO UPDATE SET config = excluded.config, active = 1`,
  )
  return [...structure, ...placements]
}
