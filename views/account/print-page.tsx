import type {
  ReadableBlock,
  ReadableNode,
  ReadablePiece,
  ReadableTable,
  ReadableWorkbook,
} from './readable'
import { dayAndTime } from './when'

/** A tool's table; its caption is hidden when the block's heading already says it. */
function Table(props: { table: ReadableTable; label: string }) {
  const t = props.table
  return (
    <table class="dt-print__table">
      <caption class={t.caption === props.label ? 'dt-visually-hidden' : undefined}>
        {t.caption}
      </caption>
      <thead>
        <tr>
          {t.columns.map((c) => (
            <th scope="col">{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {t.rows.map((row) => (
          <tr>
            {row.map((c, i) => (i === 0 && t.rowHeaders ? <th scope="row">{c}</th> : <td>{c}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Tree(props: { nodes: ReadableNode[] }) {
  return (
    <ul class="dt-print__tree">
      {props.nodes.map((n) => (
        <li>
          {n.text}
          {n.children.length ? <Tree nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  )
}

function Piece(props: { piece: ReadablePiece; label: string }) {
  const p = props.piece
  switch (p.kind) {
    case 'text':
      return <p class="dt-print__text">{p.text}</p>
    case 'note':
      return <p class="dt-hint">{p.text}</p>
    case 'table':
      return <Table table={p.table} label={props.label} />
    case 'tree':
      return <Tree nodes={p.nodes} />
  }
}

function Block(props: { block: ReadableBlock; level: 3 | 4 }) {
  const b = props.block
  const Heading = props.level === 3 ? 'h3' : 'h4'
  return (
    <section class="dt-print__block">
      <Heading>{b.label}</Heading>
      {b.pieces.map((p) => (
        <Piece piece={p} label={b.label} />
      ))}
    </section>
  )
}

/**
 * The whole workbook with the learner's answers and tool results, to print or save as a PDF
 * with the browser's own print: a part per printed section, each exercise and block headed.
 */
export function PrintPage(props: { workbook: ReadableWorkbook }) {
  const w = props.workbook
  return (
    <article class="dt-print">
      <h1>Your workbook</h1>
      <div class="dt-print__intro">
        <p>
          Everything you have written and made in the workbook, as it stood on{' '}
          {dayAndTime(w.madeAt)}. To keep a copy, use your browser’s Print command and choose “Save
          as PDF”: each part starts on a new page.
        </p>
        <p>
          <a href="/account">Back to your account</a>
        </p>
      </div>
      {w.parts.map((part) => (
        <section class="dt-print__part" aria-labelledby={`part-${part.id}`}>
          <h2 id={`part-${part.id}`}>{part.title}</h2>
          {part.exercises.length ? null : <p>You have not answered anything in this part yet.</p>}
          {part.exercises.map((exercise) => (
            <section class="dt-print__exercise" aria-labelledby={`exercise-${exercise.id}`}>
              <h3 id={`exercise-${exercise.id}`}>{exercise.title}</h3>
              {exercise.blocks.map((b) => (
                <Block block={b} level={4} />
              ))}
            </section>
          ))}
          {part.notYet.length ? (
            <>
              <h3>Not answered yet</h3>
              <ul>
                {part.notYet.map((t) => (
                  <li>{t}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}
      {w.own.length ? (
        <section class="dt-print__part" aria-labelledby="part-own">
          <h2 id="part-own">Your own tools</h2>
          {w.own.map((b) => (
            <Block block={b} level={3} />
          ))}
        </section>
      ) : null}
    </article>
  )
}
