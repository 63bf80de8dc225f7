/**
 * The SOARED story builder's typed rows: one per story, in the learner's order, with its title
 * and six parts as one ciphertext, and one per skill the learner tagged to a story.
 */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const STORIES = rowTable('stories', [
  'story_id',
  'position',
  'story_type',
  'content_ct',
] as const)
export const STORY_SKILLS = rowTable('story_skills', ['story_id', 'skill_key'] as const)

/** A story as it is written: its text already sealed. */
export type StoryRow = {
  id: string
  type: 'challenge' | 'reframe' | 'other'
  contentCt: string
  skills: readonly string[]
}

/**
 * The statements that store a placement's stories and their tagged skills, if the save wins:
 * two for each table (one when it has no rows), so at most four.
 */
export function storyWrites(
  db: Db,
  save: SaveRef,
  stories: readonly StoryRow[],
): D1PreparedStatement[] {
  return [
    ...replaceRows(
      db,
      save,
      STORIES,
      stories.map((s, i) => ({
        story_id: s.id,
        position: i + 1,
        story_type: s.type,
        content_ct: s.contentCt,
      })),
    ),
    ...replaceRows(
      db,
      save,
      STORY_SKILLS,
      stories.flatMap((s) => s.skills.map((key) => ({ story_id: s.id, skill_key: key }))),
    ),
  ]
}
