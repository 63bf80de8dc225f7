// Workbook content loader. `check` validates seed/content; `sql` prints idempotent SQL.
// The workbook content and its tables arrive with the workbook issue; until then there is
// nothing to load, and both commands say so.
const command = process.argv[2]
if (command === 'check') console.error('seed: no workbook content yet')
else if (command === 'sql') console.log('-- no workbook content yet\nSELECT 1;')
else {
  console.error('usage: node scripts/seed.mjs check|sql')
  process.exit(2)
}
