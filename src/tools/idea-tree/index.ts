/**
 * The idea tree: a center idea, up to three branches from it, up to three from each of those,
 * down to the depth the placement sets (2 unless it says). Built one idea at a time: each idea
 * with room has its own "new branch" field and button, so it works the same without JavaScript.
 * Removing an idea removes its branches with it, and the button says so before it is pressed.
 */
import { array, nullable, object, string } from 'zod'
import { ideaNodeWrites } from '../../db/tools/idea-tree'
import { oneValue } from '../../lib/forms'
import { itemId, newId, readText, plural } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { IdeaNode, IdeaTreeValue } from '../values'

export type { IdeaNode, IdeaTreeValue }
type Ctx = ToolContext<'idea-tree', null>

/** The most branches one idea may have. */
export const BRANCHES = 3
/** The most characters one idea may have. */
export const IDEA_MAX = 120
/** The depth when a placement does not set one: the center, its branches and theirs. */
export const DEFAULT_DEPTH = 2
/** The field for the center idea, before there is one. */
export const CENTER = 'center'

export const ideaDepth = (ctx: Pick<Ctx, 'settings'>) => ctx.settings.depth ?? DEFAULT_DEPTH

/** The form field that edits an idea, and the one that names a new branch of it. */
export const textField = (id: string) => `text-${id}`
export const branchField = (id: string) => `new-${id}`

const node = object({ id: itemId, parent: nullable(itemId), text: string() })

/** Parents before children, ids once each, one root at most: a tree, never a loop. */
export const treeShape = object({ nodes: array(node).max(400) }).refine((v) => {
  const seen = new Set<string>()
  let roots = 0
  for (const n of v.nodes) {
    if (seen.has(n.id)) return false
    if (n.parent === null) roots++
    else if (!seen.has(n.parent)) return false
    seen.add(n.id)
  }
  return roots <= 1 && (v.nodes.length === 0 || v.nodes[0]!.parent === null)
}, 'not a tree')

export const rootOf = (v: IdeaTreeValue) => v.nodes.find((n) => n.parent === null) ?? null
export const childrenOf = (v: IdeaTreeValue, id: string) => v.nodes.filter((n) => n.parent === id)

/** Each idea's depth (the center is 0), by id. */
export function depths(v: IdeaTreeValue): Map<string, number> {
  const out = new Map<string, number>()
  for (const n of v.nodes) out.set(n.id, n.parent === null ? 0 : (out.get(n.parent) ?? 0) + 1)
  return out
}

/** An idea and everything that grows from it. */
function branchOf(v: IdeaTreeValue, id: string): Set<string> {
  const out = new Set([id])
  for (const n of v.nodes) if (n.parent !== null && out.has(n.parent)) out.add(n.id)
  return out
}

/** What the learner typed, to show again with a problem. */
function kept(form: Form): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(form)) {
    if (key === CENTER || key.startsWith('text-') || key.startsWith('new-'))
      out[key] = oneValue(value)
  }
  return out
}

type Problem = { ok: false; error: string; field: string; kept: Record<string, string> }
const problem = (form: Form, error: string, field: string): Problem => ({
  ok: false,
  error,
  field,
  kept: kept(form),
})

/** Applies the edits typed into the ideas; an emptied idea is a problem, never a removal. */
function applyEdits(
  value: IdeaTreeValue,
  form: Form,
): { ok: true; value: IdeaTreeValue } | Problem {
  const nodes: IdeaNode[] = []
  for (const n of value.nodes) {
    const field = textField(n.id)
    if (!(field in form)) {
      nodes.push(n)
      continue
    }
    const read = readText(form[field], IDEA_MAX)
    const name = n.parent === null ? 'The center idea' : `“${n.text}”`
    if (!read.ok) return problem(form, `${name}: ${read.error}`, field)
    if (read.text === '')
      return problem(form, `${name} is empty. Write something, or remove it`, field)
    nodes.push({ ...n, text: read.text })
  }
  return { ok: true, value: { nodes } }
}

/**
 * Adds what is typed in the center field and in each idea's new-branch field (all of them, or
 * only `only`'s). `required` names the field that must hold words (the button pressed).
 */
function addTyped(
  value: IdeaTreeValue,
  form: Form,
  ctx: Ctx,
  only?: string,
  required?: string,
):
  { ok: true; value: IdeaTreeValue; added: { text: string; parent: IdeaNode | null }[] } | Problem {
  let nodes = [...value.nodes]
  const added: { text: string; parent: IdeaNode | null }[] = []
  if (!rootOf(value) && (only === undefined || only === CENTER)) {
    const read = readText(form[CENTER], IDEA_MAX)
    if (!read.ok) return problem(form, `The center idea: ${read.error}`, CENTER)
    if (read.text !== '') {
      nodes = [{ id: newId(), parent: null, text: read.text }]
      added.push({ text: read.text, parent: null })
    } else if (required === CENTER) {
      return problem(form, 'Write your center idea first', CENTER)
    }
  }
  const depthOf = depths(value)
  const max = ideaDepth(ctx)
  for (const parent of value.nodes) {
    if (only !== undefined && only !== parent.id) continue
    const field = branchField(parent.id)
    const current = { nodes }
    const read = readText(form[field], IDEA_MAX)
    const named = nodes.find((n) => n.id === parent.id)!.text
    if (!read.ok) return problem(form, `A branch of “${named}”: ${read.error}`, field)
    if (read.text === '') {
      if (required === field) return problem(form, `Write the branch to add to “${named}”`, field)
      continue
    }
    if ((depthOf.get(parent.id) ?? 0) >= max)
      return problem(form, `“${named}” is as deep as this tree goes`, textField(parent.id))
    if (childrenOf(current, parent.id).length >= BRANCHES)
      return problem(
        form,
        `“${named}” already has ${BRANCHES} branches, the most one idea can have. Remove one to make room`,
        textField(parent.id),
      )
    // After its last branch, so parents stay before children and siblings keep their order.
    const family = branchOf(current, parent.id)
    let at = 0
    nodes.forEach((n, i) => {
      if (family.has(n.id)) at = i + 1
    })
    nodes.splice(at, 0, { id: newId(), parent: parent.id, text: read.text })
    added.push({ text: read.text, parent: { ...parent, text: named } })
  }
  return { ok: true, value: { nodes }, added }
}

function addedWords(added: { text: string; parent: IdeaNode | null }[], v: IdeaTreeValue) {
  if (added.length === 0) return 'Your changes are saved.'
  return added
    .map(({ text, parent }) =>
      parent === null
        ? `Planted “${text}” at the center of your tree.`
        : `Added “${text}” as a branch of “${parent.text}”. It has ${plural(childrenOf(v, parent.id).length, 'branch', 'branches')} of ${BRANCHES}.`,
    )
    .join(' ')
}

/** A button that names an idea the learner's tree does not have (an old page, or not theirs). */
function unknownIdea(value: IdeaTreeValue, form: Form): ActionResult<never> {
  const first = value.nodes[0]
  return problem(
    form,
    'That idea is no longer in your tree. It may have been removed in another tab',
    first ? textField(first.id) : CENTER,
  )
}

/** Where focus goes after adding to `parent`: its field again while it has room, else the new idea. */
function focusAfterAdd(v: IdeaTreeValue, parentId: string | null, ctx: Ctx): string {
  const root = rootOf(v)
  if (parentId === null) return root ? branchField(root.id) : CENTER
  const full = childrenOf(v, parentId).length >= BRANCHES
  if (!full) return branchField(parentId)
  const last = childrenOf(v, parentId).at(-1)!
  return (depths(v).get(last.id) ?? 0) < ideaDepth(ctx) ? branchField(last.id) : textField(last.id)
}

export const ideaTree: ToolModule<'idea-tree', IdeaTreeValue> = {
  name: 'idea-tree',
  about:
    'A center idea with branches and branches of branches, to widen the field before you choose.',
  shape: treeShape,
  empty: () => ({ nodes: [] }),
  fromLegacy: (text, ctx) => fromText(text, ideaDepth(ctx)),
  // Earlier items (high-flow moments, say) become the first ring around a center to rename.
  fromItems: (texts, ctx) =>
    fromText([PREFILL_CENTER, ...texts.map((t) => `  ${t}`)].join('\n'), ideaDepth(ctx)),
  actions: {
    add(value, form, ctx) {
      const edits = applyEdits(value, form)
      if (!edits.ok) return edits
      const to = oneValue(form.item)
      if (to !== CENTER && !value.nodes.some((n) => n.id === to)) return unknownIdea(value, form)
      if (to === CENTER && rootOf(value))
        return problem(form, 'Your tree already has a center idea', textField(rootOf(value)!.id))
      const field = to === CENTER ? CENTER : branchField(to)
      // Every typed field is added, so nothing typed elsewhere is lost; the pressed one must hold words.
      const added = addTyped(edits.value, form, ctx, undefined, field)
      if (!added.ok) return added
      return {
        ok: true,
        value: added.value,
        announce: addedWords(added.added, added.value),
        focus: focusAfterAdd(added.value, to === CENTER ? null : to, ctx),
      }
    },
    // What Enter in any field does: keep the edits, and add whatever new ideas are typed.
    save(value, form, ctx) {
      const edits = applyEdits(value, form)
      if (!edits.ok) return edits
      const added = addTyped(edits.value, form, ctx)
      if (!added.ok) return added
      const last = added.added.at(-1)
      return {
        ok: true,
        value: added.value,
        announce: addedWords(added.added, added.value),
        focus: last ? focusAfterAdd(added.value, last.parent?.id ?? null, ctx) : undefined,
      }
    },
    remove(value, form) {
      const edits = applyEdits(value, form)
      if (!edits.ok) return edits
      const id = oneValue(form.item)
      const gone = edits.value.nodes.find((n) => n.id === id)
      if (!gone) return unknownIdea(value, form)
      const family = branchOf(edits.value, id)
      const nodes = edits.value.nodes.filter((n) => !family.has(n.id))
      const with_ = family.size - 1
      const parent = gone.parent
      return {
        ok: true,
        value: { nodes },
        announce:
          `Removed “${gone.text}”` +
          (with_ > 0 ? ` and the ${plural(with_, 'idea')} that grew from it.` : '.'),
        focus: parent === null ? CENTER : branchField(parent),
      }
    },
    done(value, form, ctx) {
      const edits = applyEdits(value, form)
      if (!edits.ok) return edits
      const added = addTyped(edits.value, form, ctx)
      if (!added.ok) return added
      return { ok: true, value: added.value, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    const depthOf = depths(value)
    const max = ideaDepth(ctx)
    for (const n of value.nodes) {
      const length = [...n.text].length
      if (length === 0 || length > IDEA_MAX)
        return {
          error: `Each idea must be 1 to ${IDEA_MAX} characters. “${n.text.slice(0, 40)}” is ${length}`,
          field: textField(n.id),
        }
      if ((depthOf.get(n.id) ?? 0) > max)
        return {
          error: `This tree goes ${max} ${max === 1 ? 'ring' : 'rings'} deep. Remove “${n.text}”`,
          field: textField(n.id),
        }
      if (childrenOf(value, n.id).length > BRANCHES)
        return {
          error: `“${n.text}” has more than ${BRANCHES} branches. Remove one`,
          field: textField(n.id),
        }
    }
    if (!finishing || ctx.optional) return null
    const root = rootOf(value)
    if (!root) return { error: 'Write your center idea before you continue', field: CENTER }
    const first = childrenOf(value, root.id).length
    if (first < BRANCHES) {
      const more = BRANCHES - first
      return {
        error: `Add ${more === 1 ? 'one more branch' : `${more} more branches`} to “${root.text}” before you continue: a tree needs at least ${BRANCHES}`,
        field: branchField(root.id),
      }
    }
    return null
  },
  async domain(db, save, value, seal) {
    const depthOf = depths(value)
    const position = new Map<string | null, number>()
    const rows = await Promise.all(
      value.nodes.map(async (n) => {
        const at = (position.get(n.parent) ?? 0) + 1
        position.set(n.parent, at)
        return {
          id: n.id,
          parentId: n.parent,
          depth: depthOf.get(n.id) ?? 0,
          position: at,
          textCt: await seal('idea_nodes', n.id, n.text),
        }
      }),
    )
    return ideaNodeWrites(db, save, rows)
  },
  lines(value) {
    const byId = new Map(value.nodes.map((n) => [n.id, n]))
    const path = (n: IdeaNode): string =>
      n.parent === null ? n.text : `${path(byId.get(n.parent)!)} › ${n.text}`
    return value.nodes.map((n) => (n.parent === null ? `Center: ${n.text}` : path(n)))
  },
  view: (value, ctx) => ({
    tool: 'idea-tree',
    value,
    depth: ideaDepth(ctx),
    branches: BRANCHES,
    max: IDEA_MAX,
  }),
}

/**
 * A plain-text tree: the first line is the center; each later line is a branch of the nearest
 * line above it that is indented less (bullets and numbers dropped). Lines past the depth or
 * past three branches are left out; the text itself stays shown beside the tree.
 */
/** The center of a tree started from earlier items, until the learner writes their own. */
export const PREFILL_CENTER = 'What absorbs me'

export function fromText(text: string, maxDepth: number): IdeaTreeValue {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw) => {
      const indent = (raw.match(/^[\t ]*/)?.[0] ?? '').replace(/\t/g, '    ').length
      const words = raw.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim()
      return { indent, words: [...words].slice(0, IDEA_MAX).join('') }
    })
    .filter((l) => l.words !== '')
  const nodes: IdeaNode[] = []
  const first = lines[0]
  if (!first) return { nodes }
  // Fixed ids: until the first save, the page and the post after it must agree on them.
  nodes.push({ id: 'n1', parent: null, text: first.words })
  const stack: { indent: number; id: string; depth: number }[] = []
  const count = new Map<string, number>()
  for (const line of lines.slice(1)) {
    while (stack.length && stack.at(-1)!.indent >= line.indent) stack.pop()
    const parent = stack.at(-1) ?? { indent: -1, id: 'n1', depth: 0 }
    const depth = parent.depth + 1
    const id = `n${nodes.length + 1}`
    if (depth > maxDepth || (count.get(parent.id) ?? 0) >= BRANCHES) continue
    count.set(parent.id, (count.get(parent.id) ?? 0) + 1)
    const value = { nodes }
    const family = branchOf(value, parent.id)
    let at = 0
    nodes.forEach((n, i) => {
      if (family.has(n.id)) at = i + 1
    })
    nodes.splice(at, 0, { id, parent: parent.id, text: line.words })
    stack.push({ indent: line.indent, id, depth })
  }
  return { nodes }
}
