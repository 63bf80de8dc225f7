/**
 * The SOARED story builder: the open story as labelled fields (title, kind, the six parts, and
 * the learner's own skills to tag), the other stories as short summaries with a button to edit
 * or remove each, and a button to add another. Every button is a real form post.
 */
import type { LearnerSkill, SoaredStory, StoryPart } from '../../src/tools/values'
import { Checkboxes, Radios } from '../components/choices'
import { ErrorMessage } from '../components/field-parts'
import { Field } from '../components/field'
import { TextArea } from '../components/text-area'
import { ActionButton, fieldError, focused, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type View = Extract<ToolView, { tool: 'soared-story' }>
type Props = { frame: ToolFrame; view: View }

const limit = (n: number) => `Up to ${n.toLocaleString('en-US')} characters.`

/** The six parts, in order, each with its label and a one-line hint. */
const PARTS: { part: StoryPart; label: string; hint: string }[] = [
  {
    part: 'situation',
    label: 'Situation',
    hint: 'Set the scene: where you were, when, and what was going on.',
  },
  {
    part: 'obstacle',
    label: 'Obstacle',
    hint: 'The problem or difficulty that stood in your way.',
  },
  {
    part: 'action',
    label: 'Action',
    hint: 'What you did about it yourself, step by step.',
  },
  {
    part: 'result',
    label: 'Result',
    hint: 'What happened because of what you did. Numbers help, if you have them.',
  },
  {
    part: 'evaluation',
    label: 'Evaluation',
    hint: 'How you see the outcome now, looking back.',
  },
  {
    part: 'discovery',
    label: 'Discovery',
    hint: 'What the experience taught you about yourself.',
  },
]

const TYPES = [
  {
    value: 'challenge',
    label: 'A challenge',
    hint: 'Something stood in your way and you worked through it.',
  },
  {
    value: 'reframe',
    label: 'A reframe',
    hint: 'A setback or mistake that you now see in a more useful light.',
  },
  { value: 'other', label: 'Something else', hint: 'Any other moment that shows what you can do.' },
]

const TYPE_WORDS: Record<string, string> = {
  challenge: 'A challenge',
  reframe: 'A reframe',
  other: 'Something else',
}

const CATEGORIES: { category: LearnerSkill['category']; legend: string }[] = [
  { category: 'transferable', legend: 'Transferable skills' },
  { category: 'self-management', legend: 'Self-management skills' },
  { category: 'knowledge', legend: 'Knowledge' },
]

/** What a story is called on its buttons and summary. */
const nameOf = (story: SoaredStory, position: number) =>
  story.title ? `“${story.title}”` : `story ${position}`

/** The first few words the learner wrote, to recognize a story by. */
function firstWords(story: SoaredStory): string {
  const text = PARTS.map((p) => story.parts[p.part]).find((t) => t.trim() !== '')
  if (!text) return ''
  const words = text.trim().split(/\s+/)
  return words.length > 16 ? `${words.slice(0, 16).join(' ')}…` : words.join(' ')
}

/** A story that is not open: its title, kind and first words, with Edit and Remove. */
function StorySummary(props: { frame: ToolFrame; story: SoaredStory; position: number }) {
  const { frame, story, position } = props
  const name = nameOf(story, position)
  const words = firstWords(story)
  return (
    <li class="dt-story dt-story--closed">
      <h3 class="dt-story__title">
        Story {position}
        {story.title ? `: ${story.title}` : <span class="dt-story__untitled"> (no title yet)</span>}
      </h3>
      <p class="dt-story__meta">
        {story.type ? TYPE_WORDS[story.type] : 'Kind of story not chosen yet'}
      </p>
      <p class="dt-story__words">{words || 'Nothing written in its parts yet.'}</p>
      <p class="dt-story__actions">
        <ActionButton frame={frame} action="open" item={story.id} id={`open-${story.id}`}>
          Edit<span class="dt-visually-hidden"> {name}</span>
        </ActionButton>
        <ActionButton
          frame={frame}
          action="remove"
          item={story.id}
          id={`remove-${story.id}`}
          variant="warning"
        >
          Remove<span class="dt-visually-hidden"> {name}</span>
        </ActionButton>
      </p>
    </li>
  )
}

/** The learner's own skills as boxes to tick, by category; or a calm word when there are none. */
function SkillBoxes(props: { frame: ToolFrame; story: SoaredStory; skills: LearnerSkill[] }) {
  const { frame, story, skills } = props
  const error = fieldError(frame, 'skills')
  if (skills.length === 0) {
    // The id lets an error about skills (only from an out-of-date page) link somewhere real.
    const id = toolFieldId(frame, 'skills')
    return (
      <div class="dt-tool-note" id={id} tabindex={error ? -1 : undefined}>
        <ErrorMessage id={id} error={error} />
        <p>
          You have not named any skills yet, so there are none to tag here. The skills you name in
          the skills exercises will appear here, and you can then mark the ones this story shows.
        </p>
      </div>
    )
  }
  // After a problem, the boxes show what was just ticked (one key per line), else the saved tags.
  const kept = frame.kept && 'title' in frame.kept ? frame.kept.skills : undefined
  const ticked = kept !== undefined ? kept.split('\n').filter(Boolean) : story.skills
  const groups = CATEGORIES.map((c) => ({
    ...c,
    skills: skills.filter((s) => s.category === c.category),
  })).filter((g) => g.skills.length > 0)
  return (
    <div class="dt-story__skills">
      <h4 class="dt-story__subhead">Skills this story shows</h4>
      <p class="dt-hint">
        Tick any of your skills that come through in this story. You can leave them all unticked.
      </p>
      {groups.map((g, i) => (
        <Checkboxes
          name="skills"
          id={toolFieldId(frame, i === 0 ? 'skills' : `skills-${g.category}`)}
          legend={g.legend}
          choices={g.skills.map((s) => ({ value: s.key, label: s.name }))}
          values={ticked}
          error={i === 0 ? error : undefined}
        />
      ))}
    </div>
  )
}

/** The story open for writing: every field of it, labelled, with its limit in its hint. */
function OpenStory(props: {
  frame: ToolFrame
  story: SoaredStory
  position: number
  count: number
  skills: LearnerSkill[]
}) {
  const { frame, story, position } = props
  return (
    <li class="dt-story dt-story--open">
      <h3 class="dt-story__title">
        Story {position}
        {props.count > 1 ? <span class="dt-story__state"> (open for writing)</span> : null}
      </h3>
      <Field
        name="title"
        id={toolFieldId(frame, 'title')}
        label="Title"
        hint={`A few words you will recognize later, such as “The rota that kept breaking”. ${limit(120)}`}
        value={shown(frame, 'title', story.title)}
        error={fieldError(frame, 'title')}
        autofocus={focused(frame, 'title')}
      />
      <Radios
        name="type"
        id={toolFieldId(frame, 'type')}
        legend="What kind of story is it?"
        optional
        choices={TYPES}
        value={shown(frame, 'type', story.type ?? '')}
        error={fieldError(frame, 'type')}
      />
      {PARTS.map((p) => (
        <TextArea
          name={p.part}
          id={toolFieldId(frame, p.part)}
          label={p.label}
          hint={`${p.hint} ${limit(2000)}`}
          value={shown(frame, p.part, story.parts[p.part])}
          error={fieldError(frame, p.part)}
          rows={4}
        />
      ))}
      <SkillBoxes frame={frame} story={story} skills={props.skills} />
    </li>
  )
}

export function SoaredStoryTool(props: Props) {
  const { frame, view } = props
  const { stories, open } = view.value
  const full = stories.length >= view.max
  return (
    <>
      <p class="dt-tool-intro">
        SOARED is the story method of the original DreamTree program. It gives a story six parts:
        Situation, Obstacle, Action, Result, Evaluation and Discovery. A few sentences for each is
        plenty.
      </p>
      <ol class="dt-stories">
        {stories.map((story, i) =>
          story.id === open ? (
            <OpenStory
              frame={frame}
              story={story}
              position={i + 1}
              count={stories.length}
              skills={view.skills}
            />
          ) : (
            <StorySummary frame={frame} story={story} position={i + 1} />
          ),
        )}
      </ol>
      {view.max > 1 ? (
        full ? (
          <p class="dt-hint">
            You have {stories.length} stories, the most this page holds. Remove one to add another.
          </p>
        ) : (
          <div class="dt-field">
            <p class="dt-hint">
              You have {stories.length === 1 ? '1 story' : `${stories.length} stories`} here, of up
              to {view.max}. What you have typed is kept when you add another.
            </p>
            <ActionButton frame={frame} action="add" id="add">
              Add another story
            </ActionButton>
          </div>
        )
      ) : null}
    </>
  )
}
