/**
 * The one list of every table that holds a learner's data, and for each column whether it is
 * encrypted under the learner's data key or clear, and why. Export, import, deletion and the
 * tests of encryption coverage are driven by this list, and a test against the live migrated
 * schema (learner-data.test.ts) fails the build when a table with a `user_id` column is missing
 * here, a TEXT column is on neither side, or a column named here no longer exists.
 */

/** A column's side: ciphertext under the learner's data key, or clear with the reason why. */
export type ColumnSide = { encrypted: true } | { clear: string }

/**
 * What a table is to an export and an import (src/account/transfer.ts):
 * - `rows`: the learner's own material, exported row by row (decrypted) and restored by import;
 * - `profile`: the account's row, exported as the profile (email, display name);
 * - `{ omit }`: left out of the export, with the reason (secrets and sign-in state an imported
 *   account makes anew). Deletion removes every table, whatever its part here.
 */
export type Transfer = 'rows' | 'profile' | { omit: string }

export type LearnerTable = {
  /** The column that names the learner: `id` for the users table, `user_id` for the rest. */
  owner: 'id' | 'user_id'
  transfer: Transfer
  columns: Readonly<Record<string, ColumnSide>>
}

const sealed: ColumnSide = { encrypted: true }
const clear = (why: string): ColumnSide => ({ clear: why })

// Reasons shared by many tables.
const OWNER = clear('the learner’s account id, a random UUID')
const PLACEMENT = clear('the id of a workbook block, public content')
const ROW_ID = clear('a random row id, or a fixed one from public content')
const ORDER = clear('a position or rank, a number the learner chose by ordering')
const WHEN = clear('a timestamp, needed to sort and expire')

/** Every table that holds a learner's rows, by name. */
export const LEARNER_DATA = {
  users: {
    owner: 'id',
    transfer: 'profile',
    columns: {
      id: OWNER,
      email_hash: clear('an HMAC of the email under the server’s pepper, to find the account'),
      email_ct: sealed,
      pending_recovery_ct: sealed,
      created_at: WHEN,
      display_name_ct: sealed,
    },
  },
  credentials: {
    owner: 'user_id',
    transfer: { omit: 'the password’s hash: the account that imports has its own' },
    columns: {
      user_id: OWNER,
      password_hash: clear('a bcrypt hash of an HMAC of the password under the pepper'),
      updated_at: WHEN,
    },
  },
  wrapped_keys: {
    owner: 'user_id',
    transfer: { omit: 'copies of the data key: the account that imports has its own key' },
    columns: {
      user_id: OWNER,
      kind: clear('which secret wraps the key: password or recovery'),
      kdf: clear('the name of the key derivation, a public parameter'),
      kdf_iterations: clear('a public parameter of the key derivation'),
      kdf_salt: clear('a random salt, public by design'),
      wrapped_key: clear('the data key, wrapped by a key only the password or code derives'),
      created_at: WHEN,
      kdf_version: clear('a public parameter of the key derivation'),
    },
  },
  recovery_claims: {
    owner: 'user_id',
    transfer: { omit: 'the used recovery codes of this account, nothing the learner wrote' },
    columns: {
      user_id: OWNER,
      code_ref: clear('a hash that marks a recovery code as used, revealing nothing of it'),
      created_at: WHEN,
    },
  },
  sessions: {
    owner: 'user_id',
    transfer: { omit: 'where this account is signed in, which an import cannot carry' },
    columns: {
      id: clear('the SHA-256 of the session token, never the token'),
      user_id: OWNER,
      wrapped_key: clear('the data key, wrapped by a key only the session token derives'),
      created_at: WHEN,
      last_seen_at: WHEN,
      expires_at: WHEN,
      device_ct: sealed,
      confirmed_at: WHEN,
    },
  },
  audit_events: {
    owner: 'user_id',
    transfer: {
      omit: 'this account’s security log, with no content; a restored account begins its own',
    },
    columns: {
      id: ROW_ID,
      user_id: OWNER,
      event: clear('the name of a security event, from a fixed list, with no content'),
      ip_hash: clear('an HMAC of the client address under the pepper, never the address'),
      created_at: WHEN,
    },
  },
  user_settings: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      currency: clear('a currency code from a fixed list of three'),
    },
  },
  answers: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      body_ct: sealed,
      version: clear('a counter for the no-lost-update check'),
      created_at: WHEN,
      updated_at: WHEN,
      submission_id: clear('the random id of the form that saved it, to know a retry'),
      complete: clear('a flag: whether the learner has finished this block'),
    },
  },
  answer_revisions: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      id: ROW_ID,
      user_id: OWNER,
      placement_id: PLACEMENT,
      version: clear('the answer version this revision belongs to'),
      kind: clear('whether the revision was saved or met a conflict, from a fixed list'),
      body_ct: sealed,
      created_at: WHEN,
      seen_at: WHEN,
    },
  },
  list_items: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      item_id: ROW_ID,
      position: ORDER,
      text_ct: sealed,
    },
  },
  user_skills: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      skill_key: clear('a master skill’s public id, or a random id for one of the learner’s own'),
      position: ORDER,
      category: clear('one of three skill categories, a fixed list'),
      skill_id: clear('the id of a skill on the public master list'),
      name_ct: sealed,
    },
  },
  skill_mastery: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      skill_key: clear('the skill’s key, as in user_skills'),
      level: clear('a level from 1 to 5'),
    },
  },
  ranked_items: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      item_id: ROW_ID,
      rank: ORDER,
      text_ct: sealed,
    },
  },
  stories: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      story_id: ROW_ID,
      position: ORDER,
      story_type: clear('one of three story types, a fixed list'),
      content_ct: sealed,
    },
  },
  story_skills: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      story_id: ROW_ID,
      skill_key: clear('the skill’s key, as in user_skills'),
    },
  },
  competency_ratings: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      competency_id: clear('the id of a competency on the public list'),
      level: clear('a rating from 1 to 5'),
    },
  },
  personality_results: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      type_id: clear('one of sixteen public type codes'),
      via: clear('how the type was found: picked or from the four questions'),
    },
  },
  flow_entries: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      entry_id: ROW_ID,
      day: clear('a date, to sort and chart the log'),
      energy: clear('a level from -2 to 2'),
      focus: clear('a level from 1 to 5'),
      content_ct: sealed,
    },
  },
  life_balance_rounds: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      round_id: ROW_ID,
      position: ORDER,
      taken_on: clear('a date, to order the rounds'),
      notes_ct: sealed,
    },
  },
  life_balance_scores: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      round_id: ROW_ID,
      area: clear('the name of a life area from the block’s public settings'),
      score: clear('a score from 1 to 10'),
    },
  },
  budget_lines: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      line_id: ROW_ID,
      position: ORDER,
      kind: clear('whether the line is income or an expense'),
      period: clear('whether the amount is per month or per year'),
      essential: clear('a flag: the line is an essential cost'),
      content_ct: sealed,
    },
  },
  mindset_profiles: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      mindset: clear('one of five mindsets, a fixed list'),
      content_ct: sealed,
    },
  },
  reframes: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      reframe_id: ROW_ID,
      position: ORDER,
      content_ct: sealed,
    },
  },
  idea_nodes: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      node_id: ROW_ID,
      parent_id: ROW_ID,
      depth: clear('how far the idea sits from the center'),
      position: ORDER,
      text_ct: sealed,
    },
  },
  milestones: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      milestone_id: ROW_ID,
      year: clear('a year, to lay the timeline out'),
      quarter: clear('a quarter from 1 to 4'),
      category: clear('one of four categories, a fixed list'),
      content_ct: sealed,
    },
  },
  career_options: {
    owner: 'user_id',
    transfer: 'rows',
    columns: {
      user_id: OWNER,
      placement_id: PLACEMENT,
      option_id: ROW_ID,
      position: ORDER,
      story_fit: clear('a rating from 1 to 5'),
      work_fit: clear('a rating from 1 to 5'),
      life_fit: clear('a rating from 1 to 5'),
      unknowns: clear('a rating from 1 to 5'),
      content_ct: sealed,
    },
  },
  import_staging: {
    owner: 'user_id',
    transfer: {
      omit: 'an uploaded export waiting for the learner to confirm it, kept for a day at most',
    },
    columns: {
      user_id: OWNER,
      chunk: ORDER,
      body_ct: sealed,
      created_at: WHEN,
    },
  },
} as const satisfies Record<string, LearnerTable>

export type LearnerTableName = keyof typeof LEARNER_DATA

/** The tables whose rows an export carries and an import restores. */
export type RowsTableName = {
  [K in LearnerTableName]: (typeof LEARNER_DATA)[K]['transfer'] extends 'rows' ? K : never
}[LearnerTableName]

/** Every table on the list, in the order of the list (parents before the tables that refer to them). */
export const LEARNER_TABLES = Object.keys(LEARNER_DATA) as LearnerTableName[]

/** The tables an export carries, in the order of the list. */
export const ROWS_TABLES = LEARNER_TABLES.filter(
  (t): t is RowsTableName => LEARNER_DATA[t].transfer === 'rows',
)

/** The encrypted columns of a table on the list. */
export function encryptedColumns(table: LearnerTableName): string[] {
  const columns: Readonly<Record<string, ColumnSide>> = LEARNER_DATA[table].columns
  return Object.entries(columns)
    .filter(([, side]) => 'encrypted' in side)
    .map(([name]) => name)
}
