#!/usr/bin/env node
// `npm run lint:deps`: checks the import rules of .dependency-cruiser.cjs over the whole tree and
// prints each violation with the rule's name. Runs dependency-cruiser through its API because its
// command line refuses Node 20 (engines ^22), while the API works on it (same cruise, same rules).
// Usage: node scripts/lint-deps.mjs [--config <file>] [folders...]   (default: the project's).
// Exit codes: 0 no violation, 1 violations, 2 the check itself failed.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise, format } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const args = process.argv.slice(2);
let configPath = '.dependency-cruiser.cjs';
const roots = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--config') configPath = args[++i] ?? configPath;
  else roots.push(args[i]);
}
if (roots.length === 0) roots.push('format', 'src', 'tiling', 'server', 'test', 'bench', 'scripts');

try {
  const config = createRequire(import.meta.url)(resolve(configPath));
  const { options = {}, ...ruleSet } = config;
  const tsConfigFile = options.tsConfig?.fileName;
  const tsConfig = tsConfigFile ? extractTSConfig(resolve(tsConfigFile)) : undefined;
  const result = await cruise(
    roots,
    { ...options, validate: true, ruleSet },
    options.enhancedResolveOptions ?? {},
    tsConfig ? { tsConfig } : {},
  );
  const { output } = await format(result.output, { outputType: 'err' });
  const summary = result.output.summary;
  if (summary.error > 0 || summary.warn > 0) process.stdout.write(output);
  else
    console.log(
      `lint:deps: no dependency violations (${summary.totalCruised} modules, ${summary.totalDependenciesCruised} dependencies, ${ruleSet.forbidden.length} rules).`,
    );
  process.exitCode = summary.error > 0 ? 1 : 0;
} catch (e) {
  console.error(
    `lint:deps: the dependency check could not run: ${e instanceof Error ? e.message : String(e)}`,
  );
  process.exitCode = 2;
}
