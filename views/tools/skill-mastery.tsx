/** Skill mastery sorting: one select per skill, grouped by category; no dragging anywhere. */
import { ErrorMessage } from '../components/field-parts'
import { fieldError, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type View = Extract<ToolView, { tool: 'skill-mastery' }>

const GROUPS = [
  ['transferable', 'Transferable skills'],
  ['self-management', 'Self-management skills'],
  ['knowledge', 'Knowledge'],
] as const

const levelField = (key: string) => `level-${key.replace(':', '-')}`

export function SkillMasteryTool(props: { frame: ToolFrame; view: View }) {
  const { frame, view } = props
  if (view.skills.length === 0) {
    return (
      <p class="dt-tool-empty">
        You have not named any skills yet. The skills you name in the earlier skills exercises
        appear here, ready to sort. <a href="/workbook/transferable-skills">Go to the first one</a>.
      </p>
    )
  }
  return (
    <>
      <p class="dt-hint">
        For each one, choose how much you use it today, from “{view.levels[0]}” to “
        {view.levels[view.levels.length - 1]}”.
      </p>
      {GROUPS.map(([category, title]) => {
        const skills = view.skills.filter((s) => s.category === category)
        if (skills.length === 0) return null
        return (
          <fieldset class="dt-fieldset dt-tool-group">
            <legend class="dt-legend">{title}</legend>
            {skills.map((skill) => {
              const name = levelField(skill.key)
              const id = toolFieldId(frame, name)
              const error = fieldError(frame, name)
              const current = shown(frame, name, String(view.value.levels[skill.key] ?? ''))
              return (
                <div class={`dt-field dt-tool-item${error ? ' dt-field--error' : ''}`}>
                  <label class="dt-label" for={id}>
                    {skill.name}
                  </label>
                  <ErrorMessage id={id} error={error} />
                  <select
                    class={`dt-select${error ? ' dt-select--error' : ''}`}
                    id={id}
                    name={name}
                    aria-describedby={error ? `${id}-error` : undefined}
                    aria-invalid={error ? 'true' : undefined}
                  >
                    <option value="" selected={current === ''}>
                      Not sorted yet
                    </option>
                    {view.levels.map((label, i) => (
                      <option value={String(i + 1)} selected={current === String(i + 1)}>
                        {label}
                      </option>
                    ))}
                  </select>
                </div>
              )
            })}
          </fieldset>
        )
      })}
    </>
  )
}
