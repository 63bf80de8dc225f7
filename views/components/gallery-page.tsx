import { componentExamples } from './examples'

/** Every component example on one page, for looking at and for axe. Development only. */
export function GalleryPage() {
  return (
    <>
      <h1>Component examples</h1>
      {componentExamples.map((example) => (
        <section aria-labelledby={`example-${example.name}`} class="dt-example">
          <h2 id={`example-${example.name}`}>{example.name}</h2>
          {example.render()}
        </section>
      ))}
    </>
  )
}
