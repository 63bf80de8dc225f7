/**
 * The readable workbook as Markdown, for the ZIP export: one file per part (the learner's
 * answers under each exercise's title, tools as Markdown tables), a file for the learner's own
 * tools, and a README that says what each file is.
 */
import type {
  ReadableBlock,
  ReadableNode,
  ReadablePart,
  ReadablePiece,
  ReadableTable,
  ReadableWorkbook,
} from '../../views/account/readable'

/**
 * A table cell's text, safe inside a row: a backslash or `|` escaped (so neither ends the cell
 * early) and line breaks as `<br>`, so one row stays on one line.
 * @example cell('a | b\nc') // 'a \\| b<br>c'
 */
export const cell = (text: string) =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n?|\n/g, '<br>')

/** The learner's own words as Markdown paragraphs: blank lines kept, single breaks kept. */
const paragraphs = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.split('\n').join('  \n'))
    .join('\n\n')

function tableMarkdown(t: ReadableTable, label: string): string {
  const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`
  const lines = [
    row(t.columns),
    `| ${t.columns.map(() => '---').join(' | ')} |`,
    ...t.rows.map(row),
  ]
  // The block's heading names a table that is the whole block; another gets its own line.
  return (t.caption === label ? '' : `**${cell(t.caption)}**\n\n`) + lines.join('\n')
}

function treeMarkdown(nodes: ReadableNode[], depth = 0): string {
  return nodes
    .map((n) => {
      const line = `${'  '.repeat(depth)}- ${n.text.replace(/\s*\n\s*/g, ' ')}`
      return n.children.length ? `${line}\n${treeMarkdown(n.children, depth + 1)}` : line
    })
    .join('\n')
}

function pieceMarkdown(piece: ReadablePiece, label: string): string {
  switch (piece.kind) {
    case 'text':
      return paragraphs(piece.text)
    case 'note':
      return `_${piece.text}_`
    case 'table':
      return tableMarkdown(piece.table, label)
    case 'tree':
      return treeMarkdown(piece.nodes)
  }
}

const heading = (level: number, text: string) =>
  `${'#'.repeat(level)} ${text.replace(/\s*\n\s*/g, ' ')}`

function blockMarkdown(block: ReadableBlock, level: number): string {
  return [
    heading(level, block.label),
    ...block.pieces.map((p) => pieceMarkdown(p, block.label)),
  ].join('\n\n')
}

/** One part as a Markdown file: its exercises answered, and those not answered yet, named once. */
export function partMarkdown(part: ReadablePart): string {
  const sections = [`# ${part.title}`]
  if (!part.exercises.length) sections.push('_Nothing answered in this part yet._')
  for (const exercise of part.exercises) {
    sections.push(heading(2, exercise.title), ...exercise.blocks.map((b) => blockMarkdown(b, 3)))
  }
  if (part.notYet.length) {
    sections.push(heading(2, 'Not answered yet'), part.notYet.map((t) => `- ${t}`).join('\n'))
  }
  return `${sections.join('\n\n')}\n`
}

/** The learner's own tools, kept outside the workbook, as one Markdown file. */
export function ownMarkdown(own: ReadableBlock[]): string {
  return `${['# Your own tools', ...own.map((b) => blockMarkdown(b, 2))].join('\n\n')}\n`
}

/** The name of the own tools' file in the ZIP. */
export const OWN_FILE = 'your-own-tools.md'

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-US', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  })

/** The README of the ZIP: what each file is, when it was made, and to keep it safe. */
export function readmeMarkdown(
  workbook: ReadableWorkbook,
  files: { json: string; parts: { name: string; title: string }[]; own: string | null },
): string {
  return `# Your DreamTree workbook

This is a copy of everything you have written and made in DreamTree, made on ${when(workbook.madeAt)}.

## The files

- \`${files.json}\` holds all of your answers and tool results in one file. It is for restoring:
  the import on your DreamTree account page reads it back in. You do not need to open it.
${files.parts.map((p) => `- \`${p.name}\` is the ${p.title} part of the workbook, for reading: your answers under each exercise's title, with your stories, lists, rankings and budget as tables.`).join('\n')}
${files.own ? `- \`${files.own}\` holds the tools you keep outside the workbook: your own list, stories and flow log.\n` : ''}
The Markdown files (\`.md\`) open in any text editor, and in many notes apps as formatted text.

## Keep it somewhere safe

In DreamTree your words are stored encrypted. These files are not encrypted: anyone who can
open them can read them. Keep them somewhere only you can reach, and delete copies you no longer
need.
`
}
