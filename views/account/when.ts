/** How the account pages write a day: "December 2, 2026", in UTC like every stored time. */
export const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-US', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
