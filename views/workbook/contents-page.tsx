export type ContentsExercise = {
  id: string
  title: string
  state: 'done' | 'current' | 'started' | 'not-started' | 'later'
}
export type ContentsModule = {
  id: string
  title: string
  summary: string
  exercises: ContentsExercise[]
}
export type ContentsPart = { id: string; title: string; summary: string; modules: ContentsModule[] }

const STATE_TEXT: Record<ContentsExercise['state'], string> = {
  done: 'Done',
  current: 'You are here',
  started: 'Started',
  'not-started': 'Not started',
  later: 'Opens later',
}

/**
 * The whole workbook with calm position marks: done, you are here, not started. Exercises the
 * learner has reached are links; later ones say what comes first.
 */
export function ContentsPage(props: {
  parts: ContentsPart[]
  current: { id: string; title: string; moduleTitle: string; partTitle: string } | null
}) {
  return (
    <>
      <h1>The workbook</h1>
      {props.current ? (
        <p class="dt-notice">
          You are working on <a href={`/workbook/${props.current.id}`}>{props.current.title}</a>, in{' '}
          {props.current.moduleTitle} ({props.current.partTitle}).
        </p>
      ) : (
        <p class="dt-notice">
          You have answered every exercise. Everything stays here for you to revisit and change.
        </p>
      )}
      <p>
        Each exercise builds on the ones before it, so they open in order as you reach them. You can
        go back to any exercise you have reached.
      </p>
      {props.parts.map((part) => (
        <section aria-labelledby={`part-${part.id}`} class="dt-contents-part">
          <h2 id={`part-${part.id}`}>{part.title}</h2>
          <p>{part.summary}</p>
          {part.modules.map((module) => (
            <section aria-labelledby={`module-${module.id}`} class="dt-contents-module">
              <h3 id={`module-${module.id}`}>{module.title}</h3>
              <p class="dt-hint">{module.summary}</p>
              <ol class="dt-contents-list">
                {module.exercises.map((e) => (
                  <li class={`dt-contents-item dt-contents-item--${e.state}`}>
                    {e.state === 'later' ? (
                      <span class="dt-contents-item__title">{e.title}</span>
                    ) : (
                      <a
                        href={`/workbook/${e.id}`}
                        aria-current={e.state === 'current' ? 'step' : undefined}
                      >
                        {e.title}
                      </a>
                    )}
                    <span class="dt-tag">{STATE_TEXT[e.state]}</span>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </section>
      ))}
    </>
  )
}
