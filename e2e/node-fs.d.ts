// The few Node file functions the plaintext scan uses (Playwright specs run in Node). The
// project's types are the Workers' own, with no @types/node, so they are declared here.
declare module 'node:fs' {
  export function readFileSync(path: string): Uint8Array
  export function readdirSync(path: string): string[]
  export function statSync(path: string): { isDirectory(): boolean }
}
