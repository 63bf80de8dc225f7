/**
 * The learner's workbook made readable: the view model the print view and the ZIP's Markdown
 * files are rendered from (built in src/account/readable.ts). Plain data, every text already in
 * words, so the two renderings cannot disagree about what the learner wrote.
 */

/** A table: a caption, its column headings and its rows, every cell already in words. */
export type ReadableTable = {
  caption: string
  columns: string[]
  rows: string[][]
  /** The first cell of each row names the row (a row header), as in a story's parts. */
  rowHeaders: boolean
}

/** One idea of a tree, with the ideas that branch from it. */
export type ReadableNode = { text: string; children: ReadableNode[] }

/** One piece of what the learner wrote or made in a block. */
export type ReadablePiece =
  | { kind: 'text'; text: string }
  | { kind: 'table'; table: ReadableTable }
  | { kind: 'tree'; nodes: ReadableNode[] }
  /** A word about the answer itself ("Left blank", "Still in progress"), not the learner's. */
  | { kind: 'note'; text: string }

/** A block the learner answered: the question or tool's label, and what they wrote or made. */
export type ReadableBlock = { id: string; label: string; pieces: ReadablePiece[] }

export type ReadableExercise = { id: string; title: string; blocks: ReadableBlock[] }

/** A part of the workbook: the exercises answered, and the titles of those not answered yet. */
export type ReadablePart = {
  id: string
  /** The part's place in the walk, from 1. */
  number: number
  title: string
  exercises: ReadableExercise[]
  notYet: string[]
}

export type ReadableWorkbook = {
  /** When it was made, ISO-8601 UTC. */
  madeAt: string
  parts: ReadablePart[]
  /** The learner's own tools, kept outside the workbook, that hold something. */
  own: ReadableBlock[]
}
