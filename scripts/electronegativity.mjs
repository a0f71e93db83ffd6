#!/usr/bin/env node
// Electron security scan (`npm run security`): runs @doyensec/electronegativity over the sources
// and, when built, over out/, and fails on any finding that security/electronegativity-justified.json
// does not justify with a reason. A justification that no longer matches a finding also fails,
// so the list cannot rot. Offline and deterministic: the one check that downloads Electron's
// release list is excluded (the list says why).
//
//   node scripts/electronegativity.mjs [--input DIR]... [--justified FILE] [--json]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const MIN_REASON = 20;

function fail(message) {
  console.error(`security: ${message}`);
  process.exit(2);
}

function loadJustified(file) {
  let raw;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const problems = [];
  const excluded = Array.isArray(raw.excludedChecks) ? raw.excludedChecks : [];
  const findings = Array.isArray(raw.findings) ? raw.findings : [];
  if (!Array.isArray(raw.findings)) problems.push(`${file}: "findings" must be an array`);
  for (const [i, e] of excluded.entries()) {
    if (typeof e?.check !== 'string' || typeof e?.reason !== 'string' || e.reason.trim().length < MIN_REASON) {
      problems.push(`${file}: excludedChecks[${i}] needs "check" and a "reason" of at least ${MIN_REASON} characters`);
    }
  }
  for (const [i, f] of findings.entries()) {
    if (typeof f?.check !== 'string' || typeof f?.file !== 'string') problems.push(`${file}: findings[${i}] needs "check" and "file"`);
    if (typeof f?.reason !== 'string' || f.reason.trim().length < MIN_REASON) {
      problems.push(`${file}: findings[${i}] (${f?.check} in ${f?.file}) needs a "reason" of at least ${MIN_REASON} characters`);
    }
  }
  return { excluded, findings, problems };
}

/** Runs the scanner on one folder; its chatter (translation download notices) is kept off stdout. */
async function scan(input, electronVersion, excludeFromScan) {
  const run = require('@doyensec/electronegativity');
  const log = console.log;
  console.log = () => {};
  try {
    return await run({ input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan });
  } finally {
    console.log = log;
  }
}

const { values } = parseArgs({
  options: {
    input: { type: 'string', multiple: true },
    justified: { type: 'string', default: 'security/electronegativity-justified.json' },
    json: { type: 'boolean', default: false },
  },
});

const inputs = values.input ?? ['src', 'out'].filter((d) => fs.existsSync(d));
const notes = [];
if (!values.input && !fs.existsSync('out')) notes.push('out/ is not built: scanned the sources only (npm run build, then scan again)');
for (const dir of inputs) if (!fs.existsSync(dir)) fail(`input ${dir} does not exist`);

const electronVersion = JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const justified = loadJustified(values.justified);
const excludeFromScan = justified.excluded.map((e) => e.check);

const findings = [];
const parseErrors = [];
let checks = 0;
for (const dir of inputs) {
  const result = await scan(path.resolve(dir), electronVersion, excludeFromScan);
  checks = result.globalChecks + result.atomicChecks;
  for (const issue of result.issues) {
    const file = issue.file === 'N/A' ? 'N/A' : path.posix.join(dir.split(path.sep).join('/'), issue.file.split(path.sep).join('/'));
    findings.push({
      check: issue.id,
      file,
      line: issue.location?.line ?? 0,
      severity: issue.severity?.name ?? String(issue.severity),
      confidence: issue.confidence?.name ?? String(issue.confidence),
      sample: String(issue.sample ?? '').slice(0, 160),
      description: issue.description,
    });
  }
  for (const e of result.errors) if (!e.tolerable) parseErrors.push(`${e.file}: ${e.message}`);
}

const used = new Set();
for (const f of findings) {
  const i = justified.findings.findIndex(
    (j) => j.check === f.check && j.file === f.file && (j.sampleIncludes === undefined || f.sample.includes(j.sampleIncludes)),
  );
  f.justified = i >= 0;
  if (i >= 0) {
    used.add(i);
    f.reason = justified.findings[i].reason;
  }
}
// A justification only counts for a folder that was scanned.
const scanned = inputs.map((d) => d.split(path.sep).join('/').replace(/\/$/, '') + '/');
const stale = justified.findings.filter((j, i) => !used.has(i) && scanned.some((d) => String(j.file).startsWith(d)));
const unjustified = findings.filter((f) => !f.justified);
const ok = unjustified.length === 0 && stale.length === 0 && parseErrors.length === 0 && justified.problems.length === 0;

if (values.json) {
  console.log(JSON.stringify({ ok, electronVersion, inputs, checks, findings, stale, parseErrors, problems: justified.problems, notes }, null, 2));
} else {
  console.log(`electronegativity on ${inputs.join(', ')} (Electron ${electronVersion}, ${checks} checks, ${excludeFromScan.length} excluded)`);
  for (const f of findings) {
    console.log(`  ${f.justified ? 'justified ' : 'FINDING   '} ${f.check} ${f.file}:${f.line} [${f.severity}/${f.confidence}]`);
    if (!f.justified) console.log(`             ${f.description}${f.sample ? `\n             ${f.sample}` : ''}`);
  }
  for (const s of stale) console.log(`  STALE      ${s.check} ${s.file}: justified but not found any more; remove it from ${values.justified}`);
  for (const e of parseErrors) console.log(`  UNPARSED   ${e}`);
  for (const p of justified.problems) console.log(`  BAD LIST   ${p}`);
  for (const n of notes) console.log(`  note: ${n}`);
  console.log(
    ok
      ? `security: ok, ${findings.length} finding(s), all justified`
      : `security: FAILED, ${unjustified.length} unjustified, ${stale.length} stale, ${parseErrors.length} unparsed, ${justified.problems.length} list problem(s)`,
  );
}
process.exit(ok ? 0 : 1);
