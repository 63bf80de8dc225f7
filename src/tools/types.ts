/**
 * The shape every interactive tool module has (see src/tools/registry.ts). A tool is a pure value
 * with actions: the generic route reads the learner's current value, applies one action from the
 * posted form, checks the result against the placement's limits, and saves it in one guarded
 * batch with the tool's typed rows. Views render the value; they never see the database.
 */
import type { ZodType } from 'zod'
import type { ToolName, ToolSettings } from '../content/model'
import type { SaveRef } from '../db/answers'
import type { Db } from '../db/client'
import type { Query } from '../db/query'
import type { ToolView } from '../../views/tools/tool'

/** A posted form, as Hono parses it. */
export type Form = Record<string, unknown>

/**
 * What an action made of the value: the next value and what to announce, or a problem with the
 * field to link to from the error summary. A problem keeps what the learner typed in `kept`
 * (field name → text), so the form shows it again.
 */
export type ActionResult<V> =
  | { ok: true; value: V; announce: string; focus?: string }
  | { ok: false; error: string; field: string; kept?: Record<string, string> }

/** What the tool's action, view and checks can see beside its value. */
export type ToolContext<N extends ToolName, R> = {
  /** The placement's full id. */
  placementId: string
  settings: ToolSettings[N]
  /** The placement may be left empty. */
  optional: boolean
  /** The data the tool reads for itself (the master skills, the learner's skills…). */
  refs: R
  /** The saved tool values of the other blocks of the same exercise, by local id. */
  siblings: ReadonlyMap<string, unknown>
}

/** Whose data a tool reads, on which exercise's page, with which search. */
export type ReadScope = { userId: string; exerciseId: string; search: URLSearchParams }

/** Decrypts one domain row's text, written by {@link Seal} under that placement. */
export type Unseal = (
  table: string,
  placementId: string,
  rowKey: string,
  ct: string,
) => Promise<string>

/** Encrypts one domain row's text, bound to its table, owner, placement and row. */
export type Seal = (table: string, rowKey: string, text: string) => Promise<string>

export type ToolModule<N extends ToolName, V, R = null> = {
  name: N
  /** One calm sentence on what the tool is for, shown on the learner's tools page. */
  about: string
  /** The structure of a stored value. Limits from the config are checked by `check`. */
  shape: ZodType<V>
  /** A new, empty value. */
  empty(ctx: ToolContext<N, R>): V
  /**
   * The starting value for a learner who answered this block in plain text before the tool
   * existed: their words become starting items where the tool takes a list. The text itself is
   * kept beside the value (see `ToolAnswer.legacy`), so nothing is dropped.
   */
  fromLegacy(text: string, ctx: ToolContext<N, R>): V
  /**
   * The starting value from earlier work a prefill connection brings (each item's words). When a
   * tool has no such function, its `fromLegacy` reads the words one per line.
   */
  fromItems?(texts: string[], ctx: ToolContext<N, R>): V
  /** The words of the items the value holds: which earlier items it has already. */
  texts?(value: V): string[]
  /**
   * Adds items brought in after the value was saved, keeping every edit. With `texts`, the tool
   * offers "Bring in N new …" when its sources grow.
   */
  addItems?(value: V, texts: string[], ctx: ToolContext<N, R>): V
  /** The actions the tool's buttons post to, by URL segment. `done` is always one of them. */
  actions: Record<string, (value: V, form: Form, ctx: ToolContext<N, R>) => ActionResult<V>>
  /** Why a value cannot be saved under this placement's limits, or null. */
  check(
    value: V,
    ctx: ToolContext<N, R>,
    finishing: boolean,
  ): { error: string; field: string } | null
  /**
   * The data the tool reads for itself, joined into the page's batch. Its SQL scopes itself to
   * an exercise that has this tool, so a page without it reads nothing. `search` is the page's
   * query string (the skill tagger's search).
   */
  reads?(db: Db, scope: ReadScope): Query<unknown>
  /** Turns what `reads` found into the tool's refs, opening any ciphertext (required with `reads`). */
  openRefs?(found: unknown, unseal: Unseal): Promise<R>
  /** The statements that replace this placement's typed rows, each guarded by the save. */
  domain(db: Db, save: SaveRef, value: V, seal: Seal): Promise<D1PreparedStatement[]>
  /** The value in plain words, one line each: the thread's summary and the exercise's end. */
  lines(value: V, ctx: ToolContext<N, R>): string[]
  /**
   * For a tool with a search of its own (a GET form, `?find=<local id>&q=…`): what to announce
   * when the search on this placement comes back.
   */
  searched?(refs: R, placementId: string, q: string): string
  /** The tool's own view props (views/tools/tool.ts). */
  view(value: V, ctx: ToolContext<N, R>): ToolView
}

// A registry holds modules of every tool; their value types differ, so it erases them here.
// eslint-style escape hatch, kept to this one line.
export type AnyToolModule = ToolModule<any, any, any> & { name: ToolName }
