// node bench/summary.js OUT_DIR: the summary of one bench/run.sh run, from the
// files it left in OUT_DIR (Google Benchmark JSON, the oracle's JSON timing,
// /usr/bin/time -v output).
'use strict';

const fs = require('fs');
const path = require('path');

const out = process.argv[2];
const read = (name) => fs.readFileSync(path.join(out, name), 'utf8');

const ours = JSON.parse(read('kql_parse_bench.json')).benchmarks;
const official = JSON.parse(read('official.json'));
const time = read('stats.time');

const mb = (bytesPerSecond) => (bytesPerSecond / 1e6).toFixed(2);
const line = (label, qps, bps) => `  ${label.padEnd(40)} ${Math.round(qps).toString().padStart(10)} queries/s ${mb(bps).padStart(9)} MB/s`;

const lines = [`KQL parse throughput, ${official.queries} queries, ${(official.bytes / 1e6).toFixed(2)} MB (ruledex per CPU second):`];
const labels = { BM_Lex: 'ruledex lexer only', BM_Parse: 'ruledex parse', BM_ParseAndLower: 'ruledex parse + lower' };
for (const b of ours) {
  const label = labels[b.name] || b.name;
  lines.push(b.error_occurred ? `  ${label.padEnd(40)} skipped: ${b.error_message}` : line(label, b['queries/s'], b.bytes_per_second));
}
lines.push(line('official Kusto.Language, per CPU second', official.queries_per_second, official.mb_per_second * 1e6));
lines.push(line('official Kusto.Language, per wall second', official.wall_queries_per_second, official.wall_mb_per_second * 1e6));
const parse = ours.find((b) => b.name === 'BM_Parse' && !b.error_occurred);
if (parse) {
  // Against the official parser's better figure, so the ratio never flatters ruledex.
  const best = Math.max(official.mb_per_second, official.wall_mb_per_second) * 1e6;
  lines.push(`  ratio ruledex parse / official (its better figure): ${(parse.bytes_per_second / best).toFixed(1)} x (goal: 100 x)`);
  if (parse.with_errors !== undefined) lines.push(`  queries with a ruledex parse error: ${parse.with_errors}`);
}

// A value of `/usr/bin/time -v`: the text after the last ": " of the line naming it.
const field = (label) => {
  const found = time.split('\n').find((l) => l.includes(label));
  return found ? found.slice(found.lastIndexOf(': ') + 2).trim() : '?';
};
const rssKb = Number(field('Maximum resident set size'));
lines.push(`ruledex stats over the whole corpus: wall ${field('Elapsed (wall clock) time')} (h:mm:ss or m:ss), ` +
  `peak RSS ${Number.isFinite(rssKb) ? (rssKb / 1024).toFixed(1) + ' MB' : '?'}, exit status ${field('Exit status')}`);
process.stdout.write(lines.join('\n') + '\n');
