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

// A value of `/usr/bin/time -v` output `text`: the text after the last ": " of the line naming it.
const field = (label, text = time) => {
  const found = text.split('\n').find((l) => l.includes(label));
  return found ? found.slice(found.lastIndexOf(': ') + 2).trim() : '?';
};
const rss = (text) => {
  const kb = Number(field('Maximum resident set size', text));
  return Number.isFinite(kb) ? (kb / 1024).toFixed(1) + ' MB' : '?';
};
lines.push(`ruledex stats over the whole corpus: wall ${field('Elapsed (wall clock) time')} (h:mm:ss or m:ss), ` +
  `peak RSS ${rss(time)}, exit status ${field('Exit status')}`);

// The evaluator (eval_bench, `ruledex hunt`), against the 4,000-8,000 events/s per core of public Sigma engines.
if (fs.existsSync(path.join(out, 'eval_bench.json'))) {
  const ratio = (rate) => `${(rate / 8000).toFixed(1)}-${(rate / 4000).toFixed(1)} x public engines`;
  lines.push('Evaluator, single thread (events per CPU second):');
  for (const b of JSON.parse(read('eval_bench.json')).benchmarks) {
    if (b.error_occurred) {
      lines.push(`  ${b.name.padEnd(36)} skipped: ${b.error_message}`);
      continue;
    }
    const rate = b['events/s'];
    let text = `  ${b.name.padEnd(36)} ${Math.round(rate).toString().padStart(9)} events/s`;
    if (b.rules !== undefined) {
      text += `  ${b.rules} rules (${b.with_logic} with logic), ${b.detections} detections, ` +
        `${b['routed/event'].toFixed(1)} routed and ${b['evaluated/event'].toFixed(2)} evaluated per event, ${ratio(rate)}`;
    }
    lines.push(text);
  }
  for (const input of ['jsonl', 'evtx']) {
    const file = `hunt_${input}`;
    if (!fs.existsSync(path.join(out, `${file}.time`))) continue;
    const own = (read(`${file}.txt`).split('\n')[0] || '').trim();
    lines.push(`ruledex hunt, Sigma corpus over eval_events.${input}: wall ${field('Elapsed (wall clock) time', read(`${file}.time`))}, ` +
      `peak RSS ${rss(read(`${file}.time`))}; its own summary: ${own}`);
  }
}
process.stdout.write(lines.join('\n') + '\n');
