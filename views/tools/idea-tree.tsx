/**
 * The idea tree as nested lists a screen reader walks level by level: each idea is an editable
 * field with its remove button and, while it has room, a field and button for one more branch.
 * Every button is a real form post; nothing is dragged.
 */
import { ErrorMessage } from '../components/field-parts'
import type { IdeaNode } from '../../src/tools/values'
import { ActionButton, fieldError, focused, shown, ToolTextField } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type View = Extract<ToolView, { tool: 'idea-tree' }>
type Props = { frame: ToolFrame; view: View }

function Idea(props: {
  frame: ToolFrame
  view: View
  node: IdeaNode
  depth: number
  nodes: IdeaNode[]
  /** "Branch 2 of “fixing things”", or the center's name. */
  label: string
}) {
  const { frame, view, node, depth } = props
  const children = props.nodes.filter((n) => n.parent === node.id)
  const room = depth < view.depth && children.length < view.branches
  const family = countFamily(props.nodes, node.id)
  return (
    <li class="dt-idea">
      <ToolTextField
        fieldClass="dt-idea__field"
        frame={frame}
        name={`text-${node.id}`}
        label={props.label}
        stored={node.text}
      />
      <span class="dt-tool-item__actions">
        <ActionButton frame={frame} action="remove" item={node.id} variant="warning">
          {family > 0
            ? `Remove with the ${family === 1 ? 'idea' : `${family} ideas`} under it`
            : 'Remove'}
          <span class="dt-visually-hidden"> “{node.text}”</span>
        </ActionButton>
      </span>
      {children.length > 0 ? (
        <ul class="dt-idea-tree__list">
          {children.map((child, i) => (
            <Idea
              frame={frame}
              view={view}
              node={child}
              depth={depth + 1}
              nodes={props.nodes}
              label={`Branch ${i + 1} of “${node.text}”`}
            />
          ))}
        </ul>
      ) : null}
      {room ? (
        <div class="dt-idea__add">
          <ToolTextField
            fieldClass="dt-idea__field"
            frame={frame}
            name={`new-${node.id}`}
            label={`A new branch of “${node.text}”`}
            hint={`${children.length} of ${view.branches} branches so far.`}
            stored=""
          />
          <ActionButton frame={frame} action="add" item={node.id} id={`add-${node.id}`}>
            Add a branch<span class="dt-visually-hidden"> to “{node.text}”</span>
          </ActionButton>
        </div>
      ) : null}
    </li>
  )
}

/** How many ideas grow from `id`, however deep. */
function countFamily(nodes: IdeaNode[], id: string): number {
  const family = new Set([id])
  for (const n of nodes) if (n.parent !== null && family.has(n.parent)) family.add(n.id)
  return family.size - 1
}

export function IdeaTreeTool(props: Props) {
  const { frame, view } = props
  const nodes = view.value.nodes
  const root = nodes.find((n) => n.parent === null)
  const rings = `${view.depth} ${view.depth === 1 ? 'ring' : 'rings'}`
  return (
    <fieldset class="dt-fieldset dt-idea-tree">
      <legend class="dt-legend">Your idea tree</legend>
      <p class="dt-hint">
        Up to {view.branches} branches from each idea, {rings} out from the center. Removing an idea
        also removes the branches that grow from it.
      </p>
      {root ? (
        <ul class="dt-idea-tree__list dt-idea-tree__root">
          <Idea frame={frame} view={view} node={root} depth={0} nodes={nodes} label="Center idea" />
        </ul>
      ) : (
        <>
          <ToolTextField
            fieldClass="dt-idea__field"
            frame={frame}
            name="center"
            label="Your center idea"
            hint="One word or a short phrase. You will branch out from it next."
            stored=""
          />
          <p>
            <ActionButton frame={frame} action="add" item="center" id="add-center">
              Start the tree
            </ActionButton>
          </p>
        </>
      )}
    </fieldset>
  )
}
