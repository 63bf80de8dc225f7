import { describe, expect, it } from 'vitest'
import { TOOL_NAMES, TOOLS } from '../content/tools'
import { PLAIN_TEXT_FOR_NOW, TOOL_MODULES } from './registry'

// Which files exist, by path, without loading them.
const modules = Object.keys(import.meta.glob('./*/index.ts'))
const views = Object.keys(import.meta.glob('../../views/tools/*.tsx'))
const queries = Object.keys(import.meta.glob('../db/tools/*.ts'))

describe('the tool registry', () => {
  it('covers every seed tool name exactly once: built, or plain text for now', () => {
    const built = Object.keys(TOOL_MODULES)
    expect([...built, ...PLAIN_TEXT_FOR_NOW].sort()).toEqual([...TOOL_NAMES].sort())
    expect(
      built.filter((name) => (PLAIN_TEXT_FOR_NOW as readonly string[]).includes(name)),
    ).toEqual([])
  })

  it('gives every built tool its module, its view and its SQL', () => {
    for (const [name, module] of Object.entries(TOOL_MODULES)) {
      expect(module.name, name).toBe(name)
      expect(TOOLS[module.name].title, name).toBeTruthy()
      expect(modules, name).toContain(`./${name}/index.ts`)
      expect(views, name).toContain(`../../views/tools/${name}.tsx`)
      expect(queries, name).toContain(`../db/tools/${name}.ts`)
      // Enter in any field posts `save`; the main button posts `done`.
      expect(Object.keys(module.actions), name).toEqual(expect.arrayContaining(['save', 'done']))
      // A tool that reads must also open what it read.
      expect(!!module.reads, name).toBe(!!module.openRefs)
    }
  })
})
