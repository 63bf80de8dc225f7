/**
 * The career options assessment: each option as a set of labelled fields (title, description,
 * four ratings from 1 to 5, notes) with a button to remove it, a button to add another (the
 * GOV.UK "add another" pattern), and the saved options side by side in a table whose column
 * headings are plain GET links that sort it by that rating.
 */
import type { CareerOption, OptionCriterion } from '../../src/tools/values'
import { Radios } from '../components/choices'
import { ErrorMessage } from '../components/field-parts'
import { Field } from '../components/field'
import { TextArea } from '../components/text-area'
import { ActionButton, fieldError, focused, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type View = Extract<ToolView, { tool: 'decision-matrix' }>
type Props = { frame: ToolFrame; view: View }

const CRITERIA: OptionCriterion[] = ['story', 'work', 'life', 'unknowns']

/** Each criterion: its heading, the question its rating answers, and its two ends. */
const WORDS: Record<OptionCriterion, { name: string; hint: string; low: string; high: string }> = {
  story: {
    name: 'Fit with your story',
    hint: 'How well it fits your story so far: your skills, values and what absorbs you.',
    low: 'fits poorly',
    high: 'fits well',
  },
  work: {
    name: 'Work needs',
    hint: 'How well it meets what you need from work, such as pay, hours, learning and the people.',
    low: 'meets few',
    high: 'meets them all',
  },
  life: {
    name: 'Life needs',
    hint: 'How well it fits the rest of your life, such as health, caring duties and travel.',
    low: 'fits poorly',
    high: 'fits well',
  },
  unknowns: {
    name: 'Unknowns',
    hint: 'How much you already know about it. A low rating means much is still unknown, a high one that little is.',
    low: 'much still unknown',
    high: 'little still unknown',
  },
}

const nameOf = (option: CareerOption, position: number) =>
  option.title ? `“${option.title}”` : `option ${position}`

const field = (part: string, id: string) => `${part}-${id}`

/** One option's fields, in a fieldset named for it, with its Remove button. */
function OptionFields(props: { frame: ToolFrame; option: CareerOption; position: number }) {
  const { frame, option: o, position } = props
  const name = nameOf(o, position)
  return (
    <li class="dt-option">
      <fieldset class="dt-fieldset">
        <legend class="dt-legend dt-option__title">
          Option {position}
          {o.title ? `: ${o.title}` : null}
        </legend>
        <Field
          name={field('title', o.id)}
          id={toolFieldId(frame, field('title', o.id))}
          label="Title"
          hint="A few words, such as “Community nurse” or “Running a market stall”. Up to 120 characters."
          value={shown(frame, field('title', o.id), o.title)}
          error={fieldError(frame, field('title', o.id))}
          autofocus={focused(frame, field('title', o.id))}
        />
        <TextArea
          name={field('description', o.id)}
          id={toolFieldId(frame, field('description', o.id))}
          label="What it is"
          optional
          rows={3}
          hint="What the work involves, where, and how you might get there. Up to 1,000 characters."
          value={shown(frame, field('description', o.id), o.description)}
          error={fieldError(frame, field('description', o.id))}
        />
        {CRITERIA.map((c) => {
          const w = WORDS[c]
          const n = field(c, o.id)
          return (
            <Radios
              name={n}
              id={toolFieldId(frame, n)}
              legend={w.name}
              hint={`${w.hint} 1 means ${w.low}, 5 means ${w.high}.`}
              inline
              choices={[1, 2, 3, 4, 5].map((v) => ({ value: String(v), label: String(v) }))}
              value={shown(frame, n, o.ratings[c] === null ? '' : String(o.ratings[c]))}
              error={fieldError(frame, n)}
            />
          )
        })}
        <TextArea
          name={field('notes', o.id)}
          id={toolFieldId(frame, field('notes', o.id))}
          label="Notes"
          optional
          rows={3}
          hint="Anything behind your ratings, or what you would still like to find out. Up to 1,000 characters."
          value={shown(frame, field('notes', o.id), o.notes)}
          error={fieldError(frame, field('notes', o.id))}
        />
        <p class="dt-option__actions">
          <ActionButton frame={frame} action="remove" item={o.id} variant="warning">
            Remove<span class="dt-visually-hidden"> {name}</span>
          </ActionButton>
        </p>
      </fieldset>
    </li>
  )
}

/** Where the page is, so a sort link returns to the same view of the tool. */
function pageUrl(frame: ToolFrame): string {
  return frame.state === 'edit'
    ? `/workbook/${frame.exerciseId}/answers/${encodeURIComponent(frame.placementId)}/edit`
    : `/workbook/${frame.exerciseId}`
}

/** The saved options side by side: one row each, one column per rating, sortable by any. */
function Comparison(props: { frame: ToolFrame; view: View }) {
  const { frame, view } = props
  const byId = new Map(view.value.options.map((o, i) => [o.id, { o, position: i + 1 }]))
  const rows = view.sorted.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
  const tableId = toolFieldId(frame, 'compare')
  const sortUrl = (c: OptionCriterion) =>
    `${pageUrl(frame)}?${new URLSearchParams({ sort: c, options: frame.localId })}#${tableId}`
  if (!rows.some(({ o }) => o.title !== '')) {
    return (
      <p class="dt-tool-empty" id={tableId}>
        Once you give an option a title and save, your options appear here side by side.
      </p>
    )
  }
  const order = view.sort
    ? `sorted by ${WORDS[view.sort].name.toLowerCase()}, highest first`
    : 'in the order you added them'
  return (
    <div class="dt-options-compare">
      <table class="dt-options-table" id={tableId}>
        <caption>
          Your options side by side, {order}. Each rating is out of 5, and on every one 5 is the
          better end.
        </caption>
        <thead>
          <tr>
            <th scope="col">Option</th>
            {CRITERIA.map((c) => (
              <th scope="col" aria-sort={view.sort === c ? 'descending' : undefined}>
                <a href={sortUrl(c)}>
                  <span class="dt-visually-hidden">Sort by </span>
                  {WORDS[c].name}
                  <span class="dt-visually-hidden"> (highest first)</span>
                </a>
                {view.sort === c ? <span class="dt-options-table__sorted"> (sorted)</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ o, position }) => (
            <tr>
              <th scope="row">{o.title || `Option ${position} (no title yet)`}</th>
              {CRITERIA.map((c) => (
                <td>{o.ratings[c] ?? 'Not rated'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {view.sort ? (
        <p>
          <a href={`${pageUrl(frame)}#${tableId}`}>Show them in the order you added them</a>
        </p>
      ) : null}
      <p class="dt-hint">
        The table shows what is saved. Sorting opens the page again, so save anything you have just
        typed first.
      </p>
    </div>
  )
}

export function DecisionMatrixTool(props: Props) {
  const { frame, view } = props
  const options = view.value.options
  const full = options.length >= view.max
  const addError = fieldError(frame, 'add')
  const addId = toolFieldId(frame, 'add')
  return (
    <>
      <p class="dt-rating-intro">
        Describe each option, then rate it from 1 to 5 on four things. On every one, 5 is the better
        end: for unknowns, 5 means little about it is still unknown. You can compare up to{' '}
        {view.max}.
      </p>
      {options.length === 0 ? (
        <p class="dt-tool-empty">No options yet. Add your first one below.</p>
      ) : (
        <ol class="dt-options">
          {options.map((o, i) => (
            <OptionFields frame={frame} option={o} position={i + 1} />
          ))}
        </ol>
      )}
      <div class={`dt-field${addError ? ' dt-field--error' : ''}`}>
        <ErrorMessage id={addId} error={addError} />
        {full ? (
          <p class="dt-hint" id={addId} tabindex={-1} autofocus={focused(frame, 'add')}>
            You have {options.length} options, the most this compares. Remove one to add another.
          </p>
        ) : (
          <ActionButton
            frame={frame}
            action="add"
            id="add"
            describedBy={addError ? ['add-error'] : undefined}
          >
            {options.length === 0 ? 'Add an option' : 'Add another option'}
          </ActionButton>
        )}
      </div>
      <h3 class="dt-options__heading">Side by side</h3>
      <Comparison frame={frame} view={view} />
    </>
  )
}
