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

/** The competency self-rating's value: the level (1–5) chosen for each rated competency, by id. */
export type CompetencyValue = { ratings: Record<string, number> }

/** One competency to rate, as the tool sees it. */
export type CompetencyRef = {
  id: string
  group: 'delivery' | 'interpersonal' | 'strategic'
  groupName: string
  groupDescription: string
  name: string
  description: string
  /** What each of the five levels looks like for this competency, level 1 first. */
  levels: string[]
}

/** One of the four letters of a personality type, or not answered yet. */
export type PreferenceLetter = 'E' | 'I' | 'S' | 'N' | 'T' | 'F' | 'J' | 'P'

/**
 * The personality type's value: how the learner is choosing (picking a type, or answering the
 * four preference questions), the type they picked, and their answers, one per question in
 * order. Both are kept, so switching ways loses nothing.
 */
export type PersonalityValue = {
  mode: 'pick' | 'preferences'
  picked: string | null
  letters: (PreferenceLetter | null)[]
}

/** A personality type and a preference question, as the tool sees them. */
export type PersonalityTypeRef = { code: string; name: string; summary: string }
export type PreferenceRef = {
  id: string
  question: string
  options: { letter: PreferenceLetter; name: string; hint: string }[]
}
export type PersonalityRefs = { types: PersonalityTypeRef[]; preferences: PreferenceRef[] }
