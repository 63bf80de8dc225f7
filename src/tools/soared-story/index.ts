/**
 * The SOARED story builder: the learner writes one or more stories, each with a title, a kind
 * and six parts (Situation, Obstacle, Action, Result, Evaluation, Discovery), and may tag each
 * with skills from their own skills. One story is open for writing at a time; the others are
 * shown as short summaries. The SOARED method comes from the original DreamTree program.
 */
import { array, enum as oneOf, object, string } from 'zod'
import { storyWrites } from '../../db/tools/soared-story'
import { learnerSkillsQuery, type StoredSkill } from '../../db/tools/skills'
import { manyValues, oneValue } from '../../lib/forms'
import { capital, itemId, keptFields, newId, readText } from '../items'
import { openLearnerSkills } from '../skills'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { LearnerSkill, SoaredStory, SoaredValue, StoryPart, StoryType } from '../values'

export type { SoaredStory, SoaredValue, StoryPart, StoryType }
type Ctx = ToolContext<'soared-story', LearnerSkill[]>

/** The six parts, in the order they are told. */
export const STORY_PARTS = [
  'situation',
  'obstacle',
  'action',
  'result',
  'evaluation',
  'discovery',
] as const satisfies readonly StoryPart[]

export const STORY_TYPES = ['challenge', 'reframe', 'other'] as const satisfies readonly StoryType[]

/** The most characters of a story's title, and of each of its parts. */
export const TITLE_MAX = 120
export const PART_MAX = 2000

/** How many stories a placement holds when it does not say. */
export const SOARED_DEFAULTS = { maxStories: 3 }

export const maxStories = (ctx: Pick<Ctx, 'settings'>) =>
  ctx.settings.maxStories ?? SOARED_DEFAULTS.maxStories

const partsShape = object({
  situation: string(),
  obstacle: string(),
  action: string(),
  result: string(),
  evaluation: string(),
  discovery: string(),
})

const storyShape = object({
  id: itemId,
  title: string(),
  type: oneOf(STORY_TYPES).nullable(),
  parts: partsShape,
  skills: array(string().min(1).max(200)).refine(
    (keys) => new Set(keys).size === keys.length,
    'a skill is tagged twice',
  ),
})

const blankParts = (): Record<StoryPart, string> =>
  Object.fromEntries(STORY_PARTS.map((p) => [p, ''])) as Record<StoryPart, string>

/**
 * A new story with nothing written. The first story of a value not saved yet has a fixed id, so
 * the page and the post that follows it agree on it.
 */
export const blankStory = (id: string = newId()): SoaredStory => ({
  id,
  title: '',
  type: null,
  parts: blankParts(),
  skills: [],
})

/** The id of the first story of a value that is not saved yet. */
const FIRST_STORY = 's1'

/** The story open for writing: the one the value names, else the first. */
export function openStory(value: SoaredValue): SoaredStory {
  return value.stories.find((s) => s.id === value.open) ?? value.stories[0]!
}

/** The name a story goes by in messages and button labels. */
export const storyName = (story: SoaredStory, position: number) =>
  story.title ? `“${story.title}”` : `story ${position}`

/** The first thing still to write before a story counts as told: its title, then each part. */
export function firstMissing(story: SoaredStory): 'title' | StoryPart | null {
  if (story.title.trim() === '') return 'title'
  return STORY_PARTS.find((p) => story.parts[p].trim() === '') ?? null
}

const isEmpty = (story: SoaredStory) =>
  story.title === '' && story.type === null && STORY_PARTS.every((p) => story.parts[p] === '')

const stories = (n: number) => (n === 1 ? '1 story' : `${n} stories`)

/**
 * What the learner typed, to show again with a problem: every posted field, with every ticked
 * skill (one per line), since a form can post several.
 */
export function keptStory(form: Form): Record<string, string> {
  const kept = keptFields(form)
  if ('title' in form) kept.skills = manyValues(form.skills).join('\n')
  return kept
}

type Applied =
  | { ok: true; value: SoaredValue }
  | { ok: false; error: string; field: string; kept: Record<string, string> }

/**
 * Applies the fields of the open story from the posted form (`title`, `type`, each part and
 * `skills`). A text field that was not posted leaves its text as it was. The skill boxes post
 * nothing when none is ticked, so they are read whenever the open story's fields were posted
 * (`title` is always among them); a skill that is not one of the learner's own is refused.
 */
export function applyOpen(value: SoaredValue, form: Form, ctx: Ctx): Applied {
  const open = openStory(value)
  const position = value.stories.indexOf(open) + 1
  const kept = keptStory(form)
  const fail = (field: string, error: string): Applied => ({ ok: false, error, field, kept })
  const next: SoaredStory = { ...open, parts: { ...open.parts } }
  if ('title' in form) {
    const read = readText(form.title, TITLE_MAX)
    if (!read.ok) return fail('title', `The title of story ${position}: ${read.error}`)
    next.title = read.text
  }
  if ('type' in form) {
    const type = oneValue(form.type)
    if (type !== '' && !(STORY_TYPES as readonly string[]).includes(type)) {
      return fail('type', 'Choose what kind of story this is from the list')
    }
    next.type = type === '' ? null : (type as StoryType)
  }
  for (const part of STORY_PARTS) {
    if (!(part in form)) continue
    const read = readText(form[part], PART_MAX)
    if (!read.ok) return fail(part, `${capital(part)}: ${read.error}`)
    next.parts[part] = read.text
  }
  if ('title' in form) {
    const own = new Set((ctx.refs ?? []).map((s) => s.key))
    const keys = manyValues(form.skills)
    if (keys.some((key) => !own.has(key))) {
      return fail(
        'skills',
        'One of the skills chosen is not in your skills. It may have been removed in another tab or exercise. Choose again from the skills shown',
      )
    }
    next.skills = keys
  }
  return {
    ok: true,
    value: { stories: value.stories.map((s) => (s.id === open.id ? next : s)), open: open.id },
  }
}

/** A button that names a story the learner does not have (an old page, or someone else's). */
function unknownStory(value: SoaredValue, form: Form): ActionResult<never> {
  return {
    ok: false,
    error: 'That story is no longer among your stories. It may have been removed in another tab',
    field: 'title',
    kept: keptStory(form),
  }
}

/** Why the stories cannot be finished yet, naming the first thing missing in the open story. */
function unfinished(value: SoaredValue, ctx: Ctx): { error: string; field: string } | null {
  if (ctx.optional) return null
  if (value.stories.some((s) => firstMissing(s) === null)) return null
  const open = openStory(value)
  const missing = firstMissing(open) ?? 'title'
  const name = storyName(open, value.stories.indexOf(open) + 1)
  return {
    error:
      missing === 'title'
        ? `Give ${name} a short title before you continue`
        : `Write the ${capital(missing)} part of ${name} before you continue: a story needs all six parts`,
    field: missing,
  }
}

const HEADER = new RegExp(`^\\s*(${STORY_PARTS.join('|')})\\b\\s*[:.]?\\s*`, 'i')

/**
 * An earlier plain-text answer as the first story's parts: paragraphs that begin with the part
 * names ("Situation: …", "obstacle.", "ACTION" on a line of its own) are split into those parts;
 * text before the first such paragraph, or text without them, goes into Situation.
 */
export function partsFromText(text: string): Record<StoryPart, string> {
  const parts = blankParts()
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const found = new Set(
    lines.flatMap((line) => {
      const m = line.match(HEADER)
      return m ? [m[1]!.toLowerCase()] : []
    }),
  )
  const clip = (s: string) => [...s.trim()].slice(0, PART_MAX).join('')
  // One name at the start of a line may be an ordinary sentence ("Action was needed…"): split
  // only when the text is clearly in parts.
  if (found.size < 2) {
    parts.situation = clip(text)
    return parts
  }
  const collected = blankParts()
  let current: StoryPart = 'situation'
  for (const line of lines) {
    const m = line.match(HEADER)
    if (m) {
      current = m[1]!.toLowerCase() as StoryPart
      const rest = line.slice(m[0].length)
      if (collected[current] !== '') collected[current] += '\n\n'
      collected[current] += rest
    } else {
      collected[current] += (collected[current] === '' ? '' : '\n') + line
    }
  }
  for (const part of STORY_PARTS) {
    parts[part] = clip(collected[part].replace(/\n{3,}/g, '\n\n'))
  }
  return parts
}

export const soaredStory: ToolModule<'soared-story', SoaredValue, LearnerSkill[]> = {
  name: 'soared-story',
  about: 'Your SOARED stories: times you met a challenge, told so that your skills show.',
  shape: object({ stories: array(storyShape).min(1).max(10), open: itemId }),
  empty: () => {
    const story = blankStory(FIRST_STORY)
    return { stories: [story], open: story.id }
  },
  fromLegacy: (text) => {
    const story = { ...blankStory(FIRST_STORY), parts: partsFromText(text) }
    return { stories: [story], open: story.id }
  },
  actions: {
    // What Enter in a field does: keep what is typed.
    save(value, form, ctx) {
      const applied = applyOpen(value, form, ctx)
      if (!applied.ok) return applied
      return {
        ok: true,
        value: applied.value,
        announce: 'Your changes are saved.',
        focus: 'title',
      }
    },
    open(value, form, ctx) {
      const applied = applyOpen(value, form, ctx)
      if (!applied.ok) return applied
      const id = oneValue(form.item)
      const position = applied.value.stories.findIndex((s) => s.id === id)
      if (position < 0) return unknownStory(value, form)
      const story = applied.value.stories[position]!
      return {
        ok: true,
        value: { ...applied.value, open: id },
        announce: `${capital(storyName(story, position + 1))} is open for writing. Your other changes are saved.`,
        focus: 'title',
      }
    },
    add(value, form, ctx) {
      const applied = applyOpen(value, form, ctx)
      if (!applied.ok) return applied
      const max = maxStories(ctx)
      if (applied.value.stories.length >= max) {
        return {
          ok: false,
          error: `You have ${stories(applied.value.stories.length)}, the most this page holds. Remove one to make room`,
          field: 'title',
          kept: keptStory(form),
        }
      }
      const story = blankStory()
      const all = [...applied.value.stories, story]
      return {
        ok: true,
        value: { stories: all, open: story.id },
        announce: `Story ${all.length} is open for writing. Your other stories are saved.`,
        focus: 'title',
      }
    },
    remove(value, form, ctx) {
      const applied = applyOpen(value, form, ctx)
      if (!applied.ok) return applied
      const id = oneValue(form.item)
      const position = applied.value.stories.findIndex((s) => s.id === id)
      if (position < 0) return unknownStory(value, form)
      const gone = applied.value.stories[position]!
      const left = applied.value.stories.filter((s) => s.id !== id)
      const all = left.length > 0 ? left : [blankStory()]
      const open = all.some((s) => s.id === applied.value.open) ? applied.value.open : all[0]!.id
      const written = all.filter((s) => !isEmpty(s)).length
      return {
        ok: true,
        value: { stories: all, open },
        announce: `Removed ${storyName(gone, position + 1)}. You have ${stories(written)} written.`,
        focus: all.length < maxStories(ctx) ? 'add' : 'title',
      }
    },
    done(value, form, ctx) {
      const applied = applyOpen(value, form, ctx)
      if (!applied.ok) return applied
      const problem = unfinished(applied.value, ctx)
      if (problem) return { ok: false, ...problem, kept: keptStory(form) }
      return { ok: true, value: applied.value, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    const max = maxStories(ctx)
    if (value.stories.length > max) {
      return {
        error: `This page holds at most ${stories(max)}. Remove one`,
        field: 'title',
      }
    }
    // The actions read every field within its limit; this holds for any value, however made.
    for (const [i, story] of value.stories.entries()) {
      const open = story.id === openStory(value).id
      if ([...story.title].length > TITLE_MAX) {
        return {
          error: `The title of story ${i + 1} must be ${TITLE_MAX} characters or fewer`,
          field: 'title',
        }
      }
      for (const part of STORY_PARTS) {
        if ([...story.parts[part]].length > PART_MAX) {
          return {
            error: `The ${capital(part)} part of story ${i + 1} must be ${PART_MAX.toLocaleString('en-US')} characters or fewer`,
            field: open ? part : 'title',
          }
        }
      }
    }
    return finishing ? unfinished(value, ctx) : null
  },
  reads: (db, scope) => learnerSkillsQuery(db, scope.userId, scope.exerciseId, ['soared-story']),
  openRefs: (found, unseal) => openLearnerSkills(found as StoredSkill[], unseal),
  async domain(db, save, value, seal) {
    const stories = await Promise.all(
      value.stories.map(async (s) => ({
        id: s.id,
        // The table needs a kind; a story whose kind is not chosen yet counts as "other".
        type: s.type ?? 'other',
        contentCt: await seal('stories', s.id, JSON.stringify({ title: s.title, ...s.parts })),
        skills: s.skills,
      })),
    )
    return storyWrites(db, save, stories)
  },
  lines(value, ctx) {
    const names = new Map((ctx.refs ?? []).map((s) => [s.key, s.name]))
    return value.stories
      .filter((s) => !isEmpty(s))
      .flatMap((s) => {
        const skills = s.skills.flatMap((key) => (names.has(key) ? [names.get(key)!] : []))
        return [
          `${s.title || 'Untitled story'}${s.type ? ` (${TYPE_WORDS[s.type]})` : ''}`,
          ...STORY_PARTS.filter((p) => s.parts[p] !== '').map(
            (p) => `${capital(p)}: ${s.parts[p]}`,
          ),
          ...(skills.length ? [`Skills: ${skills.join(', ')}`] : []),
        ]
      })
  },
  view: (value, ctx) => ({
    tool: 'soared-story',
    value: { ...value, open: openStory(value).id },
    max: maxStories(ctx),
    skills: ctx.refs ?? [],
  }),
}

/** The kinds of story, as the summaries say them. */
const TYPE_WORDS: Record<StoryType, string> = {
  challenge: 'a challenge',
  reframe: 'a reframe',
  other: 'another kind of story',
}
