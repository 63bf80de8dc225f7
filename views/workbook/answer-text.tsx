import type { AnswerValue, Echo, QuestionView } from './question'
import { InlineMention } from './echoes'

/** A learner's answer, shown back to them as their own words. */
export function AnswerText(props: {
  question: QuestionView
  value: AnswerValue
  /** The stored answer could not be opened: say so calmly, in place of the words. */
  unreadable?: boolean
}) {
  const { value, question } = props
  if (props.unreadable) {
    return (
      <p class="dt-answer__unreadable">
        We could not open this answer. It is still stored, unchanged, but something is wrong with
        it, so we will not show it or write over it unless you choose to.
      </p>
    )
  }
  if (value === '' || (Array.isArray(value) && value.length === 0)) {
    return <p class="dt-answer__blank">You left this blank.</p>
  }
  if (Array.isArray(value)) {
    return (
      <ul class="dt-answer__list">
        {value.map((v) => (
          <li>{v}</li>
        ))}
      </ul>
    )
  }
  if (typeof value === 'object') {
    // A tool's value is shown by its own view; here, only the plain text it may keep.
    return value.legacy ? <AnswerText question={question} value={value.legacy} /> : null
  }
  if (typeof value === 'number') {
    if (question.control !== 'slider') return <p class="dt-answer__text">{value}</p>
    return (
      <p>
        {value} out of {question.max}
        <span class="dt-answer__scale">
          {' '}
          ({question.min} is “{question.minLabel}”, {question.max} is “{question.maxLabel}”)
        </span>
      </p>
    )
  }
  return (
    <>
      {value
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((p) => (
          <p class="dt-answer__text">{p}</p>
        ))}
    </>
  )
}

type TextGroup = { bullets: boolean; lines: string[] }

/** Splits content text into paragraphs and bullet lists. Groups never cross a blank line. */
function textGroups(text: string): TextGroup[] {
  const groups: TextGroup[] = []
  for (const chunk of text.trim().split(/\n\s*\n/)) {
    let current: TextGroup | undefined
    for (const raw of chunk.split('\n')) {
      const line = raw.trim()
      if (!line) continue
      const bullets = line.startsWith('- ')
      if (!current || current.bullets !== bullets) {
        current = { bullets, lines: [] }
        groups.push(current)
      }
      current.lines.push(bullets ? line.slice(2) : line)
    }
  }
  return groups
}

/** A line of content text with each `{{token}}` replaced by its mention. */
function Line(props: { text: string; mentions?: Readonly<Record<string, Echo>> }) {
  if (!props.mentions) return <>{props.text}</>
  const mentions = props.mentions
  // split with a capture group keeps each token's name at the odd places.
  const parts = props.text.split(/\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}/)
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return part
        const echo = mentions[part]
        return echo ? <InlineMention echo={echo} /> : `{{${part}}}`
      })}
    </>
  )
}

/**
 * Content text: blank lines separate paragraphs; lines starting "- " form a bullet list. A
 * `{{token}}` becomes the earlier answers its mention quotes.
 */
export function ContentText(props: { text: string; mentions?: Readonly<Record<string, Echo>> }) {
  return (
    <>
      {textGroups(props.text).map((g) =>
        g.bullets ? (
          <ul>
            {g.lines.map((l) => (
              <li>
                <Line text={l} mentions={props.mentions} />
              </li>
            ))}
          </ul>
        ) : (
          <p>
            <Line text={g.lines.join(' ')} mentions={props.mentions} />
          </p>
        ),
      )}
    </>
  )
}
