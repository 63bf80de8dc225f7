/**
 * Runs of the form-route fuzz (src/fuzz.test.tsx) that once failed: each is replayed forever
 * as the run fast-check printed (its counterexample), so what it found stays fixed. When the fuzz
 * fails, it prints the seed, the path and the counterexample; add them here with the route and a
 * sentence on what it found.
 */
export type FuzzFixture = {
  /** The route pattern, as in app.routes. */
  route: string
  /** The seed and path that found it (under the arbitraries of the day, which may since differ). */
  seed: number
  path: string
  /** The failing run itself, as fast-check printed it: replayed as it is, whatever the arbitraries. */
  run: unknown
  /** What the failure was, and how it was fixed. */
  found: string
}

export const FUZZ_FIXTURES: FuzzFixture[] = [
  {
    route: '/workbook/:exerciseId/answers/:placementId',
    seed: 132026,
    path: '168:0:0:0:0:1:0:0:3:1:3:4:4:4:3:3:3',
    run: {
      post: {
        path: '/workbook/ex-one/answers/ex-one.c1',
        body: {
          kind: 'urlencoded',
          pieces: [
            { kind: 'pair', name: 'email', value: '{learner-email}' },
            { kind: 'pair', name: 'password', value: '{learner-password}' },
            { kind: 'pair', name: 'current', value: '{learner-password}' },
            { kind: 'pair', name: 'confirm', value: '{learner-password}' },
            { kind: 'pair', name: 'email_password', value: '{learner-password}' },
            { kind: 'pair', name: 'recovery_password', value: '{learner-password}' },
            { kind: 'pair', name: 'code', value: 'ABCD-EFGH-IJKL-MNOP' },
            { kind: 'pair', name: 'display_name', value: '' },
            { kind: 'pair', name: 'answer', value: '' },
            { kind: 'pair', name: 'new', value: '' },
            { kind: 'pair', name: 'next', value: '' },
            { kind: 'pair', name: 'next', value: '' },
          ],
        },
        fetchSite: true,
      },
      who: 'none',
      crowded: true,
    },
    found:
      'A save with no session, holding an email, a password and `next` twice, got the held sign-in page (422) whose summary linked to #next, which is no field: a repeated `next` failed the sign-in schema. Fixed: an unreadable `next` is dropped (src/auth/schemas.ts, sign-in and the password check).',
  },
  {
    route: '/workbook/:exerciseId/answers/:placementId',
    seed: 132026,
    path: '14:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1',
    run: {
      post: {
        path: '/workbook/fz-tools/answers/fz-tools.rank',
        body: {
          kind: 'urlencoded',
          pieces: [
            { kind: 'pair', name: 'version', value: '0' },
            { kind: 'pair', name: 'submission', value: 'AAAAAAAAAAAAAAAAAAAAAA' },
          ],
        },
        fetchSite: true,
      },
      who: 'reached',
      crowded: true,
    },
    found:
      "A post to a built tool's placement through the answers route, with saving paused (429), showed the exercise with a summary linking to #f-rank, a question field the tool's block does not have, and the words nowhere. Fixed: the summary links to the words, shown at the top (UnshownWords, views/workbook/held-answer.tsx).",
  },
  {
    route: '/workbook/:exerciseId/tools/:placementId/:action',
    seed: 132026,
    path: '7:1:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:1:0:1:1:1:2:1:1:1:2',
    run: {
      post: {
        path: '/workbook/fz-tools/tools/fz-tools.tags/add',
        body: {
          kind: 'urlencoded',
          pieces: [
            { kind: 'pair', name: 'version', value: '0' },
            { kind: 'pair', name: 'submission', value: 'AAAAAAAAAAAAAAAAAAAAAA' },
            { kind: 'pair', name: 'email', value: '{learner-email}' },
            { kind: 'pair', name: 'password', value: '{learner-password}' },
            { kind: 'pair', name: 'current', value: '{learner-password}' },
            { kind: 'pair', name: 'confirm', value: '{learner-password}' },
            { kind: 'pair', name: 'email_password', value: '{learner-password}' },
            { kind: 'pair', name: 'recovery_password', value: '{learner-password}' },
            { kind: 'pair', name: 'code', value: 'ABCD-EFGH-IJKL-MNOP' },
            { kind: 'pair', name: 'display_name', value: '' },
            { kind: 'pair', name: 'answer', value: '' },
            { kind: 'pair', name: 'new', value: '' },
          ],
        },
        fetchSite: true,
      },
      who: 'ended',
      crowded: false,
    },
    found:
      'A tool action (signed in again through the held sign-in form) on a tool the thread does not show yet (the skill tagger, after the current block) that is refused (422) showed the exercise with no error summary: the error and the words were shown nowhere. Fixed: the summary links to the words, shown at the top (UnshownWords, views/workbook/held-answer.tsx).',
  },
]
