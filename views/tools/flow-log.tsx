/**
 * The flow log: recent entries newest first (high flow marked in words), each with Edit and
 * Remove buttons that name it, the chart of energy and focus, then the form for a new entry.
 * The entry being edited opens in place with the same fields, prefixed `e-`.
 */
import { Radios } from '../components/choices'
import { ErrorMessage } from '../components/field-parts'
import { FlowChart } from '../charts/flow-chart'
import { ActionButton, fieldError, focused, shown } from './parts'
import { toolFieldId, type FlowLevel, type ToolFrame, type ToolView } from './tool'

type View = Extract<ToolView, { tool: 'flow-log' }>
type Props = { frame: ToolFrame; view: View }
type Entry = View['entries'][number]

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0')

/** What names an entry in its buttons, after the visible word. */
const Named = (props: { entry: Entry }) => (
  <span class="dt-visually-hidden">
    {' '}
    the entry for {props.entry.day}, “{props.entry.activity}”
  </span>
)

/** A scale as a radio group; the first radio carries the group's id for the error summary. */
function Levels(props: {
  frame: ToolFrame
  name: string
  legend: string
  hint: string
  levels: FlowLevel[]
  stored: string
  showSign: boolean
}) {
  const { frame, name } = props
  return (
    <Radios
      name={name}
      id={toolFieldId(frame, name)}
      legend={props.legend}
      hint={props.hint}
      error={fieldError(frame, name)}
      inline
      choices={props.levels.map((level) => ({
        value: String(level.value),
        label: `${level.label} (${props.showSign ? signed(level.value) : level.value})`,
      }))}
      value={shown(frame, name, props.stored)}
      autofocus={focused(frame, name)}
    />
  )
}

/** The fields of one entry: a new one (`prefix` empty) or the one being edited (`e-`). */
function EntryFields(props: {
  frame: ToolFrame
  view: View
  prefix: '' | 'e-'
  entry: Entry | null
}) {
  const { frame, view, prefix, entry } = props
  const field = (name: string) => {
    const full = `${prefix}${name}`
    const id = toolFieldId(frame, full)
    const error = fieldError(frame, full)
    return { full, id, error }
  }
  const day = field('day')
  const activity = field('activity')
  const notes = field('notes')
  const described = (f: { id: string; error?: string }, hint: boolean) =>
    [hint ? `${f.id}-hint` : '', f.error ? `${f.id}-error` : ''].filter(Boolean).join(' ') ||
    undefined
  return (
    <>
      <div class={`dt-field${day.error ? ' dt-field--error' : ''}`}>
        <label class="dt-label" for={day.id}>
          Day
        </label>
        <div class="dt-hint" id={`${day.id}-hint`}>
          Year, month and day, for example 2026-12-01. {entry ? '' : 'Today is filled in. '}Up to a
          year ahead.
        </div>
        <ErrorMessage id={day.id} error={day.error} />
        <input
          class={`dt-input dt-input--date${day.error ? ' dt-input--error' : ''}`}
          type="date"
          id={day.id}
          name={day.full}
          value={shown(frame, day.full, entry?.day ?? view.today)}
          min="1900-01-01"
          max={view.latest}
          aria-describedby={described(day, true)}
          aria-invalid={day.error ? 'true' : undefined}
          autofocus={focused(frame, day.full)}
        />
      </div>
      <div class={`dt-field${activity.error ? ' dt-field--error' : ''}`}>
        <label class="dt-label" for={activity.id}>
          What were you doing?
        </label>
        <div class="dt-hint" id={`${activity.id}-hint`}>
          Name the activity itself, for example “Fixing the bike with my son”.
        </div>
        <ErrorMessage id={activity.id} error={activity.error} />
        <input
          class={`dt-input${activity.error ? ' dt-input--error' : ''}`}
          id={activity.id}
          name={activity.full}
          value={shown(frame, activity.full, entry?.activity ?? '')}
          aria-describedby={described(activity, true)}
          aria-invalid={activity.error ? 'true' : undefined}
          autofocus={focused(frame, activity.full)}
        />
      </div>
      <Levels
        frame={frame}
        name={`${prefix}energy`}
        legend="How did your energy feel?"
        hint="From drained (−2) to energized (+2)."
        levels={view.energyLevels}
        stored={entry ? String(entry.energy) : ''}
        showSign
      />
      <Levels
        frame={frame}
        name={`${prefix}focus`}
        legend="How absorbed were you?"
        hint="From scattered (1) to absorbed (5)."
        levels={view.focusLevels}
        stored={entry ? String(entry.focus) : ''}
        showSign={false}
      />
      <div class={`dt-field${notes.error ? ' dt-field--error' : ''}`}>
        <label class="dt-label" for={notes.id}>
          Notes <span class="dt-optional">(optional)</span>
        </label>
        <ErrorMessage id={notes.id} error={notes.error} />
        <textarea
          class={`dt-textarea${notes.error ? ' dt-input--error' : ''}`}
          id={notes.id}
          name={notes.full}
          rows={3}
          aria-describedby={described(notes, false)}
          aria-invalid={notes.error ? 'true' : undefined}
          autofocus={focused(frame, notes.full)}
        >
          {shown(frame, notes.full, entry?.notes ?? '')}
        </textarea>
      </div>
    </>
  )
}

const levelWord = (levels: FlowLevel[], n: number) => levels.find((l) => l.value === n)?.label ?? ''

function EntryItem(props: { frame: ToolFrame; view: View; entry: Entry }) {
  const { frame, view, entry } = props
  if (view.editing === entry.id) {
    return (
      <li class="dt-flow-entry dt-flow-entry--editing">
        <fieldset class="dt-fieldset">
          <legend class="dt-legend">
            Editing the entry for {entry.day}, “{entry.activity}”
          </legend>
          <EntryFields frame={frame} view={view} prefix="e-" entry={entry} />
          <p class="dt-tool-item__actions">
            <ActionButton frame={frame} action="update">
              Save changes
              <Named entry={entry} />
            </ActionButton>
            <ActionButton frame={frame} action="cancel" variant="link">
              Cancel editing
              <Named entry={entry} />
            </ActionButton>
          </p>
        </fieldset>
      </li>
    )
  }
  return (
    <li class={`dt-flow-entry${entry.highFlow ? ' dt-flow-entry--high' : ''}`}>
      <p class="dt-flow-entry__head">
        <strong>{entry.day}</strong>: {entry.activity}
      </p>
      <p class="dt-flow-entry__levels">
        Energy {levelWord(view.energyLevels, entry.energy)} ({signed(entry.energy)}), focus{' '}
        {levelWord(view.focusLevels, entry.focus)} ({entry.focus}).
        {entry.highFlow ? (
          <>
            {' '}
            <strong class="dt-flow-tag">High flow</strong>
          </>
        ) : null}
      </p>
      {entry.notes ? <p class="dt-flow-entry__notes">{entry.notes}</p> : null}
      <p class="dt-tool-item__actions">
        <ActionButton frame={frame} action="edit" item={entry.id} id={`edit-${entry.id}`}>
          Edit
          <Named entry={entry} />
        </ActionButton>
        <ActionButton frame={frame} action="remove" item={entry.id} variant="warning">
          Remove
          <Named entry={entry} />
        </ActionButton>
      </p>
    </li>
  )
}

/** How many of the newest entries are shown in full, each with its own buttons. */
const RECENT = 10

export function FlowLogTool(props: Props) {
  const { frame, view } = props
  const n = view.entries.length
  // The most recent entries in full; the earlier ones through one choice, so a long log stays
  // small on a slow phone. The one being edited is always in full.
  const recent = view.entries.filter((e, i) => i < RECENT || e.id === view.editing)
  const earlier = view.entries.filter((e, i) => i >= RECENT && e.id !== view.editing)
  const words = (levels: FlowLevel[]): [string, string, string] => [
    levels[0]!.label,
    levels[2]!.label,
    levels[4]!.label,
  ]
  return (
    <>
      <section class="dt-flow-recent" aria-labelledby={toolFieldId(frame, 'recent')}>
        <h3 id={toolFieldId(frame, 'recent')}>Your entries, newest first</h3>
        {n === 0 ? (
          <p class="dt-tool-empty">
            Nothing logged yet. Add your first entry below
            {view.min > 1 ? `; this log needs at least ${view.min}` : ''}.
          </p>
        ) : (
          <>
            <p class="dt-hint">
              {n === 1 ? 'One entry' : `${n} entries`}
              {view.min > n ? ` of the ${view.min} this log needs` : ''}. Entries with energy lifted
              or more and focus focused or more are marked “High flow”.
            </p>
            <ol class="dt-flow-entries">
              {recent.map((entry) => (
                <EntryItem frame={frame} view={view} entry={entry} />
              ))}
            </ol>
            {earlier.length ? (
              <div class="dt-field">
                <label class="dt-label" for={toolFieldId(frame, 'earlier')}>
                  {earlier.length === 1 ? 'One earlier entry' : `${earlier.length} earlier entries`}
                </label>
                <div class="dt-hint" id={`${toolFieldId(frame, 'earlier')}-hint`}>
                  All of them are in the chart’s table below. Choose one to change or remove it.
                </div>
                <select
                  class="dt-select"
                  id={toolFieldId(frame, 'earlier')}
                  name="item"
                  aria-describedby={`${toolFieldId(frame, 'earlier')}-hint`}
                >
                  {earlier.map((e) => (
                    <option value={e.id}>
                      {e.day}: {e.activity}
                      {e.highFlow ? ' (high flow)' : ''}
                    </option>
                  ))}
                </select>{' '}
                <ActionButton frame={frame} action="edit">
                  Edit the chosen entry
                </ActionButton>{' '}
                <ActionButton frame={frame} action="remove" variant="warning">
                  Remove the chosen entry
                </ActionButton>
              </div>
            ) : null}
          </>
        )}
      </section>
      {n > 0 ? (
        <FlowChart
          id={toolFieldId(frame, 'chart')}
          points={[...view.entries].reverse().map((e) => ({
            day: e.day,
            activity: e.activity,
            energy: e.energy,
            focus: e.focus,
            highFlow: e.highFlow,
            energyLabel: levelWord(view.energyLevels, e.energy),
            focusLabel: levelWord(view.focusLevels, e.focus),
          }))}
          energyWords={words(view.energyLevels)}
          focusWords={words(view.focusLevels)}
        />
      ) : null}
      <fieldset class="dt-fieldset dt-flow-new">
        <legend class="dt-legend">{n === 0 ? 'Your first entry' : 'Add another entry'}</legend>
        <EntryFields frame={frame} view={view} prefix="" entry={null} />
        <p>
          <ActionButton frame={frame} action="add" id="add">
            Add entry
          </ActionButton>
        </p>
      </fieldset>
    </>
  )
}
