#!/usr/bin/env node
// The official KQL parser (Kusto.Language, from @kusto/language-service-next) as
// a dev-time oracle for ruledex: differential tests and benchmark baselines.
// It is never a runtime dependency of ruledex.
//
// Parse-only: KustoCode.Parse() lexes and parses without semantic binding, and
// only GetSyntaxDiagnostics() is read, so unknown tables and functions are not
// errors. That is what ruledex's own parser checks, which keeps the timings
// comparable.
//
// Input (a file argument, or stdin when none or "-"):
//   - JSON lines, one {"file", "line", "text"} (or {"id", "text"}) per line,
//     as written by `kqlcorpus`;
//   - a JSON array of {"id", "text"};
//   - a directory: every .kql/.csl file below it is one query.
// Output:
//   default        one JSON line per query: {id, file, line, errors: [{message,
//                  code, offset, length, line, column}]}; offsets are UTF-8 byte
//                  offsets into the text, line/column 1-based within the text.
//   --time N       parse every query N times after one warm-up pass and print
//                  queries/s and MB/s per CPU second (UTF-8 bytes, 1 MB = 1e6
//                  bytes); with --json as one JSON line.

'use strict';

const fs = require('fs');
const path = require('path');

require('@kusto/language-service-next/bridge.min.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');

/* global Bridge, Kusto */
const KustoCode = Kusto.Language.KustoCode;

function usage(message) {
  if (message) process.stderr.write(`oracle: ${message}\n`);
  process.stderr.write('usage: oracle.js [--time N] [--json] [FILE.jsonl|FILE.json|DIR|-]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { time: 0, json: false, input: '-' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--time') {
      args.time = Number(argv[++i]);
      if (!Number.isInteger(args.time) || args.time < 1) usage('--time needs a positive count');
    } else if (a === '--json') {
      args.json = true;
    } else if (a === '-h' || a === '--help') {
      usage();
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else {
      args.input = a;
    }
  }
  return args;
}

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(kql|csl)$/i.test(entry.name)) out.push({ id: full, file: full, line: 1, text: fs.readFileSync(full, 'utf8') });
  }
  return out;
}

function readQueries(input) {
  if (input !== '-' && fs.statSync(input).isDirectory()) return walk(input, []);
  const raw = fs.readFileSync(input === '-' ? 0 : input, 'utf8');
  const records = raw.trimStart().startsWith('[')
    ? JSON.parse(raw)
    : raw.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  return records.map((r, i) => ({
    ...r,
    id: r.id !== undefined ? String(r.id) : r.file !== undefined ? `${r.file}:${r.line}` : String(i),
    text: String(r.text),
  }));
}

function toArray(list) {
  const out = [];
  const it = Bridge.getEnumerator(list);
  while (it.moveNext()) out.push(it.Current);
  return out;
}

// Kusto.Language works on JS strings (UTF-16 offsets); ruledex works on UTF-8
// bytes. Converts one UTF-16 offset to bytes, and the bytes to line/column.
function locate(text, utf16Offset) {
  const before = text.slice(0, utf16Offset);
  const offset = Buffer.byteLength(before, 'utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    offset,
    line: before.split('\n').length,
    column: Buffer.byteLength(before.slice(lineStart), 'utf8') + 1,
  };
}

function syntaxErrors(text) {
  return toArray(KustoCode.Parse(text).GetSyntaxDiagnostics()).map((d) => {
    const where = locate(text, d.Start);
    return { message: d.Message, code: d.Code, severity: d.Severity, offset: where.offset, length: d.Length, line: where.line, column: where.column };
  });
}

function report(queries) {
  const out = [];
  for (const q of queries) {
    const record = { id: q.id, errors: syntaxErrors(q.text) };
    if (q.file !== undefined) record.file = q.file;
    if (q.line !== undefined) record.line = q.line;
    out.push(JSON.stringify(record));
  }
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
}

// Rates per CPU second (user + system of this process), as Google Benchmark
// reports ruledex's side, so a busy machine skews neither; also per wall
// second, which is higher when V8's helper threads collect garbage in parallel.
function time(queries, rounds, asJson) {
  const bytes = queries.reduce((n, q) => n + Buffer.byteLength(q.text, 'utf8'), 0);
  const parseAll = () => {
    for (const q of queries) KustoCode.Parse(q.text).GetSyntaxDiagnostics();
  };
  parseAll();  // warm-up: lets V8 compile the parser before timing
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let r = 0; r < rounds; r++) parseAll();
  const cpu = process.cpuUsage(cpuStart);
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const result = {
    parser: 'Kusto.Language (@kusto/language-service-next), parse-only',
    queries: queries.length,
    bytes,
    rounds,
    wall_seconds: wallSeconds,
    cpu_seconds: cpuSeconds,
    queries_per_second: (queries.length * rounds) / cpuSeconds,
    mb_per_second: (bytes * rounds) / cpuSeconds / 1e6,
    wall_queries_per_second: (queries.length * rounds) / wallSeconds,
    wall_mb_per_second: (bytes * rounds) / wallSeconds / 1e6,
  };
  if (asJson) {
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    process.stdout.write(
      `official parser: ${result.queries} queries, ${(bytes / 1e6).toFixed(2)} MB, ${rounds} rounds in ` +
        `${cpuSeconds.toFixed(2)} s CPU, ${wallSeconds.toFixed(2)} s wall: ` +
        `${result.queries_per_second.toFixed(0)} queries/s, ${result.mb_per_second.toFixed(3)} MB/s per CPU second; ` +
        `${result.wall_queries_per_second.toFixed(0)} queries/s, ${result.wall_mb_per_second.toFixed(3)} MB/s per wall second\n`,
    );
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const queries = readQueries(args.input);
  if (args.time) time(queries, args.time, args.json);
  else report(queries);
}

if (require.main === module) main();

module.exports = { readQueries, syntaxErrors };
