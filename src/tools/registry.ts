/**
 * The one registry of interactive tools: the seed's tool name → its module. The exercise page,
 * the tool action route and the tests all read it. A tool the seed names that is not built yet
 * sits on PLAIN_TEXT_FOR_NOW and is answered as plain text until its issue builds it; a test
 * checks that the two lists together are exactly the seed's tool names, and that every built
 * tool has its module, its view and its SQL.
 */
import type { ToolName } from '../content/model'
import { budget } from './budget'
import { competencyRating } from './competency-rating'
import { decisionMatrix } from './decision-matrix'
import { flowLog } from './flow-log'
import { listBuilder } from './list-builder'
import { skillMastery } from './skill-mastery'
import { skillTagger } from './skill-tagger'
import { soaredStory } from './soared-story'
import { ranking } from './ranking'
import { reframe } from './reframe'
import { personalityType } from './personality-type'
import { ideaTree } from './idea-tree'
import { timeline } from './timeline'
import { lifeBalance } from './life-balance'
import { mindsetProfiles } from './mindset-profiles'
import type { AnyToolModule } from './types'

export const TOOL_MODULES = {
  'list-builder': listBuilder,
  'skill-tagger': skillTagger,
  'skill-mastery': skillMastery,
  'soared-story': soaredStory,
  ranking,
  'competency-rating': competencyRating,
  'personality-type': personalityType,
  budget,
  reframe,
  'decision-matrix': decisionMatrix,
  'idea-tree': ideaTree,
  timeline,
  'flow-log': flowLog,
  'life-balance': lifeBalance,
  'mindset-profiles': mindsetProfiles,
} satisfies Partial<Record<ToolName, AnyToolModule>>

export type BuiltTool = keyof typeof TOOL_MODULES

/** Seed tools still answered in plain text; the later issues empty this list. */
export const PLAIN_TEXT_FOR_NOW = [
  'contact-tracker',
  'organisation-tracker',
  'posting-analysis',
] as const satisfies readonly ToolName[]

/** The module of a built tool, or null for one still answered in plain text. */
export function toolModule(name: ToolName): AnyToolModule | null {
  return (TOOL_MODULES as Partial<Record<ToolName, AnyToolModule>>)[name] ?? null
}
