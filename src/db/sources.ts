/**
 * The connections' data sources: one query per registered source (src/content/connections.ts),
 * each scoped in SQL to the connections of one exercise that name it, and to one learner. An
 * exercise without such a connection reads nothing, so every source joins the page's one batch
 * at no real cost. Text comes back as ciphertext: src/connections/open.ts opens it.
 */
import type { ConnectionParams, ConnectionUse, DataSource, Placement } from '../content/model'
import { readPlacement } from '../content/model'
import type { StoredAnswer } from './answers'
import type { Db } from './client'
import { join, rows, type Query } from './query'

/** A connection of the exercise, with where its source block sits. */
export type ConnectionMeta = {
  id: number
  placementId: string
  source: DataSource
  use: ConnectionUse
  params: ConnectionParams
  /** The source block itself (its kind and config say how to read its answer). */
  from: Exclude<Placement, { kind: 'content' }>
  fromExerciseTitle: string
}

type MetaRow = {
  id: number
  placement_id: string
  source: string
  use: string
  params: string
  from_id: string
  from_exercise_id: string
  from_ordinal: number
  from_kind: string
  from_config: string
  from_exercise_title: string
}

/** The active connections of an exercise's active blocks, in block order. */
export function connectionsQuery(db: Db, exerciseId: string): Query<ConnectionMeta[]> {
  return rows(
    db
      .prepare(
        `SELECT c.id, c.placement_id, c.source, c.use, c.params,
           s.id AS from_id, s.exercise_id AS from_exercise_id, s.ordinal AS from_ordinal,
           s.kind AS from_kind, s.config AS from_config, e.title AS from_exercise_title
         FROM connections c
         JOIN placements t ON t.id = c.placement_id
         JOIN placements s ON s.id = c.source_placement_id
         JOIN exercises e ON e.id = s.exercise_id
         WHERE t.exercise_id = ?1 AND t.active = 1 AND s.active = 1 AND s.kind != 'content'
         ORDER BY t.ordinal, c.id`,
      )
      .bind(exerciseId),
    (found: MetaRow[]) =>
      found.map((r) => {
        const base = { id: r.from_id, exerciseId: r.from_exercise_id, ordinal: r.from_ordinal }
        const from = readPlacement(base, r.from_kind, r.from_config)
        if (from.kind === 'content') throw new Error('A connection cannot read a content block')
        return {
          id: r.id,
          placementId: r.placement_id,
          source: r.source as DataSource,
          use: r.use as ConnectionUse,
          params: JSON.parse(r.params) as ConnectionParams,
          from,
          fromExerciseTitle: r.from_exercise_title,
        }
      }),
  )
}

/**
 * The rows one source read, each tagged with the connection it was read for (a block read by
 * two connections comes back twice, once for each).
 */
export type SourceRows = {
  answer: (StoredAnswer & { cid: number })[]
  skills: {
    cid: number
    placementId: string
    skillKey: string
    category: 'transferable' | 'self-management' | 'knowledge'
    masterName: string | null
    nameCt: string | null
    mastery: number | null
  }[]
  list: { cid: number; placementId: string; itemId: string; textCt: string }[]
  ranking: { cid: number; placementId: string; itemId: string; rank: number; textCt: string }[]
  values: {
    cid: number
    placementId: string
    table: 'ranked_items' | 'list_items'
    itemId: string
    rank: number
    textCt: string
  }[]
  stories: { cid: number; placementId: string; storyId: string; contentCt: string }[]
  flow: {
    cid: number
    placementId: string
    entryId: string
    day: string
    energy: number
    focus: number
    contentCt: string
  }[]
  budget: {
    cid: number
    placementId: string
    lineId: string
    kind: 'income' | 'expense'
    period: 'month' | 'year'
    essential: boolean
    contentCt: string
    currency: string | null
  }[]
  'life-balance': { cid: number; area: string; score: number }[]
  personality: { cid: number; typeId: string; config: string }[]
  competencies: { cid: number; competencyId: string; level: number; config: string }[]
  'idea-tree': {
    cid: number
    placementId: string
    nodeId: string
    depth: number
    textCt: string
  }[]
  options: {
    cid: number
    placementId: string
    optionId: string
    score: number
    contentCt: string
  }[]
  milestones: {
    cid: number
    placementId: string
    milestoneId: string
    year: number
    quarter: number | null
    contentCt: string
  }[]
  reframes: { cid: number; placementId: string; reframeId: string; contentCt: string }[]
  mindsets: { cid: number; placementId: string; mindset: string; contentCt: string }[]
}

/** The connections of exercise ?2 that read through source ?3, joined as `c`. */
const SCOPE = `connections c
  JOIN placements t ON t.id = c.placement_id AND t.exercise_id = ?2 AND t.active = 1`
const WHERE = `c.source = ?3`

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

/** One source's SELECT, its rows read with camel-cased keys. */
function source<N extends DataSource>(
  db: Db,
  name: N,
  userId: string,
  exerciseId: string,
  sql: string,
  fix: (row: Record<string, unknown>) => Record<string, unknown> = (row) => row,
): Query<SourceRows[N]> {
  return rows(db.prepare(sql).bind(userId, exerciseId, name), (found: Record<string, unknown>[]) =>
    found.map(
      (row) => fix(Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v]))) as never,
    ),
  )
}

/** Each source's SELECT: ?1 the learner, ?2 the exercise, ?3 the source's name. */
const SQL: Record<DataSource, string> = {
  answer: `SELECT c.id AS cid, a.placement_id, a.body_ct, a.version, a.updated_at, a.submission_id, a.complete
    FROM ${SCOPE} JOIN answers a ON a.user_id = ?1 AND a.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id`,
  // A tagger's own skills; the mastery sorting's are all of the learner's skills.
  skills: `SELECT c.id AS cid, u.placement_id, u.skill_key, u.category, k.name AS master_name, u.name_ct,
      (SELECT m.level FROM skill_mastery m WHERE m.user_id = u.user_id AND m.skill_key = u.skill_key
       ORDER BY m.rowid DESC LIMIT 1) AS mastery
    FROM ${SCOPE}
    JOIN placements s ON s.id = c.source_placement_id
    JOIN user_skills u ON u.user_id = ?1
      AND (u.placement_id = s.id OR s.config ->> '$.tool' = 'skill-mastery')
    JOIN placements up ON up.id = u.placement_id
    JOIN exercises ue ON ue.id = up.exercise_id
    LEFT JOIN skills k ON k.id = u.skill_id
    WHERE ${WHERE} ORDER BY c.id, ue.seq, up.ordinal, u.position`,
  list: `SELECT c.id AS cid, x.placement_id, x.item_id, x.text_ct
    FROM ${SCOPE} JOIN list_items x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.position`,
  ranking: `SELECT c.id AS cid, x.placement_id, x.item_id, x.rank, x.text_ct
    FROM ${SCOPE} JOIN ranked_items x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.rank`,
  values: `SELECT cid, placement_id, tbl AS "table", item_id, rank, text_ct FROM (
      SELECT c.id AS cid, x.placement_id, 'ranked_items' AS tbl, x.item_id, x.rank, x.text_ct
      FROM ${SCOPE} JOIN ranked_items x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
      WHERE ${WHERE}
      UNION ALL
      SELECT c.id AS cid, x.placement_id, 'list_items' AS tbl, x.item_id, x.position AS rank, x.text_ct
      FROM ${SCOPE} JOIN list_items x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
      WHERE ${WHERE})
    ORDER BY cid, rank`,
  stories: `SELECT c.id AS cid, x.placement_id, x.story_id, x.content_ct
    FROM ${SCOPE} JOIN stories x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.position`,
  flow: `SELECT c.id AS cid, x.placement_id, x.entry_id, x.day, x.energy, x.focus, x.content_ct
    FROM ${SCOPE} JOIN flow_entries x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.day, x.rowid`,
  budget: `SELECT c.id AS cid, x.placement_id, x.line_id, x.kind, x.period, x.essential, x.content_ct,
      (SELECT currency FROM user_settings WHERE user_id = ?1) AS currency
    FROM ${SCOPE} JOIN budget_lines x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.position`,
  // The latest round only.
  'life-balance': `SELECT c.id AS cid, x.area, x.score
    FROM ${SCOPE}
    JOIN life_balance_rounds r ON r.user_id = ?1 AND r.placement_id = c.source_placement_id
      AND r.position = (SELECT MAX(position) FROM life_balance_rounds
                        WHERE user_id = ?1 AND placement_id = c.source_placement_id)
    JOIN life_balance_scores x ON x.user_id = ?1 AND x.placement_id = r.placement_id
      AND x.round_id = r.round_id
    WHERE ${WHERE} ORDER BY c.id, x.rowid`,
  personality: `SELECT c.id AS cid, x.type_id, p.config
    FROM ${SCOPE}
    JOIN personality_results x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    JOIN personality_types p ON p.id = x.type_id
    WHERE ${WHERE} ORDER BY c.id`,
  competencies: `SELECT c.id AS cid, x.competency_id, x.level, k.config
    FROM ${SCOPE}
    JOIN competency_ratings x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    JOIN competencies k ON k.id = x.competency_id
    WHERE ${WHERE} ORDER BY c.id, k.ordinal`,
  'idea-tree': `SELECT c.id AS cid, x.placement_id, x.node_id, x.depth, x.text_ct
    FROM ${SCOPE} JOIN idea_nodes x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.depth, x.position`,
  options: `SELECT c.id AS cid, x.placement_id, x.option_id,
      COALESCE(x.story_fit, 0) + COALESCE(x.work_fit, 0) + COALESCE(x.life_fit, 0) + COALESCE(x.unknowns, 0) AS score,
      x.content_ct
    FROM ${SCOPE} JOIN career_options x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.position`,
  milestones: `SELECT c.id AS cid, x.placement_id, x.milestone_id, x.year, x.quarter, x.content_ct
    FROM ${SCOPE} JOIN milestones x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.year, COALESCE(x.quarter, 0), x.rowid`,
  reframes: `SELECT c.id AS cid, x.placement_id, x.reframe_id, x.content_ct
    FROM ${SCOPE} JOIN reframes x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.position`,
  mindsets: `SELECT c.id AS cid, x.placement_id, x.mindset, x.content_ct
    FROM ${SCOPE} JOIN mindset_profiles x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id
    WHERE ${WHERE} ORDER BY c.id, x.rowid`,
}

/** Per-source fixes to the rows as read: SQLite's 0/1 flags become booleans. */
const FIX: Partial<Record<DataSource, (row: Record<string, unknown>) => Record<string, unknown>>> =
  {
    answer: (row) => ({ ...row, complete: row.complete === 1 }),
    budget: (row) => ({ ...row, essential: row.essential === 1 }),
  }

/** What every data source read for one learner on one exercise: one statement each. */
export type SourcesRead = { connections: ConnectionMeta[]; rows: SourceRows }

/**
 * The exercise's connections and every source's rows for this learner, as one query that joins
 * the page's batch.
 */
export function sourcesQuery(db: Db, userId: string, exerciseId: string): Query<SourcesRead> {
  const names = Object.keys(SQL) as DataSource[]
  return join(
    [
      connectionsQuery(db, exerciseId),
      ...names.map((name) => source(db, name, userId, exerciseId, SQL[name], FIX[name])),
    ],
    ([connections, ...read]) => ({
      connections,
      rows: Object.fromEntries(names.map((name, i) => [name, read[i]])) as SourceRows,
    }),
  )
}
