import { describe, expect, it } from 'vitest'
import { Field } from './field'
import { componentExamples } from './examples'
import { ErrorSummary } from './error-summary'
import { Radios } from './choices'
import { all, dom, one } from '../../test/html'

const html = async (node: unknown) => String(await node)

describe('component examples', () => {
  it('has an example of every component, each with a unique name', () => {
    const names = componentExamples.map((e) => e.name)
    expect(new Set(names).size).toBe(names.length)
    for (const kind of [
      'field',
      'textarea',
      'radios',
      'checkboxes',
      'select',
      'error-summary',
      'button',
      'back-link',
    ]) {
      expect(names).toContain(kind)
    }
  })

  for (const example of componentExamples) {
    it(`wires labels, hints and errors correctly in "${example.name}"`, async () => {
      const markup = await html(example.render())
      const root = dom(markup)
      const ids = all(root, '[id]').map((e) => e.id)
      expect(new Set(ids).size).toBe(ids.length)
      const present = new Set(ids)
      // Every label points at a control that exists.
      for (const label of all(root, 'label[for]')) {
        expect(present.has(label.getAttribute('for')!)).toBe(true)
      }
      // Every aria-describedby names elements that exist.
      for (const described of all(root, '[aria-describedby]')) {
        for (const id of described.getAttribute('aria-describedby')!.split(' ')) {
          expect(present.has(id)).toBe(true)
        }
      }
      // Errors say "Error:" to screen readers and come before the control they describe.
      const controls = all(root, 'input, select, textarea')
      for (const error of all(root, '.dt-error-message')) {
        expect(error.id).toMatch(/-error$/)
        expect(error.tagName).toBe('P')
        const prefix = error.querySelector('.dt-visually-hidden')
        expect(prefix?.textContent).toBe('Error:')
        expect(error.childNodes[0]).toBe(prefix)
        expect(markup.indexOf(`id="${error.id}"`)).toBeLessThan(markup.indexOf(' name='))
      }
      // Radios and checkboxes sit in a fieldset whose first child is its legend.
      for (const choice of all(root, 'input[type="radio"], input[type="checkbox"]')) {
        const fieldset = choice.closest('fieldset')
        expect(fieldset).not.toBeNull()
        expect(fieldset!.childNodes.find((n) => n.nodeType === 1)).toBe(
          fieldset!.querySelector('legend'),
        )
      }
      // No placeholder stands in for a label; no asterisks mark required fields.
      for (const control of controls) expect(control.hasAttribute('placeholder')).toBe(false)
      expect(markup).not.toContain('placeholder=')
      expect(markup).not.toContain('*')
    })
  }
})

describe('Field', () => {
  it('renders the exact GOV.UK wiring for a field in error', async () => {
    expect(
      await html(
        <Field
          name="town"
          label="Town or city"
          hint="Where you live now."
          error="Enter your town or city"
          value="Le"
        />,
      ),
    ).toBe(
      '<div class="dt-field dt-field--error"><label class="dt-label" for="town">Town or city</label>' +
        '<div id="town-hint" class="dt-hint">Where you live now.</div>' +
        '<p id="town-error" class="dt-error-message"><span class="dt-visually-hidden">Error:</span> Enter your town or city</p>' +
        '<input class="dt-input dt-input--full dt-input--error" id="town" name="town" type="text" value="Le" aria-describedby="town-hint town-error" aria-invalid="true"/></div>',
    )
  })

  it('never echoes a password back into the page', async () => {
    expect(
      await html(
        <Field name="password" type="password" label="Password" value="secret words here" />,
      ),
    ).not.toContain('secret words')
  })

  it('marks optional fields in words, not symbols', async () => {
    expect(await html(<Field name="nick" label="Nickname" optional />)).toContain(
      'Nickname<span class="dt-optional"> (optional)</span>',
    )
  })
})

describe('ErrorSummary', () => {
  it('is focusable, announced, and links each message to its field', async () => {
    expect(
      await html(
        <ErrorSummary errors={[{ href: '#email', message: 'Enter your email address' }]} />,
      ),
    ).toBe(
      '<div class="dt-error-summary" id="error-summary" tabindex="-1" autofocus=""><div role="alert">' +
        '<h2 class="dt-error-summary__title">There is a problem</h2><ul class="dt-error-summary__list">' +
        '<li><a href="#email">Enter your email address</a></li></ul></div></div>',
    )
  })

  it('renders nothing when there are no errors', async () => {
    expect(await html(<ErrorSummary errors={[]} />)).toBe('')
  })
})

describe('Radios', () => {
  it('gives the first radio the group id so error links land on it, and checks the chosen value', async () => {
    const markup = await html(
      <Radios
        name="season"
        legend="Which season?"
        choices={[
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ]}
        value="b"
        error="Choose a season"
      />,
    )
    const radios = all(dom(markup), 'input[type="radio"]')
    expect(radios.map((r) => [r.id, r.getAttribute('name'), r.getAttribute('value')])).toEqual([
      ['season', 'season', 'a'],
      ['season-2', 'season', 'b'],
    ])
    expect(radios.map((r) => r.hasAttribute('checked'))).toEqual([false, true])
    const fieldset = one(dom(markup), 'fieldset')
    expect(fieldset.classList.contains('dt-fieldset')).toBe(true)
    expect(fieldset.getAttribute('aria-describedby')).toBe('season-error')
  })
})
