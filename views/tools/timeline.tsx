/**
 * The career timeline: the milestones as ordered lists in date order, each under its date as a
 * heading, from this year on, with earlier years apart; then one form that adds a milestone or
 * changes the one chosen. Every button names the milestone it acts on.
 */
import type { Child } from 'hono/jsx'
import { ErrorMessage } from '../components/field-parts'
import type { Milestone } from '../../src/tools/values'
import { ActionButton, fieldError, focused, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type View = Extract<ToolView, { tool: 'timeline' }>
type Props = { frame: ToolFrame; view: View }

const dateWords = (m: Milestone, quarters: string[]) =>
  m.quarter ? `${m.year}, ${quarters[m.quarter - 1]}` : String(m.year)

function Milestones(props: { frame: ToolFrame; view: View; items: Milestone[] }) {
  const { frame, view } = props
  const name = (c: string) => view.categories.find((x) => x.value === c)?.label ?? c
  return (
    <ol class="dt-timeline">
      {props.items.map((m) => (
        <li
          class={`dt-timeline__item${view.value.editing === m.id ? ' dt-timeline__item--open' : ''}`}
        >
          <h4 class="dt-timeline__date">{dateWords(m, view.quarters)}</h4>
          <p class="dt-timeline__title">
            <strong>{m.title}</strong> <span class="dt-tag">{name(m.category)}</span>
          </p>
          {m.description ? <p class="dt-timeline__words">{m.description}</p> : null}
          <p class="dt-timeline__actions">
            {view.value.editing === m.id ? (
              <span class="dt-hint">Open for changing below.</span>
            ) : (
              <ActionButton frame={frame} action="edit" item={m.id} id={`edit-${m.id}`}>
                Change<span class="dt-visually-hidden"> “{m.title}”</span>
              </ActionButton>
            )}{' '}
            <ActionButton frame={frame} action="remove" item={m.id} variant="warning">
              Remove<span class="dt-visually-hidden"> “{m.title}”</span>
            </ActionButton>
          </p>
        </li>
      ))}
    </ol>
  )
}

/** A labelled control of the milestone form, its error before it, the GOV.UK way. */
function Field(props: {
  frame: ToolFrame
  name: string
  label: string
  hint?: string
  control: (attrs: {
    id: string
    name: string
    class: string
    'aria-describedby'?: string
    'aria-invalid'?: 'true'
    autofocus: boolean
  }) => Child
  kind: 'input' | 'select' | 'textarea'
}) {
  const { frame, name } = props
  const id = toolFieldId(frame, name)
  const error = fieldError(frame, name)
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ')
  const base =
    props.kind === 'input' ? 'dt-input' : props.kind === 'select' ? 'dt-select' : 'dt-textarea'
  return (
    <div class={`dt-field${error ? ' dt-field--error' : ''}`}>
      <label class="dt-label" for={id}>
        {props.label}
      </label>
      {props.hint ? (
        <div class="dt-hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      <ErrorMessage id={id} error={error} />
      {props.control({
        id,
        name,
        class: `${base}${error ? ` ${base}--error` : ''}`,
        'aria-describedby': described || undefined,
        'aria-invalid': error ? 'true' : undefined,
        autofocus: focused(frame, name),
      })}
    </div>
  )
}

export function TimelineTool(props: Props) {
  const { frame, view } = props
  const items = view.value.milestones
  const before = items.filter((m) => m.year < view.year)
  const ahead = items.filter((m) => m.year >= view.year)
  const open = items.find((m) => m.id === view.value.editing) ?? null
  const stored = (field: 'title' | 'year' | 'quarter' | 'category' | 'description') =>
    open ? (field === 'quarter' ? String(open.quarter ?? '') : String(open[field])) : ''
  const value = (field: Parameters<typeof stored>[0]) => shown(frame, field, stored(field))
  const full = !open && items.length >= view.max
  return (
    <>
      <section class="dt-timeline-wrap" aria-labelledby={toolFieldId(frame, 'timeline-heading')}>
        <h3 class="dt-timeline__heading" id={toolFieldId(frame, 'timeline-heading')}>
          Your timeline, from {view.year} on
        </h3>
        {ahead.length === 0 ? (
          <p class="dt-tool-empty">
            {items.length === 0
              ? 'No milestones yet. Add your first one with the form below.'
              : `No milestones from ${view.year} on yet.`}
          </p>
        ) : (
          <Milestones frame={frame} view={view} items={ahead} />
        )}
        {before.length > 0 ? (
          <>
            <h3 class="dt-timeline__heading">Before {view.year}</h3>
            <Milestones frame={frame} view={view} items={before} />
          </>
        ) : null}
      </section>
      <fieldset class="dt-fieldset dt-timeline-form">
        <legend class="dt-legend">{open ? `Change “${open.title}”` : 'Add a milestone'}</legend>
        <p class="dt-hint">
          {full
            ? `Your timeline is full: it holds up to ${view.max}. Remove one to add another.`
            : `You have ${items.length} of up to ${view.max}. They are put in date order for you.`}
        </p>
        <Field
          frame={frame}
          name="title"
          label="Title"
          kind="input"
          hint={`A few words, up to ${view.titleMax} characters.`}
          control={(a) => <input {...a} value={value('title')} />}
        />
        <Field
          frame={frame}
          name="year"
          label="Year"
          kind="input"
          hint={`For example, ${view.year + 1}.`}
          control={(a) => (
            <input
              {...a}
              class={`${a.class} dt-input--year`}
              inputmode="numeric"
              autocomplete="off"
              value={value('year')}
            />
          )}
        />
        <Field
          frame={frame}
          name="quarter"
          label="Quarter (optional)"
          kind="select"
          control={(a) => (
            <select {...a}>
              <option value="" selected={value('quarter') === ''}>
                Any time in the year
              </option>
              {view.quarters.map((q, i) => (
                <option value={String(i + 1)} selected={value('quarter') === String(i + 1)}>
                  Q{i + 1}: {q}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          frame={frame}
          name="category"
          label="Category"
          kind="select"
          control={(a) => (
            <select {...a}>
              <option value="" selected={value('category') === ''}>
                Choose one
              </option>
              {view.categories.map((c) => (
                <option value={c.value} selected={value('category') === c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          frame={frame}
          name="description"
          label="Description (optional)"
          kind="textarea"
          hint="What it involves, or how you will know you have reached it."
          control={(a) => (
            <textarea {...a} rows={3}>
              {`\n${value('description')}`}
            </textarea>
          )}
        />
        <p>
          <ActionButton frame={frame} action="add" id="add">
            {open ? <>Save changes to “{open.title}”</> : 'Add to the timeline'}
          </ActionButton>{' '}
          {open ? (
            <ActionButton frame={frame} action="cancel" variant="link">
              Leave “{open.title}” as it was
            </ActionButton>
          ) : null}
        </p>
      </fieldset>
    </>
  )
}
