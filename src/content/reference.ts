/**
 * The tools' reference data (seed/reference/, see seed/FORMAT.md): the master skills list, the
 * competencies with their described levels, and the personality types. Checked here, loaded
 * with the workbook by stable id, never deleted (rows the seed drops are deactivated).
 */
import {
  array,
  enum as oneOf,
  strictObject,
  string,
  union,
  type infer as Infer,
  type ZodType,
} from 'zod'
import { COMPETENCY_GROUPS, SKILL_CATEGORIES } from './tools.ts'

/** At least this many distinct skills, so the tagger's search finds most of what people do. */
export const MIN_SKILLS = 600
export const COMPETENCIES_PER_GROUP = 5
export const LEVELS = 5

const text = (max: number) => string({ error: 'must be text' }).trim().min(1, 'is empty').max(max)
const id = string({ error: 'must be an id' }).regex(
  /^[a-z0-9]+(-[a-z0-9]+)*$/,
  'must be a lower-case id',
)

// A skill is its name (its id derived from it), or, to rename one that has shipped, `{ id, name }`.
const skill = union([text(60), strictObject({ id, name: text(60) })], {
  error: 'must be a skill name, or an id and a name',
})
const skillsFile = strictObject({
  transferable: array(skill),
  'self-management': array(skill),
  knowledge: array(skill),
})

const competenciesFile = strictObject({
  groups: array(
    strictObject({
      id: oneOf(COMPETENCY_GROUPS),
      name: text(60),
      description: text(300),
      competencies: array(
        strictObject({
          id,
          name: text(80),
          description: text(300),
          levels: array(text(300)).length(LEVELS, `must have exactly ${LEVELS} levels`),
        }),
      ).length(COMPETENCIES_PER_GROUP, `must have exactly ${COMPETENCIES_PER_GROUP} competencies`),
    }),
  ).length(COMPETENCY_GROUPS.length, `must have the ${COMPETENCY_GROUPS.length} groups`),
})

const LETTERS = [
  ['E', 'I'],
  ['S', 'N'],
  ['T', 'F'],
  ['J', 'P'],
] as const
const typeCode = string().regex(/^[EI][SN][TF][JP]$/, 'must be four preference letters, like INFP')
const typesFile = strictObject({
  preferences: array(
    strictObject({
      id,
      question: text(120),
      options: array(
        strictObject({ letter: string().length(1), name: text(40), hint: text(200) }),
      ).length(2),
    }),
  ).length(4),
  types: array(strictObject({ code: typeCode, name: text(60), summary: text(900) })).length(
    16,
    'must have all 16 types',
  ),
})

export type SkillCategory = (typeof SKILL_CATEGORIES)[number]
export type ReferenceSkill = { id: string; name: string; category: SkillCategory }
export type Competency = Infer<
  typeof competenciesFile
>['groups'][number]['competencies'][number] & {
  group: (typeof COMPETENCY_GROUPS)[number]
  groupName: string
  groupDescription: string
}
export type PersonalityFile = Infer<typeof typesFile>
export type Reference = {
  skills: ReferenceSkill[]
  competencies: Competency[]
  personality: PersonalityFile
}

/** A skill's id from its name: lower case, words joined by hyphens. */
export function skillId(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\+/g, ' plus ')
    .replace(/#/g, ' sharp ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

function parsed<T>(schema: ZodType<T>, doc: unknown, file: string, errors: string[]): T | null {
  const result = schema.safeParse(doc)
  if (result.success) return result.data
  for (const issue of result.error.issues.slice(0, 10)) {
    errors.push(`${file}: ${issue.path.join('.') || 'file'}: ${issue.message}`)
  }
  return null
}

/** The reference data from its three parsed files, with every problem found. */
export function buildReference(docs: {
  skills: unknown
  competencies: unknown
  personality: unknown
}): { reference: Reference; errors: string[] } {
  const errors: string[] = []
  const skills: ReferenceSkill[] = []
  const file = parsed(skillsFile, docs.skills, 'skills.yaml', errors)
  if (file) {
    const names = new Map<string, string>()
    const ids = new Set<string>()
    for (const category of SKILL_CATEGORIES) {
      for (const entry of file[category]) {
        const name = typeof entry === 'string' ? entry : entry.name
        const sid = typeof entry === 'string' ? skillId(entry) : entry.id
        const folded = name.toLocaleLowerCase('en-US')
        const earlier = names.get(folded)
        if (earlier) errors.push(`skills.yaml: “${name}” is listed twice (also in ${earlier})`)
        else if (ids.has(sid))
          errors.push(`skills.yaml: “${name}” has the id ${sid}, which another skill has`)
        else if (sid === '')
          errors.push(`skills.yaml: “${name}” gives no id; write it as { id, name }`)
        names.set(folded, category)
        ids.add(sid)
        skills.push({ id: sid, name, category })
      }
    }
    if (skills.length < MIN_SKILLS) {
      errors.push(
        `skills.yaml: has ${skills.length} skills; the tagger needs at least ${MIN_SKILLS}`,
      )
    }
  }
  const competencies: Competency[] = []
  const comp = parsed(competenciesFile, docs.competencies, 'competencies.yaml', errors)
  if (comp) {
    const seen = new Set<string>()
    for (const group of comp.groups) {
      for (const c of group.competencies) {
        if (seen.has(c.id)) errors.push(`competencies.yaml: the id ${c.id} is used twice`)
        seen.add(c.id)
        competencies.push({
          ...c,
          group: group.id,
          groupName: group.name,
          groupDescription: group.description,
        })
      }
    }
    const groups = new Set(comp.groups.map((g) => g.id))
    if (groups.size !== COMPETENCY_GROUPS.length) {
      errors.push(`competencies.yaml: needs each group once: ${COMPETENCY_GROUPS.join(', ')}`)
    }
  }
  const personality = parsed(typesFile, docs.personality, 'personality-types.yaml', errors)
  if (personality) {
    personality.preferences.forEach((p, i) => {
      const letters = p.options.map((o) => o.letter).join('')
      if (letters !== LETTERS[i]!.join('')) {
        errors.push(
          `personality-types.yaml: preference ${i + 1} must offer ${LETTERS[i]!.join(' or ')}`,
        )
      }
    })
    const codes = new Set(personality.types.map((t) => t.code))
    if (codes.size !== 16)
      errors.push('personality-types.yaml: each of the 16 types must appear once')
  }
  return {
    reference: {
      skills,
      competencies,
      personality: personality ?? { preferences: [], types: [] },
    },
    errors,
  }
}

/** The four preference pairs, in order: the letters a type is made of. */
export const PREFERENCE_LETTERS = LETTERS
