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

/** The three categories every skill belongs to. */
export type SkillCategory = 'transferable' | 'self-management' | 'knowledge'

/** A skill the learner tagged: from the master list (`m:<id>`) or their own (`c:<random>`). */
export type TaggedSkill = { key: string; name: string; category: SkillCategory; custom: boolean }

/** The skill tagger's value. */
export type TaggerValue = { skills: TaggedSkill[] }

/** A skill of the master list. */
export type MasterSkill = { id: string; name: string; category: SkillCategory }

/**
 * What the skill tagger reads: the search made on one tagger (`placementId`, the words `q`, what
 * matched), and the skill an Add button names.
 */
export type TaggerRefs = {
  placementId: string | null
  q: string
  results: MasterSkill[]
  named: MasterSkill | null
}

/** Skill mastery: a level for each of the learner's skills, by skill key (1 = used most). */
export type MasteryValue = { levels: Record<string, number> }

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

/** A currency the learner's money is shown in (no exchange rates). */
export type CurrencyCode = 'USD' | 'EUR' | 'GBP'

/** One line of a budget: income or an expense, its amount in cents over a month or a year. */
export type BudgetLine = {
  id: string
  kind: 'income' | 'expense'
  label: string
  cents: number
  period: 'month' | 'year'
  /** An expense the learner could not do without (always false for income). */
  essential: boolean
}

/** The budget's value: its lines, in the learner's order, and the currency they are shown in. */
export type BudgetValue = { currency: CurrencyCode; lines: BudgetLine[] }

/** The seven parts of a reframe, in the order they are written. */
export type ReframePart =
  'situation' | 'feelings' | 'learned' | 'change' | 'silver' | 'next' | 'statement'

/** The failure reframer's value: one setback, worked through part by part. */
export type ReframeValue = { parts: Record<ReframePart, string> }
/** The four things every career option is rated on, from 1 to 5 (5 is always the better end). */
export type OptionCriterion = 'story' | 'work' | 'life' | 'unknowns'

/**
 * One career option: its title, what it is, a rating (1–5, or not rated yet) on each criterion,
 * and the learner's notes.
 */
export type CareerOption = {
  id: string
  title: string
  description: string
  ratings: Record<OptionCriterion, number | null>
  notes: string
}

/** The career options assessment's value: the options, in the order the learner added them. */
export type OptionsValue = { options: CareerOption[] }

/** How the page asked for one assessment's table to be sorted (`?sort=…&options=<local id>`). */
export type OptionsRefs = { sort: OptionCriterion | null; options: string | null }

/** One idea of an idea tree: its parent (null for the root, the center idea) and its words. */
export type IdeaNode = { id: string; parent: string | null; text: string }

/**
 * The idea tree's value: its nodes, each parent before its children, siblings in the learner's
 * order. At most one root.
 */
export type IdeaTreeValue = { nodes: IdeaNode[] }

/** What kind of milestone a timeline entry is. */
export type MilestoneCategory = 'work' | 'education' | 'personal' | 'skill'

/** One milestone of the career timeline: a year, an optional quarter (1–4), its words. */
export type Milestone = {
  id: string
  year: number
  quarter: number | null
  category: MilestoneCategory
  title: string
  description: string
}

/**
 * The career timeline's value: its milestones in date order, and the one open for changing in
 * the form below the timeline (null: the form adds a new one).
 */
export type TimelineValue = { milestones: Milestone[]; editing: string | null }

/**
 * One entry of the flow log: the day (ISO, `YYYY-MM-DD`), what the learner was doing, their
 * energy (−2 drained … +2 energized), their focus (1 scattered … 5 absorbed) and any notes.
 */
export type FlowEntry = {
  id: string
  day: string
  activity: string
  energy: number
  focus: number
  notes: string
}

/** The flow log's value: its entries in the order they were added, and the one being edited. */
export type FlowValue = { entries: FlowEntry[]; editing: string | null }

/**
 * One round of the life balance: the day it was started (the server's date), a score from 1 to
 * 10 for each area, by the area's name, and the learner's notes for the round.
 */
export type BalanceRound = {
  id: string
  takenOn: string
  scores: Record<string, number>
  notes: string
}

/** The life balance's value: every round, oldest first; only the latest one is edited. */
export type BalanceValue = { rounds: BalanceRound[] }

/** The five mindsets of the mindset profiles, by id. */
export type MindsetId =
  'curiosity' | 'bias-to-action' | 'reframing' | 'awareness' | 'radical-collaboration'

/** Who the learner sees a mindset in, and why. */
export type MindsetProfile = { person: string; why: string }

/** The mindset profiles' value: a profile for each mindset the learner has written about. */
export type MindsetValue = { profiles: Partial<Record<MindsetId, MindsetProfile>> }
