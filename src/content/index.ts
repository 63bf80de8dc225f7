/**
 * The workbook's content pipeline: parsed YAML from seed/content (see seed/FORMAT.md) becomes
 * validated rows, and the rows become idempotent SQL.
 *
 * Node runs these files directly from scripts/seed.mjs by stripping their types, so they use only
 * erasable syntax and import each other with `.ts` extensions. The Worker and the tests bundle them.
 */
export * from './model.ts'
export { buildWorkbook, walkOrderErrors } from './build.ts'
export { referenceStatements, workbookStatements } from './sql.ts'
export { buildReference, MIN_SKILLS, skillId, type Reference } from './reference.ts'
export { OWN, OWN_TOOLS, ownStatements, type OwnTool } from './own.ts'
