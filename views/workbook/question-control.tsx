/**
 * The control of a question, by its kind. Interactive tools will dispatch through the tool
 * registry rather than grow this switch.
 */
import { Checkboxes, Radios } from '../components/choices'
import { Field } from '../components/field'
import { Select } from '../components/select'
import { TextArea } from '../components/text-area'
import type { AnswerValue, QuestionView } from './question'

/** The id of a question's control: the target of its error summary link. */
export const fieldId = (localId: string) => `f-${localId}`

/** A question's control, named `answer`, with its label as the block's heading. */
export function QuestionControl(props: {
  question: QuestionView
  value?: AnswerValue
  error?: string
  autofocus?: boolean
}) {
  const q = props.question
  const str =
    typeof props.value === 'string'
      ? props.value
      : props.value === undefined
        ? ''
        : String(props.value)
  const common = {
    name: 'answer',
    id: fieldId(q.localId),
    error: props.error,
    optional: q.optional,
    heading: 'h2' as const,
    autofocus: props.autofocus,
  }
  switch (q.control) {
    case 'text':
    case 'textarea': {
      const limit = `You can write up to ${q.maxLength.toLocaleString('en-US')} characters.`
      const hint = [q.hint, limit].filter(Boolean).join(' ')
      return q.control === 'text' ? (
        <Field {...common} label={q.label} hint={hint} value={str} />
      ) : (
        <TextArea
          {...common}
          label={q.label}
          hint={hint}
          value={str}
          rows={q.maxLength > 1000 ? 8 : 4}
        />
      )
    }
    case 'radio':
      return (
        <Radios
          {...common}
          legend={q.label}
          hint={q.hint}
          choices={q.options.map((o) => ({ value: o, label: o }))}
          value={str}
        />
      )
    case 'select':
      return (
        <Select
          {...common}
          label={q.label}
          hint={q.hint}
          choices={q.options.map((o) => ({ value: o, label: o }))}
          value={str}
        />
      )
    case 'checkboxes':
      return (
        <Checkboxes
          {...common}
          legend={q.label}
          hint={q.hint ?? 'Choose all that apply.'}
          choices={q.options.map((o) => ({ value: o, label: o }))}
          values={Array.isArray(props.value) ? props.value : []}
        />
      )
    case 'slider': {
      const ends = `${q.min} means “${q.minLabel}”, ${q.max} means “${q.maxLabel}”.`
      const steps = Array.from({ length: q.max - q.min + 1 }, (_, i) => String(q.min + i))
      return (
        <Radios
          {...common}
          legend={q.label}
          hint={[q.hint, ends].filter(Boolean).join(' ')}
          inline
          choices={steps.map((s) => ({ value: s, label: s }))}
          value={str}
        />
      )
    }
  }
}
