/** The idea tree's typed rows: one per idea, with its parent, depth and place among siblings. */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const IDEA_NODES = rowTable('idea_nodes', [
  'node_id',
  'parent_id',
  'depth',
  'position',
  'text_ct',
])

export type IdeaNodeRow = {
  id: string
  parentId: string | null
  depth: number
  position: number
  textCt: string
}

/** The statements that store a tree's ideas (their text already sealed), if the save wins. */
export function ideaNodeWrites(
  db: Db,
  save: SaveRef,
  nodes: readonly IdeaNodeRow[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    IDEA_NODES,
    nodes.map((n) => ({
      node_id: n.id,
      parent_id: n.parentId,
      depth: n.depth,
      position: n.position,
      text_ct: n.textCt,
    })),
  )
}
