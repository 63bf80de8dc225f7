/**
 * The view models of the interactive tools, declared here so the views own their side;
 * src/tools/present.ts maps a placement, its value and the tool's reads to them.
 */
import type {
  BudgetValue,
  CurrencyCode,
  IdeaTreeValue,
  TimelineValue,
  FlowEntry,
  BalanceRound,
  Item,
  ReframePart,
  LearnerSkill,
  ListValue,
  MasterSkill,
  MasteryValue,
  OptionCriterion,
  OptionsValue,
  PreferenceLetter,
  SkillCategory,
  SoaredValue,
  TaggerValue,
} from '../../src/tools/values'
import type { BringIn, Echo } from '../workbook/question'

/** What every tool block shows, whatever the tool. */
export type ToolFrame = {
  placementId: string
  exerciseId: string
  /** The block is `b-<localId>`; a field `name` inside it has the id `<localId>-<name>`. */
  localId: string
  label: string
  hint?: string
  optional: boolean
  /** Being worked in (current), finished and shown as a summary (answered), or reopened (edit). */
  state: 'current' | 'answered' | 'edit'
  version: number
  submissionId: string
  /** A problem with what was posted, linked from the error summary to its field. */
  error?: { field: string; message: string }
  /** What the learner typed, shown again with a problem (field name → text). */
  kept?: Record<string, string>
  /** A calm note above the tool: it changed in another tab, say. */
  notice?: string
  /** Plain text the learner wrote here before the tool existed, kept and shown. */
  legacy?: string
  /** What the tool shows was started from `legacy` (it found something there), not saved yet. */
  fromLegacy?: boolean
  /** The value in plain words, one line each (the summary at the exercise's end). */
  lines: string[]
  /** The id of the control that takes focus after a swap (without the `<localId>-` prefix). */
  focus?: string
  /** Query parameters every action carries, so a search stays on screen (`find`, `q`). */
  query?: Record<string, string>
  /**
   * Where the tool lives, when it is not in an exercise (the learner's own tools): its actions'
   * base URL, and the page its "back" link returns to.
   */
  own?: { actions: string; back: string }
  /** What earlier exercises bring back to this tool (views/workbook/echoes.tsx). */
  echoes?: Echo[]
  /** Items added at this tool's sources since it was saved, offered to bring in. */
  bringIn?: BringIn
}

/** One group of the competency self-rating, its competencies each with the level chosen. */
export type CompetencyGroupView = {
  id: string
  name: string
  description: string
  competencies: {
    id: string
    name: string
    description: string
    /** What each level looks like for this competency, level 1 first. */
    levels: string[]
    level: number | null
  }[]
}

/** One of the four preference questions, with the letter chosen so far. */
export type PreferenceView = {
  id: string
  question: string
  options: { letter: PreferenceLetter; name: string; hint: string }[]
  chosen: PreferenceLetter | null
}

/** Each tool's own props, by tool. */
export type ToolView =
  | {
      tool: 'list-builder'
      value: ListValue
      min: number
      max: number
      noun: string
    }
  | {
      tool: 'skill-tagger'
      value: TaggerValue
      min: number
      max: number
      /** The one category this tagger collects, or all three. */
      category?: SkillCategory
      /** The search shown in this tagger, if any. */
      search: { q: string; results: MasterSkill[] } | null
    }
  | {
      tool: 'skill-mastery'
      value: MasteryValue
      /** The learner's skills, from every skill tagger. */
      skills: LearnerSkill[]
      /** The five level names, most used first. */
      levels: string[]
    }
  | {
      tool: 'soared-story'
      /** `open` always names one of `stories`. */
      value: SoaredValue
      /** The most stories this placement holds. */
      max: number
      /** The learner's own skills, to tag stories with. */
      skills: LearnerSkill[]
    }
  | {
      tool: 'ranking'
      step: 'items' | 'compare' | 'ranked'
      /** In the learner's order once ranked. */
      items: Item[]
      noun: string
      nouns: string
      /** The most items that can be put in order. */
      count: number
      /** The most questions putting the items (up to `count`) in order can take. */
      mostQuestions: number
      /** The question on screen (compare step). */
      question?: { number: number; moreAtMost: number; first: Item; second: Item }
    }
  | {
      tool: 'competency-rating'
      groups: CompetencyGroupView[]
      /** The five levels' names, level 1 first. */
      levelNames: string[]
      total: number
    }
  | {
      tool: 'personality-type'
      mode: 'pick' | 'preferences'
      types: { code: string; name: string }[]
      picked: string | null
      preferences: PreferenceView[]
      /** The type reached, and how: shown with its summary. */
      result: { code: string; name: string; summary: string; via: 'picked' | 'preferences' } | null
    }
  | {
      tool: 'budget'
      value: BudgetValue
      currencies: { code: CurrencyCode; name: string }[]
      /** Each line's amount as its field shows it ("1234.50"), by line id. */
      amounts: Record<string, string>
      /** Each line's amount in words ("$1,234.50 a month"), by line id. */
      shown: Record<string, string>
      totals: BudgetTotalsView
      /** The most lines a budget holds. */
      max: number
    }
  | {
      tool: 'reframe'
      /** The seven parts in order, each with its label, hint and text. */
      parts: { part: ReframePart; label: string; hint: string; text: string; optional: boolean }[]
      /** The most characters of each part. */
      max: number
    }
  | {
      tool: 'decision-matrix'
      /** The options in the learner's order (the editable fields follow it). */
      value: OptionsValue
      /** The most options this placement compares. */
      max: number
      /** The rating the table is sorted by (highest first), or null for the learner's order. */
      sort: OptionCriterion | null
      /** The options' ids in the table's order. */
      sorted: string[]
    }
  | {
      tool: 'idea-tree'
      value: IdeaTreeValue
      /** How many rings out from the center the tree may grow. */
      depth: number
      /** The most branches one idea may have. */
      branches: number
      /** The most characters one idea may have. */
      max: number
    }
  | {
      tool: 'timeline'
      /** Its milestones in date order. */
      value: TimelineValue
      /** This year, by the server's date: the timeline looks forward from it. */
      year: number
      categories: { value: string; label: string }[]
      /** The four quarters' names, the first quarter first. */
      quarters: string[]
      titleMax: number
      descriptionMax: number
      /** The most milestones the timeline holds. */
      max: number
    }
  | {
      tool: 'flow-log'
      /** Newest first. */
      entries: (FlowEntry & { highFlow: boolean })[]
      /** The id of the entry being edited in place, if any. */
      editing: string | null
      /** The server's date, the new entry's default day, and the latest day allowed. */
      today: string
      latest: string
      min: number
      max: number
      energyLevels: FlowLevel[]
      focusLevels: FlowLevel[]
    }
  | {
      tool: 'mindset-profiles'
      /** The five mindsets in order, each with the person and the why written so far. */
      mindsets: { id: string; name: string; description: string; person: string; why: string }[]
    }
  | {
      tool: 'life-balance'
      /** The areas scored, in order: the field `score-<n>` is area n (from 1). */
      areas: string[]
      /** Every round, oldest first; the latest is the one being scored. */
      rounds: BalanceRound[]
      min: number
      max: number
      /** What the lowest and highest scores mean, in words. */
      ends: { low: string; high: string }
      /** No more rounds can be started. */
      full: boolean
    }

/** A level of the flow log's energy or focus scale, with its word. */
export type FlowLevel = { value: number; label: string }

/** The budget's totals, written in the learner's currency. */
export type BudgetTotalsView = {
  income: { month: string; year: string }
  essential: { month: string; year: string; hour: string }
  all: { month: string; year: string; hour: string }
  /** Income less all expenses; `short` when the expenses are more. */
  left: { month: string; year: string; short: boolean }
}

/** The URL a tool's action posts to, with the item it acts on and the frame's query. */
export function actionUrl(
  f: Pick<ToolFrame, 'exerciseId' | 'placementId' | 'query' | 'own'>,
  action: string,
  item?: string,
): string {
  const query = new URLSearchParams({ ...(item ? { item } : {}), ...f.query }).toString()
  const base =
    f.own?.actions ?? `/workbook/${f.exerciseId}/tools/${encodeURIComponent(f.placementId)}`
  const path = `${base}/${action}`
  return query ? `${path}?${query}` : path
}

/** The id of a field of a tool on the page. */
export const toolFieldId = (f: Pick<ToolFrame, 'localId'>, name: string) => `${f.localId}-${name}`

/**
 * Where a tool's error links to: its field, or, for a problem with the whole tool (saving is
 * paused, storage is full: `field` is empty), the tool's block.
 */
export const errorHref = (f: Pick<ToolFrame, 'localId'>, field: string) =>
  field ? `#${toolFieldId(f, field)}` : `#b-${f.localId}`
