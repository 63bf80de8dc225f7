/**
 * One list of component examples. It drives the render tests (components.test.tsx), the
 * component gallery at /_components (development only), and axe in the browser tests.
 */
import type { Child } from 'hono/jsx'
import { BackLink, Button } from './button'
import { Checkboxes, Radios } from './choices'
import { ErrorSummary } from './error-summary'
import { Field } from './field'
import { Select } from './select'
import { TextArea } from './text-area'

export type Example = { name: string; render: () => Child }

const seasons = [
  { value: 'spring', label: 'Spring' },
  { value: 'summer', label: 'Summer', hint: 'Long evenings' },
  { value: 'autumn', label: 'Autumn' },
]

export const componentExamples: Example[] = [
  {
    name: 'field',
    render: () => <Field name="ex-name" label="Your first name" autocomplete="given-name" />,
  },
  {
    name: 'field-hint',
    render: () => (
      <Field
        name="ex-email"
        type="email"
        label="Email address"
        hint="We only use it to sign you in."
        value="sam@example.com"
      />
    ),
  },
  {
    name: 'field-error',
    render: () => (
      <Field name="ex-town" label="Town or city" error="Enter your town or city" value="" />
    ),
  },
  {
    name: 'field-optional',
    render: () => <Field name="ex-nick" label="What should we call you?" optional width="w20" />,
  },
  {
    name: 'textarea',
    render: () => (
      <TextArea
        name="ex-story"
        label="Describe a day that went well"
        hint="Up to 4,000 characters."
        value="It started early…"
      />
    ),
  },
  {
    name: 'textarea-error',
    render: () => (
      <TextArea
        name="ex-long"
        label="What did you learn?"
        error="Your answer must be 4,000 characters or fewer"
        value="A long answer kept as typed."
      />
    ),
  },
  {
    name: 'radios',
    render: () => (
      <Radios
        name="ex-season"
        legend="Which season suits you best?"
        choices={seasons}
        value="summer"
      />
    ),
  },
  {
    name: 'radios-error',
    render: () => (
      <Radios
        name="ex-season-err"
        legend="Which season suits you best?"
        choices={seasons}
        error="Select a season"
      />
    ),
  },
  {
    name: 'checkboxes',
    render: () => (
      <Checkboxes
        name="ex-seasons"
        legend="Which seasons do you enjoy?"
        hint="Select all that apply."
        choices={seasons}
        values={['spring', 'autumn']}
        optional
      />
    ),
  },
  {
    name: 'select',
    render: () => (
      <Select name="ex-region" label="Which region are you in?" choices={seasons} value="autumn" />
    ),
  },
  {
    name: 'select-error',
    render: () => (
      <Select
        name="ex-region-err"
        label="Which region are you in?"
        choices={seasons}
        error="Choose a region"
      />
    ),
  },
  {
    name: 'scale',
    render: () => (
      <Radios
        name="ex-scale"
        legend="How much energy does this give you?"
        hint="1 means it drains you, 5 means it energises you."
        inline
        choices={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))}
        value="4"
      />
    ),
  },
  {
    name: 'scale-ten',
    render: () => (
      <Radios
        name="ex-scale-ten"
        legend="How satisfied are you with this right now?"
        hint="1 means “not at all”, 10 means “completely”."
        inline
        choices={Array.from({ length: 10 }, (_, i) => ({
          value: String(i + 1),
          label: String(i + 1),
        }))}
      />
    ),
  },
  {
    name: 'error-summary',
    render: () => (
      <ErrorSummary
        errors={[
          { href: '#ex-town', message: 'Enter your town or city' },
          { href: '#ex-season-err', message: 'Select a season' },
        ]}
      />
    ),
  },
  {
    name: 'button',
    render: () => (
      <form method="post" action="/_components">
        <Button>Save and continue</Button>
        <Button variant="secondary">Save for later</Button>
      </form>
    ),
  },
  { name: 'back-link', render: () => <BackLink href="/" /> },
]
