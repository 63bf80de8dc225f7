/**
 * The mindset profiles: for each of five mindsets, the learner names someone who shows it and
 * says why. Two fields per mindset; a mindset left wholly empty is simply not written yet.
 */
import { object, string } from 'zod'
import { mindsetWrites } from '../../db/tools/mindset-profiles'
import { keptFields, readText } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { MindsetId, MindsetProfile, MindsetValue } from '../values'

export type { MindsetId, MindsetProfile, MindsetValue }
type Ctx = ToolContext<'mindset-profiles', null>

/** The five mindsets, in order, each with a one-sentence description of our own. */
export const MINDSETS: readonly { id: MindsetId; name: string; description: string }[] = [
  {
    id: 'curiosity',
    name: 'Curiosity',
    description:
      'Asking questions and following what interests you, treating the unfamiliar as something to explore rather than avoid.',
  },
  {
    id: 'bias-to-action',
    name: 'Bias to action',
    description:
      'Trying something small and real to learn from it, instead of waiting until every answer is known.',
  },
  {
    id: 'reframing',
    name: 'Reframing',
    description:
      'Stepping back from a stuck problem and looking at it from another angle, so new ways forward appear.',
  },
  {
    id: 'awareness',
    name: 'Awareness',
    description:
      'Noticing what is happening around you and in you, including your own feelings and habits, as it happens.',
  },
  {
    id: 'radical-collaboration',
    name: 'Radical collaboration',
    description:
      'Reaching out to other people and building with them, knowing that good ideas rarely come from one head alone.',
  },
]

export const PERSON_MAX = 200
export const WHY_MAX = 1000

export const personField = (id: MindsetId) => `person-${id}`
export const whyField = (id: MindsetId) => `why-${id}`

const profileShape = object({ person: string(), why: string() })

/**
 * The learner's typed people and reasons applied to the value. A field that is absent leaves its
 * mindset as it was; a mindset with both fields emptied is taken away.
 */
export function applyProfiles(
  value: MindsetValue,
  form: Form,
):
  | { ok: true; value: MindsetValue }
  | { ok: false; error: string; field: string; kept: Record<string, string> } {
  const kept = keptFields(form)
  const profiles: MindsetValue['profiles'] = { ...value.profiles }
  for (const m of MINDSETS) {
    const was = profiles[m.id] ?? { person: '', why: '' }
    const next = { ...was }
    for (const [part, field, max, label] of [
      ['person', personField(m.id), PERSON_MAX, 'The person'],
      ['why', whyField(m.id), WHY_MAX, 'Why'],
    ] as const) {
      if (!(field in form)) continue
      const read = readText(form[field], max)
      if (!read.ok) return { ok: false, error: `${m.name}: ${label}: ${read.error}`, field, kept }
      next[part] = read.text
    }
    if (next.person === '' && next.why === '') delete profiles[m.id]
    else profiles[m.id] = next
  }
  return { ok: true, value: { profiles } }
}

/** The first field still empty, in the order the page shows them. */
function firstGap(value: MindsetValue): { mindset: string; field: string; left: number } | null {
  const gaps: { mindset: string; field: string }[] = []
  for (const m of MINDSETS) {
    const p = value.profiles[m.id]
    if (!p?.person) gaps.push({ mindset: m.name, field: personField(m.id) })
    else if (!p.why) gaps.push({ mindset: m.name, field: whyField(m.id) })
  }
  const first = gaps[0]
  return first ? { ...first, left: gaps.length } : null
}

const written = (value: MindsetValue) =>
  MINDSETS.filter((m) => value.profiles[m.id]?.person && value.profiles[m.id]?.why).length

/**
 * An earlier plain-text answer's "Curiosity: Ada - she asks why" lines: the mindset's name, the
 * person, and after a dash (or "because") why. A name given twice is left for the learner.
 */
export function profilesFromText(text: string): MindsetValue['profiles'] {
  const byName = new Map(MINDSETS.map((m) => [fold(m.name), m.id]))
  const found = new Map<MindsetId, MindsetProfile[]>()
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*(?:[-*•]\s*)?([^:]+?)\s*:\s*(.+)$/)
    if (!m) continue
    const id = byName.get(fold(m[1]!))
    if (!id) continue
    const [person, ...why] = m[2]!.split(/\s+(?:[-–—]|because)\s+/i)
    found.set(id, [
      ...(found.get(id) ?? []),
      {
        person: [...person!.trim()].slice(0, PERSON_MAX).join(''),
        why: [...why.join(' - ').trim()].slice(0, WHY_MAX).join(''),
      },
    ])
  }
  const profiles: MindsetValue['profiles'] = {}
  for (const [id, list] of found) if (list.length === 1) profiles[id] = list[0]
  return profiles
}

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US')

function savedResult(value: MindsetValue): ActionResult<MindsetValue> {
  const n = written(value)
  return {
    ok: true,
    value,
    announce:
      n === MINDSETS.length
        ? 'Your profiles are saved. You have written about all five mindsets.'
        : `Your profiles are saved. You have written about ${n} of ${MINDSETS.length} mindsets.`,
    focus: firstGap(value)?.field ?? 'save',
  }
}

export const mindsetProfiles: ToolModule<'mindset-profiles', MindsetValue> = {
  name: 'mindset-profiles',
  about: 'Five helpful mindsets, each with someone you know or admire who shows it, and why.',
  shape: object({
    profiles: object({
      curiosity: profileShape.optional(),
      'bias-to-action': profileShape.optional(),
      reframing: profileShape.optional(),
      awareness: profileShape.optional(),
      'radical-collaboration': profileShape.optional(),
    }).strict(),
  }),
  empty: () => ({ profiles: {} }),
  fromLegacy: (text) => ({ profiles: profilesFromText(text) }),
  actions: {
    save(value, form) {
      const applied = applyProfiles(value, form)
      if (!applied.ok) return applied
      return savedResult(applied.value)
    },
    done(value, form) {
      const applied = applyProfiles(value, form)
      if (!applied.ok) return applied
      return { ok: true, value: applied.value, announce: 'Saved.' }
    },
  },
  check(value, ctx: Ctx, finishing) {
    if (!finishing || ctx.optional) return null
    const gap = firstGap(value)
    if (!gap) return null
    const what = gap.field.startsWith('person-') ? 'Name someone who shows' : 'Say why they show'
    const rest =
      gap.left === 1 ? 'it is the only one left' : `${gap.left} mindsets still need words`
    return { error: `${what} “${gap.mindset}” before you continue: ${rest}`, field: gap.field }
  },
  async domain(db, save, value, seal) {
    const rows = await Promise.all(
      MINDSETS.filter((m) => value.profiles[m.id]).map(async (m) => ({
        mindset: m.id,
        contentCt: await seal('mindset_profiles', m.id, JSON.stringify(value.profiles[m.id])),
      })),
    )
    return mindsetWrites(db, save, rows)
  },
  lines: (value) =>
    MINDSETS.flatMap((m) => {
      const p = value.profiles[m.id]
      if (!p) return []
      return [`${m.name}: ${p.person || 'no one named yet'}${p.why ? `. ${p.why}` : ''}`]
    }),
  view: (value) => ({
    tool: 'mindset-profiles',
    mindsets: MINDSETS.map((m) => ({
      ...m,
      person: value.profiles[m.id]?.person ?? '',
      why: value.profiles[m.id]?.why ?? '',
    })),
  }),
}
