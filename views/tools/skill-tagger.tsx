/**
 * The skill tagger: a GET search form (works without JavaScript; htmx swaps just this tool),
 * then, inside the tool's form, the results with an Add button each, the learner's skills with a
 * Remove button each, and a way to add a skill of their own.
 */
import { Radios } from '../components/choices'
import { ErrorMessage } from '../components/field-parts'
import { ActionButton, fieldError, focused, plural, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type View = Extract<ToolView, { tool: 'skill-tagger' }>
type Props = { frame: ToolFrame; view: View }

const CATEGORIES = [
  { value: 'transferable', label: 'Transferable skills', hint: 'Things you can do in many places' },
  {
    value: 'self-management',
    label: 'Self-management skills',
    hint: 'How you handle yourself and your work',
  },
  { value: 'knowledge', label: 'Knowledge', hint: 'Subjects and fields you know about' },
] as const

/** The search, a GET form of its own (forms cannot nest), before the tool's form. */
export function TaggerSearch(props: Props) {
  const { frame, view } = props
  const id = toolFieldId(frame, 'q')
  const error = fieldError(frame, 'q')
  const page = `/workbook/${frame.exerciseId}`
  return (
    <form
      method="get"
      action={`${page}#b-${frame.localId}`}
      role="search"
      aria-label={`Search the skills list for “${frame.label}”`}
      hx-get={page}
      hx-target={`#b-${frame.localId}`}
      hx-swap="outerHTML"
      class="dt-tool-search"
    >
      <input type="hidden" name="find" value={frame.localId} />
      <div class={`dt-field${error ? ' dt-field--error' : ''}`}>
        <label class="dt-label" for={id}>
          Search the skills list
        </label>
        <div class="dt-hint" id={`${id}-hint`}>
          Try a word such as “teach”, “repair” or “plan”.
          {view.category
            ? ` Only ${CATEGORIES.find((c) => c.value === view.category)!.label.toLowerCase()} are shown here.`
            : ''}
        </div>
        <ErrorMessage id={id} error={error} />
        <input
          class={`dt-input dt-input--w20${error ? ' dt-input--error' : ''}`}
          id={id}
          name="q"
          type="search"
          value={view.search?.q ?? shown(frame, 'q', '')}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          aria-invalid={error ? 'true' : undefined}
          autofocus={focused(frame, 'q')}
        />{' '}
        <button type="submit" class="dt-button dt-button--secondary">
          Search
        </button>
      </div>
    </form>
  )
}

export function SkillTaggerTool(props: Props) {
  const { frame, view } = props
  const chosen = new Set(view.value.skills.map((s) => s.key))
  const full = view.value.skills.length >= view.max
  const nameId = toolFieldId(frame, 'new-name')
  const nameError = fieldError(frame, 'new-name')
  return (
    <>
      {view.search ? (
        <section class="dt-tool-results" aria-labelledby={`${frame.localId}-results`}>
          <h3 id={`${frame.localId}-results`}>
            {view.search.results.length === 0
              ? `No skills on the list match “${view.search.q}”`
              : `Skills that match “${view.search.q}”`}
          </h3>
          {view.search.results.length === 0 ? (
            <p>Try a shorter or different word, or add it below as a skill of your own.</p>
          ) : (
            <ul class="dt-tool-items">
              {view.search.results.map((r) => (
                <li class="dt-tool-item">
                  <span>{r.name}</span>
                  {chosen.has(`m:${r.id}`) ? (
                    <span class="dt-tag">In your list</span>
                  ) : (
                    <ActionButton frame={frame} action="add" item={r.id} disabled={full}>
                      Add<span class="dt-visually-hidden"> “{r.name}”</span>
                    </ActionButton>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <section aria-labelledby={`${frame.localId}-mine`}>
        <h3 id={`${frame.localId}-mine`}>
          Your skills here: {plural(view.value.skills.length, 'skill')}
          {view.min > 0 ? ` (at least ${view.min}, up to ${view.max})` : ` (up to ${view.max})`}
        </h3>
        {view.value.skills.length === 0 ? (
          <p class="dt-tool-empty">None yet. Search above, or add one of your own below.</p>
        ) : (
          <ul class="dt-tool-items">
            {view.value.skills.map((s) => (
              <li class="dt-tool-item">
                <span>
                  {s.name}
                  {view.category ? null : (
                    <span class="dt-hint">
                      {' '}
                      ({CATEGORIES.find((c) => c.value === s.category)!.label.toLowerCase()})
                    </span>
                  )}
                </span>
                <ActionButton frame={frame} action="remove" item={s.key} variant="warning">
                  Remove<span class="dt-visually-hidden"> “{s.name}”</span>
                </ActionButton>
              </li>
            ))}
          </ul>
        )}
      </section>
      <fieldset class="dt-fieldset">
        <legend class="dt-legend">Add a skill of your own</legend>
        <div class={`dt-field${nameError ? ' dt-field--error' : ''}`}>
          <label class="dt-label" for={nameId}>
            Skill
          </label>
          <div class="dt-hint" id={`${nameId}-hint`}>
            For something the list does not have, in your own words.
          </div>
          <ErrorMessage id={nameId} error={nameError} />
          <input
            class={`dt-input${nameError ? ' dt-input--error' : ''}`}
            id={nameId}
            name="new-name"
            value={shown(frame, 'new-name', '')}
            aria-describedby={`${nameId}-hint${nameError ? ` ${nameId}-error` : ''}`}
            aria-invalid={nameError ? 'true' : undefined}
            autofocus={focused(frame, 'new-name')}
          />
        </div>
        {view.category ? null : (
          <Radios
            name="new-category"
            id={toolFieldId(frame, 'new-category')}
            legend="What kind of skill is it?"
            choices={CATEGORIES.map((c) => ({ value: c.value, label: c.label, hint: c.hint }))}
            value={shown(frame, 'new-category', '')}
            error={fieldError(frame, 'new-category')}
          />
        )}
        <ActionButton frame={frame} action="custom">
          Add this skill
        </ActionButton>
      </fieldset>
    </>
  )
}
