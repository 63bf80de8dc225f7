/**
 * The value types of the tools: plain data, with no imports, so the views can name them without
 * depending on the tools' code.
 */

/** One item of a list, with an id that stays with it as it moves. */
export type Item = { id: string; text: string }

/** The list builder's value. */
export type ListValue = { items: Item[] }
