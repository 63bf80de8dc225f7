/**
 * The ranking, in three steps: the items (edited like the list builder's), one question at a
 * time ("which matters more to you?"), then the order, with buttons to move any item by hand.
 * Every step is buttons in fieldsets: nothing needs a pointer or dragging.
 */
import { ErrorMessage } from '../components/field-parts'
import { EditableItems } from './list-builder'
import { ActionButton, fieldError, focused } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type View = Extract<ToolView, { tool: 'ranking' }>
type Props = { frame: ToolFrame; view: View }

/** The ids a control lists in `aria-describedby`, without the tool's prefix. */
const described = (name: string, error: string | undefined) =>
  error ? [`${name}-hint`, `${name}-error`] : [`${name}-hint`]

function ItemsStep({ frame, view }: Props) {
  const n = view.items.length
  const over = n - view.count
  const error = fieldError(frame, 'start')
  const id = toolFieldId(frame, 'start')
  const hint =
    over > 0
      ? `You have ${n} ${view.nouns}. Keep at most ${view.count}: remove ${over} before you put them in order.`
      : n < 2
        ? `Add at least two ${view.nouns}, then put them in order.`
        : `You will see two ${view.nouns} at a time and choose the one that matters more to you. It takes ${view.mostQuestions === 1 ? 'one question' : `at most ${view.mostQuestions} questions`}.`
  return (
    <>
      <EditableItems
        frame={frame}
        items={view.items}
        noun={view.noun}
        max={view.count}
        legend={`Your ${view.nouns} to put in order (up to ${view.count})`}
      />
      <div class={`dt-field${error ? ' dt-field--error' : ''}`}>
        <p class="dt-hint" id={`${id}-hint`}>
          {hint}
        </p>
        <ErrorMessage id={id} error={error} />
        <ActionButton
          frame={frame}
          action="start"
          id="start"
          describedBy={described('start', error)}
        >
          Start putting them in order
        </ActionButton>
      </div>
    </>
  )
}

/** Going back: the questions from the first, or the items themselves (which clears the order). */
function Again({ frame, view }: Props) {
  const hint =
    view.step === 'ranked'
      ? `Changing your ${view.nouns} clears this order: you then put them in order again.`
      : `Changing your ${view.nouns} clears your answers to the questions so far.`
  return (
    <div class="dt-ranking-again">
      <p>
        <ActionButton frame={frame} action="restart" id="restart">
          Start the comparisons again
        </ActionButton>
      </p>
      <p class="dt-hint" id={toolFieldId(frame, 'edit-items-hint')}>
        {hint}
      </p>
      <p>
        <ActionButton
          frame={frame}
          action="edit-items"
          id="edit-items"
          describedBy={['edit-items-hint']}
        >
          Change your {view.nouns}
        </ActionButton>
      </p>
    </div>
  )
}

function CompareStep({ frame, view }: Props) {
  const q = view.question!
  const error = fieldError(frame, 'choice-1')
  const id = toolFieldId(frame, 'choice-1')
  const progress =
    q.moreAtMost === 0
      ? `Question ${q.number}. This is the last one.`
      : `Question ${q.number}. At most ${q.moreAtMost} more to go.`
  return (
    <>
      <fieldset
        class={`dt-fieldset dt-field${error ? ' dt-field--error' : ''}`}
        aria-describedby={`${id}-hint`}
      >
        <legend class="dt-legend">Which matters more to you?</legend>
        <p class="dt-hint" id={`${id}-hint`}>
          {progress}
        </p>
        <ErrorMessage id={id} error={error} />
        <p class="dt-ranking-choices">
          <ActionButton
            frame={frame}
            action="choose"
            item={q.first.id}
            id="choice-1"
            describedBy={error ? ['choice-1-error'] : undefined}
          >
            {q.first.text}
          </ActionButton>
          <ActionButton frame={frame} action="choose" item={q.second.id} id="choice-2">
            {q.second.text}
          </ActionButton>
        </p>
      </fieldset>
      <Again frame={frame} view={view} />
    </>
  )
}

function RankedStep({ frame, view }: Props) {
  const error = fieldError(frame, 'ranked')
  const id = toolFieldId(frame, 'ranked')
  const last = view.items.length - 1
  return (
    <>
      <fieldset class={`dt-fieldset dt-field${error ? ' dt-field--error' : ''}`}>
        <legend class="dt-legend">Your order, most important first</legend>
        <p class="dt-hint" id={`${id}-hint`}>
          If it does not feel right, move any of them up or down.
        </p>
        <ErrorMessage id={id} error={error} />
        <ol
          class="dt-ranking-order"
          id={id}
          tabindex={-1}
          autofocus={focused(frame, 'ranked')}
          aria-describedby={described('ranked', error)
            .map((n) => toolFieldId(frame, n))
            .join(' ')}
        >
          {view.items.map((item, i) => (
            <li class="dt-ranking-order__item">
              <span class="dt-ranking-order__text">{item.text}</span>{' '}
              <span class="dt-tool-item__actions">
                {i > 0 ? (
                  <ActionButton frame={frame} action="up" item={item.id} id={`up-${item.id}`}>
                    Move up<span class="dt-visually-hidden"> “{item.text}”</span>
                  </ActionButton>
                ) : null}{' '}
                {i < last ? (
                  <ActionButton frame={frame} action="down" item={item.id} id={`down-${item.id}`}>
                    Move down<span class="dt-visually-hidden"> “{item.text}”</span>
                  </ActionButton>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      </fieldset>
      <Again frame={frame} view={view} />
    </>
  )
}

export function RankingTool(props: Props) {
  switch (props.view.step) {
    case 'items':
      return <ItemsStep {...props} />
    case 'compare':
      return <CompareStep {...props} />
    case 'ranked':
      return <RankedStep {...props} />
  }
}
