import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { count, runSeed } from '../../test/sql'
import { buildReference, MIN_SKILLS, referenceStatements, skillId } from '.'

const FILES = import.meta.glob<string>('../../seed/reference/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
})
const file = (name: string) => parse(FILES[`../../seed/reference/${name}.yaml`]!)
const real = () => ({
  skills: file('skills'),
  competencies: file('competencies'),
  personality: file('personality-types'),
})

describe('the reference data', () => {
  it('is valid: at least 600 distinct skills in three categories, 15 competencies × 5 levels, 16 types', () => {
    const { reference, errors } = buildReference(real())
    expect(errors).toEqual([])
    expect(reference.skills.length).toBeGreaterThanOrEqual(MIN_SKILLS)
    const folded = new Set(reference.skills.map((s) => s.name.toLocaleLowerCase('en-US')))
    expect(folded.size).toBe(reference.skills.length)
    expect(new Set(reference.skills.map((s) => s.category))).toEqual(
      new Set(['transferable', 'self-management', 'knowledge']),
    )
    expect(reference.competencies).toHaveLength(15)
    expect(reference.competencies.every((c) => c.levels.length === 5)).toBe(true)
    expect(new Set(reference.competencies.map((c) => c.group)).size).toBe(3)
    expect(reference.personality.types.map((t) => t.code).sort()).toHaveLength(16)
  })

  it('refuses a skill listed twice after case-folding, even across categories', () => {
    const docs = real()
    docs.skills.knowledge.push(docs.skills.transferable[0].toUpperCase())
    const { errors } = buildReference(docs)
    expect(errors.join('\n')).toMatch(/is listed twice/)
  })

  it('refuses too few skills, a missing level, a missing type and a wrong preference', () => {
    const docs = real()
    docs.skills.transferable = docs.skills.transferable.slice(0, 10)
    docs.competencies.groups[0].competencies[0].levels.pop()
    docs.personality.types.pop()
    const errors = buildReference(docs).errors.join('\n')
    expect(errors).toMatch(/needs at least 600/)
    expect(errors).toMatch(/exactly 5 levels/)
    expect(errors).toMatch(/all 16 types/)
    const swapped = real()
    swapped.personality.preferences[0].options.reverse()
    expect(buildReference(swapped).errors.join('\n')).toMatch(/must offer E or I/)
  })

  it('derives stable ids from names', () => {
    expect(skillId('Version control with Git')).toBe('version-control-with-git')
    expect(skillId('C++')).toBe('c-plus-plus')
    expect(skillId('3D modeling')).toBe('3d-modeling')
  })
})

describe('loading the reference data into D1', () => {
  beforeAll(async () => {
    await runSeed(referenceStatements(buildReference(real()).reference))
  })

  it('is idempotent, and deactivates what the seed drops instead of deleting it', async () => {
    const { reference } = buildReference(real())
    const total = reference.skills.length
    expect(await count('skills', 'active = 1')).toBe(total)
    await runSeed(referenceStatements(reference))
    expect(await count('skills')).toBe(total)
    const fewer = { ...reference, skills: reference.skills.slice(1) }
    await runSeed(referenceStatements(fewer))
    expect(await count('skills')).toBe(total)
    expect(await count('skills', 'active = 1')).toBe(total - 1)
    await runSeed(referenceStatements(reference))
    expect(await count('skills', 'active = 1')).toBe(total)
    expect(await count('competencies', 'active = 1')).toBe(15)
    expect(await count('personality_types', 'active = 1')).toBe(16)
  })
})
