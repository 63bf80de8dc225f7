/**
 * The value types of the tools: plain data, with no imports, so the views can name them without
 * depending on the tools' code.
 */

/** One item of a list, with an id that stays with it as it moves. */
export type Item = { id: string; text: string }

/** The list builder's value. */
export type ListValue = { items: Item[] }

/** One of the learner's skills, as every skills tool sees it (custom names already opened). */
export type LearnerSkill = {
  /** `m:<master id>` or `c:<random id>`: the skill's id in every skills tool. */
  key: string
  name: string
  category: 'transferable' | 'self-management' | 'knowledge'
  /** 1 (used most) … 5 (used least), when sorted. */
  mastery: number | null
}

/** What kind of story a SOARED story is. */
export type StoryType = 'challenge' | 'reframe' | 'other'

/** The six parts of a SOARED story, in order. */
export type StoryPart = 'situation' | 'obstacle' | 'action' | 'result' | 'evaluation' | 'discovery'

/** One SOARED story: a title, its kind (not chosen yet: null), the six parts and tagged skills. */
export type SoaredStory = {
  id: string
  title: string
  type: StoryType | null
  parts: Record<StoryPart, string>
  /** Keys of the learner's own skills (`LearnerSkill.key`) this story shows. */
  skills: string[]
}

/** The SOARED story builder's value: its stories, and which one is open for writing. */
export type SoaredValue = { stories: SoaredStory[]; open: string }
