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

/**
 * The ranking's comparisons in progress: the ids put in order so far (most important first), the
 * ids still to place, and where the next one may go in the order (`low`…`high`, a binary search).
 */
export type Comparing = {
  order: string[]
  pending: string[]
  low: number
  high: number
  /** How many questions the learner has answered. */
  asked: number
}

/**
 * The ranking's value, by step: editing the items, comparing them two at a time, or ranked (the
 * items are then in the learner's order, most important first).
 */
export type RankingValue =
  | { step: 'items'; items: Item[]; fromList?: boolean }
  | { step: 'compare'; items: Item[]; fromList?: boolean; compare: Comparing }
  | { step: 'ranked'; items: Item[]; fromList?: boolean }
