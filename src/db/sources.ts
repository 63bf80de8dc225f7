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
import { firstRow, join, rows, type Query } from './query'

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

/**
 * One data source's SELECT: the fields of each row it reads (key → SQL), the tables it joins to
 * the connections `c` that name it, and the order of its rows. ?1 is the learner, ?2 the exercise.
 */
type SourceSql = { fields: Record<string, string>; from: string; order: string; where?: string }

/** The source's rows of the learner `x`, at the block the connection `c` reads. */
const OWN = (table: string) =>
  `JOIN ${table} x ON x.user_id = ?1 AND x.placement_id = c.source_placement_id`

const SQL: Record<DataSource, SourceSql> = {
  answer: {
    fields: {
      placementId: 'x.placement_id',
      bodyCt: 'x.body_ct',
      version: 'x.version',
      updatedAt: 'x.updated_at',
      submissionId: 'x.submission_id',
      complete: 'x.complete',
    },
    from: OWN('answers'),
    order: 'c.id',
  },
  // A tagger's own skills; the mastery sorting's are all of the learner's skills.
  skills: {
    fields: {
      placementId: 'u.placement_id',
      skillKey: 'u.skill_key',
      category: 'u.category',
      masterName: 'k.name',
      nameCt: 'u.name_ct',
      mastery: `(SELECT m.level FROM skill_mastery m WHERE m.user_id = u.user_id AND m.skill_key = u.skill_key
        ORDER BY m.rowid DESC LIMIT 1)`,
    },
    from: `JOIN placements s ON s.id = c.source_placement_id
      JOIN user_skills u ON u.user_id = ?1
        AND (u.placement_id = s.id OR s.config ->> '$.tool' = 'skill-mastery')
      JOIN placements up ON up.id = u.placement_id
      JOIN exercises ue ON ue.id = up.exercise_id
      LEFT JOIN skills k ON k.id = u.skill_id`,
    order: 'ue.seq, up.ordinal, u.position',
  },
  list: {
    fields: { placementId: 'x.placement_id', itemId: 'x.item_id', textCt: 'x.text_ct' },
    from: OWN('list_items'),
    order: 'x.position',
  },
  ranking: {
    fields: {
      placementId: 'x.placement_id',
      itemId: 'x.item_id',
      rank: 'x.rank',
      textCt: 'x.text_ct',
    },
    from: OWN('ranked_items'),
    order: 'x.rank',
  },
  // A values ranking in rank order, or a values list in its own order.
  values: {
    fields: {
      placementId: 'c.source_placement_id',
      table: "CASE WHEN r.item_id IS NULL THEN 'list_items' ELSE 'ranked_items' END",
      itemId: 'COALESCE(r.item_id, l.item_id)',
      rank: 'COALESCE(r.rank, l.position)',
      textCt: 'COALESCE(r.text_ct, l.text_ct)',
    },
    from: `LEFT JOIN ranked_items r ON r.user_id = ?1 AND r.placement_id = c.source_placement_id
      LEFT JOIN list_items l ON l.user_id = ?1 AND l.placement_id = c.source_placement_id
        AND r.item_id IS NULL`,
    where: 'COALESCE(r.item_id, l.item_id) IS NOT NULL',
    order: 'COALESCE(r.rank, l.position)',
  },
  stories: {
    fields: { placementId: 'x.placement_id', storyId: 'x.story_id', contentCt: 'x.content_ct' },
    from: OWN('stories'),
    order: 'x.position',
  },
  flow: {
    fields: {
      placementId: 'x.placement_id',
      entryId: 'x.entry_id',
      day: 'x.day',
      energy: 'x.energy',
      focus: 'x.focus',
      contentCt: 'x.content_ct',
    },
    from: OWN('flow_entries'),
    order: 'x.day, x.rowid',
  },
  budget: {
    fields: {
      placementId: 'x.placement_id',
      lineId: 'x.line_id',
      kind: 'x.kind',
      period: 'x.period',
      essential: 'x.essential',
      contentCt: 'x.content_ct',
      currency: '(SELECT currency FROM user_settings WHERE user_id = ?1)',
    },
    from: OWN('budget_lines'),
    order: 'x.position',
  },
  // The latest round only.
  'life-balance': {
    fields: { area: 'x.area', score: 'x.score' },
    from: `JOIN life_balance_rounds r ON r.user_id = ?1 AND r.placement_id = c.source_placement_id
        AND r.position = (SELECT MAX(position) FROM life_balance_rounds
                          WHERE user_id = ?1 AND placement_id = c.source_placement_id)
      JOIN life_balance_scores x ON x.user_id = ?1 AND x.placement_id = r.placement_id
        AND x.round_id = r.round_id`,
    order: 'x.rowid',
  },
  personality: {
    fields: { typeId: 'x.type_id', config: 'p.config' },
    from: `${OWN('personality_results')} JOIN personality_types p ON p.id = x.type_id`,
    order: 'c.id',
  },
  competencies: {
    fields: { competencyId: 'x.competency_id', level: 'x.level', config: 'k.config' },
    from: `${OWN('competency_ratings')} JOIN competencies k ON k.id = x.competency_id`,
    order: 'k.ordinal',
  },
  'idea-tree': {
    fields: {
      placementId: 'x.placement_id',
      nodeId: 'x.node_id',
      depth: 'x.depth',
      textCt: 'x.text_ct',
    },
    from: OWN('idea_nodes'),
    order: 'x.depth, x.position',
  },
  options: {
    fields: {
      placementId: 'x.placement_id',
      optionId: 'x.option_id',
      score:
        'COALESCE(x.story_fit, 0) + COALESCE(x.work_fit, 0) + COALESCE(x.life_fit, 0) + COALESCE(x.unknowns, 0)',
      contentCt: 'x.content_ct',
    },
    from: OWN('career_options'),
    order: 'x.position',
  },
  milestones: {
    fields: {
      placementId: 'x.placement_id',
      milestoneId: 'x.milestone_id',
      year: 'x.year',
      quarter: 'x.quarter',
      contentCt: 'x.content_ct',
    },
    from: OWN('milestones'),
    order: 'x.year, COALESCE(x.quarter, 0), x.rowid',
  },
  reframes: {
    fields: { placementId: 'x.placement_id', reframeId: 'x.reframe_id', contentCt: 'x.content_ct' },
    from: OWN('reframes'),
    order: 'x.position',
  },
  mindsets: {
    fields: { placementId: 'x.placement_id', mindset: 'x.mindset', contentCt: 'x.content_ct' },
    from: OWN('mindset_profiles'),
    order: 'x.rowid',
  },
}

/** Per-source fixes to the rows as read: SQLite's 0/1 flags become booleans. */
const FIX: Partial<Record<DataSource, (row: Record<string, unknown>) => Record<string, unknown>>> =
  {
    answer: (row) => ({ ...row, complete: row.complete === 1 }),
    budget: (row) => ({ ...row, essential: row.essential === 1 }),
  }

const NAMES = Object.keys(SQL) as DataSource[]

/**
 * Every source's SELECT, composed into one statement of one row: a column per source, holding
 * its rows (each scoped to the connections of the exercise that name it) as a JSON array in the
 * source's own order. A page pays for one statement, not one per source, and a source nobody
 * names reads nothing. (D1 caps the terms of a compound SELECT, so this is not a UNION.)
 */
const SOURCES_SQL = `SELECT ${NAMES.map((name) => {
  const { fields, from, order, where } = SQL[name]
  const object = Object.entries(fields)
    .map(([key, sql]) => `'${key}', ${sql}`)
    .join(', ')
  return `(SELECT json_group_array(json(r)) FROM (
      SELECT json_object('cid', c.id, 'ord', row_number() OVER (ORDER BY c.id, ${order}), ${object}) AS r
      FROM connections c
      JOIN placements t ON t.id = c.placement_id AND t.exercise_id = ?2 AND t.active = 1
      ${from}
      WHERE c.source = '${name}'${where ? ` AND ${where}` : ''})) AS "${name}"`
}).join(',\n')}`

/** What every data source read for one learner on one exercise. */
export type SourcesRead = { connections: ConnectionMeta[]; rows: SourceRows }

/**
 * The exercise's connections and every source's rows for this learner, as one query (two
 * statements) that joins the page's batch.
 */
export function sourcesQuery(db: Db, userId: string, exerciseId: string): Query<SourcesRead> {
  return join(
    [
      connectionsQuery(db, exerciseId),
      firstRow(
        db.prepare(SOURCES_SQL).bind(userId, exerciseId),
        (row: Record<DataSource, string>) => row,
      ),
    ],
    ([connections, found]) => {
      const read = Object.fromEntries(
        NAMES.map((name) => {
          const list = JSON.parse(found?.[name] ?? '[]') as Record<string, unknown>[]
          list.sort((x, y) => (x.ord as number) - (y.ord as number))
          const fix = FIX[name]
          return [name, list.map((fields) => (fix ? fix(fields) : fields))]
        }),
      )
      return { connections, rows: read as unknown as SourceRows }
    },
  )
}
