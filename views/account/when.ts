/** How the account pages write a day: "December 2, 2026", in UTC like every stored time. */
export const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-US', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })

/** A day and a time to the minute: "December 2, 2026, 14:05 UTC". */
export const dayAndTime = (iso: string) =>
  `${new Date(iso).toLocaleString('en-US', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  })} UTC`
