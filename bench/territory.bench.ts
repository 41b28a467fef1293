/**
 * `npm run bench:territory`: how fast the viewer's figures come for a territory, on a stats file
 * at the scale of the whole region (each of the 3,782 communes given the figures of a real commune
 * of `tiling stats`' output), and `tiling stats` itself on the sample:
 * - summing the hierarchy (région, each département, the MEL, one commune) and deriving the
 *   tables (surfaces, transition matrix, consumption, SRADDET) and the CSV: the viewer's work
 *   between a click and the figures (target < 100 ms);
 * - `tiling stats` on the sample twin (time and ms per 1,000 polygons, as the command prints).
 * Not a test: it prints a table. Usage: tsx bench/territory.bench.ts [--twin twin] [--runs 20]
 *   [--no-tiling]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NOMENCLATURES } from '../format/ocs2d';
import { buildTerritoryIndex } from '../scripts/build-territory-index.mjs';
import { membersOf, NO_CHOICE, readHierarchy, territoryOfChoice } from '../src/features/territory/hierarchy';
import { figuresToCsv } from '../src/indicators/exports';
import {
  consumptionByDestination,
  type StatsFile,
  sumCommunes,
  surfaceRows,
  transitionMatrix,
} from '../src/indicators/figures';
import { DEFAULT_SRADDET_TARGETS, sraddetProgress } from '../src/indicators/sraddet';
import { e2eStats } from '../test/browser/fixtures-stats';

const NAME = 'bench:territory';
const { values } = parseArgs({
  options: {
    twin: { type: 'string', default: 'twin' },
    runs: { type: 'string', default: '20' },
    'no-tiling': { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(values.runs));
const twin = resolve(values.twin as string);
const communesFile = resolve(
  '../shared/data/admin-epci-derived/communes-hauts-de-france-cog-current.geojson',
);

// 1. `tiling stats` on the sample.
let seed: StatsFile | null = null;
const sample = join(twin, 'sample');
if (!values['no-tiling'] && existsSync(join(sample, 'sample.json')) && existsSync(communesFile)) {
  const out = resolve('.tmp/bench-territory/stats.json');
  mkdirSync(resolve('.tmp/bench-territory'), { recursive: true });
  const meta = JSON.parse(readFileSync(join(sample, 'sample.json'), 'utf8')) as { vintages: number[] };
  const t0 = performance.now();
  const printed = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'tiling/cli/bin.ts',
      'stats',
      ...meta.vintages.flatMap((y) => ['--ocs2d', `${y}=${join(sample, 'ocs2d', `ocs2d-${y}.geojson`)}`]),
      '--communes',
      communesFile,
      '--changes',
      join(sample, 'changes', `changes-${meta.vintages.join('-')}.geojson`),
      '--out',
      out,
    ],
    { encoding: 'utf8' },
  );
  console.log(
    `${NAME}: tiling stats on the sample: ${printed.trim()} (wall ${((performance.now() - t0) / 1000).toFixed(1)} s with process start)`,
  );
  seed = JSON.parse(readFileSync(out, 'utf8')) as StatsFile;
} else {
  console.log(
    `${NAME}: no sample twin in ${twin} (npm run demo): the e2e fixtures' stats seed the region file`,
  );
  seed = await e2eStats();
}

// 2. A region-scale stats file: every commune gets the figures of the richest seed commune.
const richest = Object.values(seed.communes).sort(
  (a, b) => JSON.stringify(b).length - JSON.stringify(a).length,
)[0];
if (!richest) throw new Error(`${NAME}: the seed stats file has no commune`);
const index = buildTerritoryIndex();
const h = readHierarchy(index);
const region: StatsFile = {
  ...seed,
  communes: Object.fromEntries(
    [...h.communes.values()].map((c) => [c.code, { ...richest, name: c.name, epci: c.epci, dep: c.dep }]),
  ),
};
const bytes = JSON.stringify(region).length;
console.log(
  `${NAME}: region-scale stats file: ${h.communes.size} communes, ${(bytes / 1e6).toFixed(1)} MB of JSON`,
);

const [a, b] = [Math.min(...seed.vintages), Math.max(...seed.vintages)];
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
const cases = [
  { label: 'Région (3,782 communes)', choice: NO_CHOICE },
  ...h.deps.map((d) => ({ label: `Département ${d.code} ${d.name}`, choice: { ...NO_CHOICE, dep: d.code } })),
  { label: 'EPCI MEL', choice: { ...NO_CHOICE, dep: '59', epci: '200093201' } },
  {
    label: "Commune Villeneuve-d'Ascq",
    choice: { ...NO_CHOICE, dep: '59', epci: '200093201', commune: '59009' },
  },
];
console.log(`\n| Territory | communes | sum (ms, median of ${runs}) | + tables, SRADDET (ms) | + CSV (ms) |`);
console.log('|---|---:|---:|---:|---:|');
for (const c of cases) {
  const sum: number[] = [];
  const tables: number[] = [];
  const csv: number[] = [];
  let n = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const t = territoryOfChoice(h, c.choice);
    const members = membersOf(h, t);
    n = members.length;
    const f = sumCommunes(region, members);
    const t1 = performance.now();
    for (const nom of NOMENCLATURES) {
      surfaceRows(f, nom, a, b);
      transitionMatrix(f, nom, a, b);
    }
    const cons = consumptionByDestination(f, a, b);
    sraddetProgress(cons.totalHa, a, b, [`${t.kind}:${t.code}`, 'region:32'], DEFAULT_SRADDET_TARGETS);
    const t2 = performance.now();
    figuresToCsv(t, f, a, b, 'fr');
    const t3 = performance.now();
    sum.push(t1 - t0);
    tables.push(t2 - t1);
    csv.push(t3 - t2);
  }
  console.log(
    `| ${c.label} | ${n} | ${median(sum).toFixed(2)} | ${median(tables).toFixed(2)} | ${median(csv).toFixed(2)} |`,
  );
}
